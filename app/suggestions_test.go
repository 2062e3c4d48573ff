package app

import (
	"context"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/factdesk/factdesk/annotate"
)

// suggestionIndex is the index of the shown suggestion whose sentence
// contains part, or -1.
func suggestionIndex(p *suggestionsPanel, part string) int {
	return slices.IndexFunc(p.shown, func(s suggestion) bool { return strings.Contains(s.text, part) })
}

// TestSuggestionsAcceptAndDismiss scores the sample article, shows the
// suggestions in the list and the reader, accepts one with Enter (a claim
// with the proposed claimant, undoable) and dismisses one with Delete (gone
// for good, also after reopening the library).
func TestSuggestionsAcceptAndDismiss(t *testing.T) {
	f := newFixture(t)
	id, err := f.ws.importSample()
	if err != nil {
		t.Fatalf("importSample: %v", err)
	}
	v := f.openArticle(id)
	p := v.suggest

	if len(p.shown) < 3 {
		t.Fatalf("suggestions shown for the sample = %d, want at least 3", len(p.shown))
	}
	for i, s := range p.shown {
		if s.Score < p.threshold() {
			t.Errorf("suggestion %d scores %.2f, under the threshold %.2f", i, s.Score, p.threshold())
		}
		if i > 0 && s.Score > p.shown[i-1].Score {
			t.Errorf("suggestion %d scores %.2f, more than the one before (%.2f): not best first", i, s.Score, p.shown[i-1].Score)
		}
	}
	if got, want := len(v.reader.suggestions), len(p.shown); got != want {
		t.Errorf("reader underlines %d suggestions, want %d", got, want)
	}
	if !strings.Contains(p.tab.Text, "(") {
		t.Errorf("tab title = %q, want the count", p.tab.Text)
	}

	// Enter accepts the selected suggestion with its claimant.
	// The coalition's quote names its speaker; at the default threshold
	// the model may leave it out, so the slider goes down to reach it.
	const coalition = "Riverton Clean Air Coalition said"
	i := suggestionIndex(p, coalition)
	if i < 0 {
		p.slider.SetValue(0.1)
		i = suggestionIndex(p, coalition)
	}
	if i < 0 {
		t.Fatalf("no suggestion contains %q", coalition)
	}
	v.showSuggestions()
	p.list.Select(i)
	s := p.shown[i]
	if start, end := v.reader.Selection(); start != s.Start || end != s.End {
		t.Errorf("reader selection = %d–%d, want the suggestion's %d–%d", start, end, s.Start, s.End)
	}
	p.list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if len(v.claims) != 1 {
		t.Fatalf("claims after Enter = %d, want 1", len(v.claims))
	}
	c := f.stored(v.claims[0].ID)
	if c.Start != s.Start || c.End != s.End || c.Claimant != s.Claimant || !strings.Contains(c.Claimant, "Riverton Clean Air Coalition") {
		t.Errorf("accepted claim = %d–%d by %q, want %d–%d by the coalition (%q)", c.Start, c.End, c.Claimant, s.Start, s.End, s.Claimant)
	}
	if suggestionIndex(p, coalition) >= 0 {
		t.Errorf("the accepted sentence is still suggested")
	}
	if p.selected < 0 {
		t.Errorf("nothing selected after accepting; want the next suggestion")
	}
	f.press(&fyne.ShortcutUndo{})
	if len(v.claims) != 0 || suggestionIndex(p, coalition) < 0 {
		t.Errorf("after undo: %d claims, suggested again %v; want 0 and true", len(v.claims), suggestionIndex(p, coalition) >= 0)
	}

	// Delete dismisses, and the dismissal is stored.
	const drivers = "hire 35 drivers"
	i = suggestionIndex(p, drivers)
	if i < 0 {
		t.Fatalf("no suggestion contains %q", drivers)
	}
	p.list.Select(i)
	gone := p.shown[i]
	before := len(p.shown)
	p.list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	if suggestionIndex(p, drivers) >= 0 || len(p.shown) != before-1 {
		t.Errorf("after Delete: %d suggestions (want %d), dismissed one still shown %v", len(p.shown), before-1, suggestionIndex(p, drivers) >= 0)
	}
	spans, err := f.db.DismissedSuggestions(context.Background(), id)
	if err != nil || !slices.Contains(spans, [2]int{gone.Start, gone.End}) {
		t.Errorf("DismissedSuggestions = %v, %v; want %d–%d", spans, err, gone.Start, gone.End)
	}
	for _, r := range v.reader.suggestions {
		if r.Start == gone.Start {
			t.Errorf("reader still underlines the dismissed sentence")
		}
	}

	// A higher threshold shows fewer, and is remembered.
	p.slider.SetValue(0.9)
	for _, s := range p.shown {
		if s.Score < 0.9 {
			t.Errorf("at 0.9 a suggestion scoring %.2f is shown", s.Score)
		}
	}
	if len(p.shown) >= before-1 {
		t.Errorf("at 0.9, %d suggestions; want fewer than %d", len(p.shown), before-1)
	}

	f.reopen()
	v = f.openArticle(id)
	if got := v.suggest.threshold(); got != 0.9 {
		t.Errorf("threshold after reopening = %.2f, want 0.90", got)
	}
	v.suggest.slider.SetValue(0.1)
	if suggestionIndex(v.suggest, drivers) >= 0 {
		t.Errorf("the dismissed sentence is suggested again after reopening")
	}
	if suggestionIndex(v.suggest, coalition) < 0 {
		t.Errorf("an undone acceptance is not suggested after reopening")
	}
}

// TestSuggestionsSkipClaims leaves out sentences a claim already covers and
// drops the suggestions of the last article when another opens.
func TestSuggestionsSkipClaims(t *testing.T) {
	f := newFixture(t)
	id, err := f.ws.importSample()
	if err != nil {
		t.Fatalf("importSample: %v", err)
	}
	f.addClaim(id, "hire 35 drivers", "", annotate.VerdictNone)
	v := f.openArticle(id)
	if suggestionIndex(v.suggest, "hire 35 drivers") >= 0 {
		t.Errorf("a sentence holding a claim is suggested")
	}
	if len(v.suggest.shown) == 0 {
		t.Fatalf("no suggestions for the sample")
	}
	other := f.addArticle("Bus service", articleText)
	f.openArticle(other)
	for _, s := range v.suggest.shown {
		if strings.Contains(s.text, "Riverton") {
			t.Errorf("suggestion %q of the sample shown for another article", s.text)
		}
	}
}
