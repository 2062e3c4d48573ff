package report

import (
	_ "embed"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/go-pdf/fpdf"

	"github.com/factdesk/factdesk/annotate"
)

// The DejaVu fonts (Bitstream Vera licence, see fonts/LICENSE) cover Latin,
// Greek and Cyrillic, so that names and quotes print as written.
var (
	//go:embed fonts/DejaVuSans.ttf
	fontSans []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	fontSansBold []byte
	//go:embed fonts/DejaVuSerif.ttf
	fontSerif []byte
)

// PDFOptions sets how a PDF report is laid out.
type PDFOptions struct {
	// PageSize is "A4" (the default) or "Letter".
	PageSize string
}

// PDF writes the report as an A4 PDF.
func PDF(w io.Writer, in Input) error { return PDFWith(w, in, PDFOptions{}) }

// PDFWith writes the report as a PDF laid out as opts says: the header, a
// summary bar, the article with claimed spans on a background of their
// verdict's colour and numbered markers linking to their cards, a card per
// claim and the methodology.
func PDFWith(w io.Writer, in Input, opts PDFOptions) error {
	size := "A4"
	switch strings.ToLower(opts.PageSize) {
	case "", "a4":
	case "letter":
		size = "Letter"
	default:
		return annotate.Errorf(annotate.EINVALID, "unknown page size %q (want A4 or Letter)", opts.PageSize)
	}
	d := newPDFDoc(size)
	d.render(in)
	if err := d.f.Error(); err != nil {
		return annotate.Errorf(annotate.EINTERNAL, "making the PDF: %v", err)
	}
	return d.f.Output(w)
}

type rgb struct{ r, g, b int }

// hexColor parses #rrggbb; anything else is grey.
func hexColor(s string) rgb {
	if len(s) == 7 && s[0] == '#' {
		v, err := strconv.ParseUint(s[1:], 16, 32)
		if err == nil {
			return rgb{int(v >> 16 & 0xff), int(v >> 8 & 0xff), int(v & 0xff)}
		}
	}
	return rgb{128, 128, 128}
}

// tint mixes c with white, keeping the share k of c.
func tint(c rgb, k float64) rgb {
	mix := func(v int) int { return int(float64(v)*k + 255*(1-k) + 0.5) }
	return rgb{mix(c.r), mix(c.g), mix(c.b)}
}

var (
	inkColor   = rgb{31, 35, 40}
	mutedColor = rgb{89, 99, 110}
	ruleColor  = rgb{216, 222, 228}
	softColor  = rgb{246, 248, 250}
	linkColor  = rgb{11, 79, 138}
	white      = rgb{255, 255, 255}
)

// pdfStyle is how a run of text is drawn.
type pdfStyle struct {
	font  string // sans, sansB or serif
	size  float64
	color rgb
	fill  *rgb // background behind the text
	under *rgb // a line under the text
	badge *rgb // drawn as a small numbered badge raised above the line
	mark  *rgb // a small square of this colour before the text
	link  int  // internal link, 0 for none
	url   string
}

// markW is the room a mark takes before its text, in millimetres.
const markW = 3.0

type pdfSpan struct {
	text string
	st   *pdfStyle
}

type pdfDoc struct {
	f                    *fpdf.Fpdf
	left, right, top     float64
	bottom, pageH, textW float64
	font                 string
	size                 float64
	links                []int
	// tc, fc and dc are the text, fill and draw colours last set; they are
	// trusted only while colorsKnown, which a new page clears.
	tc, fc, dc  rgb
	colorsKnown bool
}

func newPDFDoc(size string) *pdfDoc {
	f := fpdf.New("P", "mm", size, "")
	f.AddUTF8FontFromBytes("sans", "", fontSans)
	f.AddUTF8FontFromBytes("sansB", "", fontSansBold)
	f.AddUTF8FontFromBytes("serif", "", fontSerif)
	const margin = 20.0
	f.SetMargins(margin, margin, margin)
	f.SetAutoPageBreak(false, 0)
	f.SetCreator("FactDesk", true)
	f.SetProducer("FactDesk", true)
	f.AliasNbPages("{nb}")
	pw, ph := f.GetPageSize()
	return &pdfDoc{f: f, left: margin, right: pw - margin, top: margin, bottom: ph - 18, pageH: ph, textW: pw - 2*margin}
}

func (d *pdfDoc) setFont(font string, size float64) {
	if d.font != font || d.size != size {
		d.f.SetFont(font, "", size)
		d.font, d.size = font, size
	}
}

