package ingest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	readability "codeberg.org/readeck/go-readability/v2"
	"github.com/factdesk/factdesk/annotate"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// textBefore is a page's text as the importer made it before furniture
// removal: readability's article rendered as paragraphs, everything kept.
func textBefore(t *testing.T, src []byte) string {
	t.Helper()
	s, err := decodeHTML(src, "")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		t.Fatal(err)
	}
	parser := readability.NewParser()
	art, err := parser.ParseAndMutate(doc, nil)
	if err != nil || art.Node == nil {
		return ""
	}
	return renderText(art.Node)
}

// expectedBody is a page's expected.html as text with its figure captions
// (figcaption elements) left out.
func expectedBody(t *testing.T, dir string) (string, bool) {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "expected.html"))
	if err != nil {
		return "", false
	}
	defer f.Close()
	doc, err := html.Parse(f)
	if err != nil {
		t.Fatal(err)
	}
	var drop func(*html.Node)
	drop = func(n *html.Node) {
		for c := n.FirstChild; c != nil; {
			next := c.NextSibling
			if c.Type == html.ElementNode && c.DataAtom == atom.Figcaption {
				n.RemoveChild(c)
			} else {
				drop(c)
			}
			c = next
		}
	}
	drop(doc)
	return renderText(doc), true
}

// bodyText is the text of the blocks that are neither captions nor
// furniture.
func bodyText(d *Document) string {
	blocks := d.Blocks
	if blocks == nil {
		return d.Text
	}
	runes := []rune(d.Text)
	var parts []string
	for _, b := range blocks {
		if b.Kind != annotate.BlockCaption {
			parts = append(parts, string(runes[b.Start:b.End]))
		}
	}
	return strings.Join(parts, "\n\n")
}

type furnitureLabel struct {
	Text   string `json:"text"`
	Inline bool   `json:"inline"`
}

// occurrences counts label l in text: as whole paragraphs, or as a piece
// of any paragraph for an inline label; a text ending in * matches the
// paragraphs that start with it.
func occurrences(text string, l furnitureLabel) int {
	if l.Inline {
		return strings.Count(text, l.Text)
	}
	n := 0
	want := strings.Join(strings.Fields(l.Text), " ")
	for _, p := range strings.Split(text, "\n\n") {
		p = strings.Join(strings.Fields(p), " ")
		if prefix, ok := strings.CutSuffix(want, "*"); ok && strings.HasPrefix(p, prefix) || p == want {
			n++
		}
	}
	return n
}

// TestFurnitureLabels measures furniture removal on 20 news pages whose
// furniture lines were labelled by hand (testdata/furniture/labels.json):
// recall is the share of labelled occurrences gone from the text, precision
// the share of removed pieces that are labelled furniture.
func TestFurnitureLabels(t *testing.T) {
	dir := readabilityCorpus(t)
	raw, err := os.ReadFile(filepath.Join("testdata", "furniture", "labels.json"))
	if err != nil {
		t.Fatal(err)
	}
	var labels struct{ Pages map[string][]furnitureLabel }
	if err := json.Unmarshal(raw, &labels); err != nil {
		t.Fatal(err)
	}
	if len(labels.Pages) != 20 {
		t.Fatalf("labels cover %d pages, want 20", len(labels.Pages))
	}
	names := make([]string, 0, len(labels.Pages))
	for name := range labels.Pages {
		names = append(names, name)
	}
	sort.Strings(names)
	var labelled, gone, removed, right int
	for _, name := range names {
		src, err := os.ReadFile(filepath.Join(dir, name, "source.html"))
		if err != nil {
			t.Fatal(err)
		}
		before := textBefore(t, src)
		d, err := Parse(src, FormatHTML, "source.html", "http://fakehost/test/page.html")
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		// Each distinct label once, with the number of times it is listed.
		listed := map[furnitureLabel]int{}
		for _, l := range labels.Pages[name] {
			listed[l]++
		}
		pageGone, pageLabelled := 0, 0
		for l, n := range listed {
			if got := occurrences(before, l); got < n {
				t.Errorf("%s: label %q occurs %d times in the text before removal, listed %d times", name, l.Text, got, n)
				n = got
			}
			after := min(occurrences(d.Text, l), n)
			pageLabelled += n
			pageGone += n - after
			if after > 0 {
				t.Logf("%s: kept furniture %q ×%d", name, l.Text, after)
			}
		}
		pageRight := 0
		for _, r := range d.Removed {
			if isLabelled(r.Text, labels.Pages[name]) {
				pageRight++
			} else {
				t.Logf("%s: removed %q (%s), not labelled furniture", name, r.Text, r.Reason)
			}
		}
		labelled += pageLabelled
		gone += pageGone
		removed += len(d.Removed)
		right += pageRight
		t.Logf("%-26s labelled %2d removed %2d of them; removed %2d pieces, %2d labelled", name, pageLabelled, pageGone, len(d.Removed), pageRight)
	}
	precision := float64(right) / float64(max(removed, 1))
	recall := float64(gone) / float64(max(labelled, 1))
	fmt.Printf("furniture on 20 labelled news pages: %d labelled lines, %d removed (recall %.3f); %d pieces removed, %d of them labelled (precision %.3f)\n",
		labelled, gone, recall, removed, right, precision)
	if precision < 0.95 {
		t.Errorf("precision = %.3f, want ≥ 0.95", precision)
	}
	if recall < 0.75 {
		t.Errorf("recall = %.3f, want ≥ 0.75", recall)
	}
}

