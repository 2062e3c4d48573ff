package app

import (
	"context"
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
	links, err := f.db.Links(context.Background(), mine.ID)
	if err != nil || len(links) != 1 || links[0].OtherID != checked.ID {
		t.Fatalf("links after Link = %+v, %v; want one to claim %d", links, err, checked.ID)
	}
	if b := similarButton(t, s, 0, "Unlink"); b.Disabled() {
		t.Errorf("the linked claim's row has no working Unlink")
	}
	f.press(&fyne.ShortcutUndo{})
	if links, _ := f.db.Links(context.Background(), mine.ID); len(links) != 0 {
		t.Errorf("links after undoing Link = %+v, want none", links)
	}
	similarButton(t, s, 0, "Link")
	f.press(ctrlShift(fyne.KeyZ))
	if links, _ := f.db.Links(context.Background(), mine.ID); len(links) != 1 {
		t.Errorf("links after redoing Link = %+v, want one", links)
	}

	test.Tap(similarButton(t, s, 0, "Open"))
	if f.ws.ArticleID() != old || f.ws.article.selected != checked.ID {
		t.Errorf("Open showed article %d claim %d, want %d claim %d", f.ws.ArticleID(), f.ws.article.selected, old, checked.ID)
	}
	// The link shows from the other side too.
	if s := f.ws.article.editor.similar; len(s.links) != 1 || s.links[0].OtherID != mine.ID {
		t.Errorf("links from the other side = %+v, want the council claim", s.links)
	}
}
