package storage

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/factdesk/factdesk/annotate"
)

// The benchmark libraries are built once per test binary in benchDir and
// shared by the benchmarks that read them.
var (
	benchDir     string
	benchDirOnce sync.Once
)

func TestMain(m *testing.M) {
	code := m.Run()
	if benchDir != "" {
		os.RemoveAll(benchDir)
	}
	os.Exit(code)
}

func benchPath(b *testing.B, name string) string {
	benchDirOnce.Do(func() {
		var err error
		if benchDir, err = os.MkdirTemp("", "factdesk-bench-"); err != nil {
			b.Fatal(err)
		}
	})
	return filepath.Join(benchDir, name)
}

// prose writes pseudo-English: words from a fixed vocabulary with a Zipf
// distribution, in sentences and paragraphs, like a news article.
type prose struct {
	rng   *rand.Rand
	zipf  *rand.Zipf
	vocab []string
}

func newProse(seed uint64) *prose {
	rng := rand.New(rand.NewPCG(seed, 7))
	syll := []string{"ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "be", "da", "fe", "gu", "ho", "ji", "pe", "zu"}
	// The vocabulary is the same for every seed, so queries find words.
	vr := rand.New(rand.NewPCG(1, 1))
	seen := map[string]bool{}
	var vocab []string
	for len(vocab) < 5000 {
		n := 2 + vr.IntN(3)
		var w strings.Builder
		for range n {
			w.WriteString(syll[vr.IntN(len(syll))])
		}
		if !seen[w.String()] {
			seen[w.String()] = true
			vocab = append(vocab, w.String())
		}
	}
	return &prose{rng: rng, zipf: rand.NewZipf(rng, 1.1, 2, uint64(len(vocab)-1)), vocab: vocab}
}

// text returns about words words of prose.
func (p *prose) text(words int) string {
	var b strings.Builder
	for n := 0; n < words; {
		for s := 0; s < 5 && n < words; s++ {
			l := 8 + p.rng.IntN(10)
			for i := range l {
				w := p.vocab[p.zipf.Uint64()]
				if i == 0 {
					w = strings.ToUpper(w[:1]) + w[1:]
				} else {
					b.WriteByte(' ')
				}
				b.WriteString(w)
			}
			b.WriteString(". ")
			n += l
		}
		b.WriteString("\n\n")
	}
	return strings.TrimSpace(b.String())
}

// claimsOn returns n claims on the text: sentences, some overlapping, with
// tags on most, a claimant on some and a source on every fifth.
func claimsOn(a *annotate.Article, n int, rng *rand.Rand) ([]*annotate.Claim, error) {
	text := []rune(a.Text)
	var sentences [][2]int
	start := 0
	for i, r := range text {
		if r == '.' {
			sentences = append(sentences, [2]int{start, i + 1})
			start = i + 2
		}
	}
	tags := []string{"economy", "health", "crime", "housing", "climate"}
	out := make([]*annotate.Claim, 0, n)
	for i := range n {
		s := sentences[rng.IntN(len(sentences))]
		anc, err := annotate.DescribeRunes(text, s[0], s[1])
		if err != nil {
			return nil, err
		}
		c := &annotate.Claim{ArticleID: a.ID, Anchor: anc, Statement: anc.Exact, Status: annotate.StatusUnchecked,
			Tags: []string{tags[i%len(tags)]}, AnchorBy: annotate.AnchorMarked, AnchorScore: 1}
		if i%3 == 0 {
			c.Claimant = fmt.Sprintf("Speaker %d", i%40)
		}
		if i%5 == 0 {
			c.Sources = []annotate.Source{{URL: fmt.Sprintf("https://example.org/evidence/%d", i), Title: "Evidence", Stance: annotate.StanceSupports}}
		}
		if i%4 == 0 {
			c.Verdict, c.Status = annotate.VerdictMostlyTrue, annotate.StatusDone
		}
		out = append(out, c)
	}
	return out, nil
}

// benchLibrary opens the library name, building it with build the first
// time in this process.
func benchLibrary(b *testing.B, name string, build func(db *DB) error) *DB {
	b.Helper()
	ctx := context.Background()
	path := benchPath(b, name)
	fresh := !fileExists(path)
	db, err := Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	if fresh {
		t0 := time.Now()
		if err := build(db); err != nil {
			db.Close()
			os.Remove(path)
			b.Fatal(err)
		}
		b.Logf("built %s in %v", name, time.Since(t0).Round(time.Millisecond))
	}
	b.Cleanup(func() { db.Close() })
	return db
}

// reportCPU adds the process CPU time per operation since start.
func reportCPU(b *testing.B, start time.Duration) {
	if start > 0 {
		b.ReportMetric(float64(processCPU()-start)/float64(b.N), "cpu-ns/op")
	}
}

// bigArticle is one article of 100,000 words with 10,000 claims.
func bigArticle(b *testing.B) (*DB, int64) {
	var id int64
	db := benchLibrary(b, "claims10k.factdesk", func(db *DB) error {
		ctx := context.Background()
		a := &annotate.Article{Title: "Long transcript", Text: newProse(3).text(100_000)}
		if err := db.CreateArticle(ctx, a, nil); err != nil {
			return err
		}
		claims, err := claimsOn(a, 10_000, rand.New(rand.NewPCG(3, 3)))
		if err != nil {
			return err
		}
		return db.CreateClaims(ctx, claims)
	})
	if err := db.sql.QueryRow(`SELECT id FROM articles LIMIT 1`).Scan(&id); err != nil {
		b.Fatal(err)
	}
	return db, id
}

// BenchmarkClaimEdit measures one edit of a claim (statement, notes,
// status, verdict, tags) committed to the file, as the GUI saves each
// change. The median is reported next to the mean.
func BenchmarkClaimEdit(b *testing.B) {
	ctx := context.Background()
	db := openTemp(b)
	a := &annotate.Article{Title: "Speech", Text: newProse(1).text(20_000)}
	if err := db.CreateArticle(ctx, a, nil); err != nil {
		b.Fatal(err)
	}
	claims, err := claimsOn(a, 200, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		b.Fatal(err)
	}
	if err := db.CreateClaims(ctx, claims); err != nil {
		b.Fatal(err)
	}
	verdicts := []annotate.Verdict{annotate.VerdictTrue, annotate.VerdictFalse, annotate.VerdictMixed}
	durations := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	cpu := processCPU()
	for i := 0; i < b.N; i++ {
		c := claims[i%len(claims)]
		c.Notes = fmt.Sprintf("Checked against the budget, revision %d.", i)
		c.Statement = fmt.Sprintf("Edited statement %d", i)
		c.Verdict, c.Status = verdicts[i%len(verdicts)], annotate.StatusInProgress
		if i%2 == 0 {
			c.Tags = []string{"economy", "budget"}
		} else {
			c.Tags = []string{"economy"}
		}
		t0 := time.Now()
		if err := db.UpdateClaim(ctx, c); err != nil {
			b.Fatal(err)
		}
		durations = append(durations, time.Since(t0))
	}
	b.StopTimer()
	reportCPU(b, cpu)
	slices.Sort(durations)
	b.ReportMetric(float64(durations[len(durations)/2].Nanoseconds()), "median-ns/op")
}

// BenchmarkLoadClaims measures Claims of an article with 10,000 claims,
// with their tags and sources.
func BenchmarkLoadClaims(b *testing.B) {
	ctx := context.Background()
	db, id := bigArticle(b)
	b.ReportAllocs()
	b.ResetTimer()
	cpu := processCPU()
	for i := 0; i < b.N; i++ {
		claims, err := db.Claims(ctx, id)
		if err != nil {
			b.Fatal(err)
		}
		if len(claims) != 10_000 {
			b.Fatalf("loaded %d claims, want 10000", len(claims))
		}
	}
	reportCPU(b, cpu)
}

// BenchmarkSearch measures full-text queries over 1,000 articles of about
// 1,000 words each, with snippets and jump offsets for 20 hits.
func BenchmarkSearch(b *testing.B) {
	ctx := context.Background()
	p := newProse(2)
	db := benchLibrary(b, "search1k.factdesk", func(db *DB) error {
		for i := range 1000 {
			a := &annotate.Article{Title: fmt.Sprintf("Report %d: %s", i, p.text(6)), Text: p.text(1000)}
			if err := db.CreateArticle(ctx, a, nil); err != nil {
				return err
			}
		}
		return nil
	})
	v := p.vocab // words by frequency rank, most frequent first
	queries := []struct{ name, q string }{
		{"common", v[20] + " "},             // in most articles
		{"medium", v[300] + " "},            // in a few dozen
		{"rare", v[3000] + " "},             // in a few
		{"two-words", v[40] + " " + v[400]}, // both, the second as a prefix
		{"prefix", v[200][:3]},              // as typed so far
	}
	for _, q := range queries {
		b.Run(q.name, func(b *testing.B) {
			hits, err := db.Search(ctx, q.q, 20)
			if err != nil {
				b.Fatal(err)
			}
			if len(hits) == 0 {
				b.Fatalf("Search(%q) found nothing", q.q)
			}
			b.ReportAllocs()
			b.ResetTimer()
			cpu := processCPU()
			for i := 0; i < b.N; i++ {
				if _, err := db.Search(ctx, q.q, 20); err != nil {
					b.Fatal(err)
				}
			}
			reportCPU(b, cpu)
		})
	}
}

// BenchmarkArticles measures the library list of 200 articles holding
// 10,000 claims between them.
func BenchmarkArticles(b *testing.B) {
	ctx := context.Background()
	db := benchLibrary(b, "library200.factdesk", func(db *DB) error {
		p := newProse(4)
		rng := rand.New(rand.NewPCG(4, 4))
		for i := range 200 {
			a := &annotate.Article{Title: fmt.Sprintf("Article %d", i), Publisher: "Daily Ledger",
				URL: fmt.Sprintf("https://example.com/%d", i), Published: time.Date(2025, 1, 1+i%28, 0, 0, 0, 0, time.UTC),
				Text: p.text(2000)}
			if err := db.CreateArticle(ctx, a, nil); err != nil {
				return err
			}
			claims, err := claimsOn(a, 50, rng)
			if err != nil {
				return err
			}
			if err := db.CreateClaims(ctx, claims); err != nil {
				return err
			}
		}
		return nil
	})
	b.ReportAllocs()
	b.ResetTimer()
	cpu := processCPU()
	for i := 0; i < b.N; i++ {
		list, err := db.Articles(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if len(list) != 200 || list[0].Claims != 50 {
			b.Fatalf("Articles gave %d articles, the first with %d claims; want 200 with 50", len(list), list[0].Claims)
		}
	}
	reportCPU(b, cpu)
}
