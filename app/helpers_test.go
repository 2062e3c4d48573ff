package app

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/ingest"
	"github.com/factdesk/factdesk/storage"
)

// fixture is a workspace on a real library file, with background work run
// at once and delayed saves held until the test fires them.
type fixture struct {
	t       testing.TB
	app     fyne.App
	path    string
	db      *storage.DB
	ws      *Workspace
	delayed []func()
}

const articleText = `The city council voted 7–2 on Tuesday to add three new bus routes.

“This is the busiest our buses have been since 2008,” said Mayor Lena Okafor.

The expansion will cost $14.2 million over five years, according to the budget office.`

func newFixture(t testing.TB) *fixture {
	t.Helper()
	f := &fixture{t: t, app: test.NewTempApp(t)}
	f.path = filepath.Join(t.TempDir(), "library.factdesk")
	f.open()
	return f
}

// open opens the library file and builds a workspace on it.
func (f *fixture) open() {
	f.t.Helper()
	db, err := storage.Open(context.Background(), f.path)
	if err != nil {
		f.t.Fatalf("storage.Open: %v", err)
	}
	f.db = db
	f.t.Cleanup(func() { db.Close() })
	win := test.NewTempWindow(f.t, nil)
	f.ws = newWorkspace(f.app, win, db, Options{},
		func(work, done func()) { work(); done() },
		func(d time.Duration, fn func()) func() {
			i := len(f.delayed)
			f.delayed = append(f.delayed, fn)
			return func() { f.delayed[i] = nil }
		})
	win.Resize(fyne.NewSize(1280, 800))
}

// reopen closes the library file and opens it again in a new workspace.
func (f *fixture) reopen() {
	f.t.Helper()
	f.ws.savePrefs()
	if err := f.db.Close(); err != nil {
		f.t.Fatalf("Close: %v", err)
	}
	f.delayed = nil
	f.open()
}

// fire runs the delayed saves that are still due, as the timer would.
func (f *fixture) fire() {
	for i, fn := range f.delayed {
		if fn != nil {
			f.delayed[i] = nil
			fn()
		}
	}
}

// addArticle stores an article with the given title and text.
func (f *fixture) addArticle(title, text string) int64 {
	f.t.Helper()
	doc, err := ingest.Parse([]byte(text), "text", title, "")
	if err != nil {
		f.t.Fatalf("Parse: %v", err)
	}
	a, v := doc.Article(), doc.Version()
	a.Title = title
	if err := f.db.CreateArticle(context.Background(), a, v); err != nil {
		f.t.Fatalf("CreateArticle: %v", err)
	}
	return a.ID
}

// open opens an article in the workspace.
func (f *fixture) openArticle(id int64) *articleView {
	f.t.Helper()
	if err := f.ws.openArticle(id); err != nil {
		f.t.Fatalf("openArticle(%d): %v", id, err)
	}
	return f.ws.article
}

// selectQuote selects the first occurrence of quote in the open article.
func (f *fixture) selectQuote(quote string) {
	f.t.Helper()
	v := f.ws.article
	start, end, err := annotate.FindQuote(v.article.Text, quote, 1)
	if err != nil {
		f.t.Fatalf("FindQuote(%q): %v", quote, err)
	}
	v.reader.SetSelection(start, end)
}

// press triggers a shortcut the way the window does: through the main menu.
func (f *fixture) press(sc fyne.Shortcut) {
	f.t.Helper()
	for _, m := range f.ws.win.MainMenu().Items {
		for _, it := range m.Items {
			if it.Shortcut != nil && it.Shortcut.ShortcutName() == sc.ShortcutName() {
				it.Action()
				return
			}
		}
	}
	f.t.Fatalf("no menu item has the shortcut %s", sc.ShortcutName())
}

// stored reads a claim back from the library file.
func (f *fixture) stored(id int64) *annotate.Claim {
	f.t.Helper()
	c, err := f.db.Claim(context.Background(), id)
	if err != nil {
		f.t.Fatalf("Claim(%d): %v", id, err)
	}
	return c
}

// overlayButton finds a button by its text in the top overlay (a dialog).
func (f *fixture) overlayButton(text string) *widget.Button {
	f.t.Helper()
	top := f.ws.win.Canvas().Overlays().Top()
	if top == nil {
		f.t.Fatalf("no dialog is showing; wanted a %q button", text)
	}
	for _, o := range test.LaidOutObjects(top) {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			return b
		}
	}
	f.t.Fatalf("no %q button in the dialog", text)
	return nil
}

// overlayText is all the label text of the top overlay.
func (f *fixture) overlayText() string {
	top := f.ws.win.Canvas().Overlays().Top()
	if top == nil {
		return ""
	}
	var b strings.Builder
	for _, o := range test.LaidOutObjects(top) {
		switch w := o.(type) {
		case *widget.Label:
			b.WriteString(w.Text + "\n")
		case *widget.RichText:
			b.WriteString(w.String() + "\n")
		}
	}
	return b.String()
}

// closeOverlays dismisses every dialog.
func (f *fixture) closeOverlays() {
	for f.ws.win.Canvas().Overlays().Top() != nil {
		f.ws.win.Canvas().Overlays().Remove(f.ws.win.Canvas().Overlays().Top())
	}
}
