package storage

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/factdesk/factdesk/annotate"
)

func TestVouchedLibrarySkipsOnlyWhileUnchanged(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "lib.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	a := &annotate.Article{Title: "T", Text: "The council said taxes fell."}
	if err := db.CreateArticle(ctx, a, nil); err != nil {
		t.Fatal(err)
	}
	if vouched(path) {
		t.Errorf("an open library is vouched for")
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if !vouched(path) {
		t.Fatalf("a cleanly closed library is not vouched for (wal left: %v)", fileExists(path+"-wal"))
	}

	// Any change by another program, even of the same size, loses the
	// record, and the damage is found.
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := 4096; i < len(data); i++ {
		data[i] ^= 0x5a
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if vouched(path) {
		t.Errorf("a library changed behind its back is still vouched for")
	}
	if _, err := Open(ctx, path); err == nil {
		t.Errorf("Open accepted a damaged library")
	}
}
