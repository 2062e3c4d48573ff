package app

import (
	"fmt"
	"image/color"
	"math"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
)

// readerRenderer draws the lines in view from pools of canvas objects that
// are reused frame after frame; the order objects are emitted in is the
// order they are painted in.
type readerRenderer struct {
	r *Reader

	objects []fyne.CanvasObject
	texts   []*canvas.Text
	rects   []*canvas.Rectangle
	dots    []*readerDots
	nText   int
	nRect   int
	nDots   int

	size  fyne.Size
	built bool
	col   readerColors
	vis   []readerVisLine
}

// readerVisLine is a line in view during a build.
type readerVisLine struct {
	pl    *readerParaLayout
	p, li int
	y     float32 // top of the line box in the view
	s, e  int     // its code-point span
}

type readerColors struct {
	fg, muted, sel, bar, overlay, border color.Color
	find, findCur                        color.Color
}

// readerDots is a dotted line: one raster instead of a rectangle per dot.
type readerDots struct {
	raster *canvas.Raster
	c      color.Color
	size   fyne.Size
}

func newReaderDots() *readerDots {
	d := &readerDots{}
	d.raster = canvas.NewRasterWithPixels(func(x, _, _, _ int) color.Color {
		if x%4 < 2 {
			return d.c
		}
		return color.Transparent
	})
	return d
}

func newReaderRenderer(r *Reader) *readerRenderer {
	rr := &readerRenderer{r: r}
	rr.readColors()
	return rr
}

func (rr *readerRenderer) Destroy() {
	if rr.r.flashAnim != nil {
		rr.r.flashAnim.Stop()
	}
}

func (rr *readerRenderer) Layout(size fyne.Size) {
	if rr.built && size == rr.size {
		return // a child's min size changed; nothing of ours did
	}
	rr.size = size
	rr.build()
}

// MinSize asks for a column of readerMinChars characters at the current
// zoom, with narrow margins, so that a split beside it cannot squeeze the
// article into a few words a line.
func (rr *readerRenderer) MinSize() fyne.Size {
	z := rr.r.zoom
	if z <= 0 {
		z = 1
	}
	body := (rr.r.Theme().Size(theme.SizeNameText) + 2) * z
	return fyne.NewSize(readerMinColumn(body)+readerBarLane+16, 120)
}

func (rr *readerRenderer) Objects() []fyne.CanvasObject { return rr.objects }

// Refresh re-reads the theme colours and redraws. Only the canvas is marked
// dirty: refreshing the widget as a canvas object would free the textures of
// every word in view.
func (rr *readerRenderer) Refresh() {
	rr.readColors()
	rr.build()
	if c := fyne.CurrentApp().Driver().CanvasForObject(rr.r); c != nil {
		if d, ok := c.(interface{ SetDirty() }); ok {
			d.SetDirty()
		}
	}
}

func (rr *readerRenderer) readColors() {
	th := rr.r.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	rr.col = readerColors{
		fg:      th.Color(theme.ColorNameForeground, v),
		muted:   th.Color(theme.ColorNamePlaceHolder, v),
		sel:     readerTranslucent(th.Color(theme.ColorNameSelection, v), 0x66),
		bar:     th.Color(theme.ColorNameScrollBar, v),
		overlay: th.Color(theme.ColorNameOverlayBackground, v),
		border:  th.Color(theme.ColorNameInputBorder, v),
		find:    color.NRGBA{R: 0xff, G: 0xd6, B: 0x00, A: 0x70},
		findCur: color.NRGBA{R: 0xff, G: 0x8c, B: 0x00, A: 0xb0},
	}
}

// readerTranslucent returns c with alpha a unless it already is translucent.
func readerTranslucent(c color.Color, a uint8) color.Color {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	if n.A < 0xff {
		return n
	}
	n.A = a
	return n
}

// readerAlpha returns c with alpha a (0-1).
func readerAlpha(c color.Color, a float32) color.NRGBA {
	if c == nil {
		c = color.NRGBA{R: 0x9a, G: 0xa4, B: 0xb2, A: 0xff}
	}
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	n.A = uint8(min(max(a, 0), 1) * 255)
	return n
}

