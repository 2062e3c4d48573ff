package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestImportDuplicate imports the same file twice: the second import says
// where the first is and writes nothing, and --again imports it anyway.
func TestImportDuplicate(t *testing.T) {
	db := filepath.Join(t.TempDir(), "a.db")
	file := filepath.Join("..", "..", "assets", "sample.md")
	id := must(t, db, "import", file)
	r := factdesk(t, db, nil, "import", file)
	if r.code != 1 || !strings.Contains(r.stderr, "already in the library as article "+id) || !strings.Contains(r.stderr, "update "+id) {
		t.Errorf("second import: exit %d, %q; want exit 1 naming article %s and how to update it", r.code, r.stderr, id)
	}
	if out := must(t, db, "articles"); strings.Count(out, "\n") != 1 {
		t.Errorf("the refused import wrote an article:\n%s", out)
	}
	if again := must(t, db, "import", "--again", file); again == id {
		t.Errorf("--again gave the same id %s", again)
	}
}
