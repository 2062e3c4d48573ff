package storage

import (
	"bytes"
	"context"
	"database/sql"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/factdesk/factdesk/annotate"
)

// rawExec runs statements on the file through a plain connection in the
// default rollback-journal mode, as another program would.
func rawExec(t *testing.T, path string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// rawInt reads one integer from the file through a plain connection.
func rawInt(t *testing.T, path, query string) int {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(query).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// filledLibrary writes a closed library with a few articles and claims, big
// enough to span many pages, and returns its path.
func filledLibrary(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "filled.factdesk")
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		a := newArticle(t, db, "Article "+string(rune('A'+i)), strings.Repeat(sampleText+"\n\n", 40))
		newClaim(t, db, a, "unemployment fell to 3.5 percent")
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// siblings lists the journal files SQLite may leave beside path.
func siblings(path string) []string {
	var out []string
	for _, suffix := range []string{"-wal", "-shm", "-journal"} {
		if fileExists(path + suffix) {
			out = append(out, filepath.Base(path+suffix))
		}
	}
	return out
}

func TestOpenRefuses(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(1, 2))
	randomBytes := make([]byte, 8192)
	for i := range randomBytes {
		randomBytes[i] = byte(rng.UintN(256))
	}
	good := filledLibrary(t, dir)
	goodBytes, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	pageSize := 4096
	if len(goodBytes) < 8*pageSize {
		t.Fatalf("filled library has %d bytes, want several pages", len(goodBytes))
	}

	tests := []struct {
		name    string
		make    func(path string)
		message string
	}{
		{"text file", func(p string) { write(t, p, []byte("Notes for Monday:\n- call the mayor's office\n")) },
			"is not a FactDesk library: not an SQLite database"},
		{"random binary", func(p string) { write(t, p, randomBytes) },
			"is not a FactDesk library: not an SQLite database"},
		{"magic only", func(p string) { write(t, p, []byte("SQLite format 3\x00")) },
			"is damaged: the SQLite file is truncated"},
		{"truncated to half", func(p string) { write(t, p, goodBytes[:len(goodBytes)/2]) },
			"is damaged: the SQLite file is truncated"},
		{"truncated mid-page", func(p string) { write(t, p, goodBytes[:3*pageSize+123]) },
			"is damaged: the SQLite file is truncated"},
		{"corrupt schema page", func(p string) {
			b := bytes.Clone(goodBytes)
			copy(b[100:], randomBytes[:400])
			write(t, p, b)
		}, "is damaged"},
		{"corrupt table pages", func(p string) {
			b := bytes.Clone(goodBytes)
			for pg := 2; pg*pageSize < len(b); pg += 2 {
				copy(b[pg*pageSize:], randomBytes[:64])
			}
			write(t, p, b)
		}, "is damaged"},
		{"corrupt index page", func(p string) {
			// Only the index is hurt: the schema and tables read fine and
			// the integrity check has to find it.
			pg := rawInt(t, good, "SELECT pageno FROM dbstat WHERE name = 'claims_article_start' ORDER BY pageno DESC LIMIT 1")
			b := bytes.Clone(goodBytes)
			end := pg * pageSize // pages count from 1
			copy(b[end-200:end], randomBytes[:200])
			write(t, p, b)
		}, "is damaged: the integrity check says"},
		{"newer schema", func(p string) {
			write(t, p, goodBytes)
			rawExec(t, p, "PRAGMA user_version = 999")
		}, "was written by a newer FactDesk (schema 999, this program knows " + strconv.Itoa(SchemaVersion()) + ")"},
		{"newer schema of a bare database", func(p string) {
			rawExec(t, p, "CREATE TABLE t(x)", "PRAGMA user_version = 999")
		}, "was written by a newer FactDesk (schema 999"},
		{"another program's database", func(p string) {
			rawExec(t, p, "CREATE TABLE moz_places(id INTEGER PRIMARY KEY, url TEXT)", "INSERT INTO moz_places(url) VALUES ('https://example.com')")
		}, "is not a FactDesk library: it is an SQLite database of another program"},
		{"a trigger of its own", func(p string) {
			write(t, p, goodBytes)
			rawExec(t, p, "CREATE TRIGGER flip AFTER INSERT ON claims BEGIN UPDATE claims SET verdict = 'true' WHERE id = new.id; END")
		}, `is not a FactDesk library as this program made it: it has a trigger "flip"`},
		{"a view of its own", func(p string) {
			write(t, p, goodBytes)
			rawExec(t, p, "CREATE VIEW v AS SELECT 1")
		}, `it has a view "v"`},
		{"a changed table", func(p string) {
			write(t, p, goodBytes)
			rawExec(t, p, "ALTER TABLE claims ADD COLUMN extra TEXT")
		}, `its table "claims" is not as FactDesk created it`},
		{"another program's application id", func(p string) {
			rawExec(t, p, "PRAGMA application_id = 1234", "PRAGMA user_version = 1", "CREATE TABLE t(x)")
		}, "is not a FactDesk library: it is an SQLite database of another program"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, "case"+string(rune('a'+i))+".factdesk")
			tt.make(path)
			before, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			infoBefore, _ := os.Stat(path)
			if s := siblings(path); len(s) > 0 {
				t.Fatalf("fixture left %v", s)
			}
			db, err := Open(ctx, path)
			if err == nil {
				db.Close()
				t.Fatalf("Open succeeded, want a refusal containing %q", tt.message)
			}
			wantCode(t, err, annotate.EINVALID)
			if !strings.Contains(err.Error(), tt.message) || !strings.Contains(err.Error(), path) {
				t.Errorf("Open error = %q, want it to name %s and say %q", err, path, tt.message)
			}
			after, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(before, after) {
				t.Errorf("Open changed the file (%d bytes before, %d after)", len(before), len(after))
			}
			if infoAfter, _ := os.Stat(path); !infoAfter.ModTime().Equal(infoBefore.ModTime()) {
				t.Errorf("Open changed the file's modification time")
			}
			if s := siblings(path); len(s) > 0 {
				t.Errorf("Open left %v beside the file", s)
			}
		})
	}
}

