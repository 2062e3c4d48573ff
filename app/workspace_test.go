package app

import (
	"context"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/factdesk/factdesk/annotate"
)

// TestClaimLifecycleSurvivesReopen marks a claim, edits every kind of field,
// adds a source, deletes the claim, undoes and redoes, then reopens the
// library file and finds everything as it was left.
func TestClaimLifecycleSurvivesReopen(t *testing.T) {
	f := newFixture(t)
	id := f.addArticle("Bus service", articleText)
	v := f.openArticle(id)

	quote := "add three new bus routes"
	f.selectQuote(quote)
	f.press(ctrl(fyne.KeyM))
	if len(v.claims) != 1 {
		t.Fatalf("claims after ctrl+M = %d, want 1", len(v.claims))
	}
	c := v.claims[0]
	if c.Exact != quote || c.Statement != quote {
		t.Errorf("claim quote, statement = %q, %q; want both %q", c.Exact, c.Statement, quote)
	}
	if v.reader.mark(c.ID) == nil {
		t.Errorf("reader has no highlight for the new claim %d", c.ID)
	}
	if got := f.ws.win.Canvas().Focused(); got != v.editor.statement {
		t.Errorf("focus after marking = %T, want the statement entry", got)
	}

	// Statement and claimant save after the typing pause.
	v.editor.statement.SetText("The council added three bus routes")
	test.Type(v.editor.claimant, "Lena Okafor")
	f.fire()
	// Verdict from the keyboard, tags by Enter, date and notes.
	test.Type(v.panel.list, "5")
	v.editor.tagEntry.SetText("Transport")
	v.editor.tagEntry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	v.editor.tagEntry.SetText("budget")
	v.editor.tagEntry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	v.editor.date.SetText("2025-03-11")
	v.editor.notes.SetText("Council minutes, item 4.")
	v.editor.flush()

	// A source through the dialog.
	test.Tap(sourceButton(t, v))
	form := v.editor.srcForm
	form.url.SetText("https://example.org/minutes")
	form.title.SetText("Council minutes")
	form.stance.SetSelected("Refutes")
	test.Tap(f.overlayButton("Add"))

	got := f.stored(c.ID)
	want := annotate.Claim{Statement: "The council added three bus routes", Claimant: "Lena Okafor",
		Verdict: annotate.VerdictFalse, Status: annotate.StatusInProgress, ClaimDate: "2025-03-11",
		Notes: "Council minutes, item 4.", Tags: []string{"budget", "transport"}}
	checkClaim(t, "after editing", got, want)
	if len(got.Sources) != 1 || got.Sources[0].URL != "https://example.org/minutes" || got.Sources[0].Stance != annotate.StanceRefutes {
		t.Fatalf("sources = %+v, want the council minutes refuting", got.Sources)
	}

	// Delete from the list with the Delete key, then undo and redo.
	f.ws.win.Canvas().Focus(v.panel.list)
	v.panel.list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	if _, err := f.db.Claim(context.Background(), c.ID); annotate.ErrorCode(err) != annotate.ENOTFOUND {
		t.Fatalf("Claim after Delete: err = %v, want not found", err)
	}
	if len(v.claims) != 0 {
		t.Errorf("claims shown after Delete = %d, want 0", len(v.claims))
	}
	f.press(&fyne.ShortcutUndo{})
	checkClaim(t, "after undoing the delete", f.stored(c.ID), want)
	if n := len(f.stored(c.ID).Sources); n != 1 {
		t.Errorf("sources after undoing the delete = %d, want 1", n)
	}
	if v.selected != c.ID {
		t.Errorf("selected after undo = %d, want %d", v.selected, c.ID)
	}
	f.press(ctrlShift(fyne.KeyZ))
	if _, err := f.db.Claim(context.Background(), c.ID); annotate.ErrorCode(err) != annotate.ENOTFOUND {
		t.Fatalf("Claim after redo of the delete: err = %v, want not found", err)
	}
	f.press(&fyne.ShortcutUndo{})

	f.reopen()
	claims, err := f.db.Claims(context.Background(), id)
	if err != nil || len(claims) != 1 {
		t.Fatalf("Claims after reopening = %d, %v; want 1", len(claims), err)
	}
	checkClaim(t, "after reopening", claims[0], want)
	if len(claims[0].Sources) != 1 {
		t.Errorf("sources after reopening = %d, want 1", len(claims[0].Sources))
	}
	// The workspace comes back to the article it had open.
	if got := f.ws.ArticleID(); got != id {
		t.Errorf("article open after reopening = %d, want %d", got, id)
	}
}

func sourceButton(t *testing.T, v *articleView) *widget.Button {
	t.Helper()
	for _, o := range test.LaidOutObjects(v.editor.form) {
		if b, ok := o.(*widget.Button); ok && b.Text == "Add source" {
			return b
		}
	}
	t.Fatal("no Add source button in the editor")
	return nil
}

