package pdftext

import (
	"math"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/factdesk/factdesk/annotate"
)

// Paragraph is one paragraph of a PDF's text in reading order, with what
// it is and the page it starts on.
type Paragraph struct {
	Kind annotate.BlockKind
	Text string // cells of a table row are separated by tabs
	Page int
}

// Layout is a document's text rebuilt for reading.
type Layout struct {
	Title      string
	Paragraphs []Paragraph // footnotes last
	// Removed are the running headers and footers and the page numbers
	// left out, with their page.
	Removed []Paragraph
	// Letters counts the letters of the text; none means the PDF is
	// scanned pages without a text layer.
	Letters int
}

// line is a line of text on a page: its runs from left to right.
type line struct {
	spans        []Span
	top, bottom  float64
	x0, x1, size float64
	page         int
	col          int // 0 left or only column, 1 right column, -1 across both
}

func (l *line) text() string {
	var b strings.Builder
	for i, s := range l.spans {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s.Text)
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// cells are the line's runs that stand apart, as a table's cells do.
func (l *line) cells() []string {
	var out []string
	var cur strings.Builder
	for i, s := range l.spans {
		if i > 0 && s.X0-l.spans[i-1].X1 > 1.5*math.Max(l.size, 6) {
			out = append(out, strings.Join(strings.Fields(cur.String()), " "))
			cur.Reset()
		} else if i > 0 {
			cur.WriteByte(' ')
		}
		cur.WriteString(s.Text)
	}
	return append(out, strings.Join(strings.Fields(cur.String()), " "))
}

// lines groups a page's runs into lines, top to bottom.
func pageLines(p *Page) []*line {
	spans := append([]Span(nil), p.Spans...)
	sort.SliceStable(spans, func(i, j int) bool { return spans[i].Top > spans[j].Top })
	var out []*line
	for _, s := range spans {
		mid := (s.Top + s.Bottom) / 2
		var at *line
		for i := len(out) - 1; i >= 0 && i >= len(out)-3; i-- {
			if mid <= out[i].top && mid >= out[i].bottom {
				at = out[i]
				break
			}
		}
		if at == nil {
			at = &line{top: s.Top, bottom: s.Bottom, x0: s.X0, x1: s.X1, page: p.Number}
			out = append(out, at)
		}
		at.spans = append(at.spans, s)
		at.top, at.bottom = math.Max(at.top, s.Top), math.Min(at.bottom, s.Bottom)
		at.x0, at.x1 = math.Min(at.x0, s.X0), math.Max(at.x1, s.X1)
		at.size = math.Max(at.size, s.Size)
	}
	for _, l := range out {
		sort.SliceStable(l.spans, func(i, j int) bool { return l.spans[i].X0 < l.spans[j].X0 })
		if l.size == 0 {
			l.size = l.top - l.bottom
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].top > out[j].top })
	return out
}

// furnitureKey is a line as it repeats from page to page: digits stand for
// any number (page numbers, dates), case and spaces folded.
func furnitureKey(s string) string {
	var b strings.Builder
	digits := false
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsDigit(r):
			if !digits {
				b.WriteByte('#')
			}
			digits = true
			continue
		case unicode.IsSpace(r):
			continue
		}
		digits = false
		b.WriteRune(r)
	}
	return b.String()
}

var (
	pageNumber = regexp.MustCompile(`(?i)^(?:page\s*)?[-–—(\[]?\s*(?:\d{1,4}|[ivxlcdm]{1,6})\s*(?:(?:/|of)\s*\d{1,4})?\s*[-–—)\]]?$`)
	urlLine    = regexp.MustCompile(`(?i)^(?:https?|file|ftp)://\S+$|^www\.\S+$`)
	dateLine   = regexp.MustCompile(`^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4},?(?:\s+\d{1,2}:\d{2}(?:\s*[AP]M)?)?$`)
)

// margin is the part of the page, from its top or bottom edge, where
// running heads and page numbers stand.
const margin = 0.08