// The colour setters skip a colour that is already set: fpdf formats every
// call, and a report of thousands of claims makes millions of them.
func (d *pdfDoc) textColor(c rgb) {
	if !d.colorsKnown || d.tc != c {
		d.f.SetTextColor(c.r, c.g, c.b)
		d.tc = c
	}
}

func (d *pdfDoc) fillColor(c rgb) {
	if !d.colorsKnown || d.fc != c {
		d.f.SetFillColor(c.r, c.g, c.b)
		d.fc = c
	}
}

func (d *pdfDoc) drawColor(c rgb) {
	if !d.colorsKnown || d.dc != c {
		d.f.SetDrawColor(c.r, c.g, c.b)
		d.dc = c
	}
}

// need starts a new page unless h millimetres fit below the current line.
func (d *pdfDoc) need(h float64) {
	if d.f.GetY()+h > d.bottom {
		d.addPage()
	}
}

func (d *pdfDoc) addPage() {
	tc, fc, dc := d.tc, d.fc, d.dc
	d.f.AddPage()
	d.font, d.size = "", 0 // fpdf restores the font, but say so explicitly
	// The footer drew in its own colours and fpdf put the page's back: set
	// the page's afresh, then trust them.
	d.colorsKnown = false
	d.textColor(tc)
	d.fillColor(fc)
	d.drawColor(dc)
	d.colorsKnown = true
	d.f.SetY(d.top)
}

// pdfText makes s safe for the embedded fonts: characters outside the
// Basic Multilingual Plane become U+FFFD (fpdf's width tables stop there),
// and control characters become spaces.
func pdfText(s string) string {
	ok := true
	for _, r := range s {
		if r > 0xFFFD || (r < 0x20 && r != '\n') || r == 0x7f {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r > 0xFFFD:
			return '\uFFFD'
		case r == '\n':
			return r
		case r < 0x20 || r == 0x7f:
			return ' '
		}
		return r
	}, s)
}

// placedRun is a run of one style on a line, ready to draw: the bytes
// from to to of its span's text.
type placedRun struct {
	text     string
	from, to int
	w        float64
	st       *pdfStyle
}

func (r placedRun) String() string { return r.text[r.from:r.to] }

// foldSpaces turns every run of white space into one space, keeping a
// space at either end, so that a run's text is a plain slice of its span.
func foldSpaces(s string) string {
	folded := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '\n' || c == '\t' || c == '\r' || (c == ' ' && i+1 < len(s) && s[i+1] == ' ') {
			folded = false
			break
		}
	}
	if folded {
		return s
	}
	b := make([]byte, 0, len(s))
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' || c == '\n' || c == '\t' || c == '\r' {
			if !space {
				b = append(b, ' ')
			}
			space = true
			continue
		}
		space = false
		b = append(b, c)
	}
	return string(b)
}

// flow lays out spans as wrapped text from the current position between x
// and x+w with lines lh high, breaking pages as needed. White space is
// folded; paragraphs are separate calls.
func (d *pdfDoc) flow(spans []pdfSpan, x, w, lh float64) {
	var line []placedRun
	lineW := 0.0
	flush := func() {
		// Drop the trailing space of the line.
		if n := len(line); n > 0 && line[n-1].st.badge == nil {
			last := &line[n-1]
			if last.to > last.from && last.text[last.to-1] == ' ' {
				last.to--
				d.setFont(last.st.font, last.st.size)
				last.w -= d.f.GetStringWidth(" ")
				if last.to == last.from {
					line = line[:n-1]
				}
			}
		}
		d.need(lh)
		y := d.f.GetY()
		cx := x
		for _, r := range line {
			d.drawRun(r, cx, y, lh)
			cx += r.w
		}
		d.f.SetY(y + lh)
		line, lineW = line[:0], 0
	}
	// add places text[from:to] of a span.
	add := func(text string, from, to int, st *pdfStyle) {
		word := text[from:to]
		if word == " " && len(line) == 0 {
			return
		}
		d.setFont(st.font, st.size)
		tw := d.f.GetStringWidth(word)
		if st.badge != nil {
			tw += 1.4
		}
		if st.mark != nil && from == 0 {
			tw += markW
		}
		if lineW+tw > w && len(line) > 0 && word != " " {
			flush()
		}
		// A word wider than the whole line is cut where it must be.
		for tw > w && to-from > 1 {
			cut := from + len(word)
			for cut > from+1 && d.f.GetStringWidth(text[from:cut]) > w {
				cut = from + (cut-from)*3/4
				for cut > from+1 && !utf8.RuneStart(text[cut]) {
					cut--
				}
			}
			cw := d.f.GetStringWidth(text[from:cut])
			line = append(line, placedRun{text, from, cut, cw, st})
			flush()
			from = cut
			word = text[from:to]
			tw = d.f.GetStringWidth(word)
		}
		if n := len(line); n > 0 && line[n-1].st == st && st.badge == nil && line[n-1].to == from && line[n-1].text == text {
			line[n-1].to = to
			line[n-1].w += tw
		} else {
			line = append(line, placedRun{text, from, to, tw, st})
		}
		lineW += tw
	}
	for _, sp := range spans {
		text := foldSpaces(pdfText(sp.text))
		if sp.st.badge != nil {
			add(text, 0, len(text), sp.st)
			continue
		}
		for i := 0; i < len(text); {
			j := i + 1
			if text[i] != ' ' {
				for j < len(text) && text[j] != ' ' {
					j++
				}
			}
			add(text, i, j, sp.st)
			i = j
		}
	}
	if len(line) > 0 {
		flush()
	}
}