func checkClaim(t *testing.T, when string, got *annotate.Claim, want annotate.Claim) {
	t.Helper()
	if got.Statement != want.Statement {
		t.Errorf("%s: Statement = %q, want %q", when, got.Statement, want.Statement)
	}
	if got.Claimant != want.Claimant {
		t.Errorf("%s: Claimant = %q, want %q", when, got.Claimant, want.Claimant)
	}
	if got.Verdict != want.Verdict {
		t.Errorf("%s: Verdict = %q, want %q", when, got.Verdict, want.Verdict)
	}
	if got.Status != want.Status {
		t.Errorf("%s: Status = %q, want %q", when, got.Status, want.Status)
	}
	if got.ClaimDate != want.ClaimDate {
		t.Errorf("%s: ClaimDate = %q, want %q", when, got.ClaimDate, want.ClaimDate)
	}
	if got.Notes != want.Notes {
		t.Errorf("%s: Notes = %q, want %q", when, got.Notes, want.Notes)
	}
	tags := slices.Clone(got.Tags)
	slices.Sort(tags)
	if !slices.Equal(tags, want.Tags) {
		t.Errorf("%s: Tags = %q, want %q", when, tags, want.Tags)
	}
}

// TestTypingIsOneUndoStep checks that a burst of typing is undone at once and
// that undo in another article goes back to it first.
func TestTypingIsOneUndoStep(t *testing.T) {
	f := newFixture(t)
	a := f.addArticle("First", articleText)
	b := f.addArticle("Second", articleText)
	v := f.openArticle(a)
	f.selectQuote("three new bus routes")
	v.markClaim()
	id := v.selected

	for _, s := range []string{"Three", "Three new", "Three new routes"} {
		v.editor.statement.SetText(s)
		f.fire()
	}
	if got := f.stored(id).Statement; got != "Three new routes" {
		t.Fatalf("Statement = %q, want %q", got, "Three new routes")
	}
	f.openArticle(b)
	f.press(&fyne.ShortcutUndo{})
	if got := f.ws.ArticleID(); got != a {
		t.Errorf("article after undo = %d, want %d (the one the change was in)", got, a)
	}
	if got := f.stored(id).Statement; got != "three new bus routes" {
		t.Errorf("Statement after one undo = %q, want the quote %q", got, "three new bus routes")
	}
	if got := v.editor.statement.Text; got != "three new bus routes" {
		t.Errorf("statement entry after undo = %q, want the quote", got)
	}
	f.press(&fyne.ShortcutUndo{}) // the mark itself
	if _, err := f.db.Claim(context.Background(), id); annotate.ErrorCode(err) != annotate.ENOTFOUND {
		t.Errorf("Claim after undoing the mark: err = %v, want not found", err)
	}
	f.press(ctrlShift(fyne.KeyZ))
	f.press(ctrlShift(fyne.KeyZ))
	if got := f.stored(id).Statement; got != "Three new routes" {
		t.Errorf("Statement after redoing both = %q, want %q", got, "Three new routes")
	}
}

// TestBadInputIsRevertedAndNotSaved checks that a value breaking a rule is
// reported, reverted in the editor and never stored.
func TestBadInputIsRevertedAndNotSaved(t *testing.T) {
	tests := []struct {
		field string
		entry func(e *claimEditor) *fieldEntry
		value string
		msg   string
	}{
		{"claim date", func(e *claimEditor) *fieldEntry { return e.date }, "2025-13-45", "not a date"},
		{"statement", func(e *claimEditor) *fieldEntry { return e.statement }, "   ", "statement is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			f := newFixture(t)
			v := f.openArticle(f.addArticle("Bus", articleText))
			f.selectQuote("$14.2 million")
			v.markClaim()
			before := f.stored(v.selected)
			en := tt.entry(v.editor)
			en.SetText(tt.value)
			f.fire()
			if !v.editor.problem.Visible() || !strings.Contains(v.editor.problem.Text, tt.msg) {
				t.Errorf("inline problem = %q (visible %v), want it to say %q", v.editor.problem.Text, v.editor.problem.Visible(), tt.msg)
			}
			en.FocusLost()
			if got := f.overlayText(); !strings.Contains(got, tt.msg) {
				t.Errorf("error dialog says %q, want %q", got, tt.msg)
			}
			after := f.stored(v.selected)
			if after.ClaimDate != before.ClaimDate || after.Statement != before.Statement {
				t.Errorf("stored claim changed to %q/%q, want %q/%q", after.ClaimDate, after.Statement, before.ClaimDate, before.Statement)
			}
			if got, want := en.Text, map[string]string{"claim date": "", "statement": before.Statement}[tt.field]; got != want {
				t.Errorf("entry after the error = %q, want it reverted to %q", got, want)
			}
		})
	}
}

// TestDoneNeedsVerdict checks that the domain rule surfaces as an error and
// the status stays.
func TestDoneNeedsVerdict(t *testing.T) {
	f := newFixture(t)
	v := f.openArticle(f.addArticle("Bus", articleText))
	f.selectQuote("$14.2 million")
	v.markClaim()
	v.editor.status.SetSelected(annotate.StatusDone.Label())
	if got := f.stored(v.selected).Status; got != annotate.StatusUnchecked {
		t.Errorf("Status = %q, want unchecked kept", got)
	}
	if got := v.editor.status.Selected; got != annotate.StatusUnchecked.Label() {
		t.Errorf("status select = %q, want it reverted to %q", got, annotate.StatusUnchecked.Label())
	}
	if got := f.overlayText(); !strings.Contains(got, "cannot be done without a verdict") {
		t.Errorf("dialog = %q, want the rule", got)
	}
}