// Build rebuilds the paragraphs of a document in reading order: running
// headers and footers and page numbers left out, columns read one after
// the other, lines joined into paragraphs with the hyphens that break
// words at line ends taken out, tables a row a paragraph with their cells
// apart, and footnotes at the end.
func Build(doc *Document) *Layout {
	out := &Layout{Title: strings.TrimSpace(doc.Title)}
	pages := make([][]*line, len(doc.Pages))
	// The body's size is the one most letters are set in.
	letters := map[float64]int{}
	for i := range doc.Pages {
		pages[i] = pageLines(&doc.Pages[i])
		for _, l := range pages[i] {
			edge := edgeLine(l, &doc.Pages[i])
			for _, s := range l.spans {
				for _, r := range s.Text {
					if unicode.IsLetter(r) {
						out.Letters++
						if !edge {
							letters[math.Round(l.size*2)/2]++
						}
					}
				}
			}
		}
	}
	body, most := 0.0, 0
	for size, n := range letters {
		if n > most || n == most && size < body {
			body, most = size, n
		}
	}
	if t := strings.ToLower(out.Title); strings.HasSuffix(t, ".html") || strings.HasSuffix(t, ".htm") || strings.HasSuffix(t, ".pdf") || strings.HasSuffix(t, ".doc") || strings.HasSuffix(t, ".docx") {
		out.Title = "" // a file name, not a title
	}

	// Running heads and feet: lines in the top or bottom margin that come
	// back on many pages (numbers aside), page numbers, and small print
	// there that is a date, a web address or the document's title.
	// A running head is short, no larger than the body, and the first or
	// last lines of its page: a chapter's heading or the first line of
	// every page is not one, however alike.
	runningHead := func(l *line, page *Page, p []*line, k int) bool {
		return inMargin(l, page) && (k < 2 || k >= len(p)-2) && len(strings.Fields(l.text())) <= 14 && (body == 0 || l.size <= 1.05*body)
	}
	repeats := map[string]int{}
	for i, p := range pages {
		seen := map[string]bool{}
		for k, l := range p {
			if runningHead(l, &doc.Pages[i], p, k) {
				k := furnitureKey(l.text())
				if !seen[k] {
					seen[k] = true
					repeats[k]++
				}
			}
		}
	}
	minRepeat := max(2, (len(pages)+1)/2)
	for i, p := range pages {
		var kept []*line
		for k, l := range p {
			t := l.text()
			if runningHead(l, &doc.Pages[i], p, k) {
				small := body > 0 && l.size < 0.85*body
				if (len(pages) >= 2 && repeats[furnitureKey(t)] >= minRepeat) || pageNumber.MatchString(t) ||
					(small || edgeLine(l, &doc.Pages[i])) && printedFurniture(l.cells(), out.Title) ||
					(small && edgeLine(l, &doc.Pages[i])) {
					out.Removed = append(out.Removed, Paragraph{Kind: annotate.BlockBody, Text: t, Page: l.page})
					continue
				}
			}
			kept = append(kept, l)
		}
		pages[i] = kept
	}

	var notes []Paragraph
	var prev *Paragraph // the paragraph being written, which may go on over a page
	var prevLine *line
	var vocab map[string]bool
	for i, p := range pages {
		p = readingOrder(p, &doc.Pages[i])
		gap := lineGap(p)
		for j := 0; j < len(p); j++ {
			l := p[j]
			t := l.text()
			if t == "" {
				continue
			}
			// Small print at the foot of the page, starting with a
			// number or a mark: a footnote.
			if body > 0 && l.size < 0.9*body && l.top < doc.Pages[i].Height*0.3 && footnoteStart(t) {
				notes = append(notes, Paragraph{Kind: annotate.BlockFootnote, Text: t, Page: l.page})
				prevLine = nil
				continue
			}
			if body > 0 && l.size < 0.9*body && l.top < doc.Pages[i].Height*0.3 && len(notes) > 0 && notes[len(notes)-1].Page == l.page && prevLine == nil {
				notes[len(notes)-1].Text += " " + t
				continue
			}
			// Rows: two or more lines in a row whose runs stand apart.
			if cells := l.cells(); len(cells) >= 2 && (j+1 < len(p) && len(p[j+1].cells()) >= 2 || j > 0 && len(p[j-1].cells()) >= 2) {
				out.Paragraphs = append(out.Paragraphs, Paragraph{Kind: annotate.BlockRow, Text: strings.Join(cells, "\t"), Page: l.page})
				prev, prevLine = nil, l
				continue
			}
			heading := body > 0 && l.size > 1.15*body && len(strings.Fields(t)) <= 25
			newPara := prev == nil || prevLine == nil || prev.Kind == annotate.BlockRow ||
				heading != (prev.Kind == annotate.BlockHeading) ||
				(prevLine.page == l.page && prevLine.col == l.col && prevLine.bottom-l.top > gap*1.5+1) ||
				(prevLine.page == l.page && prevLine.col == l.col && l.x0 > prevLine.x0+1.5*body && l.x0-prevLine.x0 < 60 && endsSentence(prev.Text)) ||
				(prevLine.page != l.page && (endsSentence(prev.Text) || !startsLower(t))) ||
				(prevLine.col != l.col && endsSentence(prev.Text))
			if heading && prev != nil && prev.Kind == annotate.BlockHeading && prevLine != nil && prevLine.page == l.page && prevLine.bottom-l.top < l.size {
				newPara = false // a heading over two lines
			}
			if newPara {
				kind := annotate.BlockBody
				if heading {
					kind = annotate.BlockHeading
				}
				out.Paragraphs = append(out.Paragraphs, Paragraph{Kind: kind, Text: t, Page: l.page})
				prev = &out.Paragraphs[len(out.Paragraphs)-1]
			} else {
				if vocab == nil {
					vocab = vocabulary(pages)
				}
				prev.Text = joinLines(prev.Text, t, vocab)
			}
			prevLine = l
		}
	}
	for i := range out.Paragraphs {
		out.Paragraphs[i].Text = strings.ReplaceAll(out.Paragraphs[i].Text, "\u00ad", "")
	}
	out.Paragraphs = append(out.Paragraphs, notes...)
	if out.Title == "" {
		for _, p := range out.Paragraphs {
			if p.Kind == annotate.BlockHeading && p.Page == 1 {
				out.Title = p.Text
				break
			}
		}
	}
	return out
}

