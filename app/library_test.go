package app

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/factdesk/factdesk/assets"
)

// rowDeleteButton is the delete button of the library row showing title.
func rowDeleteButton(t *testing.T, f *fixture, title string) *widget.Button {
	t.Helper()
	for _, r := range f.ws.library.rows {
		if r.title.Text == title {
			return r.del
		}
	}
	t.Fatalf("no library row for %q", title)
	return nil
}

// TestLibraryDeleteAsksFirst deletes an article through the confirmation,
// after a first attempt is cancelled.
func TestLibraryDeleteAsksFirst(t *testing.T) {
	f := newFixture(t)
	keep := f.addArticle("Keep me", articleText)
	gone := f.addArticle("Delete me", articleText)
	v := f.openArticle(gone)
	f.selectQuote("since 2008")
	v.markClaim()
	f.ws.showLibrary()
	f.ws.win.Canvas().Refresh(f.ws.library.list)
	test.WidgetRenderer(f.ws.library.list).Layout(fyne.NewSize(1000, 600))

	test.Tap(rowDeleteButton(t, f, "Delete me"))
	if got := f.overlayText(); !strings.Contains(got, "Delete “Delete me” and its 1 claim?") {
		t.Fatalf("confirmation says %q, want the title and claim count", got)
	}
	test.Tap(f.overlayButton("No"))
	if _, err := f.db.Article(context.Background(), gone); err != nil {
		t.Fatalf("Article after cancelling: %v, want it kept", err)
	}

	test.Tap(rowDeleteButton(t, f, "Delete me"))
	test.Tap(f.overlayButton("Delete"))
	list, err := f.db.Articles(context.Background())
	if err != nil || len(list) != 1 || list[0].ID != keep {
		t.Fatalf("Articles after delete = %+v, %v; want only %d", list, err, keep)
	}
	if len(f.ws.library.shown) != 1 || f.ws.library.shown[0].ID != keep {
		t.Errorf("library shows %+v, want only the kept article", f.ws.library.shown)
	}
	// The undo history of the deleted article is gone with it.
	if c := f.ws.history.nextUndo(); c != nil {
		t.Errorf("undo after deleting the article = %s, want nothing", c.Label())
	}
}

// TestEmptyLibraryTeaches opens the sample from the empty library panel.
func TestEmptyLibraryTeaches(t *testing.T) {
	f := newFixture(t)
	if got := f.ws.library.body.Objects[0]; got != f.ws.library.empty {
		t.Fatalf("empty library shows %T, want the first-run panel", got)
	}
	var sample *widget.Button
	for _, o := range test.LaidOutObjects(f.ws.library.empty) {
		if b, ok := o.(*widget.Button); ok && b.Text == "Open the sample article" {
			sample = b
		}
	}
	if sample == nil {
		t.Fatal("no \"Open the sample article\" button")
	}
	test.Tap(sample)
	if f.ws.onShow != "article" {
		t.Fatalf("showing %q after opening the sample, want the article", f.ws.onShow)
	}
	title := strings.TrimPrefix(strings.SplitN(string(assets.Sample), "\n", 2)[0], "# ")
	if got := f.ws.article.article.Title; got != title {
		t.Errorf("sample title = %q, want %q", got, title)
	}
	if got := f.ws.article.panel.body.Objects[0]; got != f.ws.article.panel.hint {
		t.Errorf("claims panel of a new article shows %T, want the hint", got)
	}
}

// TestLibrarySortAndFilter checks the orders and the filter.
func TestLibrarySortAndFilter(t *testing.T) {
	f := newFixture(t)
	for _, title := range []string{"Budget", "Airport", "Census"} {
		f.addArticle(title, articleText)
	}
	l := f.ws.library
	l.load()
	titles := func() string {
		var s []string
		for _, a := range l.shown {
			s = append(s, a.Title)
		}
		return strings.Join(s, ",")
	}
	tests := []struct {
		sort, filter, want string
	}{
		{sortNewest, "", "Census,Airport,Budget"},
		{sortTitle, "", "Airport,Budget,Census"},
		{sortTitle, "u", "Budget,Census"},
		{sortNewest, "AIR", "Airport"},
		{sortNewest, "nothing", ""},
	}
	for _, tt := range tests {
		l.sort.SetSelected(tt.sort)
		l.filter.SetText(tt.filter)
		if got := titles(); got != tt.want {
			t.Errorf("sort %q filter %q: %q, want %q", tt.sort, tt.filter, got, tt.want)
		}
	}
}

