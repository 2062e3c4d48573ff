package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// TestHistorySection opens a claim's history and finds its creation, a
// verdict set and the undo of it, newest first.
func TestHistorySection(t *testing.T) {
	f := newFixture(t)
	id := f.addArticle("Bus service", articleText)
	v := f.openArticle(id)
	f.selectQuote("three new bus routes")
	v.markClaim()
	v.setVerdict(5)
	f.press(&fyne.ShortcutUndo{})
	h := v.editor.history
	test.Tap(h.toggle)
	var heads, bodies []string
	for _, row := range h.rows.Objects {
		for _, o := range test.LaidOutObjects(row) {
			if l, ok := o.(*widget.Label); ok && l.TextStyle.Bold {
				heads = append(heads, l.Text)
			} else if ok {
				bodies = append(bodies, l.Text)
			}
		}
	}
	if len(heads) < 3 {
		t.Fatalf("history shows %d changes: %q; want the creation, the verdict and its undo", len(heads), heads)
	}
	if !strings.Contains(heads[len(heads)-1], "created claim") {
		t.Errorf("oldest entry = %q, want the creation", heads[len(heads)-1])
	}
	// Undo is a change of its own: the verdict back to none, newest first.
	if !strings.Contains(bodies[0], `verdict: "false" → (none)`) && !strings.Contains(bodies[0], `verdict: "false" → ""`) {
		t.Errorf("newest entry = %q / %q, want the undo of the verdict", heads[0], bodies[0])
	}
	if !strings.Contains(bodies[1], "verdict") {
		t.Errorf("second newest entry = %q / %q, want the verdict set", heads[1], bodies[1])
	}
	test.Tap(h.toggle)
	if len(h.rows.Objects) != 0 {
		t.Errorf("closed history still shows %d rows", len(h.rows.Objects))
	}
}