// drawRun draws one run at x on the line whose top is y.
func (d *pdfDoc) drawRun(r placedRun, x, y, lh float64) {
	st := r.st
	d.setFont(st.font, st.size)
	mm := st.size * 0.3528 // font size in millimetres
	base := y + lh/2 + mm*0.33
	if st.badge != nil {
		h := mm * 1.25
		by := y + lh*0.12
		d.fillColor(*st.badge)
		d.f.RoundedRect(x+0.3, by, r.w-0.4, h, min(h/2.2, (r.w-0.4)/2), "1234", "F")
		d.textColor(textOnRGB(*st.badge))
		d.f.Text(x+0.7, by+h/2+mm*0.34, r.String())
		if st.link != 0 {
			d.f.Link(x, by, r.w, h, st.link)
		}
		return
	}
	if st.mark != nil && r.from == 0 {
		// A square of the verdict's colour, the label in ink beside it:
		// the colour is never the only sign.
		side := mm * 0.8
		d.fillColor(*st.mark)
		d.f.Rect(x, y+lh/2-side/2, side, side, "F")
		x += markW
	}
	if st.fill != nil {
		d.fillColor(*st.fill)
		d.f.Rect(x, y+lh*0.08, r.w, lh*0.88, "F")
	}
	if st.under != nil {
		d.drawColor(*st.under)
		d.f.SetLineWidth(0.45)
		d.f.Line(x, y+lh*0.94, x+r.w, y+lh*0.94)
	}
	d.textColor(st.color)
	d.f.Text(x, base, r.String())
	switch {
	case st.link != 0:
		d.f.Link(x, y, r.w, lh, st.link)
	case st.url != "":
		d.f.LinkString(x, y, r.w, lh, st.url)
	}
}

// para is a paragraph of plain spans across the text width.
func (d *pdfDoc) para(lh float64, spans ...pdfSpan) {
	d.flow(spans, d.left, d.textW, lh)
}

func style(font string, size float64, c rgb) *pdfStyle {
	return &pdfStyle{font: font, size: size, color: c}
}

// heading draws a section heading with a rule under it, on a new page
// unless follow millimetres of what comes after it fit too.
func (d *pdfDoc) heading(s string, follow float64) {
	d.need(20 + follow)
	d.f.SetY(d.f.GetY() + 6)
	d.para(5, pdfSpan{strings.ToUpper(s), style("sansB", 8.5, mutedColor)})
	d.drawColor(ruleColor)
	d.f.SetLineWidth(0.3)
	y := d.f.GetY() + 0.5
	d.f.Line(d.left, y, d.right, y)
	d.f.SetY(y + 4)
}

