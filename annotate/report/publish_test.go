package report

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/factdesk/factdesk/annotate"
)

// TestCountsEveryCombination gives one article a claim for every status and
// verdict pair (the domain refuses done without a verdict, but an imported
// or damaged file may still hold one) and checks the header's counts in
// Count and in each report made for people, alone and all together.
func TestCountsEveryCombination(t *testing.T) {
	verdicts := []annotate.Verdict{annotate.VerdictNone}
	for _, r := range annotate.DefaultScale {
		verdicts = append(verdicts, r.Verdict)
	}
	statuses := []annotate.Status{annotate.StatusUnchecked, annotate.StatusInProgress, annotate.StatusNeedsReview, annotate.StatusDone}
	base := sampleInput(t)
	c0 := base.Claims[0]
	var all []*annotate.Claim
	want := Counts{}
	for _, s := range statuses {
		for _, v := range verdicts {
			c := *c0
			c.Status, c.Verdict = s, v
			one := Counts{Claims: 1, Open: 1}
			if v != annotate.VerdictNone {
				one.Verdicts = 1
			}
			if s == annotate.StatusDone {
				one.Done, one.Open = 1, 0
			}
			t.Run(fmt.Sprintf("%s/%s", s, orDefault(string(v), "none")), func(t *testing.T) {
				in := base
				in.Claims = []*annotate.Claim{&c}
				checkCounts(t, in, one)
			})
			all = append(all, &c)
			want.Claims += one.Claims
			want.Verdicts += one.Verdicts
			want.Done += one.Done
			want.Open += one.Open
		}
	}
	if want != (Counts{Claims: 32, Verdicts: 28, Done: 8, Open: 24}) {
		t.Fatalf("the test's own sum is %+v", want)
	}
	t.Run("all", func(t *testing.T) {
		in := base
		in.Claims = append(all, nil) // a nil entry is skipped, not counted
		checkCounts(t, in, want)
	})
	t.Run("none", func(t *testing.T) {
		in := base
		in.Claims = nil
		checkCounts(t, in, Counts{})
	})
}

func checkCounts(t *testing.T, in Input, want Counts) {
	t.Helper()
	if got := Count(in.Claims); got != want {
		t.Errorf("Count = %+v, want %+v", got, want)
	}
	var h, m bytes.Buffer
	if err := HTML(&h, in); err != nil {
		t.Fatal(err)
	}
	if err := Markdown(&m, in); err != nil {
		t.Fatal(err)
	}
	tags := regexp.MustCompile(`<[^>]+>`)
	total := regexp.MustCompile(`<p class="total">(.*)</p>`).FindStringSubmatch(h.String())
	if total == nil {
		t.Fatalf("the HTML report has no counts line")
	}
	phrase := strings.Join(want.Phrases(), " · ")
	// The HTML line reads "verdict given" for one, as Phrases does.
	if got := tags.ReplaceAllString(total[1], ""); got != phrase {
		t.Errorf("HTML counts = %q, want %q", got, phrase)
	}
	if !strings.Contains(m.String(), "\n"+phrase+".\n") {
		t.Errorf("Markdown lacks the counts %q", phrase)
	}
	// The summary table has a row per claim, each with a verdict label.
	table := h.String()
	if i := strings.Index(table, `<table class="claims">`); i >= 0 {
		table = table[i:]
		table = table[:strings.Index(table, "</table>")]
	} else {
		table = ""
	}
	rows := strings.Count(table, `<td class="n">`)
	if rows != want.Claims {
		t.Errorf("summary table has %d rows, want %d", rows, want.Claims)
	}
	if chips := strings.Count(table, `<td><span class="chip">`); chips != want.Claims {
		t.Errorf("summary table has %d verdict labels, want %d", chips, want.Claims)
	}
}

