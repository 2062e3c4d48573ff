// Command genlib writes a library of realistic articles for the scaling
// benchmarks: the text of real news pages from the shared corpus, claims in
// every status and verdict with claimants, tags, notes and sources, articles
// with more than one version, edits recorded in the history, and one large
// article (a transcript of many pages) with thousands of claims. It writes
// through the storage package, many articles to a transaction.
//
//	go run ./scripts/genlib -articles 3000 -claims-per-article 20 -out /tmp/lib.factdesk
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/ingest"
	"github.com/factdesk/factdesk/storage"
)

func main() {
	articles := flag.Int("articles", 300, "number of articles")
	perArticle := flag.Int("claims-per-article", 20, "claims in each article")
	big := flag.Int("big", 2000, "claims in one extra large article (0 for none)")
	out := flag.String("out", "", "library file to write (must not exist)")
	corpus := flag.String("corpus", "../shared/corpus", "the shared corpus folder")
	batch := flag.Int("batch", 100, "articles a transaction")
	edits := flag.Int("edit-every", 20, "edit one claim of every Nth article through UpdateClaim, for the history (0 for none)")
	seed := flag.Uint64("seed", 1, "random seed")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "genlib: -out FILE is required")
		os.Exit(2)
	}
	if err := run(*out, *corpus, *articles, *perArticle, *big, *batch, *edits, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "genlib:", err)
		os.Exit(1)
	}
}

// page is one corpus page: its text and the sentences claims are made of.
type page struct {
	title, byline, publisher, lang string
	text                           string
	sentences                      [][2]int // code-point spans
	runes                          []rune
}

func run(out, corpus string, n, perArticle, big, batch, editEvery int, seed uint64) error {
	if _, err := os.Stat(out); err == nil {
		return fmt.Errorf("%s already exists", out)
	}
	start := time.Now()
	pages, err := loadPages(filepath.Join(corpus, "readability"))
	if err != nil {
		return err
	}
	if len(pages) == 0 {
		return fmt.Errorf("no usable pages under %s", corpus)
	}
	ctx := context.Background()
	db, err := storage.Open(ctx, out)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.SetAuthorName(ctx, "Generated desk"); err != nil {
		return err
	}
	g := &generator{rnd: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), pages: pages, perArticle: perArticle, total: n}
	claims := 0
	var items []annotate.ArticleImport
	flush := func() error {
		if len(items) == 0 {
			return nil
		}
		if err := db.ImportArticles(ctx, items); err != nil {
			return err
		}
		if editEvery > 0 {
			for _, it := range items {
				if it.Article.ID%int64(editEvery) == 0 && len(it.Claims) > 0 {
					if err := g.edit(ctx, db, it.Claims[0]); err != nil {
						return err
					}
				}
			}
		}
		items = items[:0]
		return nil
	}
	for i := range n {
		it, err := g.article(i)
		if err != nil {
			return err
		}
		claims += len(it.Claims)
		items = append(items, it)
		if len(items) >= batch {
			if err := flush(); err != nil {
				return err
			}
			fmt.Fprintf(os.Stderr, "\r%d of %d articles", i+1, n)
		}
	}
	if err := flush(); err != nil {
		return err
	}
	if big > 0 {
		it, err := g.bigArticle(big)
		if err != nil {
			return err
		}
		claims += len(it.Claims)
		if err := db.ImportArticles(ctx, []annotate.ArticleImport{it}); err != nil {
			return err
		}
		n++
	}
	fmt.Fprintf(os.Stderr, "\r%s: %d articles, %d claims in %.1f s\n", out, n, claims, time.Since(start).Seconds())
	return nil
}

// loadPages reads each corpus page's expected article text and metadata.
func loadPages(dir string) ([]*page, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var pages []*page
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		html, err := os.ReadFile(filepath.Join(dir, e.Name(), "expected.html"))
		if err != nil {
			continue
		}
		var meta struct {
			Title     string `json:"title"`
			Byline    string `json:"byline"`
			SiteName  string `json:"siteName"`
			Lang      string `json:"lang"`
			Published string `json:"publishedTime"`
		}
		if b, err := os.ReadFile(filepath.Join(dir, e.Name(), "expected-metadata.json")); err == nil {
			_ = json.Unmarshal(b, &meta)
		}
		doc, err := ingest.Parse(html, "html", e.Name()+".html", "")
		if err != nil {
			continue
		}
		p := &page{title: strings.TrimSpace(meta.Title), byline: meta.Byline, publisher: meta.SiteName, lang: meta.Lang}
		p.text = clipParagraphs(doc.Text, 9000)
		p.runes = []rune(p.text)
		p.sentences = sentences(p.runes)
		if len(p.sentences) < 5 {
			continue
		}
		if p.title == "" {
			p.title = e.Name()
		}
		pages = append(pages, p)
	}
	sort.Slice(pages, func(i, j int) bool { return pages[i].title < pages[j].title })
	return pages, nil
}

