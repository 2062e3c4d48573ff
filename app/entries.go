package app

import (
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// fieldEntry is an Entry that reports losing focus and Escape, so that the
// editor can save at once when the user moves on and hand focus back to the
// reader.
type fieldEntry struct {
	widget.Entry
	onFocusGained func()
	onFocusLost   func()
	onEscape      func()
	minRows       int
	rows          int // the rows shown now
}

func newFieldEntry(multiLine bool) *fieldEntry {
	e := &fieldEntry{}
	e.MultiLine = multiLine
	if multiLine {
		e.Wrapping = fyne.TextWrapWord
	}
	e.ExtendBaseWidget(e)
	return e
}

func (e *fieldEntry) FocusGained() {
	e.Entry.FocusGained()
	if e.onFocusGained != nil {
		e.onFocusGained()
	}
}

// fitRows grows a multi-line entry with its text, from its minimum up to
// a screenful, so that the page scrolls rather than the field.
func (e *fieldEntry) fitRows() {
	if !e.MultiLine {
		return
	}
	if e.minRows == 0 {
		e.minRows = 3
	}
	w := e.Size().Width
	perLine := 40
	if w > 0 {
		perLine = max(20, int(w/(fyne.MeasureText("n", theme.TextSize(), fyne.TextStyle{}).Width+0.5)))
	}
	rows := 0
	for _, line := range strings.Split(e.Text, "\n") {
		rows += 1 + utf8.RuneCountInString(line)/perLine
	}
	rows = min(max(rows, e.minRows), 16)
	if rows != e.rows {
		e.rows = rows
		e.SetMinRowsVisible(rows)
	}
}

func (e *fieldEntry) FocusLost() {
	e.Entry.FocusLost()
	if e.onFocusLost != nil {
		e.onFocusLost()
	}
}

func (e *fieldEntry) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape && e.onEscape != nil {
		e.onEscape()
		return
	}
	e.Entry.TypedKey(k)
}

// suggestEntry is a SelectEntry (an entry with a list of suggestions) with
// the same focus and Escape hooks as fieldEntry.
type suggestEntry struct {
	widget.SelectEntry
	onFocusGained func()
	onFocusLost   func()
	onEscape      func()
}

func (e *suggestEntry) FocusGained() {
	e.SelectEntry.FocusGained()
	if e.onFocusGained != nil {
		e.onFocusGained()
	}
}

func newSuggestEntry() *suggestEntry {
	e := &suggestEntry{}
	e.ExtendBaseWidget(e)
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	e.SetOptions(nil)
	return e
}

func (e *suggestEntry) FocusLost() {
	e.SelectEntry.FocusLost()
	if e.onFocusLost != nil {
		e.onFocusLost()
	}
}

func (e *suggestEntry) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape && e.onEscape != nil {
		e.onEscape()
		return
	}
	e.SelectEntry.TypedKey(k)
}
