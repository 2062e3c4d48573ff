package outfile

import (
	"encoding/binary"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/factdesk/factdesk/annotate"
)

// sqliteFile writes a file that starts like an SQLite database, with the
// given application id.
func sqliteFile(t *testing.T, path string, appID uint32) []byte {
	t.Helper()
	b := make([]byte, 4096)
	copy(b, sqliteMagic)
	b[18], b[19] = 1, 1 // a rollback journal: what a backup has
	binary.BigEndian.PutUint32(b[68:72], appID)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return b
}

func writeString(s string) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := io.WriteString(w, s)
		return err
	}
}

// noTemps fails when a temporary file of Write is left in dir.
func noTemps(t *testing.T, dir string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

func TestWriteNewAndReplace(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "report.html")
	if err := Write(out, Options{}, writeString("one")); err != nil {
		t.Fatalf("Write new: %v", err)
	}
	fi, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	old := syscall.Umask(0o022)
	syscall.Umask(old)
	if got, want := fi.Mode().Perm(), os.FileMode(0o666&^old); got != want {
		t.Errorf("new file mode = %v, want %v (0666 less the umask, not 0600)", got, want)
	}
	if err := os.Chmod(out, 0o640); err != nil {
		t.Fatal(err)
	}
	if err := Write(out, Options{}, writeString("two")); err != nil {
		t.Fatalf("Write over: %v", err)
	}
	if b, _ := os.ReadFile(out); string(b) != "two" {
		t.Errorf("content = %q, want %q", b, "two")
	}
	if fi, _ := os.Stat(out); fi.Mode().Perm() != 0o640 {
		t.Errorf("replaced file mode = %v, want 0640 kept", fi.Mode().Perm())
	}
	noTemps(t, dir)
}

func TestWriteThroughSymlink(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real.md")
	link := filepath.Join(dir, "link.md")
	os.WriteFile(real, []byte("old"), 0o600)
	if err := os.Symlink("real.md", link); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	if err := Write(link, Options{}, writeString("new")); err != nil {
		t.Fatalf("Write through link: %v", err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link is no longer a symbolic link (%v, %v)", fi, err)
	}
	if b, _ := os.ReadFile(real); string(b) != "new" {
		t.Errorf("target content = %q, want %q", b, "new")
	}
	if fi, _ := os.Stat(real); fi.Mode().Perm() != 0o600 {
		t.Errorf("target mode = %v, want 0600 kept", fi.Mode().Perm())
	}
	// A dangling link creates its target.
	dangling := filepath.Join(dir, "dangling.md")
	os.Symlink("made.md", dangling)
	if err := Write(dangling, Options{}, writeString("made")); err != nil {
		t.Fatalf("Write through a dangling link: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "made.md")); string(b) != "made" {
		t.Errorf("dangling link target content = %q, want %q", b, "made")
	}
	noTemps(t, dir)
}

// TestRefused is the table of outputs that must be refused, each leaving
// the file that was there byte for byte as it was.
func TestRefused(t *testing.T) {
	dir := t.TempDir()
	lib := filepath.Join(dir, "lib.db")
	libBytes := sqliteFile(t, lib, applicationID)
	libBytes[18], libBytes[19] = 2, 2 // WAL: a library
	os.WriteFile(lib, libBytes, 0o644)
	closedLib := filepath.Join(dir, "closed.db")
	os.WriteFile(closedLib, libBytes, 0o644)
	os.WriteFile(lib+"-wal", []byte("wal"), 0o644)
	os.WriteFile(lib+"-shm", []byte("shm"), 0o644)
	os.Symlink("lib.db", filepath.Join(dir, "liblink"))

	backup := filepath.Join(dir, "backup.db")
	sqliteFile(t, backup, applicationID)
	other := filepath.Join(dir, "other.sqlite")
	sqliteFile(t, other, 0)
	loose := filepath.Join(dir, "loose.db")
	sqliteFile(t, loose, applicationID) // a backup, but with a log beside it
	os.WriteFile(loose+"-wal", []byte("stale"), 0o644)
	walLike := filepath.Join(dir, "renamed.log")
	os.WriteFile(walLike, []byte{0x37, 0x7f, 0x06, 0x82, 0, 0x2d, 0xe2, 0x18, 9, 9}, 0o644)
	orphan := filepath.Join(dir, "new.db")
	os.WriteFile(orphan+"-wal", []byte("left by another database"), 0o644)

	tests := []struct {
		name, path string
		o          Options
		want       string
	}{
		{"the open library", lib, Options{Protect: []string{lib}}, "open library"},
		{"its -wal", lib + "-wal", Options{Protect: []string{lib}}, "-wal file of the open library"},
		{"its -shm", lib + "-shm", Options{Protect: []string{lib}}, "-shm file of the open library"},
		{"the library through a link", filepath.Join(dir, "liblink"), Options{Protect: []string{lib}}, "open library"},
		{"the library by a relative name", "lib.db", Options{Protect: []string{lib}}, "open library"},
		{"the library even with --force", lib, Options{Protect: []string{lib}, Force: true}, "open library"},
		{"a library not named as open", lib, Options{Force: true}, "FactDesk library"},
		{"a -wal of a database not named", lib + "-wal", Options{}, "-wal file of the database"},
		{"a FactDesk backup without --force", backup, Options{}, "--force"},
		{"a closed library with --force", closedLib, Options{Force: true}, "FactDesk library"},
		{"another program's database", other, Options{}, "another program"},
		{"another program's database with --force", other, Options{Force: true}, "another program"},
		{"a write-ahead log by content", walLike, Options{}, "write-ahead log"},
		{"a file with a stale -wal", loose, Options{Force: true}, "-wal"},
		{"a new file with an orphan -wal", orphan, Options{}, "stale -wal"},
		{"a directory", dir, Options{}, "directory"},
		{"a device", os.DevNull, Options{}, "device"},
		{"a missing folder", filepath.Join(dir, "nope", "r.html"), Options{}, "does not exist"},
		{"an empty name", "", Options{}, "empty"},
		{"a blank name", "  ", Options{}, "empty"},
	}
	wd, _ := os.Getwd()
	os.Chdir(dir)
	defer os.Chdir(wd)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, _ := os.ReadFile(tt.path)
			if err := Check(tt.path, tt.o); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Check(%q) = %v, want an error with %q", tt.path, err, tt.want)
			}
			called := false
			err := Write(tt.path, tt.o, func(w io.Writer) error { called = true; return nil })
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Write(%q) = %v, want an error with %q", tt.path, err, tt.want)
			}
			if called {
				t.Errorf("Write(%q) produced output before refusing", tt.path)
			}
			if code := annotate.ErrorCode(err); code != annotate.EINVALID {
				t.Errorf("error code = %q, want %q", code, annotate.EINVALID)
			}
			if after, _ := os.ReadFile(tt.path); string(after) != string(before) {
				t.Errorf("%s changed", tt.path)
			}
		})
	}
	if b, _ := os.ReadFile(lib); string(b) != string(libBytes) {
		t.Errorf("the library changed")
	}
	noTemps(t, dir)
}

