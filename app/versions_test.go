package app

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/anchor"
	"github.com/factdesk/factdesk/annotate/ingest"
)

// editedText is articleText as the publisher changed it: a new paragraph
// first, the mayor's quote reworded, the budget paragraph gone.
const editedText = `Correction appended on Wednesday.

The city council voted 7–2 on Tuesday to add three new bus routes.

“This is the busiest our buses have ever been since 2008,” said Mayor Lena Okafor.

The plan now goes to the regional transport board.`

// TestUpdateArticleFromFile reads a new version from a file: claims move,
// one is placed approximately, one cannot be placed and is flagged for
// review; the banner shows and the changes window has the edits.
func TestUpdateArticleFromFile(t *testing.T) {
	f := newFixture(t)
	id := f.addArticle("Bus service", articleText)
	routes := f.addClaim(id, "add three new bus routes", "", annotate.VerdictNone)
	busiest := f.addClaim(id, "This is the busiest our buses have been since 2008", "Lena Okafor", annotate.VerdictNone)
	cost := f.addClaim(id, "The expansion will cost $14.2 million over five years", "", annotate.VerdictFalse)
	v := f.openArticle(id)
	if v.banner.root.Visible() {
		t.Errorf("banner shown for an article with one version")
	}
	// An undo step made before the update is dropped with the old text.
	v.selectClaim(routes.ID, fromCode)
	v.setVerdict(1)

	path := filepath.Join(t.TempDir(), "bus-v2.txt")
	if err := os.WriteFile(path, []byte(editedText), 0o600); err != nil {
		t.Fatal(err)
	}
	r, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	f.ws.updateFromReader(r, "bus-v2.txt")

	if got, want := f.overlayText(), "Version 2 stored. 3 claims: 2 moved, 1 found approximately, 1 needs review."; !strings.Contains(got, want) {
		t.Errorf("update report = %q, want %q", got, want)
	}
	if v.article.Version != 2 || v.article.Text != editedText {
		t.Errorf("article shown after update: version %d, text %.40q; want version 2 with the new text", v.article.Version, v.article.Text)
	}
	vs, err := f.db.Versions(context.Background(), id)
	if err != nil || len(vs) != 2 {
		t.Fatalf("Versions = %d, %v; want 2", len(vs), err)
	}
	tests := []struct {
		id     int64
		method annotate.AnchorMethod
		meta   string
	}{
		{routes.ID, annotate.AnchorExact, ""},
		{busiest.ID, annotate.AnchorFuzzy, "found approximately (0."},
		{cost.ID, annotate.AnchorOrphan, "⚠ not found in the new version — needs review"},
	}
	for _, tt := range tests {
		c := v.claim(tt.id)
		if c == nil {
			t.Fatalf("claim %d is not shown after the update", tt.id)
		}
		if c.AnchorBy != tt.method {
			t.Errorf("claim %q placed by %q, want %q", c.Exact, c.AnchorBy, tt.method)
		}
		meta := claimMeta(c)
		if tt.meta != "" && !strings.Contains(meta, tt.meta) {
			t.Errorf("list line of %q = %q, want %q in it", c.Exact, meta, tt.meta)
		}
		if tt.method == annotate.AnchorExact && strings.Contains(meta, "⚠") {
			t.Errorf("list line of an exactly placed claim = %q, want no warning", meta)
		}
		if c.AnchorBy != annotate.AnchorOrphan {
			if got := string([]rune(v.article.Text)[c.Start:c.End]); got != c.Exact {
				t.Errorf("claim %d spans %q in the new text, want its quote %q", c.ID, got, c.Exact)
			}
		}
	}
	if c := f.stored(cost.ID); c.Status != annotate.StatusNeedsReview || c.Exact != "The expansion will cost $14.2 million over five years" {
		t.Errorf("orphan stored with status %q and quote %q; want needs review with the old quote", c.Status, c.Exact)
	}
	v.selectClaim(cost.ID, fromCode)
	if !v.editor.anchor.Visible() || !strings.Contains(v.editor.anchor.Text, "not found in the new version") {
		t.Errorf("editor anchor note = %q (shown %v), want the orphan warning", v.editor.anchor.Text, v.editor.anchor.Visible())
	}
	if len(f.ws.history.done) != 0 {
		t.Errorf("undo steps after the update = %d, want those of the old text dropped", len(f.ws.history.done))
	}

	if !v.banner.root.Visible() || !strings.Contains(v.banner.label.Text, "Updated since claims were made — version 2 of 2") {
		t.Errorf("banner = %q (shown %v), want it shown with version 2 of 2", v.banner.label.Text, v.banner.root.Visible())
	}
	f.closeOverlays()
	v.showChanges()
	if v.changes == nil {
		t.Fatalf("Show changes opened no window")
	}
	var deleted, inserted string
	for _, s := range v.changes.Segments {
		ts, ok := s.(*widget.TextSegment)
		if !ok {
			continue
		}
		switch {
		case ts.Style.TextStyle.Strikethrough && ts.Style.ColorName == theme.ColorNameError:
			deleted += ts.Text
		case ts.Style.ColorName == theme.ColorNameSuccess:
			inserted += ts.Text
		}
	}
	for _, want := range []string{"$14.2", "budget"} {
		if !strings.Contains(deleted, want) {
			t.Errorf("struck-through text %q lacks %q", deleted, want)
		}
	}
	for _, want := range []string{"Correction", "ever", "regional"} {
		if !strings.Contains(inserted, want) {
			t.Errorf("inserted text %q lacks %q", inserted, want)
		}
	}

	// The same file again stores nothing.
	f.closeOverlays()
	r, _ = os.Open(path)
	f.ws.updateFromReader(r, "bus-v2.txt")
	if got := f.overlayText(); !strings.Contains(got, "unchanged") {
		t.Errorf("report for the same text = %q, want unchanged", got)
	}
	if vs, _ := f.db.Versions(context.Background(), id); len(vs) != 2 {
		t.Errorf("versions after an unchanged update = %d, want 2", len(vs))
	}
}