// clipParagraphs keeps whole paragraphs of text up to about max bytes, as a
// news article of ordinary length.
func clipParagraphs(text string, max int) string {
	if len(text) <= max {
		return text
	}
	cut := strings.LastIndex(text[:max], "\n\n")
	if cut < max/2 {
		return text[:max]
	}
	return text[:cut]
}

// sentences finds spans that end with a full stop, a question or an
// exclamation mark and are of a claim's length.
func sentences(text []rune) [][2]int {
	var out [][2]int
	begin := 0
	for i, r := range text {
		if r == '\n' {
			begin = i + 1
			continue
		}
		if r != '.' && r != '?' && r != '!' {
			continue
		}
		if i+1 < len(text) && !unicode.IsSpace(text[i+1]) {
			continue
		}
		for begin < i && unicode.IsSpace(text[begin]) {
			begin++
		}
		if l := i + 1 - begin; l >= 30 && l <= 400 {
			out = append(out, [2]int{begin, i + 1})
		}
		begin = i + 1
	}
	return out
}

type generator struct {
	rnd        *rand.Rand
	pages      []*page
	perArticle int
	total      int
}

var (
	publishers = []string{"The Morning Ledger", "Daily Courier", "Northern Herald", "Evening Standard Review", "Coastal Times",
		"Metro Gazette", "The Capital Post", "Valley News", "Public Radio Desk", "Harbour Chronicle", "Civic Wire", "The Observer Weekly"}
	cities = []string{"Springfield", "Riverton", "Lakeside", "Port Ellen", "Northbridge", "Westfield", "Kingsport", "Ashford",
		"Millbrook", "Fairhaven", "Oakridge", "Brighton"}
	claimants = []string{"Mayor Lena Okafor", "Senator Paul Brandt", "the finance ministry", "Councillor Amir Haddad",
		"Governor Ruth Castillo", "the health department", "Prime Minister Ines Varga", "a campaign spokesperson",
		"Representative Tom Whitaker", "the police chief", ""}
	tags = []string{"economy", "health", "crime", "education", "housing", "transport", "climate", "immigration",
		"elections", "budget", "jobs", "energy", "statistics", "foreign-policy", "courts"}
	stances = []annotate.Stance{annotate.StanceSupports, annotate.StanceRefutes, annotate.StanceContext}
	domains = []string{"stats.gov.example", "who.int", "data.worldbank.org", "census.gov", "ons.gov.uk", "eurostat.ec.europa.eu",
		"oecd.org", "bls.gov", "parliament.example", "archive.org"}
	verdicts = []annotate.Verdict{annotate.VerdictTrue, annotate.VerdictMostlyTrue, annotate.VerdictMixed, annotate.VerdictMostlyFalse,
		annotate.VerdictFalse, annotate.VerdictMisleading, annotate.VerdictUnverifiable}
)

// when spreads the articles over seven years in the order they are made,
// so that the newest article is the one with the highest id.
func (g *generator) when(i int) time.Time {
	base := time.Date(2019, 1, 1, 8, 0, 0, 0, time.UTC)
	span := 7 * 365 * 24 * time.Hour
	return base.Add(time.Duration(float64(span) * float64(i) / float64(max(g.total, 1))))
}

// code is a word found in one article only: a rare word to search for.
func code(i int) string { return "fd" + strings.ToLower(fmt.Sprintf("%x", i*7919+104729)) }

func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
		if b.Len() > 60 {
			break
		}
	}
	return strings.Trim(b.String(), "-")
}

// headline is a title made of a sentence of another page: real words, and
// titles that differ from one article to the next.
func (g *generator) headline(p *page) string {
	s := p.sentences[g.rnd.IntN(len(p.sentences))]
	words := strings.Fields(string(p.runes[s[0]:s[1]]))
	if len(words) > 10 {
		words = words[:6+g.rnd.IntN(5)]
	}
	t := strings.TrimRight(strings.Join(words, " "), ".,;:!?")
	if t == "" {
		return p.title
	}
	r := []rune(t)
	return string(unicode.ToUpper(r[0])) + string(r[1:])
}

// article makes the i-th article with its claims.
func (g *generator) article(i int) (annotate.ArticleImport, error) {
	p := g.pages[i%len(g.pages)]
	at := g.when(i)
	city := cities[g.rnd.IntN(len(cities))]
	lede := fmt.Sprintf("%s, %s. Filed by the %s desk, reference %s.", city, at.Format("2 January 2006"), strings.ToLower(tags[i%len(tags)]), code(i))
	title := p.title
	if i >= len(g.pages) {
		title = g.headline(g.pages[g.rnd.IntN(len(g.pages))])
	}
	publisher := p.publisher
	if publisher == "" || g.rnd.IntN(3) > 0 {
		publisher = publishers[g.rnd.IntN(len(publishers))]
	}
	a := &annotate.Article{
		Title:     title,
		Byline:    p.byline,
		Publisher: publisher,
		URL:       fmt.Sprintf("https://%s.example/%s/%s-%d", slug(publisher), at.Format("2006/01"), slug(title), i),
		Language:  p.lang,
		Published: at.Add(-time.Duration(g.rnd.IntN(72)) * time.Hour),
		Retrieved: at,
		Text:      lede + "\n\n" + p.text,
	}
	shift := len([]rune(lede)) + 2
	it := annotate.ArticleImport{Article: a}
	if i%4 == 1 {
		// An earlier version: the same page without its last paragraph.
		first := a.Text
		if cut := strings.LastIndex(first, "\n\n"); cut > len(lede) {
			first = first[:cut]
		}
		it.Versions = []annotate.ArticleVersion{
			{Number: 1, Text: first, Format: "text", Created: at.Add(-6 * time.Hour)},
			{Number: 2, Text: a.Text, Format: "text", Created: at},
		}
	}
	runes := []rune(a.Text)
	claims, err := g.claims(a, runes, p.sentences, shift, g.perArticle, at)
	if err != nil {
		return it, fmt.Errorf("article %d: %w", i, err)
	}
	it.Claims = claims
	return it, nil
}