func (d *pdfDoc) render(in Input) {
	a := in.article()
	f := d.f
	title := orDefault(a.Title, "Untitled article")
	f.SetTitle("Fact check: "+pdfText(title), true)
	if in.Org.Name != "" {
		f.SetAuthor(pdfText(in.Org.Name), true)
	}
	if !in.Checked.IsZero() {
		f.SetCreationDate(in.Checked)
		f.SetModificationDate(in.Checked)
	}
	f.SetLang(orDefault(a.Language, "en"))
	checked := humanDate(in.checkedDate())
	f.SetFooterFunc(func() {
		f.SetY(d.pageH - 12)
		d.setFont("sans", 7.5)
		d.textColor(mutedColor)
		f.CellFormat(d.textW*0.8, 4, pdfText(clipRunes("Fact check: "+title, 90)), "", 0, "L", false, 0, "")
		f.CellFormat(d.textW*0.2, 4, fmt.Sprintf("%d / {nb}", f.PageNo()), "", 0, "R", false, 0, "")
	})
	d.addPage()

	kicker := "FACT CHECK"
	if in.Org.Name != "" {
		kicker += " · " + strings.ToUpper(in.Org.Name)
	}
	d.para(4.5, pdfSpan{kicker, style("sansB", 8, mutedColor)})
	f.SetY(f.GetY() + 1.5)
	d.para(8.5, pdfSpan{title, style("sansB", 19, inkColor)})
	f.SetY(f.GetY() + 2)
	meta := style("sans", 9, mutedColor)
	var line []pdfSpan
	if a.Byline != "" {
		line = append(line, pdfSpan{"By ", meta}, pdfSpan{a.Byline, style("sansB", 9, inkColor)})
	}
	if a.Publisher != "" {
		if len(line) > 0 {
			line = append(line, pdfSpan{" · ", meta})
		}
		line = append(line, pdfSpan{a.Publisher, meta})
	}
	if len(line) > 0 {
		d.para(4.6, line...)
	}
	var dates []string
	if s := humanDate(a.Published); s != "" {
		dates = append(dates, "Published "+s)
	}
	if s := humanDate(a.Retrieved); s != "" {
		dates = append(dates, "Retrieved "+s)
	}
	if len(dates) > 0 {
		d.para(4.6, pdfSpan{strings.Join(dates, " · "), meta})
	}
	if a.URL != "" {
		d.para(4.6, d.urlSpan(a.URL, a.URL, 9))
	}
	f.SetY(f.GetY() + 2)
	by := []pdfSpan{{"Checked by ", meta}}
	if in.Org.Name != "" {
		if annotate.SafeURL(in.Org.URL) {
			by = append(by, d.urlSpan(in.Org.Name, in.Org.URL, 9))
		} else {
			by = append(by, pdfSpan{in.Org.Name, meta})
		}
	} else {
		by = append(by, pdfSpan{"the fact-checking desk", meta})
	}
	by = append(by, pdfSpan{" on " + checked, meta})
	d.para(4.6, by...)

	d.links = make([]int, len(in.Claims))
	for i := range d.links {
		d.links[i] = f.AddLink()
	}
	d.summary(in)
	text := []rune(a.Text)
	paras := paragraphs(text)
	if Count(in.Claims).Claims > 0 {
		d.table(in.Claims)
		d.heading("The claims", 60)
		ctx := contexts(text, paras, in.Claims)
		for i, c := range in.Claims {
			if c != nil {
				d.card(i, c, ctx[i], in.IncludeNotes)
			}
		}
	}
	if in.FullText {
		d.heading("The article", 20)
		d.article(a, in.Claims)
	}
	d.methodology(in, checked)
}

// urlSpan is a link to raw showing text when raw is http or https, else the
// text alone.
func (d *pdfDoc) urlSpan(text, raw string, size float64) pdfSpan {
	if !annotate.SafeURL(raw) {
		return pdfSpan{text, style("sans", size, mutedColor)}
	}
	st := style("sans", size, linkColor)
	st.url = raw
	return pdfSpan{text, st}
}

