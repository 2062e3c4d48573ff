package app

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/factdesk/factdesk/annotate"
)

// TestUndoChainNamesTheWindowsRevision sets a verdict and then a status on
// one claim and undoes both: each undo names the revision the window last
// left, not the one its own step left, so neither is refused as a conflict.
// A change made elsewhere meanwhile is still refused.
func TestUndoChainNamesTheWindowsRevision(t *testing.T) {
	f := newFixture(t)
	id := f.addArticle("Bus service", articleText)
	v := f.openArticle(id)
	f.selectQuote("three new bus routes")
	v.markClaim()
	cid := v.selected
	v.setVerdict(5)
	v.editor.setStatus(annotate.StatusNeedsReview)
	f.press(&fyne.ShortcutUndo{})
	f.press(&fyne.ShortcutUndo{})
	if c := f.stored(cid); c.Verdict != annotate.VerdictNone || c.Status != annotate.StatusUnchecked {
		t.Fatalf("after two undos: verdict %q, status %q; want none and unchecked (overlay %q)", c.Verdict, c.Status, f.overlayText())
	}
	if got := f.overlayText(); got != "" {
		t.Fatalf("an undo was refused: %q", got)
	}

	// Another program changes the claim: redo must not overwrite it.
	other := f.stored(cid)
	other.Notes = "changed elsewhere"
	if err := f.db.UpdateClaim(context.Background(), other); err != nil {
		t.Fatal(err)
	}
	f.press(ctrlShift(fyne.KeyZ))
	if c := f.stored(cid); c.Notes != "changed elsewhere" || c.Verdict != annotate.VerdictNone {
		t.Errorf("redo over a change made elsewhere: notes %q, verdict %q; want it refused", c.Notes, c.Verdict)
	}
}

// TestConflictKeepsTypedText: another program changes the selected claim;
// the statement the user then types is refused once as a conflict, the
// claim is read again, the typed text stays, and the next save puts it on
// top without losing the other program's change.
func TestConflictKeepsTypedText(t *testing.T) {
	f := newFixture(t)
	id := f.addArticle("Bus service", articleText)
	v := f.openArticle(id)
	f.selectQuote("three new bus routes")
	v.markClaim()
	cid := v.selected

	other := f.stored(cid)
	other.Notes = "asked the transit office"
	if err := f.db.UpdateClaim(context.Background(), other); err != nil {
		t.Fatal(err)
	}
	v.editor.statement.SetText("The council added three routes")
	f.fire()
	if got := v.editor.statement.Text; got != "The council added three routes" {
		t.Fatalf("statement after the conflict = %q, want the typed text kept", got)
	}
	if !strings.Contains(f.ws.notice.text.Text, "changed elsewhere") {
		t.Errorf("notice = %q, want it to say the claim changed elsewhere", f.ws.notice.text.Text)
	}
	f.fire()
	c := f.stored(cid)
	if c.Statement != "The council added three routes" || c.Notes != "asked the transit office" {
		t.Errorf("stored: statement %q, notes %q; want both changes", c.Statement, c.Notes)
	}
}
