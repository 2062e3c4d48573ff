package app

import (
	"math"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Layout of the reader. Paragraphs are wrapped greedily from cached word
// widths, and only the paragraphs near the view are wrapped at all: the
// others have a height estimated from their length until they come close.
// fyne.MeasureText shapes the whole string on every call, so each distinct
// word is measured once per text size and kept.

const (
	readerMaxColumn = 720 // widest text column at 100%, about 70 characters
	readerBarLane   = 12  // the strip on the right where the scroll bar lives
	readerMinChars  = 45  // the narrowest measure the reader asks room for
	readerMargin    = 240 // pixels above and below the view that are laid out too
	readerPrefixMax = 48  // words longer than this are measured character by character
)

// readerMetrics are the sizes the layout uses, for one width, zoom and theme.
type readerMetrics struct {
	width                        float32 // the widget width these are for
	body, title, meta, small     float32 // text sizes
	lineH, titleLineH, metaLineH float32
	paraGap                      float32
	textH, smallH                float32 // height of a line of body and of small text
	spaceW                       float32
	colX, colW                   float32 // the text column
	padTop, padBottom            float32
	headerH                      float32 // title and meta line, with their spacing
}

// readerPiece is a word, or part of a word too long for a line, placed on a line.
type readerPiece struct {
	start, end int32 // code points
	word       int32 // index into readerDoc.words
	x, w       float32
}

// readerParaLayout is one wrapped paragraph.
type readerParaLayout struct {
	pieces []readerPiece
	lines  []int32 // index of the first piece of each line
	height float32
}

func (pl *readerParaLayout) line(li int) []readerPiece {
	end := len(pl.pieces)
	if li+1 < len(pl.lines) {
		end = int(pl.lines[li+1])
	}
	return pl.pieces[pl.lines[li]:end]
}

// lineAt returns the line holding offset off; at a line break the offset
// after the space belongs to the next line.
func (pl *readerParaLayout) lineAt(off int) int {
	lo, hi := 0, len(pl.lines)
	for lo < hi {
		m := (lo + hi) / 2
		if int(pl.pieces[pl.lines[m]].start) <= off {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return max(lo-1, 0)
}

// readerHeaderLine is a line of the title or of the meta line.
type readerHeaderLine struct {
	text  string
	x, y  float32
	size  float32
	h     float32
	bold  bool
	muted bool
}

type readerStrKey struct {
	s    string
	size float32
	bold bool
}

// readerHeights are the paragraph heights for one column width.
type readerHeights struct {
	h        []float32
	measured []bool
}

// readerLayout is the reader's layout state and its caches.
type readerLayout struct {
	m     readerMetrics
	valid bool
	font  string  // fingerprint of the theme fonts the widths were measured in
	zoom  float32 // zoom the metrics are for
	base  float32 // theme text size the metrics are for

	widths []float32 // width of each word id at m.body; < 0 until measured
	prefix map[int32][]float32
	runeW  map[rune]float32
	strW   map[readerStrKey]float32 // words of the title, meta line, tooltip, scores

	heights     []float32
	measured    []bool
	heightCache map[float32]*readerHeights // by column width, so going back is free
	tops        []float32                  // top of each paragraph, and the end of the last
	topsDirty   bool
	paras       map[int32]*readerParaLayout
	avgW        float32 // average advance of a code point, for estimates

	header []readerHeaderLine

	// The scroll position is kept as a paragraph and an offset into it, so
	// that correcting the estimated heights above it never moves the text.
	anchorPara int // -1: in the header
	anchorOff  float32

	viewW, viewH float32
}

func readerFontKey(th fyne.Theme) string {
	return th.Font(fyne.TextStyle{}).Name() + "|" + th.Font(fyne.TextStyle{Bold: true}).Name()
}

// resetLayout clears what depends on the document.
func (r *Reader) resetLayout() {
	l := &r.lay
	l.valid = false
	l.widths = nil
	l.prefix = nil
	l.heights, l.measured = nil, nil
	l.heightCache = nil
	l.paras = nil
	l.tops = nil
	l.anchorPara, l.anchorOff = -1, 0
}

// ensureMetrics brings the metrics and caches up to date with the widget's
// width, zoom and theme, keeping the reading position.
func (r *Reader) ensureMetrics() {
	l := &r.lay
	th := r.Theme()
	font := readerFontKey(th)
	base := th.Size(theme.SizeNameText)
	if l.valid && l.m.width == l.viewW && l.font == font && l.zoom == r.zoom && l.base == base {
		return
	}
	sizeChanged := !l.valid || l.font != font || l.zoom != r.zoom || l.base != base
	oldColW := l.m.colW
	var anchorFrac float32
	if l.anchorPara >= 0 && l.anchorPara < len(l.heights) && l.heights[l.anchorPara] > 0 {
		anchorFrac = l.anchorOff / (l.heights[l.anchorPara] + l.m.paraGap)
	}

	m := readerMetrics{width: l.viewW}
	z := r.zoom
	m.body = (base + 2) * z
	m.title = th.Size(theme.SizeNameHeadingText) * 1.1 * z
	m.meta = base * z
	m.small = th.Size(theme.SizeNameCaptionText) * z
	m.lineH = float32(math.Round(float64(m.body * 1.45)))
	m.titleLineH = float32(math.Round(float64(m.title * 1.25)))
	m.metaLineH = float32(math.Round(float64(m.meta * 1.4)))
	m.paraGap = float32(math.Round(float64(m.body * 0.75)))
	m.textH = fyne.MeasureText("Mg", m.body, fyne.TextStyle{}).Height
	m.smallH = fyne.MeasureText("0", m.small, fyne.TextStyle{Bold: true}).Height
	m.spaceW = fyne.MeasureText("a a", m.body, fyne.TextStyle{}).Width - fyne.MeasureText("aa", m.body, fyne.TextStyle{}).Width
	m.padTop = float32(math.Round(float64(m.body * 1.5)))
	m.padBottom = float32(math.Round(float64(m.body * 3)))
	gutter := max(56, 3.5*m.body)
	if len(r.notes) > 0 {
		gutter = max(gutter, 13*m.small) // room for a speaker's name
	}
	// Margins give way before the measure drops under readerMinChars.
	if minCol := readerMinColumn(m.body); l.viewW-readerBarLane-2*gutter < minCol {
		gutter = max(8, (l.viewW-readerBarLane-minCol)/2)
	}
	avail := l.viewW - readerBarLane - 2*gutter
	m.colW = min(readerMaxColumn*z, avail)
	if m.colW < 120 {
		m.colW = max(40, l.viewW-readerBarLane-16)
	}
	m.colX = float32(math.Floor(float64(max(8, (l.viewW-readerBarLane-m.colW)/2))))

	if sizeChanged {
		l.font, l.zoom, l.base = font, r.zoom, base
		l.widths = nil
		l.prefix = make(map[int32][]float32)
		l.runeW = make(map[rune]float32)
		l.strW = make(map[readerStrKey]float32)
		l.heightCache = nil
		sample := "The quick brown fox jumps over the lazy dog, said the 2024 report."
		l.avgW = fyne.MeasureText(sample, m.body, fyne.TextStyle{}).Width / float32(utf8.RuneCountInString(sample))
	}
	if r.doc != nil && len(l.widths) != len(r.doc.wordStr) {
		l.widths = make([]float32, len(r.doc.wordStr))
		for i := range l.widths {
			l.widths[i] = -1
		}
	}
	l.m = m
	l.valid = true
	if sizeChanged || m.colW != oldColW || l.heights == nil {
		r.rewrap(oldColW)
	}
	r.layoutHeader()
	if l.anchorPara >= 0 && l.anchorPara < len(l.heights) {
		l.anchorOff = anchorFrac * (l.heights[l.anchorPara] + l.m.paraGap)
	}
	l.topsDirty = true
}

// rewrap drops the paragraph layouts and takes the heights for the new
// column width from the cache, or estimates them.
func (r *Reader) rewrap(oldColW float32) {
	l := &r.lay
	if r.doc == nil {
		return
	}
	n := len(r.doc.paras)
	if l.heightCache == nil {
		l.heightCache = make(map[float32]*readerHeights)
	}
	if l.heights != nil && oldColW > 0 {
		l.heightCache[oldColW] = &readerHeights{h: l.heights, measured: l.measured}
	}
	if hc, ok := l.heightCache[l.m.colW]; ok && len(hc.h) == n {
		l.heights, l.measured = hc.h, hc.measured
	} else {
		l.heights = make([]float32, n)
		l.measured = make([]bool, n)
		for p := range r.doc.paras {
			l.heights[p] = r.estimate(p)
		}
	}
	if len(l.heightCache) > 4 {
		for k := range l.heightCache {
			if k != l.m.colW && k != oldColW {
				delete(l.heightCache, k)
			}
		}
	}
	l.paras = make(map[int32]*readerParaLayout)
	l.topsDirty = true
}

// estimate guesses a paragraph's height from its length.
func (r *Reader) estimate(p int) float32 {
	l := &r.lay
	para := r.doc.paras[p]
	w := float32(para.end-para.start) * l.avgW * 1.04
	lines := max(1, float32(math.Ceil(float64(w/l.m.colW))))
	return lines * l.m.lineH
}

// layoutHeader wraps the title and the meta line.
func (r *Reader) layoutHeader() {
	l := &r.lay
	m := &l.m
	l.header = l.header[:0]
	y := m.padTop
	if strings.TrimSpace(r.title) != "" {
		for _, s := range r.wrapPlain(r.title, m.title, true, m.colW) {
			l.header = append(l.header, readerHeaderLine{text: s, x: m.colX, y: y, size: m.title, h: m.titleLineH, bold: true})
			y += m.titleLineH
		}
		y += float32(math.Round(float64(m.body * 0.4)))
	}
	if strings.TrimSpace(r.meta) != "" {
		for _, s := range r.wrapPlain(r.meta, m.meta, false, m.colW) {
			l.header = append(l.header, readerHeaderLine{text: s, x: m.colX, y: y, size: m.meta, h: m.metaLineH, muted: true})
			y += m.metaLineH
		}
	}
	if len(l.header) > 0 {
		y += float32(math.Round(float64(m.body * 1.2)))
	}
	m.headerH = y
	l.topsDirty = true
}

// strWidth measures a word of the header, a tooltip or a score, cached.
func (r *Reader) strWidth(s string, size float32, bold bool) float32 {
	k := readerStrKey{s, size, bold}
	if w, ok := r.lay.strW[k]; ok {
		return w
	}
	w := fyne.MeasureText(s, size, fyne.TextStyle{Bold: bold}).Width
	r.lay.strW[k] = w
	return w
}

// wrapPlain wraps short text (a title, a tooltip) into lines no wider than maxW.
func (r *Reader) wrapPlain(s string, size float32, bold bool, maxW float32) []string {
	words := strings.Fields(s)
	if len(words) == 0 {
		return nil
	}
	space := r.strWidth("a a", size, bold) - r.strWidth("aa", size, bold)
	var lines []string
	var cur []string
	x := float32(0)
	for _, w := range words {
		ww := r.strWidth(w, size, bold)
		if len(cur) > 0 && x+space+ww > maxW {
			lines = append(lines, strings.Join(cur, " "))
			cur, x = cur[:0], 0
		}
		if len(cur) > 0 {
			x += space
		}
		cur = append(cur, w)
		x += ww
	}
	return append(lines, strings.Join(cur, " "))
}

// wordWidth returns the width of a word id in the body text.
func (r *Reader) wordWidth(id int32) float32 {
	w := r.lay.widths[id]
	if w < 0 {
		w = fyne.MeasureText(r.doc.wordStr[id], r.lay.m.body, fyne.TextStyle{}).Width
		r.lay.widths[id] = w
	}
	return w
}

// prefixWidths returns the width of each prefix of a word, measured the
// first time a caret or a tap falls inside it or it must be broken.
func (r *Reader) prefixWidths(id int32) []float32 {
	if pre, ok := r.lay.prefix[id]; ok {
		return pre
	}
	s := r.doc.wordStr[id]
	var at []int // byte offset of each code point
	for b := range s {
		at = append(at, b)
	}
	n := len(at)
	pre := make([]float32, n+1)
	whole := r.wordWidth(id)
	if n <= readerPrefixMax {
		for k := 1; k < n; k++ {
			pre[k] = fyne.MeasureText(s[:at[k]], r.lay.m.body, fyne.TextStyle{}).Width
		}
	} else {
		k := 0
		for _, c := range s {
			pre[k+1] = pre[k] + r.runeWidth(c)
			k++
		}
		if pre[n] > 0 { // make the parts add up to the word as drawn
			f := whole / pre[n]
			for i := range pre {
				pre[i] *= f
			}
		}
	}
	pre[n] = whole
	for i := 1; i <= n; i++ {
		pre[i] = max(pre[i], pre[i-1])
	}
	r.lay.prefix[id] = pre
	return pre
}

// runeWidth is the advance of one code point, for very long words.
func (r *Reader) runeWidth(c rune) float32 {
	if readerExtends(c) {
		return 0
	}
	if w, ok := r.lay.runeW[c]; ok {
		return w
	}
	w := fyne.MeasureText(string(c), r.lay.m.body, fyne.TextStyle{}).Width
	r.lay.runeW[c] = w
	return w
}

// wrap lays paragraph p out into lines of the column.
func (r *Reader) wrap(p int) *readerParaLayout {
	m := &r.lay.m
	para := r.doc.paras[p]
	pl := &readerParaLayout{lines: []int32{0}, pieces: make([]readerPiece, 0, para.w1-para.w0)}
	x := float32(0)
	for wi := para.w0; wi < para.w1; wi++ {
		w := r.doc.words[wi]
		ww := r.wordWidth(w.id)
		if x > 0 {
			if x+m.spaceW+ww <= m.colW {
				x += m.spaceW
			} else {
				pl.lines = append(pl.lines, int32(len(pl.pieces)))
				x = 0
			}
		}
		if ww <= m.colW-x {
			pl.pieces = append(pl.pieces, readerPiece{start: w.start, end: w.end, word: wi, x: x, w: ww})
			x += ww
			continue
		}
		// Too long for any line: break it between graphemes.
		pre := r.prefixWidths(w.id)
		rs := r.doc.runes[w.start:w.end]
		n := len(pre) - 1
		for k0 := 0; k0 < n; {
			k := k0 + 1
			for k < n && !readerBoundary(rs, k) {
				k++
			}
			for k < n {
				k2 := k + 1
				for k2 < n && !readerBoundary(rs, k2) {
					k2++
				}
				if pre[k2]-pre[k0] > m.colW {
					break
				}
				k = k2
			}
			pl.pieces = append(pl.pieces, readerPiece{start: w.start + int32(k0), end: w.start + int32(k), word: wi, x: 0, w: pre[k] - pre[k0]})
			x = pre[k] - pre[k0]
			k0 = k
			if k0 < n {
				pl.lines = append(pl.lines, int32(len(pl.pieces)))
			}
		}
	}
	// A folded paragraph (a photo caption) shows its first line only,
	// until it is tapped.
	if r.folded[p] && len(pl.lines) > 1 {
		pl.pieces = pl.pieces[:pl.lines[1]]
		pl.lines = pl.lines[:1]
	}
	pl.height = float32(len(pl.lines)) * m.lineH
	return pl
}

// paraLayout returns the layout of paragraph p, wrapping it if needed.
func (r *Reader) paraLayout(p int) *readerParaLayout {
	l := &r.lay
	if pl := l.paras[int32(p)]; pl != nil {
		return pl
	}
	pl := r.wrap(p)
	l.paras[int32(p)] = pl
	if !l.measured[p] || l.heights[p] != pl.height {
		l.heights[p] = pl.height
		l.measured[p] = true
		l.topsDirty = true
	}
	return pl
}

// tops returns the top of each paragraph in content coordinates, and the end
// of the last one as the final element.
func (r *Reader) tops() []float32 {
	l := &r.lay
	if !l.topsDirty && len(l.tops) == len(l.heights)+1 {
		return l.tops
	}
	n := len(l.heights)
	if cap(l.tops) < n+1 {
		l.tops = make([]float32, n+1)
	}
	l.tops = l.tops[:n+1]
	y := l.m.headerH
	for p, h := range l.heights {
		l.tops[p] = y
		y += h + l.m.paraGap
	}
	l.tops[n] = y
	l.topsDirty = false
	return l.tops
}

// contentHeight is the height of the whole article, estimates included.
func (r *Reader) contentHeight() float32 {
	if r.doc == nil || len(r.doc.paras) == 0 {
		return r.lay.m.headerH + r.lay.m.padBottom
	}
	t := r.tops()
	return t[len(t)-1] + r.lay.m.padBottom
}

func (r *Reader) maxScroll() float32 {
	return max(0, r.contentHeight()-r.lay.viewH)
}

// paraAtY returns the paragraph whose box (with the gap after it) holds the
// content y, or -1 in the header.
func (r *Reader) paraAtY(y float32) int {
	t := r.tops()
	n := len(t) - 1
	lo, hi := 0, n
	for lo < hi {
		m := (lo + hi) / 2
		if t[m] <= y {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo - 1
}

// scrollY is the content y at the top of the view.
func (r *Reader) scrollY() float32 {
	l := &r.lay
	if l.anchorPara < 0 || r.doc == nil || l.anchorPara >= len(r.doc.paras) {
		return l.anchorOff
	}
	return r.tops()[l.anchorPara] + l.anchorOff
}

// setScrollY scrolls so that content y is at the top of the view.
func (r *Reader) setScrollY(y float32) {
	l := &r.lay
	y = min(max(y, 0), r.maxScroll())
	p := -1
	if r.doc != nil && len(r.doc.paras) > 0 {
		p = r.paraAtY(y)
	}
	l.anchorPara = p
	if p < 0 {
		l.anchorOff = y
	} else {
		l.anchorOff = y - r.tops()[p]
	}
}

// ensureVisible wraps the paragraphs in and near the view, and keeps the
// scroll position inside the content as estimates turn into measurements.
// It returns the range of paragraphs that touch the view.
func (r *Reader) ensureVisible() (first, last int) {
	r.ensureMetrics()
	l := &r.lay
	if r.doc == nil || len(r.doc.paras) == 0 {
		l.anchorPara, l.anchorOff = -1, 0
		return 0, -1
	}
	n := len(r.doc.paras)
	keepLo, keepHi := 0, 0
	for range 6 {
		before := len(l.paras)
		y := r.scrollY()
		t := r.tops()
		p := max(0, r.paraAtY(y-readerMargin))
		yy := t[p]
		keepLo = p
		for ; p < n && yy <= y+l.viewH+readerMargin; p++ {
			yy += r.paraLayout(p).height + l.m.paraGap
		}
		keepHi = p
		y = r.scrollY()
		clamped := min(max(y, 0), r.maxScroll())
		if clamped != y {
			r.setScrollY(clamped)
			continue
		}
		if len(l.paras) == before {
			break
		}
	}
	y := r.scrollY()
	first = max(0, r.paraAtY(y))
	t := r.tops()
	last = first
	for last+1 < n && t[last+1] < y+l.viewH {
		last++
	}
	// Drop the layouts that scrolled away; their heights stay measured.
	if len(l.paras) > keepHi-keepLo {
		for p := range l.paras {
			if int(p) < min(keepLo, first) || int(p) > max(keepHi, last) {
				delete(l.paras, p)
			}
		}
	}
	return first, last
}

// lineHit returns the caret offset nearest to x on line li of paragraph pl,
// and the character under x (-1 when x is past the ends of the line).
func (r *Reader) lineHit(pl *readerParaLayout, li int, x float32) (off, char int) {
	pcs := pl.line(li)
	if x < pcs[0].x {
		return int(pcs[0].start), -1
	}
	for i, pc := range pcs {
		if x < pc.x {
			prev := pcs[i-1]
			if x < (prev.x+prev.w+pc.x)/2 {
				return int(prev.end), int(prev.end)
			}
			return int(pc.start), int(prev.end)
		}
		if x <= pc.x+pc.w {
			return r.pieceHit(pc, x)
		}
	}
	return int(pcs[len(pcs)-1].end), -1
}

// pieceHit finds the grapheme boundary nearest x inside a piece.
func (r *Reader) pieceHit(pc readerPiece, x float32) (off, char int) {
	w := r.doc.words[pc.word]
	pre := r.prefixWidths(w.id)
	rs := r.doc.runes[w.start:w.end]
	k0, k1 := int(pc.start-w.start), int(pc.end-w.start)
	dx := x - pc.x + pre[k0]
	best, char := k0, k0
	bestD := float32(math.MaxFloat32)
	for k := k0; k <= k1; k++ {
		if !readerBoundary(rs, k) {
			continue
		}
		if pre[k] <= dx && k < k1 {
			char = k
		}
		if d := float32(math.Abs(float64(pre[k] - dx))); d < bestD {
			best, bestD = k, d
		}
	}
	return int(w.start) + best, int(w.start) + char
}

// hit maps a point of the widget to the nearest caret offset and the
// character under it (-1 when there is none).
func (r *Reader) hit(pos fyne.Position) (off, char int) {
	if r.doc == nil || len(r.doc.paras) == 0 {
		return 0, -1
	}
	r.ensureMetrics()
	for try := 0; ; try++ {
		cy := pos.Y + r.scrollY()
		p := r.paraAtY(cy)
		if p < 0 {
			return int(r.doc.paras[0].start), -1
		}
		measured := r.lay.paras[int32(p)] != nil
		pl := r.paraLayout(p)
		if !measured && r.lay.topsDirty && try < 2 {
			continue // the heights above moved the text; look again
		}
		ly := cy - r.tops()[p]
		if ly >= pl.height {
			return int(r.doc.paras[p].end), -1
		}
		li := min(max(int(ly/r.lay.m.lineH), 0), len(pl.lines)-1)
		return r.lineHit(pl, li, pos.X-r.lay.m.colX)
	}
}

// pieceX is the x of offset off inside a piece.
func (r *Reader) pieceX(pc readerPiece, off int) float32 {
	if off <= int(pc.start) {
		return pc.x
	}
	if off >= int(pc.end) {
		return pc.x + pc.w
	}
	w := r.doc.words[pc.word]
	pre := r.prefixWidths(w.id)
	return pc.x + pre[off-int(w.start)] - pre[pc.start-w.start]
}

// lineX is the x of offset off on a line.
func (r *Reader) lineX(pcs []readerPiece, off int) float32 {
	for i, pc := range pcs {
		if off < int(pc.start) {
			if i == 0 {
				return pc.x
			}
			prev := pcs[i-1]
			return prev.x + prev.w
		}
		if off <= int(pc.end) {
			return r.pieceX(pc, off)
		}
	}
	last := pcs[len(pcs)-1]
	return last.x + last.w
}

// locate returns the paragraph, line and x of a caret offset.
func (r *Reader) locate(off int) (p, li int, x float32) {
	p = max(0, r.doc.paraAt(off))
	para := r.doc.paras[p]
	off = min(max(off, int(para.start)), int(para.end))
	pl := r.paraLayout(p)
	li = pl.lineAt(off)
	return p, li, r.lineX(pl.line(li), off)
}

// lineSpan returns the x extent on line li of the span [s, e); ok is false
// when the span does not touch the line. A span running on past the line
// end covers the space after it.
func (r *Reader) lineSpan(pl *readerParaLayout, li int, s, e int) (x0, x1 float32, ok bool) {
	pcs := pl.line(li)
	ls, le := int(pcs[0].start), int(pcs[len(pcs)-1].end)
	if e <= ls || s > le || s >= e {
		return 0, 0, false
	}
	if s <= ls {
		x0 = pcs[0].x
	} else {
		x0 = r.lineX(pcs, s)
	}
	if e >= le {
		last := pcs[len(pcs)-1]
		x1 = last.x + last.w
		if e > le {
			x1 += r.lay.m.spaceW
		}
	} else {
		x1 = r.lineX(pcs, e)
	}
	return x0, x1, x1 > x0
}

// readerSample is text of ordinary letter frequencies, to measure an average
// character.
const readerSample = "The council voted on Tuesday to add three new bus routes and extend service."

// readerMinColumn is the width of readerMinChars average characters of body
// text at size body.
func readerMinColumn(body float32) float32 {
	w := fyne.MeasureText(readerSample, body, fyne.TextStyle{}).Width
	return float32(math.Ceil(float64(w / float32(len(readerSample)) * readerMinChars)))
}
