package app

import (
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/factdesk/factdesk/annotate"
)

// similarButton finds a button of the "Previously checked" rows by text.
func similarButton(t *testing.T, s *similarSection, row int, text string) *widget.Button {
	t.Helper()
	if row >= len(s.rows.Objects) {
		t.Fatalf("previously checked has %d rows, want row %d", len(s.rows.Objects), row)
	}
	for _, o := range test.LaidOutObjects(s.rows.Objects[row]) {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			return b
		}
	}
	t.Fatalf("no %q button in previously checked row %d", text, row)
	return nil
}

// TestPreviouslyChecked marks a claim that was checked before in another
// article, finds that one with its verdict and article, links it in the
// notes (undoably) and opens it.
func TestPreviouslyChecked(t *testing.T) {
	f := newFixture(t)
	old := f.addArticle("Bus service", articleText)
	checked := f.addClaim(old, "The expansion will cost $14.2 million over five years", "Budget office", annotate.VerdictMostlyTrue)
	f.addArticle("Weather", "It rained on Tuesday. The river rose by a metre.")
	cur := f.addArticle("Council budget", "Opponents repeated that the expansion will cost $14.2 million over five years. The mayor disagreed.")

	v := f.openArticle(cur)
	f.selectQuote("the expansion will cost $14.2 million over five years")
	f.press(ctrl(fyne.KeyM))
	s := v.editor.similar
	if len(s.found) != 1 {
		t.Fatalf("previously checked = %d claims, want 1 (the bus claim)", len(s.found))
	}
	got := s.found[0]
	if got.claim.ID != checked.ID || got.title != "Bus service" || got.claim.Verdict != annotate.VerdictMostlyTrue {
		t.Errorf("found claim %d in %q rated %q; want %d in %q rated Mostly true", got.claim.ID, got.title, got.claim.Verdict, checked.ID, "Bus service")
	}
	if got.score < 0.5 {
		t.Errorf("likeness = %.2f, want at least 0.5 for the same words", got.score)
	}

	test.Tap(similarButton(t, s, 0, "Link"))
	mine := v.claims[0]
	want := "Previously checked: Bus service claim #" + strconv.FormatInt(checked.ID, 10) + " — Mostly true"
	if stored := f.stored(mine.ID); stored.Notes != want {
		t.Errorf("notes after Link = %q, want %q", stored.Notes, want)
	}
	if b := similarButton(t, s, 0, "Linked"); !b.Disabled() {
		t.Errorf("Linked button is enabled; want it disabled")
	}
	f.press(&fyne.ShortcutUndo{})
	if stored := f.stored(mine.ID); stored.Notes != "" {
		t.Errorf("notes after undoing Link = %q, want empty", stored.Notes)
	}
	similarButton(t, s, 0, "Link")

	test.Tap(similarButton(t, s, 0, "Open"))
	if f.ws.ArticleID() != old || f.ws.article.selected != checked.ID {
		t.Errorf("Open showed article %d claim %d, want %d claim %d", f.ws.ArticleID(), f.ws.article.selected, old, checked.ID)
	}
	// The bus claim has the council's claim as its own previously checked.
	if s := f.ws.article.editor.similar; len(s.found) != 1 || s.found[0].title != "Council budget" {
		t.Errorf("previously checked from the other side = %d claims, want the council one", len(s.found))
	}
}

// TestLinkedTo reads the note lines that Link writes.
func TestLinkedTo(t *testing.T) {
	line := previouslyChecked(similarClaim{claim: &annotate.Claim{ID: 12, Verdict: annotate.VerdictFalse}, title: "A"})
	tests := []struct {
		notes string
		id    int64
		want  bool
	}{
		{line, 12, true},
		{"first note\n" + line + "\nlast", 12, true},
		{line, 1, false},
		{line, 123, false},
		{strings.Replace(line, "#12", "#123", 1), 12, false},
		{"see claim #12 — False", 12, false},
		{"", 12, false},
	}
	for _, tt := range tests {
		if got := linkedTo(tt.notes, tt.id); got != tt.want {
			t.Errorf("linkedTo(%q, %d) = %v, want %v", tt.notes, tt.id, got, tt.want)
		}
	}
}
