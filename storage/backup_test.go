package storage

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/factdesk/factdesk/annotate"
)

func TestBackupName(t *testing.T) {
	at := time.Date(2025, 9, 5, 16, 23, 7, 0, time.FixedZone("CEST", 2*3600))
	name := BackupName(at)
	if want := "factdesk-2025-09-05T142307.db"; name != want {
		t.Errorf("BackupName = %q, want %q", name, want)
	}
	got, ok := BackupTime(name)
	if !ok || !got.Equal(at) {
		t.Errorf("BackupTime(%q) = %v, %v, want %v, true", name, got, ok, at)
	}
	for _, bad := range []string{"factdesk.db", "factdesk-2025-09-05.db", "factdesk-2025-09-05T142307.db-wal", "notes-2025-09-05T142307.db", "factdesk-2025-13-05T142307.db"} {
		if _, ok := BackupTime(bad); ok {
			t.Errorf("BackupTime(%q) is ok, want not a backup", bad)
		}
	}
}

// claimsIn counts the claims of the library at path through a connection
// of its own, as another program would.
func claimsIn(t *testing.T, path string) int {
	t.Helper()
	ro, err := openReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	var n int
	if err := ro.QueryRow("SELECT count(*) FROM claims").Scan(&n); err != nil {
		t.Fatalf("count claims in %s: %v", path, err)
	}
	return n
}

func TestBackupAndRestore(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	a := newArticle(t, db, "Rents", sampleText)
	newClaim(t, db, a, "raised rents by 40 percent")
	newClaim(t, db, a, "unemployment fell to 3.5 percent")

	backup := filepath.Join(t.TempDir(), "nested", "copy.db")
	if err := db.Backup(ctx, backup); err != nil {
		t.Fatalf("Backup: %v", err)
	}
	if got, want := claimsIn(t, backup), 2; got != want {
		t.Errorf("backup holds %d claims, want %d", got, want)
	}
	if err := checkLibrary(ctx, backup); err != nil {
		t.Errorf("the backup is not a library: %v", err)
	}
	if matches, _ := filepath.Glob(filepath.Join(filepath.Dir(backup), ".*tmp*")); len(matches) != 0 {
		t.Errorf("temporary files left: %v", matches)
	}

	// Work goes on after the backup; the restore brings back the 2 claims.
	newClaim(t, db, a, "lowest in a decade")
	lib := db.Path()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if err := Restore(ctx, backup, lib); err != nil {
		t.Fatalf("Restore: %v", err)
	}
	if got, want := claimsIn(t, lib), 2; got != want {
		t.Errorf("restored library holds %d claims, want %d", got, want)
	}
	if got, want := claimsIn(t, lib+".before-restore"), 3; got != want {
		t.Errorf("the kept previous library holds %d claims, want %d", got, want)
	}
	for _, side := range []string{"-wal", "-shm"} {
		if fileExists(lib + side) {
			t.Errorf("%s is left beside the restored library", side)
		}
	}
	re, err := Open(ctx, lib)
	if err != nil {
		t.Fatalf("Open after Restore: %v", err)
	}
	defer re.Close()
	if _, n, err := re.Counts(ctx); err != nil || n != 2 {
		t.Errorf("Counts after Restore = %d claims, %v; want 2", n, err)
	}
}

// TestRestoreMovesTheOldLogAside restores over a library whose write-ahead
// log still holds committed work (a program killed before its checkpoint):
// the log goes with the kept copy, which still opens with all its claims,
// and is not replayed into the restored file.
func TestRestoreMovesTheOldLogAside(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := openTemp(t)
	a := newArticle(t, db, "Rents", sampleText)
	newClaim(t, db, a, "raised rents by 40 percent")
	backup := filepath.Join(dir, "b.db")
	if err := db.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	lib := filepath.Join(dir, "live.db")
	live, err := Open(ctx, lib)
	if err != nil {
		t.Fatal(err)
	}
	la := newArticle(t, live, "Rents", sampleText)
	for _, q := range []string{"raised rents by 40 percent", "lowest in a decade", "rising cost of living"} {
		newClaim(t, live, la, q)
	}
	// Copy the file and its log while open, as a crash would leave them.
	crashed := filepath.Join(dir, "crashed.db")
	for _, side := range []string{"", "-wal"} {
		b, err := os.ReadFile(lib + side)
		if err != nil {
			t.Fatalf("read %s: %v", lib+side, err)
		}
		os.WriteFile(crashed+side, b, 0o644)
	}
	live.Close()

	if err := Restore(ctx, backup, crashed); err != nil {
		t.Fatalf("Restore: %v", err)
	}
	if fileExists(crashed + "-wal") {
		t.Errorf("the old -wal is still beside the restored library")
	}
	if got, want := claimsIn(t, crashed), 1; got != want {
		t.Errorf("restored library holds %d claims, want %d", got, want)
	}
	// The old log was folded into the old library before it was copied:
	// the kept copy is a whole library without a log, and a real copy.
	if fileExists(crashed + ".before-restore-wal") {
		t.Errorf("the old -wal was kept beside the copy though it was checkpointed")
	}
	if fi1, err := os.Stat(crashed); err == nil {
		if fi2, err := os.Stat(crashed + ".before-restore"); err == nil && os.SameFile(fi1, fi2) {
			t.Errorf("the kept copy is a link to the restored library")
		}
	}
	if got, want := claimsIn(t, crashed+".before-restore"), 3; got != want {
		t.Errorf("the kept library holds %d claims, want %d", got, want)
	}
}

