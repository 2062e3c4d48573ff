package anchor

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/factdesk/factdesk/annotate"
)

// corpusDir is the shared test corpus, beside the repository.
var corpusDir = filepath.Join("..", "..", "..", "shared", "corpus")

func readCorpus(t *testing.T, rel string, v any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(corpusDir, rel))
	if os.IsNotExist(err) {
		t.Skipf("corpus file %s is absent; the shared corpus is not beside the repository", rel)
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
}

type quoteSelector struct {
	Exact  string `json:"exact"`
	Prefix string `json:"prefix"`
	Suffix string `json:"suffix"`
	Start  int    `json:"start"`
	End    int    `json:"end"`
}

// TestApacheTextQuoteMatch checks the strict selector reading against every
// apache-annotator case, and that Locate picks one of the expected places.
func TestApacheTextQuoteMatch(t *testing.T) {
	var file struct {
		Cases []struct {
			Name            string        `json:"name"`
			DocText         string        `json:"docText"`
			Selector        quoteSelector `json:"selector"`
			ExpectedMatches []Span        `json:"expectedMatches"`
		} `json:"cases"`
	}
	readCorpus(t, "anchoring/apache-annotator/text-quote-match.json", &file)
	passed, located := 0, 0
	for _, c := range file.Cases {
		t.Run(c.Name, func(t *testing.T) {
			doc := []rune(c.DocText)
			s := c.Selector
			got := QuoteMatches(doc, s.Exact, s.Prefix, s.Suffix)
			if !slices.Equal(got, c.ExpectedMatches) {
				t.Fatalf("QuoteMatches = %v, want %v", got, c.ExpectedMatches)
			}
			passed++
			// Locate forgives context differences and never places an empty
			// quote, so it is held to: one of the expected places when there
			// are some and the quote is not empty.
			if s.Exact == "" || len(c.ExpectedMatches) == 0 {
				return
			}
			r := Locate(doc, annotate.Anchor{Start: -1, End: -1, Exact: s.Exact, Prefix: s.Prefix, Suffix: s.Suffix})
			if !slices.Contains(c.ExpectedMatches, Span{r.Start, r.End}) {
				t.Fatalf("Locate = %+v, want one of %v", r, c.ExpectedMatches)
			}
			located++
		})
	}
	t.Logf("apache text-quote-match: %d/%d cases pass (strict matches); Locate placed %d non-empty quotes within the expected places", passed, len(file.Cases), located)
}

// TestApacheTextPositionMatch checks code-point positions on a text with an
// astral character.
func TestApacheTextPositionMatch(t *testing.T) {
	var file struct {
		Cases []struct {
			Name            string        `json:"name"`
			DocText         string        `json:"docText"`
			Selector        quoteSelector `json:"selector"`
			ExpectedMatches []Span        `json:"expectedMatches"`
		} `json:"cases"`
	}
	readCorpus(t, "anchoring/apache-annotator/text-position-match.json", &file)
	passed := 0
	for _, c := range file.Cases {
		t.Run(c.Name, func(t *testing.T) {
			doc := []rune(c.DocText)
			s, want := c.Selector, c.ExpectedMatches[0]
			exact := string(doc[s.Start:s.End])
			if s.Start == s.End {
				// An empty span is no claim: Locate does not place it. The
				// position itself must still read as empty at that offset.
				if got := Locate(doc, annotate.Anchor{Start: s.Start, End: s.End}); got.Method != annotate.AnchorOrphan {
					t.Fatalf("Locate(empty) = %+v, want an orphan", got)
				}
				if exact != "" || want != (Span{s.Start, s.End}) {
					t.Fatalf("slice %d–%d = %q, want empty at %v", s.Start, s.End, exact, want)
				}
				passed++
				return
			}
			got := Locate(doc, annotate.Anchor{Start: s.Start, End: s.End, Exact: exact})
			if got.Method != annotate.AnchorPosition || (Span{got.Start, got.End}) != want {
				t.Fatalf("Locate = %+v, want %v by position", got, want)
			}
			// The same quote found without a position lands on the same place.
			got = Locate(doc, annotate.Anchor{Start: -1, End: -1, Exact: exact})
			if (Span{got.Start, got.End}) != want {
				t.Fatalf("Locate without position = %+v, want %v", got, want)
			}
			passed++
		})
	}
	t.Logf("apache text-position-match: %d/%d cases pass", passed, len(file.Cases))
}

// TestApacheTextQuoteDescribe checks round trips: our own description of a
// range, and apache-annotator's minimal one, both lead back to the range.
func TestApacheTextQuoteDescribe(t *testing.T) {
	var file struct {
		Groups map[string][]struct {
			Name             string        `json:"name"`
			DocText          string        `json:"docText"`
			Range            Span          `json:"range"`
			ExpectedSelector quoteSelector `json:"expectedSelector"`
		} `json:"groups"`
	}
	readCorpus(t, "anchoring/apache-annotator/text-quote-describe.json", &file)
	total, passed := 0, 0
	for group, cases := range file.Groups {
		for _, c := range cases {
			total++
			t.Run(group+"/"+c.Name, func(t *testing.T) {
				doc := []rune(c.DocText)
				want := c.Range
				s := c.ExpectedSelector
				if got := QuoteMatches(doc, s.Exact, s.Prefix, s.Suffix); !slices.Equal(got, []Span{want}) {
					t.Fatalf("QuoteMatches(expected selector) = %v, want only %v", got, want)
				}
				if want.Start == want.End {
					// Empty ranges are not claims: DescribeRunes refuses them.
					if _, err := annotate.DescribeRunes(doc, want.Start, want.End); err == nil {
						t.Fatalf("DescribeRunes(empty range) succeeded, want an error")
					}
					passed++
					return
				}
				if r := Locate(doc, annotate.Anchor{Start: -1, End: -1, Exact: s.Exact, Prefix: s.Prefix, Suffix: s.Suffix}); (Span{r.Start, r.End}) != want {
					t.Fatalf("Locate(expected selector, no position) = %+v, want %v", r, want)
				}
				a, err := annotate.DescribeRunes(doc, want.Start, want.End)
				if err != nil {
					t.Fatal(err)
				}
				a.Start, a.End = -1, -1 // round trip through the quote alone
				if r := Locate(doc, a); (Span{r.Start, r.End}) != want || r.Method != annotate.AnchorExact {
					t.Fatalf("Locate(DescribeRunes) = %+v, want %v exact", r, want)
				}
				passed++
			})
		}
	}
	t.Logf("apache text-quote-describe: %d/%d cases pass", passed, total)
}
