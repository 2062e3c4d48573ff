package pdftext

import (
	"fmt"
	"strings"
	"testing"
)

// columnsPage is a page with a title across it, then two columns of six
// lines each, side by side, and a page number at the foot.
func columnsPage(n int) Page {
	p := Page{Number: n, Width: 600, Height: 800}
	p.Spans = append(p.Spans, Span{Text: "Two columns report", X0: 50, X1: 550, Top: 740, Bottom: 720, Size: 18})
	for col, x := range []float64{50, 320} {
		for i := 0; i < 6; i++ {
			top := 700 - float64(i)*14
			text := fmt.Sprintf("col%d line%d of the text", col+1, i+1)
			if i == 5 {
				text += "."
			}
			p.Spans = append(p.Spans, Span{Text: text, X0: x, X1: x + 230, Top: top, Bottom: top - 10, Size: 10})
		}
	}
	p.Spans = append(p.Spans, Span{Text: fmt.Sprint(n), X0: 295, X1: 305, Top: 30, Bottom: 22, Size: 8})
	return p
}

func TestBuildColumns(t *testing.T) {
	l := Build(&Document{Pages: []Page{columnsPage(1), columnsPage(2)}})
	var got []string
	for _, p := range l.Paragraphs {
		got = append(got, fmt.Sprintf("%s p%d: %s", p.Kind, p.Page, p.Text))
	}
	want := []string{
		"heading p1: Two columns report",
		"body p1: col1 line1 of the text col1 line2 of the text col1 line3 of the text col1 line4 of the text col1 line5 of the text col1 line6 of the text.",
		"body p1: col2 line1 of the text col2 line2 of the text col2 line3 of the text col2 line4 of the text col2 line5 of the text col2 line6 of the text.",
		"heading p2: Two columns report",
		"body p2: col1 line1 of the text col1 line2 of the text col1 line3 of the text col1 line4 of the text col1 line5 of the text col1 line6 of the text.",
		"body p2: col2 line1 of the text col2 line2 of the text col2 line3 of the text col2 line4 of the text col2 line5 of the text col2 line6 of the text.",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("paragraphs =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(l.Removed) != 2 {
		t.Errorf("removed %v, want the two page numbers", l.Removed)
	}
}

func TestJoinLines(t *testing.T) {
	vocab := map[string]bool{"frontend": true, "sustainable": true}
	for _, tt := range []struct{ para, next, want string }{
		{"a sustain-", "able budget", "a sustainable budget"},
		{"a frontend-", "oriented plan", "a frontend-oriented plan"},
		{"a sustain\u00ad", "able budget", "a sustainable budget"},
		{"in 2019-", "2020 it", "in 2019- 2020 it"},
		{"so --", "and", "so -- and"},
		{"the end.", "Next", "the end. Next"},
	} {
		if got := joinLines(tt.para, tt.next, vocab); got != tt.want {
			t.Errorf("joinLines(%q, %q) = %q, want %q", tt.para, tt.next, got, tt.want)
		}
	}
}

// FuzzBuild lays out pages of runs made from arbitrary bytes: whatever a
// hostile PDF makes PDFium report, the layout must not fail, and every
// paragraph must name a page of the document.
func FuzzBuild(f *testing.F) {
	f.Add([]byte("\x10\x20\x30\x40hello world\x00\x50\x20\x60\x40second line-\x00\x50\x20\x55\x40broken\x00"), uint8(2))
	f.Add([]byte("1\x00\x01\x01\x01\x01x"), uint8(1))
	f.Fuzz(func(t *testing.T, data []byte, pages uint8) {
		n := int(pages%5) + 1
		doc := &Document{}
		for i := 0; i < n; i++ {
			doc.Pages = append(doc.Pages, Page{Number: i + 1, Width: 600, Height: 800})
		}
		for i := 0; len(data) >= 5; i++ {
			x, y, w, size := float64(data[0])*3, float64(data[1])*3, float64(data[2]), float64(data[3]%40)
			text, rest, _ := strings.Cut(string(data[4:]), "\x00")
			data = []byte(rest)
			p := &doc.Pages[i%n]
			p.Spans = append(p.Spans, Span{Text: text, X0: x, X1: x + w, Top: y + size, Bottom: y, Size: size})
		}
		l := Build(doc)
		for _, p := range append(l.Paragraphs, l.Removed...) {
			if p.Page < 1 || p.Page > n {
				t.Fatalf("paragraph %q on page %d of %d", p.Text, p.Page, n)
			}
		}
	})
}