// readerOnColor is black or white, whichever reads better on c.
func readerOnColor(c color.Color) color.Color {
	n := readerAlpha(c, 1)
	if 0.299*float32(n.R)+0.587*float32(n.G)+0.114*float32(n.B) > 150 {
		return color.Black
	}
	return color.White
}

func (rr *readerRenderer) text(s string, x, y, w, h, size float32, bold bool, c color.Color) *canvas.Text {
	var t *canvas.Text
	if rr.nText < len(rr.texts) {
		t = rr.texts[rr.nText]
	} else {
		t = &canvas.Text{}
		rr.texts = append(rr.texts, t)
	}
	rr.nText++
	t.Text, t.Color, t.TextSize = s, c, size
	t.TextStyle = fyne.TextStyle{Bold: bold}
	t.Move(fyne.NewPos(x, y))
	t.Resize(fyne.NewSize(w, h))
	rr.objects = append(rr.objects, t)
	return t
}

func (rr *readerRenderer) rect(x, y, w, h float32, fill color.Color) *canvas.Rectangle {
	var b *canvas.Rectangle
	if rr.nRect < len(rr.rects) {
		b = rr.rects[rr.nRect]
	} else {
		b = &canvas.Rectangle{}
		rr.rects = append(rr.rects, b)
	}
	rr.nRect++
	b.FillColor, b.StrokeColor, b.StrokeWidth, b.CornerRadius = fill, nil, 0, 0
	b.Move(fyne.NewPos(x, y))
	b.Resize(fyne.NewSize(w, h))
	rr.objects = append(rr.objects, b)
	return b
}

func (rr *readerRenderer) dotted(x, y, w, h float32, c color.Color) {
	var d *readerDots
	if rr.nDots < len(rr.dots) {
		d = rr.dots[rr.nDots]
	} else {
		d = newReaderDots()
		rr.dots = append(rr.dots, d)
	}
	rr.nDots++
	size := fyne.NewSize(w, h)
	changed := d.c != c || d.size != size
	d.c, d.size = c, size
	d.raster.Move(fyne.NewPos(x, y))
	d.raster.Resize(size)
	rr.objects = append(rr.objects, d.raster)
	if changed {
		canvas.Refresh(d.raster) // a raster's pixels are cached until it is refreshed
	}
}

