package app

import (
	"sort"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

var (
	_ fyne.Widget         = (*Reader)(nil)
	_ fyne.Focusable      = (*Reader)(nil)
	_ fyne.Tappable       = (*Reader)(nil)
	_ fyne.DoubleTappable = (*Reader)(nil)
	_ fyne.Draggable      = (*Reader)(nil)
	_ fyne.Scrollable     = (*Reader)(nil)
	_ fyne.Shortcutable   = (*Reader)(nil)
	_ desktop.Mouseable   = (*Reader)(nil)
	_ desktop.Hoverable   = (*Reader)(nil)
	_ desktop.Keyable     = (*Reader)(nil)
	_ desktop.Cursorable  = (*Reader)(nil)
)

// readerMultiClick is how close presses must follow each other to count as
// a double or triple click.
const readerMultiClick = 400 * time.Millisecond

// marksIn returns the indexes of the highlights that touch [s, e).
func (r *Reader) marksIn(s, e int) []int {
	var out []int
	i := sort.Search(len(r.marks), func(i int) bool { return r.marks[i].Start >= s-r.marksMaxLen })
	for ; i < len(r.marks) && r.marks[i].Start < e; i++ {
		if r.marks[i].End > s {
			out = append(out, i)
		}
	}
	return out
}

// claimAt returns the innermost (shortest) claim holding the character at
// off, or 0.
func (r *Reader) claimAt(off int) int64 {
	if off < 0 {
		return 0
	}
	var best *readerMark
	for _, i := range r.marksIn(off, off+1) {
		mk := &r.marks[i]
		if mk.Start <= off && off < mk.End && (best == nil || mk.End-mk.Start <= best.End-best.Start) {
			best = mk
		}
	}
	if best == nil {
		return 0
	}
	return best.ID
}

func (r *Reader) firstFind(s int) int {
	// matches do not overlap much; step back over any that might reach s
	i := sort.Search(len(r.finds), func(i int) bool { return r.finds[i][1] > s })
	for i > 0 && r.finds[i-1][1] > s {
		i--
	}
	return i
}

func (r *Reader) firstSuggestion(s int) int {
	return sort.Search(len(r.suggestions), func(i int) bool { return r.suggestions[i].Start >= s-r.sugMaxLen })
}

// thumb returns the scroll bar thumb's top and height in the view.
func (r *Reader) thumb() (y, h float32, ok bool) {
	viewH := r.lay.viewH
	total := r.contentHeight()
	if r.doc == nil || viewH <= 0 || total <= viewH {
		return 0, 0, false
	}
	h = max(24, viewH*viewH/total)
	return (viewH - h) * r.scrollY() / (total - viewH), h, true
}

func (r *Reader) inBar(pos fyne.Position) bool {
	_, _, ok := r.thumb()
	return ok && pos.X >= r.Size().Width-readerBarLane
}

// pressBar grabs the thumb, or pages towards the press.
func (r *Reader) pressBar(y float32) {
	ty, th, _ := r.thumb()
	switch {
	case y < ty:
		r.scrollBy(-(r.lay.viewH - r.lay.m.lineH))
		r.barGrab = -1
	case y > ty+th:
		r.scrollBy(r.lay.viewH - r.lay.m.lineH)
		r.barGrab = -1
	default:
		r.barGrab = y - ty
	}
}

func (r *Reader) dragThumb(y float32) {
	_, th, ok := r.thumb()
	if !ok {
		return
	}
	if r.barGrab < 0 {
		r.barGrab = th / 2
	}
	frac := (y - r.barGrab) / (r.lay.viewH - th)
	r.setScrollY(min(max(frac, 0), 1) * r.maxScroll())
	r.Refresh()
}

func (r *Reader) requestFocus() {
	if c := fyne.CurrentApp().Driver().CanvasForObject(r); c != nil && c.Focused() != r {
		c.Focus(r)
	}
}

// press handles the n-th click of a series at pos.
func (r *Reader) press(pos fyne.Position, clicks int, shift bool) {
	off, char := r.hit(pos)
	switch {
	case clicks == 2:
		r.selectWord(off, char)
	case clicks >= 3:
		if p := r.doc.paraAt(off); p >= 0 {
			r.setSel(int(r.doc.paras[p].start), int(r.doc.paras[p].end))
		}
	case shift:
		r.setSel(r.anchor, off)
	default:
		r.setSel(off, off)
	}
	r.goalSet = false
	r.Refresh()
}

// selectWord selects the word under a point: the character under it, or
// the one before the caret offset when the point is past a line's end.
func (r *Reader) selectWord(off, char int) {
	c := char
	if c < 0 {
		c = off
		if c > 0 && (c >= len(r.doc.runes) || readerClass(r.doc.runes[c]) == readerClassSpace) {
			c--
		}
	}
	s, e := r.doc.wordAt(c)
	r.setSel(s, e)
}

// MouseDown is part of desktop.Mouseable: presses place the caret, select
// a word or a paragraph, or extend the selection with shift.
func (r *Reader) MouseDown(ev *desktop.MouseEvent) {
	if ev.Button != desktop.MouseButtonPrimary || r.doc == nil {
		return
	}
	r.requestFocus()
	r.pressHandled = true
	r.hoverID = 0
	if r.inBar(ev.Position) {
		r.dragBar = true
		r.pressBar(ev.Position.Y)
		return
	}
	r.dragBar = false
	now := time.Now()
	d := ev.Position.Subtract(r.lastPressPos)
	if now.Sub(r.lastPress) <= readerMultiClick && d.X*d.X+d.Y*d.Y < 36 {
		r.clicks++
	} else {
		r.clicks = 1
	}
	r.lastPress, r.lastPressPos = now, ev.Position
	r.press(ev.Position, r.clicks, ev.Modifier&fyne.KeyModifierShift != 0 || r.shiftHeld())
}

// MouseUp is part of desktop.Mouseable.
func (r *Reader) MouseUp(*desktop.MouseEvent) {}

// Tapped is part of fyne.Tappable: a click inside a highlight, with nothing
// selected, reports the innermost claim there.
func (r *Reader) Tapped(ev *fyne.PointEvent) {
	if r.doc == nil {
		return
	}
	pressed := r.pressHandled
	r.pressHandled = false
	if r.inBar(ev.Position) {
		if !pressed {
			r.pressBar(ev.Position.Y)
		}
		return
	}
	if !pressed { // drivers that tap without a press first
		r.requestFocus()
		r.press(ev.Position, 1, r.shiftHeld())
	}
	if s, e := r.Selection(); s != e {
		return
	}
	_, char := r.hit(ev.Position)
	if r.doc != nil && len(r.folded) > 0 {
		if p := r.doc.paraAt(char); p >= 0 && r.unfold(p) {
			return
		}
	}
	if id := r.claimAt(char); id != 0 && r.OnClaimTapped != nil {
		r.OnClaimTapped(id)
	}
}

// DoubleTapped is part of fyne.DoubleTappable: it selects a word.
func (r *Reader) DoubleTapped(ev *fyne.PointEvent) {
	r.pressHandled = false
	if r.doc == nil || r.inBar(ev.Position) {
		return
	}
	r.requestFocus()
	off, char := r.hit(ev.Position)
	r.selectWord(off, char)
	r.Refresh()
}

// Dragged is part of fyne.Draggable: it extends the selection to the
// pointer, scrolling when the pointer leaves the view, or moves the thumb.
func (r *Reader) Dragged(ev *fyne.DragEvent) {
	if r.doc == nil {
		return
	}
	if !r.dragging {
		r.dragging = true
		r.hoverID = 0
		if !r.pressHandled { // no press was seen: the drag began where it came from
			start := ev.Position.Subtract(ev.Dragged)
			r.dragBar = r.inBar(start)
			if r.dragBar {
				r.pressBar(start.Y)
			} else {
				r.requestFocus()
				r.press(start, 1, r.shiftHeld())
			}
		}
	}
	if r.dragBar {
		r.dragThumb(ev.Position.Y)
		return
	}
	pos := ev.Position
	switch h := r.Size().Height; {
	case pos.Y < 0:
		r.setScrollY(r.scrollY() + max(pos.Y, -h/2)/2)
	case pos.Y > h:
		r.setScrollY(r.scrollY() + min(pos.Y-h, h/2)/2)
	}
	off, _ := r.hit(pos)
	r.setSel(r.anchor, off)
	r.goalSet = false
	r.Refresh()
}

// DragEnd is part of fyne.Draggable.
func (r *Reader) DragEnd() {
	r.dragging, r.dragBar, r.pressHandled = false, false, false
}

// Scrolled is part of fyne.Scrollable.
// One notch of a wheel comes as wheelNotch pixels from the driver; the
// reader moves three lines for it, as text views do.
func (r *Reader) Scrolled(ev *fyne.ScrollEvent) {
	r.hoverID = 0
	r.scrollBy(-ev.Scrolled.DY * r.wheelFactor())
}

const wheelNotch = 25

func (r *Reader) wheelFactor() float32 {
	if r.lay.m.lineH <= 0 {
		return 1
	}
	return max(1, 3*r.lay.m.lineH/wheelNotch)
}

// MouseIn is part of desktop.Hoverable.
func (r *Reader) MouseIn(ev *desktop.MouseEvent) { r.hover(ev.Position) }

// MouseMoved is part of desktop.Hoverable.
func (r *Reader) MouseMoved(ev *desktop.MouseEvent) { r.hover(ev.Position) }

// MouseOut is part of desktop.Hoverable.
func (r *Reader) MouseOut() {
	if r.hoverID != 0 {
		r.hoverID = 0
		r.Refresh()
	}
}

// hover shows the tooltip of the claim under the pointer.
func (r *Reader) hover(pos fyne.Position) {
	var id int64
	if r.doc != nil && !r.dragging && !r.inBar(pos) {
		_, char := r.hit(pos)
		id = r.claimAt(char)
		if mk := r.mark(id); mk == nil || mk.Tooltip == "" {
			id = 0
		}
	}
	if id != r.hoverID {
		r.hoverID, r.hoverPos = id, pos
		r.Refresh()
	}
}

// Cursor is part of desktop.Cursorable.
func (r *Reader) Cursor() desktop.Cursor { return desktop.TextCursor }

// FocusGained is part of fyne.Focusable.
func (r *Reader) FocusGained() {
	r.focused = true
	r.Refresh()
}

// FocusLost is part of fyne.Focusable.
func (r *Reader) FocusLost() {
	r.focused, r.shift = false, false
	r.Refresh()
}

// SetKeyHandlers hands the keys the reader has no use for to its owner
// while it has the keyboard: onRune and onKey are called first, and the
// reader handles the key itself only when they return false. Either may be nil.
func (r *Reader) SetKeyHandlers(onRune func(rune) bool, onKey func(*fyne.KeyEvent) bool) {
	r.onRune, r.onKey = onRune, onKey
}

// TypedRune is part of fyne.Focusable; the reader takes no text itself.
func (r *Reader) TypedRune(c rune) {
	if r.onRune != nil {
		r.onRune(c)
	}
}

// KeyDown is part of desktop.Keyable: it follows the shift keys.
func (r *Reader) KeyDown(ev *fyne.KeyEvent) {
	if ev.Name == desktop.KeyShiftLeft || ev.Name == desktop.KeyShiftRight {
		r.shift = true
	}
}

// KeyUp is part of desktop.Keyable.
func (r *Reader) KeyUp(ev *fyne.KeyEvent) {
	if ev.Name == desktop.KeyShiftLeft || ev.Name == desktop.KeyShiftRight {
		r.shift = false
	}
}

func (r *Reader) shiftHeld() bool {
	if r.shift {
		return true
	}
	if d, ok := fyne.CurrentApp().Driver().(desktop.Driver); ok {
		return d.CurrentKeyModifiers()&fyne.KeyModifierShift != 0
	}
	return false
}

// TypedKey is part of fyne.Focusable: arrows, Home and End move the caret
// (with shift they extend the selection); PageUp, PageDown and Space scroll.
func (r *Reader) TypedKey(ev *fyne.KeyEvent) {
	if r.onKey != nil && r.onKey(ev) {
		return
	}
	if r.doc == nil || len(r.doc.paras) == 0 {
		return
	}
	r.ensureMetrics()
	shift := r.shiftHeld()
	page := r.lay.viewH - r.lay.m.lineH
	switch ev.Name {
	case fyne.KeyLeft:
		r.moveCaret(shift, false, func(c int) int { return r.doc.prev(c) }, true)
	case fyne.KeyRight:
		r.moveCaret(shift, false, func(c int) int { return r.doc.next(c) }, false)
	case fyne.KeyUp:
		r.moveCaret(shift, true, func(c int) int { return r.lineMove(c, -1) }, true)
	case fyne.KeyDown:
		r.moveCaret(shift, true, func(c int) int { return r.lineMove(c, 1) }, false)
	case fyne.KeyHome:
		r.moveCaret(shift, false, r.lineStart, true)
	case fyne.KeyEnd:
		r.moveCaret(shift, false, r.lineEnd, false)
	case fyne.KeyPageUp:
		r.scrollBy(-page)
	case fyne.KeyPageDown:
		r.scrollBy(page)
	case fyne.KeySpace:
		if shift {
			r.scrollBy(-page)
		} else {
			r.scrollBy(page)
		}
	}
}

// moveCaret moves the caret with move. Without shift a selection first
// collapses to its start (back) or end; with shift the anchor stays.
func (r *Reader) moveCaret(shift, vertical bool, move func(int) int, back bool) {
	if !vertical {
		r.goalSet = false
	}
	s, e := r.Selection()
	switch {
	case shift:
		r.setSel(r.anchor, move(r.caret))
	case s != e && !vertical:
		if back {
			r.setSel(s, s)
		} else {
			r.setSel(e, e)
		}
	default:
		c := r.caret
		if s != e && back {
			c = s
		} else if s != e {
			c = e
		}
		c = move(c)
		r.setSel(c, c)
	}
	r.showSpan(r.caret, r.caret)
	r.Refresh()
}

// lineMove returns the offset on the line above (dir -1) or below (+1) at
// the x the caret had when it started moving up or down.
func (r *Reader) lineMove(off, dir int) int {
	p, li, x := r.locate(off)
	if r.goalSet {
		x = r.goalX
	} else {
		r.goalX, r.goalSet = x, true
	}
	pl := r.paraLayout(p)
	li += dir
	switch {
	case li < 0:
		if p == 0 {
			return int(r.doc.paras[0].start)
		}
		p--
		pl = r.paraLayout(p)
		li = len(pl.lines) - 1
	case li >= len(pl.lines):
		if p == len(r.doc.paras)-1 {
			return int(r.doc.paras[p].end)
		}
		p++
		pl = r.paraLayout(p)
		li = 0
	}
	o, _ := r.lineHit(pl, li, x)
	return o
}

func (r *Reader) lineStart(off int) int {
	p, li, _ := r.locate(off)
	return int(r.paraLayout(p).line(li)[0].start)
}

func (r *Reader) lineEnd(off int) int {
	p, li, _ := r.locate(off)
	pcs := r.paraLayout(p).line(li)
	return int(pcs[len(pcs)-1].end)
}

// TypedShortcut is part of fyne.Shortcutable: copy, select all, and word
// and document moves. Others go on to the window's shortcuts, so that the
// workspace's (zoom and the like) work while the reader has the keyboard.
func (r *Reader) TypedShortcut(s fyne.Shortcut) {
	switch sc := s.(type) {
	case *fyne.ShortcutCopy:
		if text := r.SelectedText(); text != "" {
			cb := sc.Clipboard
			if cb == nil {
				cb = fyne.CurrentApp().Clipboard()
			}
			cb.SetContent(text)
		}
		return
	case *fyne.ShortcutSelectAll:
		r.goalSet = false
		r.setSel(0, r.textLen())
		r.Refresh()
		return
	case *desktop.CustomShortcut:
		if r.doc != nil && len(r.doc.paras) > 0 && r.wordShortcut(sc) {
			return
		}
	}
	if c := fyne.CurrentApp().Driver().CanvasForObject(r); c != nil {
		if sh, ok := c.(interface{ TypedShortcut(fyne.Shortcut) }); ok {
			sh.TypedShortcut(s)
		}
	}
}

// wordShortcut handles ctrl (or alt) with the arrows, Home and End.
func (r *Reader) wordShortcut(sc *desktop.CustomShortcut) bool {
	mod := sc.Modifier &^ fyne.KeyModifierShift
	if mod != fyne.KeyModifierControl && mod != fyne.KeyModifierAlt && mod != fyne.KeyModifierSuper {
		return false
	}
	shift := sc.Modifier&fyne.KeyModifierShift != 0
	r.ensureMetrics()
	switch sc.KeyName {
	case fyne.KeyLeft:
		r.moveCaret(shift, false, r.doc.prevWord, true)
	case fyne.KeyRight:
		r.moveCaret(shift, false, r.doc.nextWord, false)
	case fyne.KeyHome, fyne.KeyUp:
		if mod == fyne.KeyModifierAlt && sc.KeyName == fyne.KeyUp {
			return false
		}
		r.moveCaret(shift, false, func(int) int { return 0 }, true)
	case fyne.KeyEnd, fyne.KeyDown:
		if mod == fyne.KeyModifierAlt && sc.KeyName == fyne.KeyDown {
			return false
		}
		r.moveCaret(shift, false, func(int) int { return r.textLen() }, false)
	default:
		return false
	}
	return true
}