// TestSearchJumpsToClaim searches from ctrl+K and opens a claim hit.
func TestSearchJumpsToClaim(t *testing.T) {
	f := newFixture(t)
	ids := markThree(t, f)
	v := f.ws.article
	v.selectClaim(ids[0], fromCode)
	v.editor.notes.SetText("checked against the treasury ledger")
	v.editor.flush()
	other := f.addArticle("Other", "Nothing to see in this one.")
	f.openArticle(other)

	s := newSearchDialog(f.ws)
	s.show()
	s.entry.SetText("treasury")
	f.fire()
	if len(s.hits) == 0 {
		t.Fatal("no hits for a word in a note")
	}
	s.open(s.hits[0])
	if got := f.ws.ArticleID(); got != v.article.ID {
		t.Errorf("article after opening the hit = %d, want %d", got, v.article.ID)
	}
	if v.selected != ids[0] {
		t.Errorf("selected claim = %d, want %d", v.selected, ids[0])
	}
}

// TestLayoutIsRemembered checks that the split and the open article come
// back in a new workspace.
func TestLayoutIsRemembered(t *testing.T) {
	f := newFixture(t)
	id := f.addArticle("Bus", articleText)
	f.openArticle(id)
	f.ws.article.split.SetOffset(0.7)
	f.reopen()
	if got := f.ws.ArticleID(); got != id {
		t.Errorf("open article = %d, want %d", got, id)
	}
	if got := f.ws.article.split.Offset; got < 0.69 || got > 0.71 {
		t.Errorf("split offset = %v, want 0.7", got)
	}
	f.ws.showLibrary()
	f.reopen()
	if f.ws.onShow != "library" {
		t.Errorf("showing %q after leaving from the library, want the library", f.ws.onShow)
	}
}

// TestPasteImportsArticle imports pasted text through its dialog.
func TestPasteImportsArticle(t *testing.T) {
	f := newFixture(t)
	f.app.Clipboard().SetContent("")
	f.press(ctrlShift(fyne.KeyV))
	var title, text *widget.Entry
	for _, o := range test.LaidOutObjects(f.ws.win.Canvas().Overlays().Top()) {
		if e, ok := o.(*widget.Entry); ok {
			if e.MultiLine {
				text = e
			} else {
				title = e
			}
		}
	}
	if title == nil || text == nil {
		t.Fatal("paste dialog has no title and text entries")
	}
	title.SetText("Pasted speech")
	text.SetText("We cut the deficit by half.\n\nUnemployment is at a record low.")
	test.Tap(f.overlayButton("Import"))
	if f.ws.onShow != "article" {
		t.Fatalf("showing %q after the import, want the article", f.ws.onShow)
	}
	a := f.ws.article.article
	if a.Title != "Pasted speech" || !strings.Contains(a.Text, "record low") {
		t.Errorf("imported article = %q / %q, want the pasted title and text", a.Title, a.Text)
	}
}

// TestDemoStates checks the screenshot states on an empty library.
func TestDemoStates(t *testing.T) {
	tests := []struct {
		demo, show, theme string
	}{
		{"library", "library", "light"},
		{"article", "article", "light"},
		{"dark", "article", "dark"},
	}
	for _, tt := range tests {
		t.Run(tt.demo, func(t *testing.T) {
			f := newFixture(t)
			ws := NewWorkspace(f.app, test.NewTempWindow(t, nil), f.db, Options{Demo: tt.demo, Background: func(work, done func()) { work(); done() }})
			if ws.onShow != tt.show {
				t.Errorf("showing %q, want %q", ws.onShow, tt.show)
			}
			if got := ws.themeName(); got != tt.theme {
				t.Errorf("theme = %q, want %q", got, tt.theme)
			}
			if f.app.Preferences().String(prefTheme) == "dark" {
				t.Errorf("a demo theme was remembered as the user's choice")
			}
		})
	}
}