func (d *pdfDoc) summary(in Input) {
	f := d.f
	sum := summary(in.Claims)
	h := 16.0
	if len(sum) > 0 {
		h = 30
	}
	d.need(h + 10)
	f.SetY(f.GetY() + 6)
	y := f.GetY()
	d.fillColor(softColor)
	d.drawColor(ruleColor)
	f.SetLineWidth(0.25)
	f.RoundedRect(d.left, y, d.textW, h, 2, "1234", "FD")
	f.SetY(y + 4)
	var counts []pdfSpan
	for k, phrase := range Count(in.Claims).Phrases() {
		num, rest, _ := strings.Cut(phrase, " ")
		if k > 0 {
			counts = append(counts, pdfSpan{"  ·  ", style("sans", 10, mutedColor)})
		}
		counts = append(counts, pdfSpan{num, style("sansB", 13, inkColor)}, pdfSpan{"\u00a0" + strings.ReplaceAll(rest, " ", "\u00a0"), style("sans", 10, inkColor)})
	}
	d.flow(counts, d.left+5, d.textW-10, 6)
	if len(sum) == 0 {
		f.SetY(y + h)
		return
	}
	barY := f.GetY() + 1.5
	x := d.left + 5
	barW := d.textW - 10
	for _, s := range sum {
		w := barW * s.Percent / 100
		d.fillColor(hexColor(s.Color))
		f.Rect(x, barY, w, 3.5, "F")
		x += w
	}
	f.SetY(barY + 6)
	var legend []pdfSpan
	for _, s := range sum {
		c := hexColor(s.Color)
		// No-break spaces keep each entry on one line.
		legend = append(legend,
			pdfSpan{strings.ReplaceAll(s.Label, " ", "\u00a0") + "\u00a0" + strconv.Itoa(s.Count) + "\u00a0\u00a0\u00a0 ", &pdfStyle{font: "sans", size: 8.5, color: inkColor, mark: &c}})
	}
	d.flow(legend, d.left+5, d.textW-10, 4.6)
	f.SetY(max(f.GetY(), y+h) + 2)
}

// article draws the article's paragraphs with claimed runs on a tint of the
// claim's colour (stronger where claims overlap) and a numbered badge where
// each claim ends.
func (d *pdfDoc) article(a *annotate.Article, claims []*annotate.Claim) {
	text := []rune(a.Text)
	paras := paragraphs(text)
	segs := segments(text, paras, claims)
	plain := style("serif", 10.5, inkColor)
	// Styles are shared per class and depth so that runs of the same claim
	// colour merge into one drawing call per line.
	type key struct {
		class string
		deep  bool
	}
	marks := map[key]*pdfStyle{}
	markStyle := func(c *annotate.Claim, depth int) *pdfStyle {
		k := key{claimClass(c.Verdict, c.Status), depth > 1}
		if st, ok := marks[k]; ok {
			return st
		}
		col := hexColor(annotate.ClaimColor(c.Verdict, c.Status))
		share := 0.22
		if k.deep {
			share = 0.42
		}
		fill, under := tint(col, share), col
		st := &pdfStyle{font: "serif", size: 10.5, color: inkColor, fill: &fill, under: &under}
		marks[k] = st
		return st
	}
	var spans []pdfSpan
	for pi := range paras {
		spans = spans[:0]
		for _, s := range segs[pi] {
			st := plain
			if s.depth > 0 {
				st = markStyle(claims[s.top], s.depth)
			}
			spans = append(spans, pdfSpan{string(text[s.start:s.end]), st})
			for _, e := range s.ends {
				c := claims[e]
				col := hexColor(annotate.ClaimColor(c.Verdict, c.Status))
				spans = append(spans, pdfSpan{strconv.Itoa(e + 1), &pdfStyle{font: "sansB", size: 6.5, color: white, badge: &col, link: d.links[e]}})
			}
		}
		d.para(5.6, spans...)
		d.f.SetY(d.f.GetY() + 2.2)
	}
}