// build lays out the view and emits its objects.
func (rr *readerRenderer) build() {
	r := rr.r
	rr.built = true
	r.lay.viewW, r.lay.viewH = rr.size.Width, rr.size.Height
	rr.objects = rr.objects[:0]
	rr.nText, rr.nRect, rr.nDots = 0, 0, 0
	rr.vis = rr.vis[:0]
	if rr.size.Width <= 0 || rr.size.Height <= 0 {
		return
	}
	first, last := r.ensureVisible()
	m := &r.lay.m
	y0 := r.scrollY()
	viewH := rr.size.Height
	textTop := float32(math.Round(float64((m.lineH - m.textH) / 2)))
	_, baseline := fyne.CurrentApp().Driver().RenderedTextSize("Mg", m.body, fyne.TextStyle{}, nil)

	if r.doc != nil && last >= first {
		t := r.tops()
		for p := first; p <= last; p++ {
			pl := r.paraLayout(p)
			for li := range pl.lines {
				y := t[p] - y0 + float32(li)*m.lineH
				if y+m.lineH <= 0 || y >= viewH {
					continue
				}
				pcs := pl.line(li)
				rr.vis = append(rr.vis, readerVisLine{pl: pl, p: p, li: li, y: y, s: int(pcs[0].start), e: int(pcs[len(pcs)-1].end)})
			}
		}
	}
	visS, visE := 0, 0
	if len(rr.vis) > 0 {
		visS, visE = rr.vis[0].s, rr.vis[len(rr.vis)-1].e+1
	}

	// Backgrounds: find matches, claim tints, the flash, the selection.
	span := func(s, e int, fill color.Color, grow float32) {
		for _, vl := range rr.vis {
			if x0, x1, ok := r.lineSpan(vl.pl, vl.li, s, e); ok {
				rr.rect(m.colX+x0-grow, vl.y+textTop-grow, x1-x0+2*grow, m.textH+2*grow, fill)
			}
		}
	}
	for i := r.firstFind(visS); i < len(r.finds) && r.finds[i][0] < visE; i++ {
		c := rr.col.find
		if i == r.findCur {
			c = rr.col.findCur
		}
		span(r.finds[i][0], r.finds[i][1], c, 1)
	}
	marks := r.marksIn(visS, visE)
	for _, i := range marks {
		mk := &r.marks[i]
		span(mk.Start, mk.End, readerAlpha(mk.Color, 0.35), 0)
	}
	if r.flashID != 0 && r.flashAlpha > 0 {
		if mk := r.mark(r.flashID); mk != nil {
			span(mk.Start, mk.End, readerAlpha(mk.Color, 0.6*r.flashAlpha), 2)
		}
	}
	if s, e := r.Selection(); e > s {
		span(s, e, rr.col.sel, 0)
	}

	// Text: the header, then the words in view.
	for _, hl := range r.lay.header {
		y := hl.y - y0
		if y+hl.h <= 0 || y >= viewH {
			continue
		}
		c := rr.col.fg
		if hl.muted {
			c = rr.col.muted
		}
		h := fyne.MeasureText("Mg", hl.size, fyne.TextStyle{Bold: hl.bold}).Height
		rr.text(hl.text, hl.x, y+float32(math.Round(float64((hl.h-h)/2))), m.colW, h, hl.size, hl.bold, c)
	}
	for _, vl := range rr.vis {
		for _, pc := range vl.pl.line(vl.li) {
			w := r.doc.words[pc.word]
			s := r.doc.wordStr[w.id]
			if pc.start != w.start || pc.end != w.end {
				s = string(r.doc.runes[pc.start:pc.end])
			}
			rr.text(s, m.colX+pc.x, vl.y+textTop, pc.w, m.textH, m.body, false, rr.col.fg)
		}
	}

	// Margin notes beside the first line of their paragraph, right-aligned
	// against the text and cut to the margin.
	if len(r.notes) > 0 || len(r.folded) > 0 {
		room := m.colX - 14
		for _, vl := range rr.vis {
			note, ok := r.notes[vl.p]
			if r.folded[vl.p] {
				note, ok = strings.TrimSpace(note+" ▸"), true
			}
			if !ok || vl.li != 0 || room < 24 {
				continue
			}
			y := vl.y + float32(math.Round(float64((m.lineH-m.smallH)/2)))
			for _, line := range strings.Split(note, "\n") {
				label := r.fitWidth(line, m.small, room)
				lw := r.strWidth(label, m.small, false)
				rr.text(label, m.colX-10-lw, y, lw, m.smallH, m.small, false, rr.col.muted)
				y += m.smallH + 1
			}
		}
	}

	// Decorations: suggestions, claim underlines, the selected claim's outline.
	for i := r.firstSuggestion(visS); i < len(r.suggestions) && r.suggestions[i].Start < visE; i++ {
		sg := r.suggestions[i]
		scored := false
		for _, vl := range rr.vis {
			x0, x1, ok := r.lineSpan(vl.pl, vl.li, sg.Start, sg.End)
			if !ok {
				continue
			}
			rr.dotted(m.colX+x0, vl.y+textTop+baseline+3, x1-x0, 2, rr.col.muted)
			// A margin note on the line has the place; the score is in
			// the Suggestions list.
			if _, noted := r.notes[vl.p]; noted && vl.li == 0 {
				scored = true
			}
			if !scored && sg.Start >= vl.s {
				scored = true
				label := fmt.Sprintf("%.2f", sg.Score)
				lw := r.strWidth(label, m.small, false)
				rr.text(label, m.colX-10-lw, vl.y+float32(math.Round(float64((m.lineH-m.smallH)/2))), lw, m.smallH, m.small, false, rr.col.muted)
			}
		}
	}
	for _, i := range marks {
		mk := &r.marks[i]
		thick := float32(1.5)
		if mk.ID == r.selClaim {
			thick = 2.5
		}
		for _, vl := range rr.vis {
			if x0, x1, ok := r.lineSpan(vl.pl, vl.li, mk.Start, mk.End); ok {
				y := vl.y + textTop + baseline + 2 + 2*float32(min(mk.level, 3))
				rr.rect(m.colX+x0, y, x1-x0, thick, readerAlpha(mk.Color, 1))
				if mk.ID == r.selClaim {
					o := rr.rect(m.colX+x0-1.5, vl.y+textTop-1.5, x1-x0+3, m.textH+3, color.Transparent)
					o.StrokeColor, o.StrokeWidth, o.CornerRadius = readerAlpha(mk.Color, 1), 1.5, 3
				}
			}
		}
	}

	// Numbered markers at the start of each claim.
	badgeH := float32(math.Round(float64(m.small * 1.3)))
	for _, i := range marks {
		mk := &r.marks[i]
		if mk.Number <= 0 || mk.Start < visS || mk.Start >= visE {
			continue
		}
		for _, vl := range rr.vis {
			if mk.Start < vl.s || mk.Start > vl.e || mk.Start == vl.e && vl.li+1 < len(vl.pl.lines) {
				continue
			}
			label := fmt.Sprint(mk.Number)
			lw := r.strWidth(label, m.small, true)
			bw := max(badgeH, lw+6)
			x := m.colX + r.lineX(vl.pl.line(vl.li), mk.Start) - 3
			y := vl.y + textTop - badgeH*0.6
			b := rr.rect(x, y, bw, badgeH, readerAlpha(mk.Color, 1))
			b.CornerRadius = badgeH / 2
			rr.text(label, x+(bw-lw)/2, y+(badgeH-m.smallH)/2, lw, m.smallH, m.small, true, readerOnColor(mk.Color))
			break
		}
	}

	// The caret, when the reader has the keyboard and nothing is selected.
	if r.focused && r.anchor == r.caret && r.doc != nil && len(r.doc.paras) > 0 {
		if p, li, x := r.locate(r.caret); p >= first && p <= last {
			y := r.tops()[p] - y0 + float32(li)*m.lineH + textTop
			if y+m.textH > 0 && y < viewH {
				rr.rect(m.colX+x-0.75, y, 1.5, m.textH, rr.col.fg)
			}
		}
	}

	// The scroll bar.
	if ty, th, ok := r.thumb(); ok {
		b := rr.rect(rr.size.Width-readerBarLane+3, ty, readerBarLane-6, th, rr.col.bar)
		b.CornerRadius = (readerBarLane - 6) / 2
	}

	rr.tooltip()
}