func TestRestoreRefuses(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := openTemp(t)
	a := newArticle(t, db, "Rents", sampleText)
	newClaim(t, db, a, "raised rents by 40 percent")
	good := filepath.Join(dir, "good.db")
	if err := db.Backup(ctx, good); err != nil {
		t.Fatal(err)
	}
	goodBytes, _ := os.ReadFile(good)

	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	corrupt := bytes.Clone(goodBytes)
	for i := 4096; i < len(corrupt); i += 7 {
		corrupt[i] ^= 0x5a
	}
	otherApp := filepath.Join(dir, "other.db")
	if o, err := sql.Open("sqlite", otherApp); err == nil {
		o.Exec("CREATE TABLE notes(x); INSERT INTO notes VALUES (1)")
		o.Close()
	}
	emptySQLite := filepath.Join(dir, "empty-sqlite.db")
	if o, err := sql.Open("sqlite", emptySQLite); err == nil {
		o.Exec("PRAGMA user_version = 1; PRAGMA application_id = 1178682196; CREATE TABLE articles(x)")
		o.Close()
	}
	newer := write("newer.db", goodBytes)
	if o, err := sql.Open("sqlite", newer); err == nil {
		o.Exec("PRAGMA user_version = 99")
		o.Close()
	}
	tests := []struct {
		name, from, want string
	}{
		{"missing", filepath.Join(dir, "nope.db"), "does not exist"},
		{"empty", write("empty.db", nil), "empty"},
		{"text", write("notes.txt", []byte("these are my notes\n")), "not an SQLite database"},
		{"truncated", write("trunc.db", goodBytes[:len(goodBytes)/2]), "truncated"},
		{"corrupt", write("corrupt.db", corrupt), "damaged"},
		{"another program's", otherApp, "another program"},
		{"without the tables", emptySQLite, "not a FactDesk library"},
		{"newer schema", newer, "newer FactDesk"},
		{"a directory", dir, "not a regular file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lib := filepath.Join(t.TempDir(), "lib.db")
			l, err := Open(ctx, lib)
			if err != nil {
				t.Fatal(err)
			}
			newClaim(t, l, newArticle(t, l, "Mine", sampleText), "lowest in a decade")
			l.Close()
			before, _ := os.ReadFile(lib)
			var fromBefore []byte
			if fi, err := os.Stat(tt.from); err == nil && fi.Mode().IsRegular() {
				fromBefore, _ = os.ReadFile(tt.from)
			}

			err = Restore(ctx, tt.from, lib)
			wantCode(t, err, "invalid")
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Restore error = %q, want it to mention %q", err, tt.want)
			}
			if after, _ := os.ReadFile(lib); !bytes.Equal(before, after) {
				t.Errorf("the library changed")
			}
			if fileExists(lib + ".before-restore") {
				t.Errorf("a .before-restore copy was made for a refused restore")
			}
			if fromBefore != nil {
				if after, _ := os.ReadFile(tt.from); !bytes.Equal(fromBefore, after) {
					t.Errorf("the refused file changed")
				}
				if fileExists(tt.from + "-wal") {
					t.Errorf("a -wal appeared beside the refused file")
				}
			}
			if entries, _ := os.ReadDir(filepath.Dir(lib)); len(entries) != 1 {
				var names []string
				for _, e := range entries {
					names = append(names, e.Name())
				}
				t.Errorf("the library's directory holds %v, want only lib.db", names)
			}
		})
	}
}

