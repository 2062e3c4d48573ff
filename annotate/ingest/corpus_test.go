package ingest

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
)

// corpusDir is the shared test corpus, reached from this package's
// directory (annotate/ingest) as ../shared/corpus from the repository root.
var corpusDir = filepath.Join("..", "..", "..", "shared", "corpus")

func readabilityCorpus(t testing.TB) string {
	t.Helper()
	dir := filepath.Join(corpusDir, "readability")
	if _, err := os.Stat(filepath.Join(dir, "_classification.json")); err != nil {
		t.Skipf("readability corpus not found at %s: %v", dir, err)
	}
	return dir
}

// words splits canonical text into lower-cased words: runs of letters,
// digits and marks, except that each Han, Hiragana, Katakana or Hangul
// character is a word of its own, since those scripts put no spaces
// between words.
func words(s string) []string {
	var out []string
	var w []rune
	flush := func() {
		if len(w) > 0 {
			out = append(out, strings.ToLower(string(w)))
			w = w[:0]
		}
	}
	for _, r := range s {
		switch {
		case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul):
			flush()
			out = append(out, string(r))
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
			w = append(w, r)
		default:
			flush()
		}
	}
	flush()
	return out
}

// wordF1 is the F1 score of got against want as bags of words with counts.
func wordF1(got, want []string) float64 {
	if len(got) == 0 && len(want) == 0 {
		return 1
	}
	counts := map[string]int{}
	for _, w := range want {
		counts[w]++
	}
	common := 0
	for _, w := range got {
		if counts[w] > 0 {
			counts[w]--
			common++
		}
	}
	if common == 0 {
		return 0
	}
	p := float64(common) / float64(len(got))
	r := float64(common) / float64(len(want))
	return 2 * p * r / (p + r)
}

func TestWordF1(t *testing.T) {
	tests := []struct {
		got, want string
		f1        float64
	}{
		{"a b c", "a b c", 1},
		{"a b", "a b c d", 2 * 1 * 0.5 / 1.5},
		{"x y", "a b", 0},
		{"The the", "the", 2 * 0.5 * 1 / 1.5},
		{"新闻报道", "新闻", 2 * 0.5 * 1 / 1.5},
		{"", "", 1},
	}
	for _, tt := range tests {
		if got := wordF1(words(tt.got), words(tt.want)); got-tt.f1 > 1e-9 || tt.f1-got > 1e-9 {
			t.Errorf("wordF1(%q, %q) = %v, want %v", tt.got, tt.want, got, tt.f1)
		}
	}
}

type expectedMetadata struct {
	Title  string `json:"title"`
	Byline string `json:"byline"`
}

type pageResult struct {
	name          string
	f1            float64 // against expected.html
	kept          float64 // against go-readability's own text rendering
	title, byline bool
}

