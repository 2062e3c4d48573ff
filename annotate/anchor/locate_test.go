package anchor

import (
	"strings"
	"testing"

	"github.com/factdesk/factdesk/annotate"
)

const article = "The minister said unemployment fell to 4.1% in March, the lowest in a decade.\n\n" +
	"Critics said the figure leaves out part-time workers. “It is misleading,” said Ana Ruiz.\n\n" +
	"The office will publish revised numbers in June."

func describe(t *testing.T, text, quote string) annotate.Anchor {
	t.Helper()
	i := strings.Index(text, quote)
	if i < 0 {
		t.Fatalf("%q not in the text", quote)
	}
	start := len([]rune(text[:i]))
	a, err := annotate.Describe(text, start, start+len([]rune(quote)))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestLocate(t *testing.T) {
	claim := describe(t, article, "unemployment fell to 4.1% in March")
	short := describe(t, article, "in June")
	tests := []struct {
		name   string
		text   string
		a      annotate.Anchor
		method annotate.AnchorMethod
		want   string // the text placed on; "" for an orphan
	}{
		{"unchanged", article, claim, annotate.AnchorPosition, "unemployment fell to 4.1% in March"},
		{"moved", "Update: figures corrected. " + article, claim, annotate.AnchorExact, "unemployment fell to 4.1% in March"},
		{"typo", strings.Replace(article, "unemployment", "unemploymnet", 1), claim, annotate.AnchorFuzzy, "unemploymnet fell to 4.1% in March"},
		{"number changed", strings.Replace(article, "4.1%", "4.3%", 1), claim, annotate.AnchorFuzzy, "unemployment fell to 4.3% in March"},
		{"deleted", strings.Replace(article, "The minister said unemployment fell to 4.1% in March, the lowest in a decade.\n\n", "", 1), claim, annotate.AnchorOrphan, ""},
		{"rewritten", strings.Replace(article, "unemployment fell to 4.1% in March", "joblessness was at a record low this spring", 1), claim, annotate.AnchorOrphan, ""},
		{"short quote moved", "Note. " + article, short, annotate.AnchorExact, "in June"},
		{"short quote elsewhere only", "Nothing happened in June of that year, we are told by someone.", short, annotate.AnchorOrphan, ""},
		{"no position", article, annotate.Anchor{Start: -1, End: -1, Exact: "said"}, annotate.AnchorExact, "said"},
		{"empty quote", article, annotate.Anchor{Start: 0, End: 0}, annotate.AnchorOrphan, ""},
		{"empty text", "", claim, annotate.AnchorOrphan, ""},
		{"position past the end", article[:40], claim, annotate.AnchorOrphan, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := []rune(tt.text)
			r := Locate(text, tt.a)
			if r.Method != tt.method {
				t.Fatalf("Method = %s (%+v), want %s", r.Method, r, tt.method)
			}
			if r.Method == annotate.AnchorOrphan {
				if r.Start != tt.a.Start || r.End != tt.a.End {
					t.Errorf("orphan span = %d–%d, want the old %d–%d", r.Start, r.End, tt.a.Start, tt.a.End)
				}
				return
			}
			if got := string(text[r.Start:r.End]); got != tt.want {
				t.Errorf("placed on %q, want %q", got, tt.want)
			}
			if r.Score <= 0 || r.Score > 1 {
				t.Errorf("Score = %v, want in (0, 1]", r.Score)
			}
			if s := LocateString(tt.text, tt.a); s != r {
				t.Errorf("LocateString = %+v, want %+v", s, r)
			}
		})
	}
}

// TestLocateDuplicates checks that of several copies of a quote, the one
// in the right context wins, then the nearest.
func TestLocateDuplicates(t *testing.T) {
	text := "Alpha said the plan works. Beta said the plan works. Gamma said the plan works."
	a := annotate.Anchor{Start: -1, End: -1, Exact: "the plan works.", Prefix: "Beta said ", Suffix: " Gamma"}
	r := Locate([]rune(text), a)
	if got, want := r.Start, strings.Index(text, "Beta")+len("Beta said "); got != want {
		t.Errorf("context: Start = %d, want %d", got, want)
	}
	a = annotate.Anchor{Start: 60, End: 75, Exact: "the plan works."}
	r = Locate([]rune(text), a)
	if got, want := r.Start, strings.Index(text, "Gamma")+len("Gamma said "); got != want {
		t.Errorf("nearest: Start = %d, want %d", got, want)
	}
}

