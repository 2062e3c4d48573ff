package app

import (
	"image/color"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// Highlight is one claim's span in the reader.
type Highlight struct {
	ID    int64 // claim id
	Start int   // code-point offsets into the canonical text, end exclusive
	End   int
	// Color is the tint by verdict or status (annotate.ClaimColor gives
	// #rrggbb); the reader draws it translucent.
	Color   color.Color
	Number  int    // shown in a small marker at the claim's start
	Tooltip string // statement and verdict, shown on hover
}

// Suggestion is a sentence the claim assistant proposes: the reader draws a
// dotted underline under it and its score in the margin.
type Suggestion struct {
	Start, End int
	Score      float64
}

// ParaNote is a short note the reader writes in the margin of the paragraph
// holding offset At: a transcript turn's speaker and time, a PDF's page.
type ParaNote struct {
	At   int
	Text string
}

// readerMark is a highlight as the reader keeps it: clipped to the text and
// with the level of its underline among the claims it overlaps.
type readerMark struct {
	Highlight
	level int
}

// Reader shows an article for reading and marking: its title, meta line and
// paragraphs, with claim highlights, suggestions, find matches and a
// selection, all addressed by code-point offsets into the canonical text.
// Only the paragraphs in view are laid out, so long articles open at once.
type Reader struct {
	widget.BaseWidget

	// OnClaimTapped is called with the innermost claim under a tap.
	OnClaimTapped func(id int64)
	// OnSelectionChanged is called with the selection whenever it changes;
	// start == end means nothing is selected.
	OnSelectionChanged func(start, end int)

	title, meta string
	doc         *readerDoc
	lay         readerLayout
	notes       map[int]string // margin notes by paragraph
	folded      map[int]bool   // paragraphs shown as their first line

	marks       []readerMark // sorted by start
	marksMaxLen int
	suggestions []Suggestion // sorted by start
	sugMaxLen   int
	finds       [][2]int // sorted by start
	findCur     int
	selClaim    int64
	flashID     int64
	flashAlpha  float32
	flashAnim   *fyne.Animation
	zoom        float32

	// Selection: the anchor stays where it began, the caret moves.
	anchor, caret int
	goalX         float32 // x kept for up and down
	goalSet       bool
	focused       bool
	shift         bool // a shift key is held

	// Pointer state.
	clicks       int
	lastPress    time.Time
	lastPressPos fyne.Position
	pressHandled bool // the last press was seen by MouseDown
	dragging     bool
	dragBar      bool    // the drag moves the scroll bar
	barGrab      float32 // where the thumb was grabbed
	hoverID      int64
	hoverPos     fyne.Position

	onRune func(rune) bool // the owner's keys, tried first
	onKey  func(*fyne.KeyEvent) bool
}

// NewReader returns an empty reader at 100% zoom.
func NewReader() *Reader {
	r := &Reader{zoom: 1}
	r.lay.anchorPara = -1
	r.ExtendBaseWidget(r)
	return r
}

// CreateRenderer is part of fyne.Widget.
func (r *Reader) CreateRenderer() fyne.WidgetRenderer {
	return newReaderRenderer(r)
}

// SetArticle shows an article: its title, a meta line (byline · publisher ·
// date), and its canonical text, whose paragraphs are separated by a blank
// line. It resets the selection, the highlights, the suggestions, the find
// matches and the scroll position.
func (r *Reader) SetArticle(title, meta, text string) {
	r.title, r.meta = title, meta
	r.doc = newReaderDoc(text)
	r.resetLayout()
	r.marks, r.marksMaxLen = nil, 0
	r.suggestions, r.sugMaxLen = nil, 0
	r.finds, r.findCur = nil, -1
	r.selClaim, r.flashID, r.hoverID = 0, 0, 0
	r.goalSet = false
	r.setSel(0, 0)
	r.Refresh()
}

// textLen is the length of the text in code points.
func (r *Reader) textLen() int {
	if r.doc == nil {
		return 0
	}
	return len(r.doc.runes)
}

// SetHighlights replaces the claim highlights. Spans are clipped to the
// text; empty ones are ignored.
func (r *Reader) SetHighlights(hs []Highlight) {
	n := r.textLen()
	marks := make([]readerMark, 0, len(hs))
	for _, h := range hs {
		h.Start, h.End = min(max(h.Start, 0), n), min(max(h.End, 0), n)
		if h.End > h.Start {
			marks = append(marks, readerMark{Highlight: h})
		}
	}
	slices.SortFunc(marks, func(a, b readerMark) int {
		switch {
		case a.Start != b.Start:
			return a.Start - b.Start
		case a.End != b.End:
			return b.End - a.End // the longer first, so the inner one is drawn on top
		case a.ID < b.ID:
			return -1
		case a.ID > b.ID:
			return 1
		}
		return 0
	})
	// Give each claim the lowest underline level free among the claims it
	// overlaps, so that overlapping underlines stack instead of hiding.
	var active []int // indexes of marks still open, by level
	r.marksMaxLen = 0
	for i := range marks {
		m := &marks[i]
		r.marksMaxLen = max(r.marksMaxLen, m.End-m.Start)
		lvl := -1
		for l, j := range active {
			if j >= 0 && marks[j].End <= m.Start {
				active[l] = -1
			}
			if active[l] < 0 && lvl < 0 {
				lvl = l
			}
		}
		if lvl < 0 {
			lvl = len(active)
			active = append(active, -1)
		}
		active[lvl] = i
		m.level = lvl
	}
	r.marks = marks
	if r.hoverID != 0 && r.mark(r.hoverID) == nil {
		r.hoverID = 0
	}
	r.Refresh()
}

// mark returns the highlight of a claim, or nil.
func (r *Reader) mark(id int64) *readerMark {
	for i := range r.marks {
		if r.marks[i].ID == id {
			return &r.marks[i]
		}
	}
	return nil
}

// SetSuggestions replaces the suggested sentences.
func (r *Reader) SetSuggestions(ss []Suggestion) {
	n := r.textLen()
	out := make([]Suggestion, 0, len(ss))
	r.sugMaxLen = 0
	for _, s := range ss {
		s.Start, s.End = min(max(s.Start, 0), n), min(max(s.End, 0), n)
		if s.End > s.Start {
			out = append(out, s)
			r.sugMaxLen = max(r.sugMaxLen, s.End-s.Start)
		}
	}
	slices.SortStableFunc(out, func(a, b Suggestion) int { return a.Start - b.Start })
	r.suggestions = out
	r.Refresh()
}

// SelectClaim outlines the claim id; 0 selects none.
func (r *Reader) SelectClaim(id int64) {
	if r.selClaim == id {
		return
	}
	r.selClaim = id
	r.Refresh()
}

// ShowClaim scrolls the claim into view and flashes it.
func (r *Reader) ShowClaim(id int64) {
	m := r.mark(id)
	if m == nil {
		return
	}
	r.showSpan(m.Start, m.End)
	if r.flashAnim != nil {
		r.flashAnim.Stop()
	}
	r.flashID = id
	r.flashAlpha = 1
	r.flashAnim = fyne.NewAnimation(900*time.Millisecond, func(f float32) {
		// two pulses that fade out
		switch {
		case f >= 1:
			r.flashID, r.flashAlpha = 0, 0
		case f < 0.5:
			r.flashAlpha = 1 - f
		default:
			r.flashAlpha = (1 - f) * 1.6
		}
		r.Refresh()
	})
	r.flashAnim.Curve = fyne.AnimationLinear
	r.flashAnim.Start()
	r.Refresh()
}

// ShowOffset scrolls so that the code-point offset is in view.
func (r *Reader) ShowOffset(offset int) {
	r.showSpan(offset, offset)
	r.Refresh()
}

// showSpan scrolls the start of a span into view, leaving the view alone
// when it already is; a far jump puts it a third of the way down.
func (r *Reader) showSpan(start, end int) {
	if r.doc == nil || len(r.doc.paras) == 0 {
		return
	}
	if p := r.doc.paraAt(start); r.folded[p] {
		r.unfold(p) // what is to be shown may be past the first line
	}
	r.ensureMetrics()
	p, li, _ := r.locate(min(max(start, 0), r.textLen()))
	top := r.tops()[p] + float32(li)*r.lay.m.lineH
	lineH := r.lay.m.lineH
	y := r.scrollY()
	viewH := r.lay.viewH
	if viewH <= 0 {
		r.setScrollY(top - lineH)
		return
	}
	if top >= y && top+lineH <= y+viewH {
		return
	}
	if top < y && top > y-viewH || top+lineH > y+viewH && top < y+2*viewH {
		// close by: scroll just enough, with a line to spare
		if top < y {
			r.setScrollY(top - lineH)
		} else {
			r.setScrollY(top + 2*lineH - viewH)
		}
		return
	}
	r.setScrollY(top - viewH/3)
}

// Selection returns the selected span in code points; start == end when
// nothing is selected.
func (r *Reader) Selection() (start, end int) {
	return min(r.anchor, r.caret), max(r.anchor, r.caret)
}

// SetSelection selects the span [start, end), clipped to the text.
func (r *Reader) SetSelection(start, end int) {
	r.goalSet = false
	r.setSel(start, end)
	r.Refresh()
}

// setSel moves the anchor and the caret and tells OnSelectionChanged.
func (r *Reader) setSel(anchor, caret int) {
	n := r.textLen()
	anchor, caret = min(max(anchor, 0), n), min(max(caret, 0), n)
	if anchor == r.anchor && caret == r.caret {
		return
	}
	s0, e0 := r.Selection()
	r.anchor, r.caret = anchor, caret
	if s, e := r.Selection(); (s != s0 || e != e0) && r.OnSelectionChanged != nil {
		r.OnSelectionChanged(s, e)
	}
}

// SelectedText returns the selected text.
func (r *Reader) SelectedText() string {
	s, e := r.Selection()
	if r.doc == nil || s == e {
		return ""
	}
	return string(r.doc.runes[s:e])
}

// SetZoom scales the text; 1 is 100%. The reading position is kept.
func (r *Reader) SetZoom(z float32) {
	z = min(max(z, 0.5), 3)
	if z == r.zoom {
		return
	}
	r.zoom = z
	r.Refresh()
}

// Zoom returns the text scale; 1 is 100%.
func (r *Reader) Zoom() float32 { return r.zoom }

// SetFindMatches tints every match of a find, emphasises the current one
// (an index into spans, -1 for none) and scrolls to it.
func (r *Reader) SetFindMatches(spans [][2]int, current int) {
	n := r.textLen()
	r.finds = r.finds[:0]
	for _, s := range spans {
		s[0], s[1] = min(max(s[0], 0), n), min(max(s[1], 0), n)
		if s[1] > s[0] {
			r.finds = append(r.finds, s)
		}
	}
	if len(r.finds) != len(spans) || !slices.IsSortedFunc(r.finds, func(a, b [2]int) int { return a[0] - b[0] }) {
		// keep current pointing at the same span after cleaning up
		var cur [2]int
		if current >= 0 && current < len(spans) {
			cur = spans[current]
		}
		slices.SortFunc(r.finds, func(a, b [2]int) int { return a[0] - b[0] })
		current = slices.Index(r.finds, cur)
	}
	r.findCur = -1
	if current >= 0 && current < len(r.finds) {
		r.findCur = current
		r.showSpan(r.finds[current][0], r.finds[current][1])
	}
	r.Refresh()
}

// scrollBy scrolls the view by dy pixels (down when positive).
func (r *Reader) scrollBy(dy float32) {
	if r.doc == nil {
		return
	}
	r.ensureMetrics()
	r.setScrollY(r.scrollY() + dy)
	r.Refresh()
}

// laidOutParagraphs says how many paragraphs are wrapped at the moment.
func (r *Reader) laidOutParagraphs() int { return len(r.lay.paras) }

// TopPlace is where the view starts: the code-point offset of the
// paragraph at its top (-1 in the header) and how far into it, as a
// fraction of its height, so that the place survives another width or zoom.
func (r *Reader) TopPlace() (offset int, frac float32) {
	l := &r.lay
	if r.doc == nil || l.anchorPara < 0 || l.anchorPara >= len(r.doc.paras) {
		return -1, 0
	}
	h := r.tops()
	span := r.contentHeight() - h[l.anchorPara]
	if l.anchorPara+1 < len(h) {
		span = h[l.anchorPara+1] - h[l.anchorPara]
	}
	if span > 0 {
		frac = min(l.anchorOff/span, 1)
	}
	return int(r.doc.paras[l.anchorPara].start), frac
}

// ScrollToPlace brings back a place TopPlace gave.
func (r *Reader) ScrollToPlace(offset int, frac float32) {
	if r.doc == nil || offset < 0 || len(r.doc.paras) == 0 {
		return
	}
	p := r.doc.paraAt(offset)
	if p < 0 || p >= len(r.doc.paras) {
		return
	}
	r.ensureMetrics()
	h := r.tops()
	span := r.contentHeight() - h[p]
	if p+1 < len(h) {
		span = h[p+1] - h[p]
	}
	r.setScrollY(h[p] + frac*span)
	r.Refresh()
}

// SetParagraphNotes replaces the margin notes.
func (r *Reader) SetParagraphNotes(notes []ParaNote) {
	r.notes = map[int]string{}
	if r.doc != nil {
		for _, n := range notes {
			if p := r.doc.paraAt(n.At); p >= 0 {
				r.notes[p] = n.Text
			}
		}
	}
	r.Refresh()
}

// SetFolded shows the paragraphs holding the offsets as their first line
// only, with "▸" in the margin; a tap unfolds one. Captions are folded so
// that the article reads as the article.
func (r *Reader) SetFolded(offsets []int) {
	r.folded = map[int]bool{}
	if r.doc != nil {
		for _, at := range offsets {
			if p := r.doc.paraAt(at); p >= 0 {
				r.folded[p] = true
			}
		}
	}
	r.relayoutParas()
}

// unfold shows paragraph p whole; it reports whether p was folded.
func (r *Reader) unfold(p int) bool {
	if !r.folded[p] {
		return false
	}
	delete(r.folded, p)
	r.relayoutParas()
	return true
}

// relayoutParas drops the paragraphs' layouts so that they are wrapped
// again; their measured heights are measured again as they come into view.
func (r *Reader) relayoutParas() {
	l := &r.lay
	if l.paras != nil {
		l.paras = make(map[int32]*readerParaLayout)
	}
	for i := range l.measured {
		l.measured[i] = false
	}
	l.topsDirty = true
	r.Refresh()
}
