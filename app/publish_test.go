package app

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// TestArticleDetailsAndPublish edits an article's details and marks it as
// published through the dialogs, then undoes both.
func TestArticleDetailsAndPublish(t *testing.T) {
	f := newFixture(t)
	id := f.addArticle("Bus service", articleText)
	v := f.openArticle(id)
	ctx := context.Background()

	v.showDetails()
	entries := overlayEntries(f)
	if len(entries) != 6 {
		t.Fatalf("details form has %d fields, want 6", len(entries))
	}
	entries[0].SetText("Council adds three bus routes")
	entries[3].SetText("https://ledger.example/bus")
	test.Tap(f.overlayButton("Save"))
	a, _ := f.db.Article(ctx, id)
	if a.Title != "Council adds three bus routes" || a.URL != "https://ledger.example/bus" {
		t.Fatalf("after Save: title %q, URL %q", a.Title, a.URL)
	}
	if !strings.Contains(f.ws.notice.text.Text, "details") {
		t.Errorf("notice = %q, want it to say the details changed", f.ws.notice.text.Text)
	}

	v.showPublish()
	overlayEntries(f)[0].SetText("https://factcheck.example/bus")
	test.Tap(f.overlayButton("Mark as published"))
	a, _ = f.db.Article(ctx, id)
	if a.ReportURL != "https://factcheck.example/bus" || a.ReportPublished.IsZero() {
		t.Fatalf("after publishing: %q at %v", a.ReportURL, a.ReportPublished)
	}
	f.press(&fyne.ShortcutUndo{})
	f.press(&fyne.ShortcutUndo{})
	a, _ = f.db.Article(ctx, id)
	if a.ReportURL != "" || a.Title != "Bus service" || a.URL == "https://ledger.example/bus" {
		t.Errorf("after two undos: title %q, URL %q, published at %q", a.Title, a.URL, a.ReportURL)
	}

	// A bad address is refused and nothing is stored.
	v.showDetails()
	overlayEntries(f)[3].SetText("javascript:alert(1)")
	test.Tap(f.overlayButton("Save"))
	if a, _ = f.db.Article(ctx, id); a.URL != "" {
		t.Errorf("a javascript: URL was stored: %q", a.URL)
	}
}

// overlayEntries are the entries of the dialog on top, in order.
func overlayEntries(f *fixture) []*widget.Entry {
	var out []*widget.Entry
	top := f.ws.win.Canvas().Overlays().Top()
	if top == nil {
		return nil
	}
	for _, o := range test.LaidOutObjects(top) {
		if e, ok := o.(*widget.Entry); ok {
			out = append(out, e)
		}
	}
	return out
}
