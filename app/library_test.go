package app

import (
	"context"
	"fmt"
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
	if got := shownIDs(f.ws.library); len(got) != 1 || got[0] != keep {
		t.Errorf("library shows %v, want only the kept article %d", got, keep)
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

// shownIDs reads every row of the library list, page by page as scrolling
// would.
func shownIDs(l *libraryView) []int64 {
	var ids []int64
	for i := range l.total {
		if _, ok := l.row(i); !ok {
			l.loadPage(i/libraryPage, true)
		}
		if a, ok := l.row(i); ok {
			ids = append(ids, a.ID)
		}
	}
	return ids
}

// shownTitles is shownIDs with the titles, joined by commas.
func shownTitles(l *libraryView) string {
	var s []string
	for i := range l.total {
		if _, ok := l.row(i); !ok {
			l.loadPage(i/libraryPage, true)
		}
		if a, ok := l.row(i); ok {
			s = append(s, a.Title)
		}
	}
	return strings.Join(s, ",")
}

// TestLibrarySortAndFilter checks the orders and the filter, which waits
// for a pause in the typing before it asks the store.
func TestLibrarySortAndFilter(t *testing.T) {
	f := newFixture(t)
	for _, title := range []string{"Budget", "Airport", "Census"} {
		f.addArticle(title, articleText)
	}
	l := f.ws.library
	l.load()
	tests := []struct {
		sort, filter, want, count string
	}{
		{sortNewest, "", "Census,Airport,Budget", "3 articles"},
		{sortTitle, "", "Airport,Budget,Census", "3 articles"},
		{sortTitle, "bu", "Budget", "1 of 3 articles"},
		{sortNewest, "AIR", "Airport", "1 of 3 articles"},
		{sortNewest, "nothing", "", "0 of 3 articles"},
		{sortProgress, "", "Census,Airport,Budget", "3 articles"},
	}
	for _, tt := range tests {
		l.sort.SetSelected(tt.sort)
		l.filter.SetText(tt.filter)
		f.fire()
		if got := shownTitles(l); got != tt.want {
			t.Errorf("sort %q filter %q: %q, want %q", tt.sort, tt.filter, got, tt.want)
		}
		if got := l.count.Text; got != tt.count {
			t.Errorf("sort %q filter %q: count %q, want %q", tt.sort, tt.filter, got, tt.count)
		}
		if shown := l.body.Objects[0] != fyne.CanvasObject(l.list); shown != (tt.want == "") || tt.want == "" && !strings.Contains(l.none.Text, tt.filter) {
			t.Errorf("sort %q filter %q: body shows the list: %v, the no-match note %q", tt.sort, tt.filter, !shown, l.none.Text)
		}
	}
}

// TestLibraryFilterWaitsForTyping checks that keys typed in a row run one
// query, once the typing pauses.
func TestLibraryFilterWaitsForTyping(t *testing.T) {
	f := newFixture(t)
	for _, title := range []string{"Budget", "Airport", "Census"} {
		f.addArticle(title, articleText)
	}
	l := f.ws.library
	l.load()
	queries := 0
	background := f.ws.background
	f.ws.background = func(work, done func()) {
		queries++
		background(work, done)
	}
	test.Type(l.filter, "cens")
	if got := shownTitles(l); got != "Census,Airport,Budget" {
		t.Errorf("before the pause the list shows %q, want it unchanged", got)
	}
	f.fire()
	if queries != 1 {
		t.Errorf("typing four keys ran %d queries, want 1", queries)
	}
	if got := shownTitles(l); got != "Census" {
		t.Errorf("after the pause the list shows %q, want Census", got)
	}
}

// TestLibraryDropsStaleAnswers checks that the answer to an earlier query
// that arrives after a later one was asked for is not shown.
func TestLibraryDropsStaleAnswers(t *testing.T) {
	f := newFixture(t)
	for _, title := range []string{"Budget", "Airport", "Census"} {
		f.addArticle(title, articleText)
	}
	l := f.ws.library
	l.load()
	var pending []func()
	f.ws.background = func(work, done func()) {
		work()
		pending = append(pending, done)
	}
	l.filter.SetText("air")
	f.fire()
	l.filter.SetText("bud")
	f.fire()
	if len(pending) != 2 {
		t.Fatalf("%d queries pending, want 2", len(pending))
	}
	pending[1]()
	pending[0]() // the answer to "air" comes last
	f.ws.background = func(work, done func()) { work(); done() }
	if got := shownTitles(l); got != "Budget" {
		t.Errorf("list shows %q, want the answer to the last query, Budget", got)
	}
}

// TestLibraryPagesLargeLibrary checks that a library longer than a page is
// read a page at a time as the list scrolls, and that the rows made are
// only those in view.
func TestLibraryPagesLargeLibrary(t *testing.T) {
	f := newFixture(t)
	const n = 3*libraryPage + 10
	for i := range n {
		f.addArticle(fmt.Sprintf("Report %03d", i), articleText)
	}
	f.ws.showLibrary()
	l := f.ws.library
	if l.total != n || l.all != n || len(l.pages) != 1 {
		t.Fatalf("after loading: total %d, all %d, %d pages; want %d, %d, 1", l.total, l.all, len(l.pages), n, n)
	}
	l.list.Resize(fyne.NewSize(1000, 600))
	test.WidgetRenderer(l.list).Layout(fyne.NewSize(1000, 600))
	if made := len(l.rows); made == 0 || made > 30 {
		t.Errorf("%d rows made for a list of %d in 600 pixels, want only those in view", made, n)
	}
	l.list.ScrollToBottom()
	last := n - 1
	a, ok := l.row(last)
	if !ok || a.Title != "Report 000" {
		t.Fatalf("row %d after scrolling to the end = %+v, %v; want Report 000", last, a, ok)
	}
	if _, ok := l.pages[1]; ok || len(l.pages) > 3 {
		t.Errorf("pages held after a jump to the end: %d, page 1 among them: %v; want the first and the last two", len(l.pages), ok)
	}
	for _, r := range l.rows {
		if r.title.Text == "Report 000" {
			return
		}
	}
	t.Error("no row shows the oldest article after scrolling to the end")
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

// TestSearchSaysWhenRankingIsBounded checks that the search window says so
// when a common word was ranked among its newest matches only.
func TestSearchSaysWhenRankingIsBounded(t *testing.T) {
	f := newFixture(t)
	id := f.addArticle("Budget", articleText)
	f.ws.opts.Search = func(ctx context.Context, q string, limit int) ([]SearchHit, error) {
		if q == "rare" {
			return []SearchHit{{Kind: "article", ArticleID: id, Title: "Budget"}}, nil
		}
		return []SearchHit{{Kind: "article", ArticleID: id, Title: "Budget", Candidates: 5000}}, nil
	}
	s := newSearchDialog(f.ws)
	s.show()
	tests := []struct{ query, want string }{
		{"said", "1 result, the best of the newest 5000 matches"},
		{"rare", "1 result"},
	}
	for _, tt := range tests {
		s.entry.SetText(tt.query)
		f.fire()
		if got := s.status.Text; got != tt.want {
			t.Errorf("status for %q = %q, want %q", tt.query, got, tt.want)
		}
	}
}