// TestReadabilityCorpus checks the HTML path against the expected output of
// Mozilla's readability test pages: title, byline and, word for word, the
// text of expected.html rendered the same way as ours.
func TestReadabilityCorpus(t *testing.T) {
	dir := readabilityCorpus(t)
	raw, err := os.ReadFile(filepath.Join(dir, "_classification.json"))
	if err != nil {
		t.Fatal(err)
	}
	var groups map[string][]string
	if err := json.Unmarshal(raw, &groups); err != nil {
		t.Fatal(err)
	}
	names := make([]string, 0, len(groups))
	for g := range groups {
		names = append(names, g)
	}
	sort.Strings(names)

	results := map[string][]pageResult{}
	for _, group := range names {
		for _, page := range groups[group] {
			results[group] = append(results[group], checkCorpusPage(t, filepath.Join(dir, page)))
		}
	}

	var newsSum float64
	newsPages := 0
	for _, group := range names {
		if strings.HasPrefix(group, "news") {
			for _, r := range results[group] {
				newsSum += r.f1
				newsPages++
			}
		}
	}
	if newsPages > 0 {
		t.Logf("ALL NEWS pages %d  average F1 %.4f", newsPages, newsSum/float64(newsPages))
	}
	for _, group := range names {
		rs := results[group]
		var sum float64
		titles, bylines := 0, 0
		for _, r := range rs {
			t.Logf("%-22s %-45s F1 %.4f kept %.4f title %v byline %v", group, r.name, r.f1, r.kept, r.title, r.byline)
			sum += r.f1
			if r.title {
				titles++
			}
			if r.byline {
				bylines++
			}
		}
		avg := sum / float64(len(rs))
		t.Logf("GROUP %-22s pages %3d  average F1 %.4f  titles %d/%d  bylines %d/%d", group, len(rs), avg, titles, len(rs), bylines, len(rs))
		if strings.HasPrefix(group, "news") {
			// Our rendering must keep what readability extracts. (Elsewhere
			// MathML is rendered as its text where go-readability gives TeX.)
			for _, r := range rs {
				if r.kept < 0.999 {
					t.Errorf("%s/%s: F1 against go-readability's own text = %.4f, want ≥ 0.999", group, r.name, r.kept)
				}
			}
			if avg < 0.99 {
				t.Errorf("%s: average F1 = %.4f, want ≥ 0.99", group, avg)
			}
			for _, r := range rs {
				if !r.title {
					t.Errorf("%s/%s: title differs from expected-metadata.json", group, r.name)
				}
			}
		}
	}
}

func checkCorpusPage(t *testing.T, dir string) pageResult {
	t.Helper()
	r := pageResult{name: filepath.Base(dir)}
	src, err := os.ReadFile(filepath.Join(dir, "source.html"))
	if err != nil {
		t.Errorf("%s: %v", r.name, err)
		return r
	}
	var meta expectedMetadata
	if raw, err := os.ReadFile(filepath.Join(dir, "expected-metadata.json")); err == nil {
		if err := json.Unmarshal(raw, &meta); err != nil {
			t.Errorf("%s: expected-metadata.json: %v", r.name, err)
		}
	}
	var want string
	if f, err := os.Open(filepath.Join(dir, "expected.html")); err == nil {
		doc, err := html.Parse(f)
		f.Close()
		if err != nil {
			t.Errorf("%s: expected.html: %v", r.name, err)
			return r
		}
		want = renderText(doc)
	}

	d, err := Parse(src, FormatHTML, "source.html", "http://fakehost/test/page.html")
	got := ""
	if err == nil {
		got = d.Text
		r.title = foldLine(meta.Title) == d.Title || meta.Title == "" && d.Title == "source"
		r.byline = foldLine(meta.Byline) == d.Byline
		if !r.title {
			t.Logf("%s: title %q, want %q", r.name, d.Title, meta.Title)
		}
		if !r.byline {
			t.Logf("%s: byline %q, want %q", r.name, d.Byline, meta.Byline)
		}
	} else if want != "" {
		t.Logf("%s: Parse: %v", r.name, err)
	}
	// What was extracted is the text and the furniture kept aside from it
	// (TestFurnitureCorpus measures the body without the furniture).
	if d != nil {
		for _, rm := range d.Removed {
			got += "\n\n" + rm.Text
		}
	}
	r.f1 = wordF1(words(got), words(want))
	r.kept = wordF1(words(got), words(Canonical(readabilityText(t, src))))
	return r
}

// readabilityText is the article of an HTML page as go-readability renders
// it as text, the reference for what our rendering must keep.
func readabilityText(t *testing.T, src []byte) string {
	doc, err := html.Parse(bytes.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	parser := readability.NewParser()
	art, err := parser.ParseAndMutate(doc, nil)
	if err != nil || art.Node == nil {
		return ""
	}
	var b strings.Builder
	if err := art.RenderText(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// BenchmarkParseHTML parses the largest news page of the corpus.
func BenchmarkParseHTML(b *testing.B) {
	dir := readabilityCorpus(b)
	src, err := os.ReadFile(filepath.Join(dir, "yahoo-2", "source.html"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, err := Parse(src, FormatHTML, "", "http://fakehost/test/page.html"); err != nil {
			b.Fatal(err)
		}
	}
}
