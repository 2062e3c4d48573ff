package storage

import (
	"context"
	"database/sql"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/factdesk/factdesk/annotate"
)

// deadPid is the id of a process that has exited.
func deadPid(t *testing.T) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return cmd.Process.Pid
}

// crashSession records that a process that is gone had path open.
func crashSession(t *testing.T, path string) {
	t.Helper()
	prefix := sessionPrefix(path)
	if prefix == "" {
		t.Fatal("no cache directory")
	}
	os.MkdirAll(filepath.Dir(prefix), 0o700)
	if err := os.WriteFile(prefix+strconv.Itoa(deadPid(t)), []byte("x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestMissingLogAfterCrashIsReported(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "lib.db")
	crashedLibrary(t, path, 20)
	abs, _ := filepath.Abs(path)
	crashSession(t, abs)
	os.Remove(path + "-wal")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer db.Close()
	if w := db.Warning(); !strings.Contains(w, "not closed cleanly") || !strings.Contains(w, "missing") {
		t.Errorf("Warning = %q, want it to say the log is missing after an unclean shutdown", w)
	}
	if !db.QuickCheckDue() {
		t.Errorf("QuickCheckDue = false after an unclean shutdown")
	}

	// A clean run after that warns no more.
	db.Close()
	db2, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	if w := db2.Warning(); w != "" {
		t.Errorf("Warning after a clean close = %q, want none", w)
	}
}

func TestCleanCloseWarnsOfNothing(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "lib.db")
	crashedLibrary(t, path, 3)
	abs, _ := filepath.Abs(path)
	crashSession(t, abs) // crashed, but its log is there: nothing lost
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if w := db.Warning(); w != "" {
		t.Errorf("Warning = %q with the log in place, want none", w)
	}
	if _, n, _ := db.Counts(ctx); n != 3 {
		t.Errorf("claims = %d, want 3 replayed from the log", n)
	}
}

func TestDamagedLogIsReported(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "lib.db")
	crashedLibrary(t, path, 20)
	st, err := readWAL(path + "-wal")
	if err != nil || !st.valid || st.lost != 0 || st.commits < 20 {
		t.Fatalf("readWAL of a sound log = %+v, %v; want valid with at least 20 commits", st, err)
	}
	wal, _ := os.ReadFile(path + "-wal")
	// Damage a page in the middle of the log.
	mid := 32 + (24+4096)*(st.commits/2) + 24 + 100
	wal[mid] ^= 0xff
	os.WriteFile(path+"-wal", wal, 0o644)
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer db.Close()
	if w := db.Warning(); !strings.Contains(w, "damaged") || !strings.Contains(w, "lost") {
		t.Errorf("Warning = %q, want it to say the log is damaged and commits are lost", w)
	}
	if !fileExists(path + "-wal.damaged") {
		t.Errorf("the damaged log was not kept aside")
	}
}

func TestOpenRefusesForeignSchema(t *testing.T) {
	ctx := context.Background()
	tests := []struct{ name, sql, want string }{
		{"a trigger", `CREATE TRIGGER rewrite AFTER UPDATE ON claims BEGIN UPDATE claims SET verdict = 'true' WHERE id = new.id; END`, `trigger "rewrite"`},
		{"a view", `CREATE VIEW everything AS SELECT * FROM claims`, `view "everything"`},
		{"a table", `CREATE TABLE extra (x)`, `table "extra"`},
		{"an index", `CREATE INDEX claims_verdict ON claims (verdict)`, `index "claims_verdict"`},
		{"a dropped index", `DROP INDEX ` + firstIndex(t), "lacks the index"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filledLibrary(t, t.TempDir())
			raw, err := sql.Open("sqlite", dsn(path, url.Values{}))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := raw.Exec(tt.sql); err != nil {
				t.Fatal(err)
			}
			raw.Close()
			before, _ := os.ReadFile(path)
			_, err = Open(ctx, path)
			wantCode(t, err, annotate.EINVALID)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Open error = %v, want it to name %s", err, tt.want)
			}
			if after, _ := os.ReadFile(path); string(after) != string(before) {
				t.Errorf("Open changed the refused file")
			}
			lib := filepath.Join(t.TempDir(), "lib.db")
			if err := Restore(ctx, path, lib); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Restore error = %v, want it to name %s", err, tt.want)
			}
			if fileExists(lib) {
				t.Errorf("Restore of a foreign schema made %s", lib)
			}
		})
	}
}

// firstIndex names an index FactDesk's schema has.
func firstIndex(t *testing.T) string {
	s, err := expectedSchema(context.Background(), len(migrations))
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range s {
		if o.kind == "index" {
			return o.name
		}
	}
	t.Fatal("no index in the schema")
	return ""
}

func TestQuickCheckMakesADamagedLibraryReadOnly(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "lib.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	a := newArticle(t, db, "Rents", strings.Repeat(sampleText+"\n\n", 200))
	newClaim(t, db, a, "raised rents by 40 percent")
	if err := db.QuickCheck(ctx); err != nil {
		t.Fatalf("QuickCheck of a sound library: %v", err)
	}
	if db.QuickCheckDue() {
		t.Errorf("QuickCheckDue right after a pass")
	}
	db.Close()

	// Flip a page past the schema, keeping the size and time: the clean
	// close record still holds, and Open takes the shortcut.
	fi, _ := os.Stat(path)
	data, _ := os.ReadFile(path)
	for i := len(data) - 3*4096; i < len(data)-2*4096; i++ {
		data[i] ^= 0x5a
	}
	os.WriteFile(path, data, 0o644)
	os.Chtimes(path, fi.ModTime(), fi.ModTime())
	db, err = Open(ctx, path)
	if err != nil {
		t.Skipf("the damage was found at open already: %v", err)
	}
	defer db.Close()
	err = db.QuickCheck(ctx)
	wantCode(t, err, annotate.EINVALID)
	if db.ReadOnly() == "" {
		t.Fatalf("ReadOnly = \"\" after a failed quick check")
	}
	err = db.SetSetting(ctx, "org.name", "x")
	wantCode(t, err, annotate.EINVALID)
	if err == nil || !strings.Contains(err.Error(), "read-only") {
		t.Errorf("write after a failed quick check = %v, want it refused as read-only", err)
	}
}

func TestOpenReadOnlyLibrary(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filledLibrary(t, dir)
	before, _ := os.ReadFile(path)
	db, err := OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatalf("OpenReadOnly: %v", err)
	}
	if _, n, err := db.Counts(ctx); err != nil || n == 0 {
		t.Errorf("Counts = %d, %v", n, err)
	}
	err = db.SetSetting(ctx, "org.name", "x")
	wantCode(t, err, annotate.EINVALID)
	db.Close()
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Errorf("OpenReadOnly changed the file")
	}
	if s := siblings(path); len(s) > 0 {
		t.Errorf("OpenReadOnly left %v", s)
	}
}