// TestNotesStayInternal checks that notes reach the working formats always,
// the reports for people only when asked, and ClaimReview never; and that
// the rationale reaches every report.
func TestNotesStayInternal(t *testing.T) {
	const note, rationale = "INTERNALNOTE7731", "PUBLICRATIONALE5512"
	in := sampleInput(t)
	for _, c := range in.Claims {
		if c.Verdict != annotate.VerdictNone {
			c.Notes, c.Rationale = note, rationale
		}
	}
	for _, tc := range []struct {
		format              string
		opts                Options
		notes, hasRationale bool
	}{
		{"html", Options{}, false, true},
		{"md", Options{}, false, true},
		{"pdf", Options{}, false, true},
		{"claimreview", Options{IncludeNotes: true}, false, false},
		{"html", Options{IncludeNotes: true}, true, true},
		{"md", Options{IncludeNotes: true}, true, true},
		{"pdf", Options{IncludeNotes: true}, true, true},
		{"csv", Options{}, true, true},
		{"json", Options{}, true, true},
		{"w3c", Options{}, true, true},
	} {
		var b bytes.Buffer
		if err := Write(&b, tc.format, []Input{in}, tc.opts); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		if tc.format == "pdf" {
			out = pdfStrings(t, b.Bytes())
		}
		if got := strings.Contains(out, note); got != tc.notes {
			t.Errorf("%s %+v: notes shown = %v, want %v", tc.format, tc.opts, got, tc.notes)
		}
		if got := strings.Contains(out, rationale); got != tc.hasRationale {
			t.Errorf("%s %+v: rationale shown = %v, want %v", tc.format, tc.opts, got, tc.hasRationale)
		}
	}
}