// TestUpdateCancelStoresNothing cancels an update and finds the article and
// its claims as they were.
func TestUpdateCancelStoresNothing(t *testing.T) {
	f := newFixture(t)
	id := f.addArticle("Bus service", articleText)
	f.addClaim(id, "add three new bus routes", "", annotate.VerdictNone)
	a, _ := f.db.Article(context.Background(), id)
	ctx, cancel := context.WithCancel(context.Background())
	read := func(context.Context, progressFunc) (*ingest.Document, error) {
		cancel() // the user presses Cancel while the text arrives
		return ingest.Parse([]byte(editedText), "text", "bus-v2.txt", "")
	}
	_, err := storeNewVersion(ctx, f.db, a, read, func(int, int, string) {})
	if !cancelled(err) {
		t.Errorf("storeNewVersion after cancel: err = %v, want context.Canceled", err)
	}
	if vs, _ := f.db.Versions(context.Background(), id); len(vs) != 1 {
		t.Errorf("versions after a cancelled update = %d, want 1", len(vs))
	}
}

// TestDiffSegments keeps a few words of context around each change and
// leaves out the unchanged text between changes.
func TestDiffSegments(t *testing.T) {
	long := strings.Repeat("same words here ", 20)
	tests := []struct {
		name     string
		old, new string
		want     []string // in the rendered text, in order
		notWant  []string
	}{
		{"one word", "the big dog barked", "the small dog barked", []string{"the ", "big", "small", " dog barked"}, nil},
		{"far apart", "alpha " + long + "omega", "ALPHA " + long + "OMEGA", []string{"alpha", "ALPHA", " same words here same words here same words", " …", "… ", "OMEGA"}, nil},
		{"same", "unchanged text", "unchanged text", []string{"The two versions have the same text."}, []string{"…"}},
	}
	for _, tt := range tests {
		segs := diffSegments(anchor.Diff(tt.old, tt.new))
		var b strings.Builder
		for _, s := range segs {
			if ts, ok := s.(*widget.TextSegment); ok {
				b.WriteString(ts.Text + "|")
			}
		}
		got := b.String()
		at := 0
		for _, w := range tt.want {
			i := strings.Index(got[at:], w)
			if i < 0 {
				t.Errorf("%s: rendered %q lacks %q after offset %d", tt.name, got, w, at)
				break
			}
			at += i + len(w)
		}
		for _, w := range tt.notWant {
			if strings.Contains(got, w) {
				t.Errorf("%s: rendered %q holds %q", tt.name, got, w)
			}
		}
		if len(got) > 2000 {
			t.Errorf("%s: rendered %d bytes, want the unchanged middle left out", tt.name, len(got))
		}
	}
}

// TestBannerHiddenForOneVersion opens the changes of an article with one
// version and gets a notice, not a window.
func TestBannerHiddenForOneVersion(t *testing.T) {
	f := newFixture(t)
	v := f.openArticle(f.addArticle("Bus service", articleText))
	v.showChanges()
	if v.changes != nil || !strings.Contains(f.overlayText(), "one version") {
		t.Errorf("changes of a one-version article: window %v, notice %q", v.changes != nil, f.overlayText())
	}
}

// TestUpdateArticleFromURL fetches the article's address again through the
// Update dialog.
func TestUpdateArticleFromURL(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, editedText)
	}))
	defer srv.Close()
	f := newFixture(t)
	doc, err := ingest.Parse([]byte(articleText), "text", "bus.txt", "")
	if err != nil {
		t.Fatal(err)
	}
	a, v := doc.Article(), doc.Version()
	a.Title, a.URL = "Bus service", srv.URL+"/bus"
	if err := f.db.CreateArticle(context.Background(), a, v); err != nil {
		t.Fatal(err)
	}
	f.addClaim(a.ID, "add three new bus routes", "", annotate.VerdictNone)
	view := f.openArticle(a.ID)

	f.ws.showUpdate()
	test.Tap(f.overlayButton("Fetch from its address"))
	if got := f.overlayText(); !strings.Contains(got, "Version 2 stored. 1 claim: 1 moved, 0 found approximately, 0 need review.") {
		t.Errorf("update report = %q, want version 2 with the claim moved", got)
	}
	if view.article.Version != 2 || !view.banner.root.Visible() {
		t.Errorf("after fetching: version %d, banner shown %v; want 2 and true", view.article.Version, view.banner.root.Visible())
	}
}