// table draws the summary table: per claim its number (linking to its
// card), the claim as stated, who said it, the verdict and the first line
// of the rationale.
func (d *pdfDoc) table(claims []*annotate.Claim) {
	f := d.f
	cols := []struct {
		name string
		w    float64
	}{{"#", 8}, {"Claim", 0}, {"Who said it", 28}, {"Verdict", 24}, {"Why", 0}}
	rest := d.textW - 8 - 28 - 24 - 8
	cols[1].w, cols[4].w = rest*0.5, rest*0.5
	head := style("sansB", 7.5, mutedColor)
	header := func() {
		y := f.GetY()
		x := d.left
		for _, c := range cols {
			f.SetY(y)
			d.flow([]pdfSpan{{strings.ToUpper(c.name), head}}, x, c.w, 4.5)
			x += c.w + 2
		}
		f.SetY(y + 5)
		d.drawColor(ruleColor)
		f.SetLineWidth(0.25)
		f.Line(d.left, f.GetY(), d.right, f.GetY())
		f.SetY(f.GetY() + 1.5)
	}
	f.SetY(f.GetY() + 4)
	d.need(20)
	header()
	// The table is an index to the cards: a row gives the claim and the
	// rationale's first line cut short, the card has them whole.
	body := style("sans", 8, inkColor)
	muted := style("sans", 8, mutedColor)
	const lh = 3.8
	for i, c := range claims {
		if c == nil {
			continue
		}
		why := summaryLine(c.Rationale, 110)
		statement := clipRunes(oneLine(c.Statement), 110)
		// A row of cut-short cells is at most rowMax high: only near the
		// foot of the page is it measured, to move it whole to the next.
		// The claim and the rationale have the same width, so the longer
		// of them decides.
		const rowMax = 9*lh + 3
		h := 0.0
		if f.GetY()+rowMax > d.bottom {
			longest := statement
			if len(why) > len(longest) {
				longest = why
			}
			h = max(d.estimate(longest, "sans", 8, cols[1].w), d.estimate(c.Claimant, "sans", 8, cols[2].w))*lh + 3
		}
		if f.GetY()+h > d.bottom {
			d.addPage()
			header()
		}
		y, page := f.GetY(), f.PageNo()
		col := hexColor(annotate.ClaimColor(c.Verdict, c.Status))
		num := &pdfStyle{font: "sansB", size: 8, color: linkColor, link: d.links[i]}
		cells := [][]pdfSpan{
			{{strconv.Itoa(i + 1), num}},
			{{statement, body}},
			{{orDefault(c.Claimant, "–"), body}},
			{{verdictLabel(c), &pdfStyle{font: "sansB", size: 8, color: inkColor, mark: &col}}},
			{{orDefault(why, "–"), body}},
		}
		if why == "" {
			cells[4][0].st = muted
		}
		x, bottom := d.left, y
		for k, cell := range cells {
			f.SetY(y)
			d.flow(cell, x, cols[k].w, lh)
			if f.PageNo() == page {
				bottom = max(bottom, f.GetY())
			}
			x += cols[k].w + 2
		}
		f.SetY(bottom + 1)
		d.drawColor(rgb{238, 241, 244})
		f.SetLineWidth(0.2)
		f.Line(d.left, f.GetY(), d.right, f.GetY())
		f.SetY(f.GetY() + 1.5)
	}
}

