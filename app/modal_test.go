package app

import (
	"testing"

	"fyne.io/fyne/v2"
)

// TestNoticeGivesBackItsRoom: the body takes the notice bar's room when the
// bar goes, without waiting for something else to lay the window out.
func TestNoticeGivesBackItsRoom(t *testing.T) {
	f := newFixture(t)
	id := f.addArticle("Bus service", articleText)
	v := f.openArticle(id)
	full := f.ws.body.Size().Height
	f.selectQuote("three new bus routes")
	v.markClaim()
	if !f.ws.notice.root.Visible() {
		t.Fatal("no notice after marking a claim")
	}
	if got := f.ws.body.Size().Height; got >= full {
		t.Errorf("body height with the notice = %v, want less than %v", got, full)
	}
	f.ws.notice.hide()
	if got := f.ws.body.Size().Height; got != full {
		t.Errorf("body height after the notice went = %v, want %v again", got, full)
	}
}

// TestOneDialogAtATime: a shortcut that opens a dialog does nothing while
// another dialog is showing, and single keys do not reach the article
// behind it.
func TestOneDialogAtATime(t *testing.T) {
	f := newFixture(t)
	id := f.addArticle("Bus service", articleText)
	v := f.openArticle(id)
	f.selectQuote("three new bus routes")
	v.markClaim()
	v.showDetails()
	if f.ws.win.Canvas().Overlays().Top() == nil {
		t.Fatal("no details dialog")
	}
	f.press(ctrl(fyne.KeyK))
	f.press(ctrl(fyne.KeyE))
	if n := len(f.ws.win.Canvas().Overlays().List()); n != 1 {
		t.Errorf("dialogs showing after Ctrl+K and Ctrl+E over one = %d, want 1", n)
	}
	f.ws.onTypedRune('5')
	if c := f.stored(v.selected); c.Verdict != "" {
		t.Errorf("a key typed with a dialog up set the verdict to %q", c.Verdict)
	}
}