func TestForceReplacesABackup(t *testing.T) {
	dir := t.TempDir()
	backup := filepath.Join(dir, "backup.db")
	sqliteFile(t, backup, applicationID)
	if err := Write(backup, Options{Force: true}, writeString("fresh")); err != nil {
		t.Fatalf("Write --force over a backup: %v", err)
	}
	if b, _ := os.ReadFile(backup); string(b) != "fresh" {
		t.Errorf("backup content = %q, want replaced", b)
	}
}

func TestFailedWriteLeavesTarget(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out.csv")
	os.WriteFile(out, []byte("kept"), 0o644)
	boom := errors.New("boom")
	err := Write(out, Options{}, func(w io.Writer) error {
		io.WriteString(w, strings.Repeat("x", 200<<10))
		return boom
	})
	if !errors.Is(err, boom) {
		t.Errorf("Write = %v, want the writer's error", err)
	}
	if b, _ := os.ReadFile(out); string(b) != "kept" {
		t.Errorf("target = %q after a failed write, want %q", b, "kept")
	}
	noTemps(t, dir)
}

func TestCheckWritesNothing(t *testing.T) {
	dir := t.TempDir()
	if err := Check(filepath.Join(dir, "r.html"), Options{}); err != nil {
		t.Fatalf("Check: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("Check created %d files", len(entries))
	}
	if err := Check("-", Options{}); err != nil {
		t.Errorf("Check(-) = %v, want nil", err)
	}
}

func TestWriteFullDisk(t *testing.T) {
	if _, err := os.Stat("/dev/full"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("no /dev/full")
		}
		t.Skip("no /dev/full here")
	}
	// Writing to /dev/full fails with ENOSPC as a full disk does.
	f, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skipf("/dev/full: %v", err)
	}
	_, werr := f.Write([]byte("x"))
	f.Close()
	err = WriteError("standard output", werr)
	if err == nil || !strings.Contains(err.Error(), "disk is full") {
		t.Errorf("WriteError = %v, want the disk is full", err)
	}
}
