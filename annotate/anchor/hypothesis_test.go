package anchor

import (
	"testing"

	"github.com/factdesk/factdesk/annotate"
)

// TestHypothesisMatchQuote runs Hypothesis's match-quote cases twice: with
// Hypothesis's own settings (at most half the quote in errors, no
// threshold), which must give its results exactly; and through Locate
// (a quarter of the quote in errors, a minimum score), which must agree
// wherever it places the quote and must place every expected exact match.
func TestHypothesisMatchQuote(t *testing.T) {
	var file struct {
		Texts map[string]string `json:"texts"`
		Cases []struct {
			Name               string   `json:"name"`
			Text               string   `json:"text"`
			TextLiteral        *string  `json:"textLiteral"`
			Quote              *string  `json:"quote"`
			QuoteFromFixture   string   `json:"quoteFromFixture"`
			Prefix             string   `json:"prefix"`
			Suffix             string   `json:"suffix"`
			Hint               *int     `json:"hint"`
			QuotesDescending   []string `json:"quotesDescending"`
			PrefixesDescending []string `json:"prefixesDescending"`
			SuffixesDescending []string `json:"suffixesDescending"`
			Expect             struct {
				Score                 *float64  `json:"score"`
				ScoreBetweenExclusive []float64 `json:"scoreBetweenExclusive"`
				MatchedText           *string   `json:"matchedText"`
				Start                 *int      `json:"start"`
				Null                  bool      `json:"null"`
				StrictlyDecreasing    bool      `json:"strictlyDecreasingScores"`
			} `json:"expect"`
		} `json:"cases"`
	}
	readCorpus(t, "anchoring/hypothesis/match-quote-cases.json", &file)
	passed, locateAgrees, locateOrphans := 0, 0, 0
	for _, c := range file.Cases {
		t.Run(c.Name, func(t *testing.T) {
			text := file.Texts[c.Text]
			if c.TextLiteral != nil {
				text = *c.TextLiteral
			}
			doc := []rune(text)
			anchors := func() []annotate.Anchor {
				base := annotate.Anchor{Start: -1, End: -1, Prefix: c.Prefix, Suffix: c.Suffix}
				if c.Hint != nil {
					base.Start, base.End = *c.Hint, *c.Hint
				}
				var out []annotate.Anchor
				switch {
				case c.QuotesDescending != nil:
					for _, q := range c.QuotesDescending {
						a := base
						a.Exact = q
						out = append(out, a)
					}
				case c.PrefixesDescending != nil:
					for _, p := range c.PrefixesDescending {
						a := base
						a.Exact, a.Prefix = *c.Quote, p
						out = append(out, a)
					}
				case c.SuffixesDescending != nil:
					for _, s := range c.SuffixesDescending {
						a := base
						a.Exact, a.Suffix = *c.Quote, s
						out = append(out, a)
					}
				case c.QuoteFromFixture != "":
					base.Exact = file.Texts[c.QuoteFromFixture]
					out = append(out, base)
				default:
					base.Exact = *c.Quote
					out = append(out, base)
				}
				return out
			}()

			var l Locator
			var prev float64
			for i, a := range anchors {
				q := []rune(a.Exact)
				got, ok := l.matchQuote(doc, a, min(256, len(q)/2))
				e := c.Expect
				if e.Null {
					if ok {
						t.Fatalf("matchQuote = %+v, want no match", got)
					}
					if r := l.Locate(doc, a); r.Method != annotate.AnchorOrphan {
						t.Fatalf("Locate = %+v, want an orphan", r)
					}
					continue
				}
				if !ok {
					t.Fatalf("matchQuote(%q) found nothing", a.Exact)
				}
				if e.Score != nil && got.score != *e.Score {
					t.Errorf("score = %v, want %v", got.score, *e.Score)
				}
				if r := e.ScoreBetweenExclusive; r != nil && !(got.score > r[0] && got.score < r[1]) {
					t.Errorf("score = %v, want in (%v, %v)", got.score, r[0], r[1])
				}
				if e.MatchedText != nil {
					if m := string(doc[got.start:got.end]); m != *e.MatchedText {
						t.Errorf("matched %q, want %q", m, *e.MatchedText)
					}
				}
				if e.Start != nil && got.start != *e.Start {
					t.Errorf("start = %d, want %d", got.start, *e.Start)
				}
				if e.StrictlyDecreasing && i > 0 && !(got.score < prev) {
					t.Errorf("score of %q = %v, want below %v", a.Exact, got.score, prev)
				}
				prev = got.score

				// Locate: the same place when it places the quote; exact
				// matches are always placed.
				r := l.Locate(doc, a)
				switch {
				case r.Method == annotate.AnchorOrphan:
					if len(l.occ) > 0 && e.MatchedText != nil && *e.MatchedText == a.Exact {
						t.Errorf("Locate made an orphan of a quote that occurs verbatim: %+v", r)
					}
					locateOrphans++
					t.Logf("Locate left %q (prefix %q, suffix %q) as an orphan, score %v; matchQuote: %q score %.4f",
						a.Exact, a.Prefix, a.Suffix, r.Score, string(doc[got.start:got.end]), got.score)
				case r.Start != got.start || r.End != got.end:
					t.Errorf("Locate = %+v, want %d–%d as matchQuote", r, got.start, got.end)
				default:
					locateAgrees++
				}
			}
			if !t.Failed() {
				passed++
			}
		})
	}
	t.Logf("hypothesis match-quote: %d/%d cases pass; Locate agreed on %d quotes and left %d as orphans (over its stricter limits)",
		passed, len(file.Cases), locateAgrees, locateOrphans)
}