// printedFurniture reports whether every part of a line is what a browser
// or a word processor prints in the margins: a page number, a date and
// time, a web address, the document's title.
func printedFurniture(cells []string, title string) bool {
	for _, c := range cells {
		if !pageNumber.MatchString(c) && !urlLine.MatchString(c) && !dateLine.MatchString(c) && (title == "" || !foldEq(c, title)) {
			return false
		}
	}
	return len(cells) > 0
}

// inMargin reports whether a line stands in the page's top or bottom margin.
func inMargin(l *line, p *Page) bool {
	h := p.Height
	if h <= 0 {
		return false
	}
	return l.bottom > h*(1-margin) || l.top < h*margin
}

// edgeLine reports whether a line stands closer to the page's edge than
// any body text would: within half an inch of the top or bottom.
func edgeLine(l *line, p *Page) bool {
	return l.bottom > p.Height-40 || l.top < 40
}

func foldEq(a, b string) bool {
	return strings.EqualFold(strings.Join(strings.Fields(a), " "), strings.Join(strings.Fields(b), " "))
}

// readingOrder orders a page's lines for reading: when a gutter splits the
// page into two columns, the lines across it that stand above the columns
// come first, then the left column, the right one, and the lines below.
func readingOrder(p []*line, page *Page) []*line {
	w := page.Width
	if w <= 0 || len(p) < 6 {
		return p
	}
	// Columns of white: how many runs cover each point of the width.
	cover := make([]int, int(w)+1)
	runs := 0
	for _, l := range p {
		for _, s := range l.spans {
			runs++
			for x := max(0, int(s.X0)); x <= min(int(w), int(s.X1)); x++ {
				cover[x]++
			}
		}
	}
	// A title or a figure may cross the gutter; little else does.
	crossing := max(1, runs/10)
	best, bestLen := -1, 0
	for x := int(w * 0.3); x < int(w*0.7); x++ {
		if cover[x] > crossing {
			continue
		}
		n := 0
		for y := x; y < int(w*0.7) && cover[y] <= crossing; y++ {
			n++
		}
		if n > bestLen {
			best, bestLen = x+n/2, n
		}
		x += n
	}
	if best < 0 || bestLen < 6 {
		return p
	}
	gutter := float64(best)
	// A line with runs on both sides and none across is two lines, one
	// in each column.
	var split []*line
	var widths [2][]float64
	for _, l := range p {
		var sides [2][]Span
		across := false
		for _, s := range l.spans {
			switch {
			case s.X1 <= gutter:
				sides[0] = append(sides[0], s)
			case s.X0 >= gutter:
				sides[1] = append(sides[1], s)
			default:
				across = true
			}
		}
		if across || len(sides[0]) == 0 || len(sides[1]) == 0 {
			split = append(split, l)
			continue
		}
		for _, side := range sides {
			nl := &line{spans: side, top: math.Inf(-1), bottom: math.Inf(1), x0: math.Inf(1), x1: math.Inf(-1), page: l.page}
			for _, s := range side {
				nl.top, nl.bottom = math.Max(nl.top, s.Top), math.Min(nl.bottom, s.Bottom)
				nl.x0, nl.x1 = math.Min(nl.x0, s.X0), math.Max(nl.x1, s.X1)
				nl.size = math.Max(nl.size, s.Size)
			}
			if nl.size == 0 {
				nl.size = nl.top - nl.bottom
			}
			split = append(split, nl)
		}
	}
	p = split
	left, right := 0, 0
	for _, l := range p {
		switch {
		case l.x1 <= gutter:
			l.col = 0
			left++
			widths[0] = append(widths[0], l.x1-l.x0)
		case l.x0 >= gutter:
			l.col = 1
			right++
			widths[1] = append(widths[1], l.x1-l.x0)
		default:
			l.col = -1
		}
	}
	// Columns of text are wide; a table's cells, apart the same way, are
	// narrow and read across.
	if left < 3 || right < 3 || median(widths[0]) < w*0.25 || median(widths[1]) < w*0.25 {
		for _, l := range p {
			l.col = 0
		}
		sort.SliceStable(p, func(i, j int) bool { return p[i].top > p[j].top })
		return mergeLines(p)
	}
	// Lines across the gutter above the first column line go first; the
	// others after the columns.
	colTop := math.Inf(-1)
	for _, l := range p {
		if l.col >= 0 {
			colTop = math.Max(colTop, l.top)
		}
	}
	rank := func(l *line) int {
		switch {
		case l.col < 0 && l.bottom >= colTop:
			return 0
		case l.col == 0:
			return 1
		case l.col == 1:
			return 2
		}
		return 3
	}
	out := append([]*line(nil), p...)
	sort.SliceStable(out, func(i, j int) bool {
		if rank(out[i]) != rank(out[j]) {
			return rank(out[i]) < rank(out[j])
		}
		return out[i].top > out[j].top
	})
	return out
}

