package app

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/factdesk/factdesk/annotate/ingest"
)

// TestImportSameBytesTwice imports the same text twice: the second time the
// window says where it already is; Open it opens that article and adds
// none, Import anyway adds a second.
func TestImportSameBytesTwice(t *testing.T) {
	f := newFixture(t)
	parse := func() *ingest.Document {
		doc, err := ingest.Parse([]byte(articleText), "text", "bus.txt", "")
		if err != nil {
			t.Fatal(err)
		}
		return doc
	}
	f.ws.imported(parse(), "", nil)
	first := f.ws.ArticleID()
	f.ws.showLibrary()
	f.ws.imported(parse(), "", nil)
	if got := f.overlayText(); !strings.Contains(got, "already in the library") {
		t.Fatalf("second import of the same bytes: dialog %q, want it to say so", got)
	}
	test.Tap(f.overlayButton("Open it"))
	if f.ws.ArticleID() != first {
		t.Errorf("Open it showed article %d, want %d", f.ws.ArticleID(), first)
	}
	list, _ := f.db.Articles(context.Background())
	if len(list) != 1 {
		t.Fatalf("articles after Open it = %d, want 1", len(list))
	}
	f.ws.imported(parse(), "", nil)
	test.Tap(f.overlayButton("Import anyway"))
	if list, _ := f.db.Articles(context.Background()); len(list) != 2 {
		t.Errorf("articles after Import anyway = %d, want 2", len(list))
	}
}