func write(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestOpenDanglingLink(t *testing.T) {
	dir := t.TempDir()
	link := filepath.Join(dir, "lib.db")
	if err := os.Symlink(filepath.Join(dir, "gone.db"), link); err != nil {
		t.Skipf("no symbolic links: %v", err)
	}
	_, err := Open(context.Background(), link)
	wantCode(t, err, annotate.EINVALID)
	want := link + " is a symbolic link to " + filepath.Join(dir, "gone.db") + ", which does not exist"
	if err == nil || err.Error() != want {
		t.Errorf("Open error = %v, want %q", err, want)
	}
	if fileExists(filepath.Join(dir, "gone.db")) {
		t.Errorf("Open created the link's target")
	}
}

func TestOpenDirectory(t *testing.T) {
	dir := t.TempDir()
	_, err := Open(context.Background(), dir)
	wantCode(t, err, annotate.EINVALID)
	if !strings.Contains(err.Error(), "is a directory") {
		t.Errorf("Open(dir) error = %q, want it to say it is a directory", err)
	}
}

func TestOpenEmptyPath(t *testing.T) {
	_, err := Open(context.Background(), " ")
	wantCode(t, err, annotate.EINVALID)
}

func TestOpenCreatesDirectoryAndEmptyFile(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		name string
		prep func(path string)
	}{
		{"missing directories", func(string) {}},
		{"zero-length file", func(p string) {
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			write(t, p, nil)
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "a", "b", "library.factdesk")
			tt.prep(path)
			db, err := Open(ctx, path)
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			if got := db.Path(); got != path {
				t.Errorf("Path() = %q, want %q", got, path)
			}
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
			if got, want := rawInt(t, path, "PRAGMA user_version"), SchemaVersion(); got != want {
				t.Errorf("user_version = %d, want %d", got, want)
			}
		})
	}
}