// mergeLines puts back together the lines split at a gutter that was no
// column's: runs at one height are one line.
func mergeLines(p []*line) []*line {
	var out []*line
	for _, l := range p {
		if n := len(out); n > 0 && out[n-1].page == l.page && math.Abs(out[n-1].top-l.top) < 0.5 && math.Abs(out[n-1].bottom-l.bottom) < 0.5 {
			prev := out[n-1]
			prev.spans = append(prev.spans, l.spans...)
			sort.SliceStable(prev.spans, func(i, j int) bool { return prev.spans[i].X0 < prev.spans[j].X0 })
			prev.x0, prev.x1 = math.Min(prev.x0, l.x0), math.Max(prev.x1, l.x1)
			continue
		}
		out = append(out, l)
	}
	return out
}

// lineGap is the usual distance between one line's bottom and the next
// one's top on a page.
func lineGap(p []*line) float64 {
	var gaps []float64
	for i := 1; i < len(p); i++ {
		if p[i].col == p[i-1].col {
			if g := p[i-1].bottom - p[i].top; g > -2 && g < 3*p[i].size {
				gaps = append(gaps, math.Max(g, 0))
			}
		}
	}
	if len(gaps) == 0 {
		return 4
	}
	return median(gaps)
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	return s[len(s)/2]
}

