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
	if vouched(path, schemaSumOf(t, path)) {
		t.Errorf("an open library is vouched for")
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	sum := schemaSumOf(t, path)
	if !vouched(path, sum) {
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
	if vouched(path, sum) {
		t.Errorf("a library changed behind its back is still vouched for")
	}
	if _, err := Open(ctx, path); err == nil {
		t.Errorf("Open accepted a damaged library")
	}
}

// schemaSumOf is the checksum of the schema of the library at path.
func schemaSumOf(t *testing.T, path string) string {
	t.Helper()
	ro, err := openReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	objs, err := readSchema(context.Background(), ro)
	if err != nil {
		t.Fatal(err)
	}
	return schemaSum(objs)
}

// TestVouchHoldsHeaderAndSchema flips bytes in the first page and in the
// schema, keeping the size and the modification time: the record no longer
// holds and the full check runs.
func TestVouchHoldsHeaderAndSchema(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	ctx := context.Background()
	for _, tt := range []struct {
		name string
		flip func(data []byte)
	}{
		{"header byte", func(d []byte) { d[60] ^= 0x01 }}, // user version
		{"schema text", func(d []byte) { i := lastIndex(d, "CREATE"); d[i+1] = 'X' }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "lib.db")
			db, err := Open(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			if err := db.CreateArticle(ctx, &annotate.Article{Title: "T", Text: "The council said taxes fell."}, nil); err != nil {
				t.Fatal(err)
			}
			db.Close()
			fi, _ := os.Stat(path)
			data, _ := os.ReadFile(path)
			tt.flip(data)
			os.WriteFile(path, data, 0o644)
			os.Chtimes(path, fi.ModTime(), fi.ModTime())
			if fi2, _ := os.Stat(path); fi2.Size() != fi.Size() || !fi2.ModTime().Equal(fi.ModTime()) {
				t.Fatal("size or time not kept")
			}
			db, err = Open(ctx, path)
			if err == nil {
				db.Close()
				t.Fatalf("Open accepted a library with a flipped %s", tt.name)
			}
		})
	}
}

func lastIndex(b []byte, s string) int {
	for i := len(b) - len(s); i >= 0; i-- {
		if string(b[i:i+len(s)]) == s {
			return i
		}
	}
	panic("not found: " + s)
}