func TestBackupRefuses(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	newArticle(t, db, "Rents", sampleText)
	dir := t.TempDir()
	notes := filepath.Join(dir, "notes.txt")
	os.WriteFile(notes, []byte("my notes"), 0o644)
	tests := []struct {
		name, path, want string
	}{
		{"the library itself", db.Path(), "open library"},
		{"its log", db.Path() + "-wal", "-wal file of the open library"},
		{"its shared memory", db.Path() + "-shm", "-shm file of the open library"},
		{"a directory", dir, "directory"},
		{"a device", os.DevNull, "device"},
		{"a document", notes, "not a FactDesk backup"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := db.Backup(ctx, tt.path)
			wantCode(t, err, "invalid")
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Backup error = %q, want it to mention %q", err, tt.want)
			}
		})
	}
	if b, _ := os.ReadFile(notes); string(b) != "my notes" {
		t.Errorf("the document was overwritten: %q", b)
	}
	if a, _, err := db.Counts(ctx); err != nil || a != 1 {
		t.Errorf("library after refused backups: %d articles, %v", a, err)
	}
}

func TestAutoBackup(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	newArticle(t, db, "Rents", sampleText)
	dir := filepath.Join(t.TempDir(), "backups")
	if got, err := LatestBackup(dir); got != "" || err != nil {
		t.Errorf("LatestBackup of a missing dir = %q, %v; want \"\", nil", got, err)
	}
	// Files that merely look alike are neither counted nor deleted.
	os.MkdirAll(dir, 0o755)
	strays := []string{"factdesk.db", "factdesk-2020-01-01.db", "notes.txt"}
	for _, s := range strays {
		os.WriteFile(filepath.Join(dir, s), []byte("x"), 0o644)
	}

	day0 := time.Date(2025, 9, 1, 9, 0, 0, 0, time.UTC)
	steps := []struct {
		at       time.Duration // after day0
		wantMade bool
		wantN    int
	}{
		{0, true, 1},
		{2 * time.Hour, false, 1},
		{23*time.Hour + 59*time.Minute, false, 1},
		{24 * time.Hour, true, 2},
		{50 * time.Hour, true, 3},
		{75 * time.Hour, true, 3},
		{100 * time.Hour, true, 3},
		{101 * time.Hour, false, 3},
	}
	var last string
	for _, s := range steps {
		now := day0.Add(s.at)
		path, made, err := db.AutoBackup(ctx, dir, 3, now)
		if err != nil {
			t.Fatalf("AutoBackup at +%v: %v", s.at, err)
		}
		if made != s.wantMade {
			t.Errorf("AutoBackup at +%v made = %v, want %v", s.at, made, s.wantMade)
		}
		if made {
			if want := filepath.Join(dir, BackupName(now)); path != want {
				t.Errorf("AutoBackup at +%v path = %q, want %q", s.at, path, want)
			}
			last = path
		}
		list, _ := backups(dir)
		if len(list) != s.wantN {
			t.Errorf("after +%v: %d backups, want %d", s.at, len(list), s.wantN)
		}
		if got, _ := LatestBackup(dir); got != last {
			t.Errorf("LatestBackup after +%v = %q, want %q", s.at, got, last)
		}
	}
	list, _ := backups(dir)
	var names []string
	for _, b := range list {
		names = append(names, filepath.Base(b.path))
	}
	if want := []string{BackupName(day0.Add(50 * time.Hour)), BackupName(day0.Add(75 * time.Hour)), BackupName(day0.Add(100 * time.Hour))}; strings.Join(names, " ") != strings.Join(want, " ") {
		t.Errorf("kept %v, want %v", names, want)
	}
	for _, s := range strays {
		if !fileExists(filepath.Join(dir, s)) {
			t.Errorf("%s was deleted", s)
		}
	}
	if _, _, err := db.AutoBackup(ctx, dir, 0, day0); err == nil {
		t.Errorf("AutoBackup keeping 0 succeeded, want an error")
	}
}

// TestBackupWhileWriting backs up while another handle writes: the backup
// is a library that passes its checks and holds a prefix of the writes.
func TestBackupWhileWriting(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	a := newArticle(t, db, "Rents", sampleText)
	other, err := Open(ctx, db.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	done := make(chan int)
	go func() {
		n := 0
		for i := range 200 {
			start := i % 50
			c, err := annotate.NewClaim(a, start, start+10)
			if err == nil {
				err = other.CreateClaim(ctx, c)
			}
			if err == nil {
				n++
			}
		}
		done <- n
	}()
	backup := filepath.Join(t.TempDir(), "b.db")
	for i := range 5 {
		backupTo := db.Backup
		if i > 0 {
			backupTo = db.ReplaceBackup
		}
		if err := backupTo(ctx, backup); err != nil {
			t.Fatalf("Backup while writing: %v", err)
		}
		if err := checkLibrary(ctx, backup); err != nil {
			t.Fatalf("backup made while writing: %v", err)
		}
	}
	n := <-done
	if got := claimsIn(t, backup); got > n {
		t.Errorf("backup holds %d claims, more than the %d written", got, n)
	}
	if n != 200 {
		t.Errorf("%d of 200 writes succeeded during the backups", n)
	}
}