// bigArticle is a transcript-like article of many pages with n claims.
func (g *generator) bigArticle(n int) (annotate.ArticleImport, error) {
	var b strings.Builder
	var spans [][2]int
	offset := 0
	for _, p := range g.pages {
		if len(spans) >= n {
			break
		}
		if b.Len() > 0 {
			b.WriteString("\n\n")
			offset += 2
		}
		b.WriteString(p.text)
		for _, s := range p.sentences {
			spans = append(spans, [2]int{s[0] + offset, s[1] + offset})
		}
		offset += len(p.runes)
	}
	at := g.when(g.total)
	a := &annotate.Article{
		Title:     "Hearing transcript: the full committee session on the budget",
		Publisher: "Public Radio Desk",
		URL:       "https://public-radio-desk.example/transcripts/full-committee-session",
		Language:  "en",
		Published: at,
		Retrieved: at,
		Text:      b.String(),
	}
	claims, err := g.claims(a, []rune(a.Text), spans, 0, n, at)
	if err != nil {
		return annotate.ArticleImport{}, fmt.Errorf("large article: %w", err)
	}
	return annotate.ArticleImport{Article: a, Claims: claims}, nil
}

// claims makes n claims on the sentences (shifted by shift code points),
// in every status and verdict, some with sources, tags and notes. When there
// are fewer sentences than claims, sentences take more than one claim.
func (g *generator) claims(a *annotate.Article, runes []rune, spans [][2]int, shift, n int, at time.Time) ([]*annotate.Claim, error) {
	var out []*annotate.Claim
	for k := range n {
		s := spans[(k*len(spans)/max(n, 1)+k/len(spans))%len(spans)]
		c, err := annotate.NewClaimRunes(a, runes, s[0]+shift, s[1]+shift)
		if err != nil {
			return nil, err
		}
		c.Claimant = claimants[g.rnd.IntN(len(claimants))]
		c.Created = at.Add(time.Duration(k) * time.Minute)
		c.Updated = c.Created
		switch r := g.rnd.IntN(10); {
		case r < 3: // unchecked
		case r < 5:
			c.SetStatus(annotate.StatusInProgress)
		case r < 6:
			c.SetVerdict(verdicts[g.rnd.IntN(len(verdicts))])
			c.SetStatus(annotate.StatusNeedsReview)
		default:
			c.SetVerdict(verdicts[g.rnd.IntN(len(verdicts))])
			c.SetStatus(annotate.StatusDone)
			c.Rationale = "Checked against the published figures; the numbers quoted differ from the official series."
		}
		if g.rnd.IntN(3) == 0 {
			c.Notes = fmt.Sprintf("Asked %s's office for the underlying data on %s.", strings.TrimPrefix(c.Claimant, "the "), at.Format("2 Jan"))
		}
		for range g.rnd.IntN(3) {
			c.AddTag(tags[g.rnd.IntN(len(tags))])
		}
		for j := range g.rnd.IntN(3) {
			d := domains[g.rnd.IntN(len(domains))]
			c.Sources = append(c.Sources, annotate.Source{
				URL:       fmt.Sprintf("https://%s/data/%d/%d", d, at.Year(), g.rnd.IntN(100000)),
				Title:     fmt.Sprintf("Official series %d, table %d", at.Year(), j+1),
				Publisher: d,
				Accessed:  at,
				Stance:    stances[g.rnd.IntN(len(stances))],
				Excerpt:   "The series shows a smaller change than the one quoted.",
			})
		}
		out = append(out, c)
	}
	return out, nil
}

// edit changes a stored claim through UpdateClaim, as a checker would,
// so that the history holds updates as well as creations.
func (g *generator) edit(ctx context.Context, db *storage.DB, c *annotate.Claim) error {
	c.Notes = strings.TrimSpace(c.Notes + " Followed up by phone.")
	if c.Verdict == annotate.VerdictNone {
		c.SetVerdict(verdicts[g.rnd.IntN(len(verdicts))])
	}
	return db.UpdateClaim(ctx, c)
}