// card draws claim i: its number and verdict, the quote in its context,
// the statement, claimant and date, the rationale, the notes when asked
// for, and the sources, keeping a short card on one page.
func (d *pdfDoc) card(i int, c *annotate.Claim, q quoteContext, notes bool) {
	f := d.f
	col := hexColor(annotate.ClaimColor(c.Verdict, c.Status))
	inner := d.textW - 8
	// A card is kept on one page when it fits on one. Most cards are
	// short, and far from the foot of the page they need no measuring.
	if room := d.bottom - f.GetY(); room < 150 || len(c.Exact) > 600 || len(c.Sources) > 4 || len(c.Rationale) > 1500 || notes && len(c.Notes) > 1000 {
		est := 18 + d.estimate(q.Before+q.Quote+q.After, "serif", 10, inner)*5 + float64(len(c.Sources))*10
		if c.Rationale != "" {
			est += 6 + d.estimate(c.Rationale, "sans", 9, inner)*4.4
		}
		if notes && c.Notes != "" {
			est += 6 + d.estimate(c.Notes, "sans", 9, inner)*4.4
		}
		if est < d.bottom-d.top {
			d.need(est)
		} else {
			d.need(40)
		}
	}
	f.SetLink(d.links[i], f.GetY(), f.PageNo())
	startY, startPage := f.GetY(), f.PageNo()
	x := d.left + 6

	// Header: number badge, verdict chip, status while not done.
	f.SetY(startY + 2)
	num := &pdfStyle{font: "sansB", size: 9, color: white, badge: &col}
	chip := &pdfStyle{font: "sansB", size: 8.5, color: white, badge: &col}
	status := style("sans", 8.5, mutedColor)
	head := []pdfSpan{{strconv.Itoa(i + 1), num}, {" ", status}, {" " + verdictLabel(c) + " ", chip}}
	if c.Status != annotate.StatusDone {
		head = append(head, pdfSpan{"   " + c.Status.Label(), status})
	}
	if c.Number > 0 {
		head = append(head, pdfSpan{"   desk no. " + strconv.Itoa(c.Number), status})
	}
	d.flow(head, x, inner, 7)
	f.SetY(f.GetY() + 1)
	if c.AnchorBy == annotate.AnchorOrphan {
		d.flow([]pdfSpan{{"This quote could not be found in the current text of the article.", style("sans", 8.5, rgb{125, 78, 0})}}, x, inner, 4.5)
	}

	// The quote in its context, with a rule of the verdict's colour.
	qy, qp := f.GetY(), f.PageNo()
	ctxStyle := style("serif", 10, mutedColor)
	var quote []pdfSpan
	if q.Before != "" {
		before := q.Before
		if q.ClippedBefore {
			before = "… " + before
		}
		quote = append(quote, pdfSpan{before, ctxStyle})
	}
	fill := tint(col, 0.22)
	quote = append(quote, pdfSpan{q.Quote, &pdfStyle{font: "serif", size: 10, color: inkColor, fill: &fill, under: &col}})
	if q.After != "" {
		after := q.After
		if q.ClippedAfter {
			after += " …"
		}
		quote = append(quote, pdfSpan{after, ctxStyle})
	}
	d.flow(quote, x+4, inner-4, 5)
	if f.PageNo() == qp {
		d.fillColor(col)
		f.Rect(x, qy+0.5, 0.9, f.GetY()-qy-1, "F")
	}
	f.SetY(f.GetY() + 1.5)
	if oneLine(c.Statement) != oneLine(c.Exact) {
		d.flow([]pdfSpan{{oneLine(c.Statement), style("sansB", 9.5, inkColor)}}, x, inner, 4.8)
		f.SetY(f.GetY() + 1)
	}
	label := style("sans", 8.5, mutedColor)
	value := style("sans", 8.5, inkColor)
	var facts []pdfSpan
	fact := func(name, v string) {
		if len(facts) > 0 {
			facts = append(facts, pdfSpan{"  ·  ", label})
		}
		facts = append(facts, pdfSpan{name + "\u00a0", label}, pdfSpan{v, value})
	}
	if c.Claimant != "" {
		fact("Who said it:", c.Claimant)
	}
	if c.ClaimDate != "" {
		fact("When:", claimDate(c.ClaimDate))
	}
	if tags := tagsOf(c); notes && len(tags) > 0 {
		fact("Tags:", strings.Join(tags, ", "))
	}
	if len(facts) > 0 {
		d.flow(facts, x, inner, 4.4)
	}
	// A section's label starts its first line, so that a card of
	// thousands stays compact.
	section := func(title, text string) {
		ps := splitParagraphs(text)
		if len(ps) == 0 {
			return
		}
		f.SetY(f.GetY() + 1.5)
		for k, p := range ps {
			spans := []pdfSpan{{p, style("sans", 9, inkColor)}}
			if k == 0 {
				spans = append([]pdfSpan{{title + "  ", style("sansB", 7.5, mutedColor)}}, spans...)
			}
			d.flow(spans, x, inner, 4.4)
			f.SetY(f.GetY() + 0.5)
		}
	}
	section("RATIONALE", c.Rationale)
	if notes {
		section("INTERNAL NOTES", c.Notes)
	}
	if len(c.Sources) > 0 {
		f.SetY(f.GetY() + 0.5)
		for k, s := range c.Sources {
			label := ""
			if k == 0 {
				label = "SOURCES"
			}
			d.source(s, x, inner, label)
		}
	}
	endY := f.GetY() + 2
	// The card's frame: a bar of the verdict's colour on the left and a
	// rule under the card, drawn on the page where the card ends.
	top := startY
	if f.PageNo() != startPage {
		top = d.top
	}
	d.fillColor(col)
	f.Rect(d.left, top, 1.6, endY-top, "F")
	d.drawColor(ruleColor)
	f.SetLineWidth(0.25)
	f.Line(d.left+1.6, endY, d.right, endY)
	f.SetY(endY + 4)
}