// pdfStrings is the text of a PDF as poppler's pdftotext extracts it.
func pdfStrings(t *testing.T, b []byte) string {
	t.Helper()
	bin := requireTool(t, "pdftotext", "poppler-utils")
	path := filepath.Join(t.TempDir(), "r.pdf")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// TestFullTextOnlyWhenAsked checks that the published reports quote claims
// in context and reprint the article only with FullText.
func TestFullTextOnlyWhenAsked(t *testing.T) {
	in := sampleInput(t)
	// The last paragraph holds no claim: it is printed only as full text.
	const only = "The council will vote on next year"
	for _, format := range []string{"html", "md"} {
		for _, full := range []bool{false, true} {
			var b bytes.Buffer
			if err := Write(&b, format, []Input{in}, Options{FullText: full}); err != nil {
				t.Fatal(err)
			}
			if got := strings.Contains(b.String(), only); got != full {
				t.Errorf("%s FullText=%v: article paragraph printed = %v", format, full, got)
			}
		}
	}
}

func TestQuoteContext(t *testing.T) {
	in := sampleInput(t)
	text := []rune(in.Article.Text)
	ctx := contexts(text, paragraphs(text), in.Claims)
	for _, tc := range []struct {
		claim         int
		before, after string
	}{
		// The quote starts mid-sentence: the rest of its sentence, and the
		// sentence after.
		{0, "The mayor of Riverton, Ana Duarte, told the city council on Tuesday that ", `. "Our streets are safer than they have been in a generation," she said.`},
		// The quote starts a paragraph: no context before it.
		{3, "Police figures released in January show ", ", a fall of about 22 percent. The department's annual report notes that the recording rules changed in March 2024."},
		{6, "Council member Joe Park replied that the drop \"had nothing to do with the mayor\" and credited a state programme that funds youth centres. State data show that ", "."},
	} {
		q := ctx[tc.claim]
		if q.Before != tc.before || q.After != tc.after || q.Quote != in.Claims[tc.claim].Exact {
			t.Errorf("claim %d context:\n before %q\n  quote %q\n  after %q\nwant\n before %q\n  after %q", tc.claim+1, q.Before, q.Quote, q.After, tc.before, tc.after)
		}
	}
	// A long run-on sentence is clipped at a word, with an ellipsis.
	long := strings.Repeat("and then the council talked about it again ", 30)
	a := &annotate.Article{Title: "t", Text: long + "the claim is here " + long + "."}
	start, end, _ := annotate.FindQuote(a.Text, "the claim is here", 0)
	c, _ := annotate.NewClaim(a, start, end)
	r := []rune(a.Text)
	q := contexts(r, paragraphs(r), []*annotate.Claim{c})[0]
	if !q.ClippedBefore || !q.ClippedAfter || len([]rune(q.Before)) > maxContext+1 || len([]rune(q.After)) > maxContext+1 {
		t.Errorf("long context not clipped: %d and %d code points", len([]rune(q.Before)), len([]rune(q.After)))
	}
}

// TestBidiIsolated puts right-to-left overrides and isolates, unclosed, in
// every user field and checks that each HTML, Markdown and CSV export
// closes them, so that no override reaches the text after its field.
func TestBidiIsolated(t *testing.T) {
	const evil = "Ana\u202Egnitsoh\u2067 nur"
	in := sampleInput(t)
	a := *in.Article
	a.Title, a.Byline, a.Publisher = evil, evil, evil
	in.Article = &a
	in.Org.Name = evil
	for _, c := range in.Claims {
		c.Claimant, c.Statement, c.Rationale, c.Notes = evil, evil, evil, evil
		for k := range c.Sources {
			c.Sources[k].Title, c.Sources[k].Publisher = evil, evil
		}
	}
	for _, format := range []string{"html", "md", "csv"} {
		var b bytes.Buffer
		if err := Write(&b, format, []Input{in}, Options{IncludeNotes: true, FullText: true}); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		if !strings.Contains(out, "\u202E") {
			t.Fatalf("%s: the override was dropped rather than isolated", format)
		}
		switch format {
		case "csv":
			recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			for _, rec := range recs {
				for _, cell := range rec {
					if open := openBidi(cell); open != 0 {
						t.Errorf("csv cell %q leaves %d controls open", cell, open)
					}
					if hasBidi(cell) && !(strings.HasPrefix(cell, "\u2068") && strings.HasSuffix(cell, "\u2069")) {
						t.Errorf("csv cell %q is not isolated", cell)
					}
				}
			}
		default:
			// Every line, a paragraph or cell of the page, closes what it opens.
			for _, line := range strings.Split(out, "\n") {
				if open := openBidi(line); open != 0 {
					t.Errorf("%s line leaves %d controls open: %.120q", format, open, line)
				}
			}
		}
	}
	if got := balanceBidi("a\u202Cb\u2069c"); got != "abc" {
		t.Errorf("balanceBidi drops stray closers: got %q", got)
	}
	if got := balanceBidi("\u2067x\u202By"); got != "\u2067x\u202By\u202C\u2069" {
		t.Errorf("balanceBidi = %q", got)
	}
}

// openBidi counts the embeddings, overrides and isolates s leaves open.
func openBidi(s string) int {
	var stack []bool
	for _, r := range s {
		switch r {
		case lre, rle, lro, rlo:
			stack = append(stack, false)
		case lri, rli, fsi:
			stack = append(stack, true)
		case pdf:
			if n := len(stack); n > 0 && !stack[n-1] {
				stack = stack[:n-1]
			}
		case pdi:
			k := len(stack) - 1
			for k >= 0 && !stack[k] {
				k--
			}
			if k >= 0 {
				stack = stack[:k]
			}
		}
	}
	return len(stack)
}

// TestVerdictColoursContrast checks that the text drawn on every verdict
// colour meets WCAG AA (4.5:1), and that every verdict has a label.
func TestVerdictColoursContrast(t *testing.T) {
	colors := map[string]string{"in progress": annotate.ColorInProgress, "unchecked": annotate.ColorUnchecked}
	for _, r := range annotate.DefaultScale {
		colors[r.Label] = r.Color
		if strings.TrimSpace(r.Label) == "" {
			t.Errorf("verdict %q has no label", r.Verdict)
		}
	}
	for name, c := range colors {
		bg := hexColor(c)
		if got := contrast(textOnRGB(bg), bg); got < 4.5 {
			t.Errorf("%s (%s): text contrast %.2f, want at least 4.5", name, c, got)
		}
	}
	if got := contrast(rgb{255, 255, 255}, rgb{0, 0, 0}); got < 20.9 || got > 21.1 {
		t.Errorf("contrast(white, black) = %.2f, want 21", got)
	}
}
