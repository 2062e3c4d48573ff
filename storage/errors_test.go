package storage

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/factdesk/factdesk/annotate"
	"modernc.org/sqlite"
)

// TestFullDiskKeepsItsCause fills a library to the page limit SQLite is
// given and checks that the failed write says the disk is full, is told
// apart by its code and errors.Is, and still carries SQLite's own error.
func TestFullDiskKeepsItsCause(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	a := newArticle(t, db, "Small", sampleText)
	db.sql.SetMaxOpenConns(1) // the limit below holds for one connection
	var pages int
	if err := db.sql.QueryRowContext(ctx, "PRAGMA page_count").Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := db.sql.ExecContext(ctx, fmt.Sprintf("PRAGMA max_page_count = %d", pages)); err != nil {
		t.Fatal(err)
	}
	big := &annotate.Article{Title: "Big", Text: strings.Repeat("A long paragraph about rents. ", 20_000)}
	err := db.CreateArticle(ctx, big, nil)
	if !errors.Is(err, annotate.ErrNoSpace) || errors.Is(err, annotate.ErrConflict) {
		t.Fatalf("CreateArticle on a full disk: %v (code %s), want ENOSPACE and not ECONFLICT", err, annotate.ErrorCode(err))
	}
	if !strings.Contains(annotate.ErrorMessage(err), "the disk is full") {
		t.Errorf("message %q, want it to say the disk is full", annotate.ErrorMessage(err))
	}
	var se *sqlite.Error
	if !errors.As(err, &se) {
		t.Errorf("errors.As(%v, *sqlite.Error) = false, want the driver's error kept as the cause", err)
	}
	// Nothing of the failed write is there, and the library goes on.
	if list, _ := db.Articles(ctx); len(list) != 1 || list[0].ID != a.ID {
		t.Errorf("Articles after the failed write = %+v, want only the first", list)
	}
}