func TestOpenPragmas(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	// Hold several connections at once so that the pool has to open more
	// than one; each must carry the pragmas.
	var conns []*sql.Conn
	for range 3 {
		c, err := db.sql.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
	}
	for i, c := range conns {
		for _, tt := range []struct {
			pragma string
			want   string
		}{
			{"journal_mode", "wal"},
			{"foreign_keys", "1"},
			{"busy_timeout", "10000"},
			{"synchronous", "1"}, // NORMAL
			{"cache_size", "-32000"},
		} {
			var got string
			if err := c.QueryRowContext(ctx, "PRAGMA "+tt.pragma).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("connection %d: PRAGMA %s = %s, want %s", i, tt.pragma, got, tt.want)
			}
		}
	}
	for _, c := range conns {
		c.Close()
	}
}

func TestOpenReadOnly(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("running as root: file permissions do not stop writes")
	}
	ctx := context.Background()
	t.Run("file", func(t *testing.T) {
		path := filledLibrary(t, t.TempDir())
		if err := os.Chmod(path, 0o444); err != nil {
			t.Fatal(err)
		}
		before, _ := os.ReadFile(path)
		_, err := Open(ctx, path)
		wantCode(t, err, annotate.EINVALID)
		if want := "cannot write to " + path + ": read-only"; !strings.HasPrefix(err.Error(), want) {
			t.Errorf("Open error = %q, want it to start %q", err, want)
		}
		if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
			t.Errorf("Open changed the read-only file")
		}
	})
	t.Run("directory", func(t *testing.T) {
		dir := t.TempDir()
		path := filledLibrary(t, dir)
		if err := os.Chmod(dir, 0o555); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(dir, 0o755) })
		_, err := Open(ctx, path)
		wantCode(t, err, annotate.EINVALID)
		if want := "cannot write to " + path + ": read-only directory"; !strings.HasPrefix(err.Error(), want) {
			t.Errorf("Open error = %q, want it to start %q", err, want)
		}
		if s := siblings(path); len(s) > 0 {
			t.Errorf("Open left %v", s)
		}
	})
}

func TestOpenWithLeftoverWAL(t *testing.T) {
	// A library whose program died keeps its -wal; opening must read the
	// changes in it rather than judge the main file alone.
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "library.factdesk")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	a := newArticle(t, db, "Kept in the log", sampleText)
	if !fileExists(path + "-wal") {
		t.Fatal("no -wal file while the library is open")
	}
	db2, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("second Open with a -wal present: %v", err)
	}
	defer db2.Close()
	got, err := db2.Article(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != a.Title {
		t.Errorf("Title = %q, want %q", got.Title, a.Title)
	}
}

// TestLargeLibraryCheckIsDeferred: a library at or over deferCheckBytes that
// was not closed cleanly opens without reading every page, and its
// background check is due at once.
func TestLargeLibraryCheckIsDeferred(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "big.factdesk")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	// Grow the file past the bound with free pages, as years of deletes
	// leave, and forget the record of its clean close.
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec("CREATE TABLE filler(b BLOB)"); err != nil {
		t.Fatal(err)
	}
	blob := make([]byte, 1<<20)
	for range deferCheckBytes>>20 + 1 {
		if _, err := raw.Exec("INSERT INTO filler VALUES (?)", blob); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := raw.Exec("DROP TABLE filler"); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	unvouch(path)
	db, err = Open(ctx, path)
	if err != nil {
		t.Fatalf("Open of a large library not vouched for: %v", err)
	}
	if !db.QuickCheckDue() {
		t.Errorf("the background check of a large library opened unchecked is not due")
	}
	// Closed before its check ran (a command, or a window quit at once):
	// it is not vouched for, and the next open finds the check still due.
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err = Open(ctx, path)
	if err != nil {
		t.Fatalf("second Open: %v", err)
	}
	if !db.unchecked || !db.QuickCheckDue() {
		t.Errorf("a large library closed before its check ran was vouched for (unchecked %v, check due %v)", db.unchecked, db.QuickCheckDue())
	}
	if err := db.QuickCheck(ctx); err != nil {
		t.Errorf("QuickCheck: %v", err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	// Checked and closed: vouched for, nothing due.
	db, err = Open(ctx, path)
	if err != nil {
		t.Fatalf("third Open: %v", err)
	}
	defer db.Close()
	if db.QuickCheckDue() {
		t.Errorf("a large library checked and closed cleanly is due for a check again")
	}
}
