package app

import (
	"context"
	"testing"
)

// TestSavesOffTheUIGoroutine types a statement with saves running off the
// UI goroutine: it is stored in order, and when the library refuses a
// save the user is told, the edit leaves the undo history, and the typed
// text stays in its field.
func TestSavesOffTheUIGoroutine(t *testing.T) {
	f := newFixture(t)
	f.ws.writes.async = true
	id := f.addArticle("Bus service", articleText)
	v := f.openArticle(id)
	f.selectQuote("three new bus routes")
	v.markClaim()
	cid := v.selected

	v.editor.statement.SetText("Three new routes")
	f.fire()
	f.ws.writes.wait()
	if got := f.stored(cid).Statement; got != "Three new routes" {
		t.Fatalf("stored statement = %q, want the typed one", got)
	}
	before := len(f.ws.history.done)

	// The claim goes away behind the window's back: the next save fails.
	if err := f.db.DeleteClaim(context.Background(), cid); err != nil {
		t.Fatal(err)
	}
	v.editor.statement.SetText("Three new routes, said the council")
	f.fire()
	f.ws.writes.wait()
	if got := f.overlayText(); got == "" {
		t.Errorf("no error shown for a save the library refused")
	}
	if got := len(f.ws.history.done); got != before {
		t.Errorf("undo history has %d steps after a failed save, want %d", got, before)
	}
	if got := v.editor.statement.Text; got != "Three new routes, said the council" {
		t.Errorf("statement field after a failed save = %q, want the typed text kept", got)
	}
}
