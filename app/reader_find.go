package app

import (
	"fmt"
	"time"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// FindBar finds text in a Reader: an entry, the match count, previous and
// next, and close. The search ignores case and runs as the query is typed;
// Enter goes to the next match and Shift+Enter to the previous one.
type FindBar struct {
	widget.BaseWidget

	// OnClosed is called when the bar is closed with its button or Escape.
	OnClosed func()

	reader  *Reader
	entry   *readerFindEntry
	count   *widget.Label
	prev    *widget.Button
	next    *widget.Button
	closer  *widget.Button
	matches [][2]int
	cur     int
}

// NewFindBar returns a find bar searching r.
func NewFindBar(r *Reader) *FindBar {
	f := &FindBar{reader: r, cur: -1}
	f.entry = newReaderFindEntry(f)
	f.count = widget.NewLabel("")
	f.prev = widget.NewButtonWithIcon("", theme.MoveUpIcon(), f.Prev)
	f.next = widget.NewButtonWithIcon("", theme.MoveDownIcon(), f.Next)
	f.closer = widget.NewButtonWithIcon("", theme.CancelIcon(), f.Close)
	f.prev.Importance, f.next.Importance, f.closer.Importance = widget.LowImportance, widget.LowImportance, widget.LowImportance
	f.ExtendBaseWidget(f)
	return f
}

// CreateRenderer is part of fyne.Widget.
func (f *FindBar) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewBorder(nil, nil, nil,
		container.NewHBox(f.count, f.prev, f.next, f.closer), f.entry))
}

// Show shows the bar and searches again, as the article may have changed.
func (f *FindBar) Show() {
	f.BaseWidget.Show()
	f.search()
}

// SetQuery sets the text to find and searches.
func (f *FindBar) SetQuery(q string) {
	f.entry.SetText(q) // OnChanged searches
}

// Query returns the text being found.
func (f *FindBar) Query() string { return f.entry.Text }

// Matches returns how many matches there are and which is current (-1 for none).
func (f *FindBar) Matches() (n, current int) { return len(f.matches), f.cur }

// Next moves to the next match, wrapping around.
func (f *FindBar) Next() { f.step(1) }

// Prev moves to the previous match, wrapping around.
func (f *FindBar) Prev() { f.step(-1) }

// Close clears the matches from the reader and calls OnClosed.
func (f *FindBar) Close() {
	f.matches, f.cur = nil, -1
	f.reader.SetFindMatches(nil, -1)
	f.count.SetText("")
	if f.OnClosed != nil {
		f.OnClosed()
	}
}

func (f *FindBar) step(d int) {
	if len(f.matches) == 0 {
		return
	}
	f.cur = (f.cur + d + len(f.matches)) % len(f.matches)
	f.show()
}

func (f *FindBar) show() {
	f.reader.SetFindMatches(f.matches, f.cur)
	if len(f.matches) == 0 {
		if f.entry.Text == "" {
			f.count.SetText("")
		} else {
			f.count.SetText("No matches")
		}
		return
	}
	f.count.SetText(fmt.Sprintf("%d of %d", f.cur+1, len(f.matches)))
}

// search finds every occurrence of the query, ignoring case code point by
// code point so that offsets stay those of the text, and makes current the
// first match at or after the caret.
func (f *FindBar) search() {
	f.matches, f.cur = f.matches[:0], -1
	q := []rune(f.entry.Text)
	for i, c := range q {
		q[i] = unicode.ToLower(c)
	}
	doc := f.reader.doc
	if len(q) > 0 && doc != nil {
		text := doc.lowerRunes()
		for i := 0; i+len(q) <= len(text); i++ {
			if text[i] != q[0] {
				continue
			}
			j := 1
			for j < len(q) && text[i+j] == q[j] {
				j++
			}
			if j == len(q) {
				f.matches = append(f.matches, [2]int{i, i + len(q)})
				i += len(q) - 1
			}
		}
	}
	if len(f.matches) > 0 {
		from, _ := f.reader.Selection()
		f.cur = 0
		for i, m := range f.matches {
			if m[0] >= from {
				f.cur = i
				break
			}
		}
	}
	f.show()
}

// FocusGained is part of fyne.Focusable: the bar hands the keyboard to its
// entry, so that focusing the bar means typing into it. Coming back from
// the entry (Shift+Tab) it passes focus on instead of trapping it.
func (f *FindBar) FocusGained() {
	c := fyne.CurrentApp().Driver().CanvasForObject(f)
	if c == nil {
		return
	}
	if time.Since(f.entry.lost) < 50*time.Millisecond {
		c.FocusPrevious()
		return
	}
	c.Focus(f.entry)
}

// FocusLost is part of fyne.Focusable.
func (f *FindBar) FocusLost() {}

// TypedRune is part of fyne.Focusable.
func (f *FindBar) TypedRune(c rune) { f.entry.TypedRune(c) }

// TypedKey is part of fyne.Focusable.
func (f *FindBar) TypedKey(ev *fyne.KeyEvent) { f.entry.TypedKey(ev) }

// readerFindEntry is the find bar's entry: Enter and Shift+Enter move
// between matches and Escape closes the bar.
type readerFindEntry struct {
	widget.Entry
	bar   *FindBar
	shift bool
	lost  time.Time
}

func newReaderFindEntry(f *FindBar) *readerFindEntry {
	e := &readerFindEntry{bar: f}
	e.ExtendBaseWidget(e)
	e.PlaceHolder = "Find in article"
	e.OnChanged = func(string) { f.search() }
	return e
}

func (e *readerFindEntry) KeyDown(ev *fyne.KeyEvent) {
	if ev.Name == desktop.KeyShiftLeft || ev.Name == desktop.KeyShiftRight {
		e.shift = true
	}
	e.Entry.KeyDown(ev)
}

func (e *readerFindEntry) KeyUp(ev *fyne.KeyEvent) {
	if ev.Name == desktop.KeyShiftLeft || ev.Name == desktop.KeyShiftRight {
		e.shift = false
	}
	e.Entry.KeyUp(ev)
}

func (e *readerFindEntry) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		if e.shift {
			e.bar.Prev()
		} else {
			e.bar.Next()
		}
	case fyne.KeyEscape:
		e.bar.Close()
	default:
		e.Entry.TypedKey(ev)
	}
}

func (e *readerFindEntry) FocusLost() {
	e.lost = time.Now()
	e.shift = false
	e.Entry.FocusLost()
}
