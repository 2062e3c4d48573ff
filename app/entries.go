package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// fieldEntry is an Entry that reports losing focus and Escape, so that the
// editor can save at once when the user moves on and hand focus back to the
// reader.
type fieldEntry struct {
	widget.Entry
	onFocusLost func()
	onEscape    func()
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
	onFocusLost func()
	onEscape    func()
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