// source draws one source of a claim card.
func (d *pdfDoc) source(s annotate.Source, x, w float64, label string) {
	f := d.f
	f.SetY(f.GetY() + 1)
	st := s.Stance
	if st == "" {
		st = annotate.StanceContext
	}
	stanceCol := map[annotate.Stance]rgb{annotate.StanceSupports: {17, 99, 41}, annotate.StanceRefutes: {164, 14, 38}, annotate.StanceContext: {66, 74, 83}}[st]
	title := style("sansB", 9, inkColor)
	if annotate.SafeURL(s.URL) {
		title = &pdfStyle{font: "sansB", size: 9, color: linkColor, url: s.URL}
	}
	head := []pdfSpan{{strings.ToUpper(stanceLabel(st)) + "  ", style("sansB", 7.5, stanceCol)}, {orDefault(s.Title, s.URL), title}}
	if label != "" {
		head = append([]pdfSpan{{label + "  ", style("sansB", 7.5, mutedColor)}}, head...)
	}
	d.flow(head, x, w, 4.6)
	// Publisher, date, address and archive on one line where they fit.
	var links []pdfSpan
	var meta []string
	if s.Publisher != "" {
		meta = append(meta, s.Publisher)
	}
	if a := humanDate(s.Accessed); a != "" {
		meta = append(meta, "accessed "+a)
	}
	if len(meta) > 0 {
		links = append(links, pdfSpan{strings.Join(meta, " · ") + "  ·  ", style("sans", 8, mutedColor)})
	}
	links = append(links, d.urlSpan(s.URL, s.URL, 8))
	excerpt := s.Excerpt
	if s.ArchiveURL == "" && hasNoArchiveReason(s) {
		excerpt = ""
		links = append(links, pdfSpan{"  ·  not archived: " + strings.TrimSpace(strings.TrimSpace(s.Excerpt)[len(noArchivePrefix):]), style("sans", 8, mutedColor)})
	}
	if s.ArchiveURL != "" {
		links = append(links, pdfSpan{"  ·  ", style("sans", 8, mutedColor)})
		if annotate.SafeURL(s.ArchiveURL) {
			links = append(links, d.urlSpan("archived copy", s.ArchiveURL, 8))
		} else {
			links = append(links, pdfSpan{"archived copy: " + s.ArchiveURL, style("sans", 8, mutedColor)})
		}
	}
	d.flow(links, x, w, 4)
	if excerpt != "" {
		d.flow([]pdfSpan{{"“" + oneLine(excerpt) + "”", style("serif", 8.5, rgb{61, 68, 77})}}, x, w, 4.2)
	}
}

// estimate returns how many lines s takes in the font at width w, roughly.
func (d *pdfDoc) estimate(s, font string, size, w float64) float64 {
	d.setFont(font, size)
	if len(s) > 20000 {
		s = s[:20000]
	}
	return float64(int(d.f.GetStringWidth(pdfText(s))/w) + 1 + strings.Count(s, "\n\n"))
}

func (d *pdfDoc) methodology(in Input, checked string) {
	f := d.f
	d.heading("Methodology", 40)
	body := style("sans", 9.5, inkColor)
	for _, p := range splitParagraphs(in.Org.Methodology) {
		d.para(5, pdfSpan{p, body})
		f.SetY(f.GetY() + 2)
	}
	d.para(5, pdfSpan{"Each claim is rated on the following scale. The number is the rating published in ClaimReview data for search engines (5 is best); verdicts without a number are published by their label alone.", body})
	f.SetY(f.GetY() + 3)
	labelW, valW := 34.0, 16.0
	for _, r := range annotate.DefaultScale {
		d.need(11)
		y := f.GetY()
		col := hexColor(r.Color)
		d.flow([]pdfSpan{{" " + r.Label + " ", &pdfStyle{font: "sansB", size: 8, color: white, badge: &col}}}, d.left, labelW, 6)
		val := "–"
		if r.Value != 0 {
			val = fmt.Sprintf("%d / %d", r.Value, annotate.BestRating)
		}
		f.SetY(y)
		d.flow([]pdfSpan{{val, style("sans", 9, inkColor)}}, d.left+labelW, valW, 6)
		f.SetY(y + 0.6)
		d.flow([]pdfSpan{{r.Description, style("sans", 9, inkColor)}}, d.left+labelW+valW, d.textW-labelW-valW, 4.8)
		end := max(f.GetY(), y+6) + 1.2
		d.drawColor(rgb{238, 241, 244})
		f.SetLineWidth(0.2)
		f.Line(d.left, end, d.right, end)
		f.SetY(end + 1.5)
	}
	if in.Org.CorrectionsURL != "" {
		f.SetY(f.GetY() + 2)
		d.para(5, pdfSpan{"Spotted an error? Our corrections policy: ", body}, d.urlSpan(in.Org.CorrectionsURL, in.Org.CorrectionsURL, 9.5))
	}
	f.SetY(f.GetY() + 6)
	d.para(4.5, pdfSpan{"Checked on " + checked + ". Generated by FactDesk.", style("sans", 8.5, mutedColor)})
}

// clipRunes shortens s to n code points.
func clipRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimRightFunc(string(r[:n-1]), unicode.IsSpace) + "…"
}
