package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// panelMinWidth is the narrowest the annotation panel asks to be. Its rows
// ellipsize and its grids fold, so the panel fits in it; whatever it holds,
// it never takes the article's room.
const panelMinWidth = 300

// capWidth lays its one object out at full size but reports a minimum width
// no larger than max, so that a long row inside cannot widen the column.
type capWidth struct{ max float32 }

func (l capWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		if o.Visible() {
			s = s.Max(o.MinSize())
		}
	}
	s.Width = min(s.Width, l.max)
	return s
}

func (l capWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// foldingGrid is a grid of equal cells with as many columns, up to max, as
// fit its width: four verdicts a row in a wide panel, two in a narrow one.
// A layout is told no width when asked its minimum size, so it keeps the
// columns of its last layout and calls changed when they change, for the
// page around it to be laid out again at the new height.
type foldingGrid struct {
	max      int
	cols     int
	changed  func()
	changing bool
}

func (g *foldingGrid) cell(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s
}

func (g *foldingGrid) fit(objs []fyne.CanvasObject, width float32) int {
	pad := theme.Padding()
	cell := g.cell(objs)
	n := int((width + pad) / (cell.Width + pad))
	return max(min(2, len(objs)), min(n, g.max, len(objs)))
}

func (g *foldingGrid) MinSize(objs []fyne.CanvasObject) fyne.Size {
	if len(objs) == 0 {
		return fyne.Size{}
	}
	cell := g.cell(objs)
	cols := g.cols
	if cols == 0 {
		cols = min(2, len(objs))
	}
	rows := (len(objs) + cols - 1) / cols
	pad := theme.Padding()
	// Two narrow columns are the least it asks for: labels are clipped
	// rather than the panel widened.
	return fyne.NewSize(2*min(cell.Width, panelMinWidth/2)-pad,
		float32(rows)*cell.Height+float32(rows-1)*pad)
}

func (g *foldingGrid) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if len(objs) == 0 {
		return
	}
	pad := theme.Padding()
	cols := g.fit(objs, size.Width)
	if cols != g.cols {
		g.cols = cols
		if g.changed != nil && !g.changing {
			// The page is laid out again at once, at the new height; the
			// flag stops that layout from starting another.
			g.changing = true
			g.changed()
			g.changing = false
		}
	}
	cell := g.cell(objs)
	w := (size.Width - float32(cols-1)*pad) / float32(cols)
	for i, o := range objs {
		r, c := i/cols, i%cols
		o.Move(fyne.NewPos(float32(c)*(w+pad), float32(r)*(cell.Height+pad)))
		o.Resize(fyne.NewSize(w, cell.Height))
	}
}

// pageScroll is a vertical scroll whose wheel works wherever the pointer
// is: a catcher laid over the content takes the wheel before the entries
// inside, which would otherwise swallow it, and scrolls the page.
type pageScroll struct {
	scroll *container.Scroll
	root   fyne.CanvasObject
}

func newPageScroll(content fyne.CanvasObject) *pageScroll {
	p := &pageScroll{scroll: container.NewVScroll(content)}
	p.root = container.NewStack(p.scroll, newWheelCatcher(p.scroll))
	return p
}

// top scrolls back to the start.
func (p *pageScroll) top() { p.scroll.ScrollToTop() }

// reveal scrolls just enough to show o, a descendant of the content.
func (p *pageScroll) reveal(o fyne.CanvasObject) {
	d := fyne.CurrentApp().Driver()
	at := d.AbsolutePositionForObject(o).Y - d.AbsolutePositionForObject(p.scroll.Content).Y
	h := o.Size().Height
	view := p.scroll.Size().Height
	off := p.scroll.Offset.Y
	switch {
	case at < off:
		off = at - theme.Padding()
	case at+h > off+view:
		off = at + h - view + theme.Padding()
	default:
		return
	}
	p.scroll.Offset.Y = max(0, off)
	p.scroll.Refresh()
}

// wheelCatcher is invisible and only scrolls its target; taps and hovers
// reach the objects below it.
type wheelCatcher struct {
	widget.BaseWidget
	target fyne.Scrollable
}

func newWheelCatcher(target fyne.Scrollable) *wheelCatcher {
	w := &wheelCatcher{target: target}
	w.ExtendBaseWidget(w)
	return w
}

func (w *wheelCatcher) Scrolled(ev *fyne.ScrollEvent) { w.target.Scrolled(ev) }

func (w *wheelCatcher) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewWithoutLayout())
}

// minWidth lays its objects out at full size and asks for at least w.
type minWidth struct{ w float32 }

func (l minWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	s.Width = max(s.Width, l.w)
	return s
}

func (l minWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}