// isLabelled reports whether a removed piece is, or is part of, a labelled
// furniture line.
func isLabelled(text string, labels []furnitureLabel) bool {
	norm := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	text = norm(text)
	for _, l := range labels {
		want := norm(strings.TrimSuffix(l.Text, "*"))
		if text == want || strings.Contains(want, text) || strings.HasSuffix(l.Text, "*") && strings.HasPrefix(text, want) {
			return true
		}
	}
	return false
}

// referenceFurniture is how the corpus measurement recognises a furniture
// line, apart from the importer's own rules: the phrases the issue names
// and the shapes of credits and promos.
var referenceFurniture = regexp.MustCompile(`(?i)^(photo|image|video|advertisement|continue reading( the main story)?|read more:?|what'?s next|more|related|share( this)?|sign up for .*newsletter.*|\[read: .*\]|.*\bcredit\b.*/.*|credit\s?.*|[\p{Lu}][\p{L}.' -]{1,40}/(getty images|reuters|ap|afp|aol|cnet|the new york times)|photo (by|:) .*|.* \| \d+ photos|play video)$`)

// countReference counts the reference furniture lines of text, and the
// credits run into a paragraph ("….CreditName/Agency").
func countReference(text string) int {
	n := 0
	for _, p := range strings.Split(text, "\n\n") {
		p = strings.TrimSpace(p)
		if referenceFurniture.MatchString(p) {
			n++
		} else if runInCredit.MatchString(p) {
			n++
		}
	}
	return n
}

var runInCredit = regexp.MustCompile(`[a-z.]Credit\s?[\p{Lu}]`)

// TestFurnitureCorpus measures, on all pages of the corpus, the reference
// furniture lines left before and after removal, and the word F1 of the
// body (captions left out on both sides) against the expected output
// before and after; the body's F1 may not drop. Nothing is lost: every
// word of the text before is in the text after or among the removed.
func TestFurnitureCorpus(t *testing.T) {
	dir := readabilityCorpus(t)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var pages, withExpected, refBefore, refAfter int
	var f1Before, f1After float64
	for _, e := range entries {
		src, err := os.ReadFile(filepath.Join(dir, e.Name(), "source.html"))
		if err != nil {
			continue
		}
		pages++
		before := textBefore(t, src)
		d, err := Parse(src, FormatHTML, "source.html", "http://fakehost/test/page.html")
		if err != nil {
			if before != "" {
				t.Logf("%s: %v", e.Name(), err)
			}
			continue
		}
		if Canonical(d.Text) != d.Text {
			t.Errorf("%s: the text is not canonical", e.Name())
		}
		checkBlocks(t, e.Name(), d)
		refBefore += countReference(before)
		refAfter += countReference(d.Text)
		var all bytes.Buffer
		all.WriteString(d.Text)
		for _, r := range d.Removed {
			all.WriteString("\n\n" + r.Text)
		}
		if f := wordF1(words(all.String()), words(before)); f < 0.999 {
			t.Errorf("%s: text and removed pieces together have word F1 %.4f against the text before, want ≥ 0.999: something was lost", e.Name(), f)
		}
		want, ok := expectedBody(t, filepath.Join(dir, e.Name()))
		if !ok {
			continue
		}
		withExpected++
		// Before, there were no kinds: the whole text was the body.
		fb := wordF1(words(before), words(want))
		fa := wordF1(words(bodyText(d)), words(want))
		f1Before += fb
		f1After += fa
		if fa != fb {
			t.Logf("%s: body F1 %.4f → %.4f", e.Name(), fb, fa)
		}
	}
	fmt.Printf("furniture lines by the reference patterns on %d pages: %d before, %d after\n", pages, refBefore, refAfter)
	fmt.Printf("body word F1 against expected output without figure captions, %d pages: before %.4f, after %.4f\n",
		withExpected, f1Before/float64(withExpected), f1After/float64(withExpected))
	if f1After < f1Before {
		t.Errorf("average body F1 dropped: %.4f → %.4f", f1Before/float64(withExpected), f1After/float64(withExpected))
	}
	if refAfter >= refBefore {
		t.Errorf("reference furniture lines: %d before, %d after; want fewer after", refBefore, refAfter)
	}
}

// checkBlocks checks that d's blocks tile its text: in order, each on one
// paragraph, every paragraph in one block.
func checkBlocks(t *testing.T, name string, d *Document) {
	t.Helper()
	if d.Blocks == nil {
		return
	}
	want := annotate.ParagraphBlocks(d.Text)
	if len(want) != len(d.Blocks) {
		t.Errorf("%s: %d blocks for %d paragraphs", name, len(d.Blocks), len(want))
		return
	}
	for i, b := range d.Blocks {
		if b.Start != want[i].Start || b.End != want[i].End || b.Kind == "" {
			t.Errorf("%s: block %d is %+v, want the paragraph %d–%d", name, i, b, want[i].Start, want[i].End)
			return
		}
	}
}