func TestReanchor(t *testing.T) {
	art := &annotate.Article{ID: 1, Text: article}
	var claims []*annotate.Claim
	for _, q := range []string{"unemployment fell to 4.1% in March", "leaves out part-time workers", "will publish revised numbers in June"} {
		a := describe(t, article, q)
		c, err := annotate.NewClaim(art, a.Start, a.End)
		if err != nil {
			t.Fatal(err)
		}
		claims = append(claims, c)
	}
	_ = claims[1].SetVerdict(annotate.VerdictTrue)
	edited := "Corrected. " + strings.Replace(strings.Replace(article, "part-time workers", "part-time staff", 1),
		"The office will publish revised numbers in June.", "A revision is due later.", 1)
	moved, fuzzy, orphans := Reanchor(edited, claims)
	if moved != 2 || fuzzy != 1 || orphans != 1 {
		t.Errorf("Reanchor = %d moved, %d fuzzy, %d orphans, want 2, 1, 1", moved, fuzzy, orphans)
	}
	runes := []rune(edited)
	if c := claims[0]; c.AnchorBy != annotate.AnchorExact || string(runes[c.Start:c.End]) != c.Exact || !strings.HasSuffix(c.Prefix, "Corrected. The minister said ") {
		t.Errorf("claim 0 = %+v, want found exactly with its new context", c.Anchor)
	}
	if c := claims[1]; c.AnchorBy != annotate.AnchorFuzzy || c.Exact != "leaves out part-time staff" || c.Status != annotate.StatusInProgress {
		t.Errorf("claim 1 = %q %s %s, want the new quote, fuzzy, status unchanged", c.Exact, c.AnchorBy, c.Status)
	}
	if c := claims[2]; c.AnchorBy != annotate.AnchorOrphan || c.Exact != "will publish revised numbers in June" || c.Status != annotate.StatusNeedsReview {
		t.Errorf("claim 2 = %q %s %s, want the old quote kept, orphan, needs review", c.Exact, c.AnchorBy, c.Status)
	}
}

// TestExactCopyWithWrongContextLoses: a quote appears twice; the claim's
// own occurrence is lightly edited, and the exact copy elsewhere has other
// words around it. The claim stays at its own place, found approximately
// with its context, rather than jumping to the copy.
func TestExactCopyWithWrongContextLoses(t *testing.T) {
	old := "The mayor opened the meeting at noon. Officials said unemployment fell to 3.5 percent last year, " +
		"the lowest in a decade, and the council agreed. Much later, in a separate report on the regional " +
		"economy with many other figures and tables, analysts wrote that unemployment fell to 3.5 percent last year, " +
		"citing survey data from the national statistics office."
	quote := "unemployment fell to 3.5 percent last year"
	start, end, err := annotate.FindQuote(old, quote, 1)
	if err != nil {
		t.Fatal(err)
	}
	a, err := annotate.Describe(old, start, end)
	if err != nil {
		t.Fatal(err)
	}
	// The publisher edits the first occurrence only.
	edited := strings.Replace(old, "Officials said unemployment fell to 3.5 percent last year", "Officials said unemployment fell to 3.4 percent last year", 1)
	r := LocateString(edited, a)
	runes := []rune(edited)
	got := string(runes[r.Start:r.End])
	if r.Start > len([]rune(edited))/2 {
		t.Fatalf("placed on the copy in the later report (%d–%d %q, %s %.2f), want the claim's own edited place", r.Start, r.End, got, r.Method, r.Score)
	}
	if r.Method != annotate.AnchorFuzzy || !strings.Contains(got, "3.4 percent") {
		t.Errorf("placed %q by %s (%.2f), want the edited sentence found approximately", got, r.Method, r.Score)
	}
}

// TestFarPositionFoundByQuote: a W3C selector from another copy of the
// text carries a position far past this one's end and a quote with a typo;
// the quote still finds its place, the position only breaking ties.
func TestFarPositionFoundByQuote(t *testing.T) {
	text := "The council voted on Tuesday. Officials said unemployment fell to 3.5 percent last year, the lowest in a decade."
	a := annotate.Anchor{Start: 40000, End: 40042, Exact: "unemployment fel to 3.5 percent last year"}
	r := LocateString(text, a)
	if r.Method == annotate.AnchorOrphan {
		t.Fatalf("a quote with a far-off position was left an orphan (score %.2f)", r.Score)
	}
	if got := string([]rune(text)[r.Start:r.End]); !strings.HasPrefix(got, "unemployment fell") {
		t.Errorf("placed on %q, want the unemployment sentence", got)
	}
	if r.Score < 0.65 || r.Score > 1 {
		t.Errorf("score %.2f, want the quote's own (0.65 to 1): a far position only breaks ties", r.Score)
	}
}