// tooltip draws the hovered claim's tooltip inside the reader, so that it
// never steals the next click as a pop-up would.
func (rr *readerRenderer) tooltip() {
	r := rr.r
	mk := r.mark(r.hoverID)
	if mk == nil || mk.Tooltip == "" {
		return
	}
	m := &r.lay.m
	maxW := min(340, rr.size.Width-readerBarLane-24)
	lines := r.wrapPlain(mk.Tooltip, m.meta, false, maxW)
	if len(lines) > 8 {
		lines = append(lines[:7], "…")
	}
	w := float32(0)
	for _, l := range lines {
		w = max(w, r.strWidth(l, m.meta, false))
	}
	w = min(w, maxW)
	pad := float32(6)
	textH := fyne.MeasureText("Mg", m.meta, fyne.TextStyle{}).Height
	bw, bh := w+2*pad, float32(len(lines))*textH+2*pad
	x, y := r.hoverPos.X+12, r.hoverPos.Y+18
	if x+bw > rr.size.Width-readerBarLane {
		x = max(0, rr.size.Width-readerBarLane-bw)
	}
	if y+bh > rr.size.Height {
		y = max(0, r.hoverPos.Y-bh-8)
	}
	box := rr.rect(x, y, bw, bh, rr.col.overlay)
	box.StrokeColor, box.StrokeWidth, box.CornerRadius = rr.col.border, 1, 4
	for i, l := range lines {
		rr.text(l, x+pad, y+pad+float32(i)*textH, w, textH, m.meta, false, rr.col.fg)
	}
}

// fitWidth cuts s, with an ellipsis, to fit width w at size.
func (r *Reader) fitWidth(s string, size, w float32) string {
	if r.strWidth(s, size, false) <= w {
		return s
	}
	rs := []rune(s)
	for n := len(rs) - 1; n > 0; n-- {
		t := string(rs[:n]) + "…"
		if r.strWidth(t, size, false) <= w {
			return t
		}
	}
	return ""
}