func endsSentence(s string) bool {
	s = strings.TrimRight(s, " \"'”’)]")
	r, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune(".!?:;…", r)
}

func startsLower(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}

func footnoteStart(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsDigit(r) || strings.ContainsRune("*†‡§¹²³⁴⁵⁶⁷⁸⁹", r)
}

// vocabulary is every word of the document, to tell a word broken by a
// hyphen at a line's end from a compound that was written with one.
func vocabulary(pages [][]*line) map[string]bool {
	v := map[string]bool{}
	for _, p := range pages {
		for _, l := range p {
			for _, w := range strings.Fields(l.text()) {
				v[strings.ToLower(strings.Trim(w, ".,;:!?\"'()[]“”‘’"))] = true
			}
		}
	}
	return v
}

// joinLines joins a line to the paragraph before it, mending a word
// broken by a hyphen at the line's end (PDFium marks a hyphen there as a
// soft one, "\u00ad"). Whether the hyphen belongs to the word is read from
// the document's own words: the word written whole elsewhere is joined; a
// compound written with its hyphen elsewhere, or whose parts are words of
// their own ("frontend-oriented"), keeps it; otherwise the word is joined
// ("sustain-able"), as typesetters break words.
func joinLines(para, next string, vocab map[string]bool) string {
	soft := strings.HasSuffix(para, "\u00ad")
	if !soft && (!strings.HasSuffix(para, "-") || strings.HasSuffix(para, "--") || !startsLower(next)) {
		return para + " " + next
	}
	body := strings.TrimSuffix(strings.TrimSuffix(para, "\u00ad"), "-")
	i := strings.LastIndexFunc(body, func(r rune) bool { return !unicode.IsLetter(r) })
	head := strings.ToLower(body[i+1:])
	tail, _, _ := strings.Cut(next, " ")
	tail = strings.ToLower(strings.Trim(tail, ".,;:!?\"'()[]“”‘’"))
	if head == "" || !startsLower(next) {
		if soft {
			return body + "-" + next
		}
		return para + " " + next
	}
	join := body + next
	keep := body + "-" + next
	switch {
	case vocab[head+tail] && !vocab[head+"-"+tail]:
		return join
	case vocab[head+"-"+tail]:
		return keep
	case (vocab[head] && utf8.RuneCountInString(head) >= 3 || vocab[tail] && utf8.RuneCountInString(tail) >= 4) && !wordEnding(tail):
		return keep
	}
	return join
}

// wordEnding reports whether s is only the end of a word, as a line's
// broken word leaves on the next line: "able", "tion", "ment".
func wordEnding(s string) bool {
	for _, e := range []string{"able", "ible", "tion", "tions", "sion", "ment", "ments", "ness", "ing", "ings", "ity", "ities", "ally", "ence", "ance", "ous", "ive", "ical", "ted", "ed", "er", "ers", "ly", "al"} {
		if s == e {
			return true
		}
	}
	return false
}
