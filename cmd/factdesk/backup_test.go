package main

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// library makes a library in dir with one article and n claims, and
// returns its path and the article's text file.
func library(t *testing.T, dir string, n int) string {
	t.Helper()
	db := filepath.Join(dir, "lib.db")
	article := filepath.Join(dir, "article.txt")
	body := "Trade figures\n\n" + strings.Repeat("The ministry said exports rose 4.5% in March while imports fell. ", 40)
	if err := os.WriteFile(article, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	must(t, db, "import", article)
	var lines strings.Builder
	for i := range n {
		fmt.Fprintf(&lines, `{"start":%d,"end":%d,"statement":"claim %d"}`+"\n", i*10, i*10+30, i)
	}
	if r := factdesk(t, db, []byte(lines.String()), "claim", "batch", "1"); r.code != 0 {
		t.Fatalf("claim batch: %s", r.stderr)
	}
	return db
}

// oneLineError fails the test unless r failed with exit 1 and one line on
// stderr that mentions want.
func oneLineError(t *testing.T, r result, want string) {
	t.Helper()
	if r.code != 1 {
		t.Errorf("exit %d, want 1 (stdout %q, stderr %q)", r.code, r.stdout, r.stderr)
	}
	if strings.Count(strings.TrimRight(r.stderr, "\n"), "\n") != 0 || r.stderr == "" {
		t.Errorf("stderr is not one line: %q", r.stderr)
	}
	if !strings.Contains(r.stderr, want) {
		t.Errorf("stderr %q does not mention %q", r.stderr, want)
	}
}

func integrity(t *testing.T, db string) (check string, claims int) {
	t.Helper()
	s, err := sql.Open("sqlite", "file:"+db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil {
		return err.Error(), -1
	}
	if err := s.QueryRow("SELECT count(*) FROM claims").Scan(&claims); err != nil {
		return check, -1
	}
	return check, claims
}

func TestBackupCommand(t *testing.T) {
	dir := t.TempDir()
	db := library(t, dir, 5)
	t.Setenv("XDG_DATA_HOME", filepath.Join(dir, "data"))

	// Without a file: a dated backup in backups/lib beside the library.
	out := must(t, db, "backup")
	if want := filepath.Join(dir, "backups", "lib") + string(filepath.Separator) + "factdesk-"; !strings.HasPrefix(out, want) || !strings.HasSuffix(out, ".db") {
		t.Errorf("backup printed %q, want a path starting %q", out, want)
	}
	if _, n := integrity(t, out); n != 5 {
		t.Errorf("the backup holds %d claims, want 5", n)
	}

	named := filepath.Join(dir, "copy.db")
	if out := must(t, db, "backup", named); out != named {
		t.Errorf("backup %s printed %q", named, out)
	}
	must(t, db, "claim", "rm", "1")
	must(t, db, "claim", "rm", "2")
	if _, c := counts(t, db); c != 3 {
		t.Fatalf("after rm: %d claims, want 3", c)
	}
	out = must(t, db, "restore", named)
	if !strings.Contains(out, "before-restore") {
		t.Errorf("restore printed %q, want it to say where the old library is", out)
	}
	if _, c := counts(t, db); c != 5 {
		t.Errorf("after restore: %d claims, want 5", c)
	}
	if _, n := integrity(t, db+".before-restore"); n != 3 {
		t.Errorf("the kept library holds %d claims, want 3", n)
	}

	r := factdesk(t, db, nil, "backup", db)
	oneLineError(t, r, "it is the open library")
}

func TestDefaultBackupDir(t *testing.T) {
	tests := []struct{ lib, want string }{
		{"/home/ana/.local/share/factdesk/factdesk.db", "/home/ana/.local/share/factdesk/backups"},
		{"/srv/desk/election.db", "/srv/desk/backups/election"},
		{"/srv/desk/library.factdesk", "/srv/desk/backups/library"},
	}
	for _, tt := range tests {
		if got := backupDir(filepath.FromSlash(tt.lib)); got != filepath.FromSlash(tt.want) {
			t.Errorf("backupDir(%q) = %q, want %q", tt.lib, got, tt.want)
		}
	}
}

func TestRestoreRefusesNonLibraries(t *testing.T) {
	dir := t.TempDir()
	db := library(t, dir, 3)
	good := filepath.Join(dir, "good.db")
	must(t, db, "backup", good)
	goodBytes, _ := os.ReadFile(good)
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, b, 0o644)
		return p
	}
	corrupt := bytes.Clone(goodBytes)
	for i := 4096; i < len(corrupt); i += 5 {
		corrupt[i] = ^corrupt[i]
	}
	tests := []struct{ name, file, want string }{
		{"text file", write("notes.txt", []byte("my notes\n")), "not an SQLite database"},
		{"truncated", write("half.db", goodBytes[:len(goodBytes)/2]), "truncated"},
		{"corrupt", write("corrupt.db", corrupt), "damaged"},
		{"empty", write("empty.db", nil), "empty"},
		{"missing", filepath.Join(dir, "none.db"), "does not exist"},
	}
	before, _ := os.ReadFile(db)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := factdesk(t, db, nil, "restore", tt.file)
			oneLineError(t, r, tt.want)
			if after, _ := os.ReadFile(db); !bytes.Equal(before, after) {
				t.Errorf("the library changed")
			}
			if _, err := os.Stat(db + ".before-restore"); err == nil {
				t.Errorf("a refused restore left %s", db+".before-restore")
			}
		})
	}
}

// asUser prepares cmd to run as an unprivileged user when the tests run as
// root, for whom file permissions stop nothing. It returns the binary to
// run, copied where that user can reach it.
func asUser(t *testing.T, dirs ...string) string {
	t.Helper()
	if os.Geteuid() != 0 {
		return bin
	}
	shared, err := os.MkdirTemp("", "factdesk-nobody")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(shared) })
	os.Chmod(shared, 0o755)
	exe := filepath.Join(shared, "factdesk")
	b, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(exe, b, 0o755); err != nil {
		t.Fatal(err)
	}
	// The test's directories are 0700; the user must be able to reach the
	// library in them.
	for _, d := range dirs {
		for ; d != "/" && d != "." && strings.HasPrefix(d, os.TempDir()); d = filepath.Dir(d) {
			fi, err := os.Stat(d)
			if err == nil && fi.Mode().Perm()&0o005 != 0o005 {
				os.Chmod(d, fi.Mode().Perm()|0o005)
			}
		}
	}
	return exe
}

func runAs(t *testing.T, exe, db string, args ...string) result {
	t.Helper()
	cmd := exec.Command(exe, append(args, "--db", db)...)
	if os.Geteuid() == 0 {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("run %v: %v", args, err)
	}
	return result{code, out.String(), errb.String()}
}

// TestOpenProblems gives the command line each way a library can fail to
// open: one clear line, exit 1, and the file exactly as it was.
func TestOpenProblems(t *testing.T) {
	base := t.TempDir()
	good := library(t, base, 4)
	goodBytes, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name    string
		prepare func(dir string) string // returns the library path
		asUser  bool
		want    string
	}{
		{"corrupt", func(dir string) string {
			b := bytes.Clone(goodBytes)
			for i := 4096; i < len(b); i += 3 {
				b[i] = ^b[i]
			}
			return put(t, dir, b)
		}, false, "is damaged"},
		{"truncated", func(dir string) string { return put(t, dir, goodBytes[:len(goodBytes)*2/3]) }, false, "truncated"},
		{"not SQLite", func(dir string) string {
			return put(t, dir, []byte("Dear editor,\nplease find the article attached.\n"))
		}, false, "not an SQLite database"},
		{"newer schema", func(dir string) string {
			p := put(t, dir, goodBytes)
			s, _ := sql.Open("sqlite", p)
			s.Exec("PRAGMA user_version = 99")
			s.Close()
			return p
		}, false, "newer FactDesk"},
		{"read-only file", func(dir string) string {
			p := put(t, dir, goodBytes)
			os.Chmod(p, 0o444)
			return p
		}, true, "read-only file"},
		{"read-only directory", func(dir string) string {
			p := put(t, dir, goodBytes)
			os.Chmod(p, 0o666)
			os.Chmod(dir, 0o555)
			t.Cleanup(func() { os.Chmod(dir, 0o755) })
			return p
		}, true, "read-only directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "lib")
			os.Mkdir(dir, 0o755)
			exe := bin
			if tt.asUser {
				exe = asUser(t, dir)
			}
			path := tt.prepare(dir)
			before, _ := os.ReadFile(path)
			for _, args := range [][]string{{"articles"}, {"claim", "set", "1", "--note", "x"}} {
				var r result
				if tt.asUser {
					r = runAs(t, exe, path, args...)
				} else {
					r = factdesk(t, path, nil, args...)
				}
				oneLineError(t, r, tt.want)
			}
			if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
				t.Errorf("the file changed")
			}
			entries, _ := os.ReadDir(dir)
			if len(entries) != 1 {
				var names []string
				for _, e := range entries {
					names = append(names, e.Name())
				}
				t.Errorf("the directory holds %v, want only the library", names)
			}
		})
	}
}

func put(t *testing.T, dir string, b []byte) string {
	t.Helper()
	p := filepath.Join(dir, "lib.db")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestDiskFull fills a small file system (room for the library, its log
// and a history that keeps each note before and after) while a claim with a long note is
// written: the write fails with a clear line and the library keeps its
// claims and passes its integrity check.
func TestDiskFull(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("mounting a small tmpfs needs root")
	}
	mnt := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=1600k", "tmpfs", mnt).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs: %v: %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", "-l", mnt).Run() })

	src := library(t, t.TempDir(), 6)
	db := filepath.Join(mnt, "lib.db")
	b, _ := os.ReadFile(src)
	if err := os.WriteFile(db, b, 0o644); err != nil {
		t.Fatalf("copy the library to the tmpfs: %v", err)
	}
	// Fill what is left but 64 KB, so that opening (which makes the -wal
	// and -shm files) still works and the write of a 110 KB note does not.
	// One argument can hold at most 128 KB.
	filler, err := os.Create(filepath.Join(mnt, "filler"))
	if err != nil {
		t.Fatal(err)
	}
	chunk := make([]byte, 4096)
	for {
		if _, err := filler.Write(chunk); err != nil {
			break
		}
	}
	filler.Close()
	os.Truncate(filler.Name(), max(0, fileSize(filler.Name())-64<<10))

	note := strings.Repeat("a long note about the figures ", 3700) // 110 KB
	r := factdesk(t, db, nil, "claim", "set", "1", "--note", note)
	oneLineError(t, r, "disk is full")

	os.Remove(filler.Name())
	check, n := integrity(t, db)
	if check != "ok" || n != 6 {
		t.Errorf("after the full disk: integrity %q, %d claims; want ok and 6", check, n)
	}
	var claims []claimJSON
	if err := json.Unmarshal([]byte(must(t, db, "claims", "1", "--json")), &claims); err != nil {
		t.Fatal(err)
	}
	for _, c := range claims {
		if c.Notes != "" {
			t.Errorf("claim %d has a note of %d bytes; the failed write was kept", c.ID, len(c.Notes))
		}
	}
	// With room again, the same write succeeds.
	must(t, db, "claim", "set", "1", "--note", note)
}

func fileSize(p string) int64 {
	fi, err := os.Stat(p)
	if err != nil {
		return 0
	}
	return fi.Size()
}

// TestInputLimits feeds each way in something over a limit or not text,
// and checks for one clear line, a failed exit, and a library whose file
// has not changed by a byte.
func TestInputLimits(t *testing.T) {
	dir := t.TempDir()
	db := library(t, dir, 2)
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// 5.5 million characters in 11 MB: under the file limit, over the
	// article limit.
	long := write("long.txt", append([]byte("Long\n\n"), bytes.Repeat([]byte("é "), 2_750_000)...))
	huge := bytes.Repeat([]byte("word "), 21<<20/5)
	longLine := `{"start":0,"end":5,"note":"` + strings.Repeat("n", 3<<20) + `"}` + "\n"
	tests := []struct {
		name  string
		stdin []byte
		args  []string
		want  string
	}{
		{"article over the character limit", nil, []string{"import", long}, "more than the limit of 5242880"},
		{"standard input over 20 MB", huge, []string{"import", "-"}, "over the 20 MB limit"},
		{"text import not UTF-8", nil, []string{"import", write("latin1.txt", []byte("Caf\xe9\n\nLe caf\xe9 est ferm\xe9."))}, "UTF-8"},
		{"text import with NUL", nil, []string{"import", write("nul.txt", []byte("Title\n\nsome\x00text here"))}, ""},
		{"claim batch line over 2 MB", []byte(longLine), []string{"claim", "batch", "1"}, "longer than 2 MB"},
		{"claim batch not UTF-8", []byte(`{"start":0,"end":5,"claimant":"` + "\xff" + `"}` + "\n"), []string{"claim", "batch", "1"}, "UTF-8"},
		{"claim batch NUL", []byte(`{"start":0,"end":5,"note":"a\u0000b"}` + "\n"), []string{"claim", "batch", "1"}, "NUL"},
		{"claimant not UTF-8", nil, []string{"claim", "set", "1", "--claimant", "Jo\xffn"}, "--claimant is not valid UTF-8"},
		{"tag not UTF-8", nil, []string{"claim", "set", "1", "--tag", "\xfe"}, "--tag is not valid UTF-8"},
		{"source title not UTF-8", nil, []string{"source", "add", "1", "https://example.com/", "--title", "\xc3("}, "--title is not valid UTF-8"},
		{"import title not UTF-8", nil, []string{"import", long, "--title=\xff"}, "--title is not valid UTF-8"},
		{"search query not UTF-8", nil, []string{"search", "caf\xe9"}, "not valid UTF-8"},
		{"note over 1 MB", nil, []string{"claim", "set", "1", "--note", strings.Repeat("n", 120<<10)}, ""},
	}
	before, _ := os.ReadFile(db)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := factdesk(t, db, tt.stdin, tt.args...)
			if tt.name == "note over 1 MB" {
				// One argument holds at most 128 KB on Linux, so a note
				// over the limit cannot come this way; this one is stored.
				if r.code != 0 {
					t.Fatalf("a 120 KB note: exit %d: %s", r.code, r.stderr)
				}
				must(t, db, "claim", "set", "1", "--note", "")
				before, _ = os.ReadFile(db)
				return
			}
			if r.code != 1 && r.code != 2 {
				t.Errorf("exit %d, want 1 or 2", r.code)
			}
			if strings.Count(strings.TrimRight(r.stderr, "\n"), "\n") != 0 || r.stderr == "" {
				t.Errorf("stderr is not one line: %q", r.stderr)
			}
			if !strings.Contains(r.stderr, tt.want) {
				t.Errorf("stderr %q does not mention %q", r.stderr, tt.want)
			}
			t.Logf("%s", strings.TrimSpace(r.stderr))
			if a, c := counts(t, db); a != 1 || c != 2 {
				t.Errorf("library changed: %d articles, %d claims, want 1 and 2", a, c)
			}
			if after, _ := os.ReadFile(db); !bytes.Equal(before, after) {
				t.Errorf("the library file changed (%d bytes, was %d)", len(after), len(before))
			}
		})
	}
}

// TestNULInArguments runs the command line in this process, since an
// operating system cannot pass a NUL inside an argument to a program.
func TestNULInArguments(t *testing.T) {
	db := library(t, t.TempDir(), 1)
	before, _ := os.ReadFile(db)
	tests := [][]string{
		{"claim", "set", "1", "--note", "a\x00b"},
		{"claim", "set", "1", "--claimant=a\x00b"},
		{"source", "add", "1", "https://example.com/", "--excerpt", "\x00"},
		{"search", "x\x00"},
		{"config", "set", "org.name", "News\x00room"},
	}
	for _, args := range tests {
		var out, errb bytes.Buffer
		code := run(t.Context(), append(args, "--db", db), nil, &out, &errb)
		if code != 1 || !strings.Contains(errb.String(), "NUL character") {
			t.Errorf("%q: exit %d, stderr %q; want 1 and a NUL character named", args, code, errb.String())
		}
	}
	if after, _ := os.ReadFile(db); !bytes.Equal(before, after) {
		t.Errorf("the library file changed")
	}
}

// TestOutputsNeverDestroyALibrary is the table of outputs aimed at what
// they must never replace: each is refused with one line, and the library
// keeps its claims and passes its integrity check.
func TestOutputsNeverDestroyALibrary(t *testing.T) {
	dir := t.TempDir()
	db := library(t, dir, 20)
	otherDir := t.TempDir()
	other := library(t, otherDir, 3)
	if err := os.Symlink(db, filepath.Join(dir, "link.db")); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(dir, "kept.db")
	must(t, db, "backup", backup)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"export onto the library", []string{"export", "1", "--format", "html", "-o", db}, "open library"},
		{"export onto its -wal", []string{"export", "1", "--format", "html", "-o", db + "-wal"}, "-wal"},
		{"export onto its -shm", []string{"export", "1", "--format", "html", "-o", db + "-shm"}, "-shm"},
		{"export through a link to it", []string{"export", "1", "--format", "md", "-o", filepath.Join(dir, "link.db")}, "open library"},
		{"export onto another library", []string{"export", "1", "--format", "csv", "-o", other}, "FactDesk library"},
		{"export onto a backup", []string{"export", "1", "--format", "json", "-o", backup}, "--force"},
		{"export onto a directory", []string{"export", "1", "-o", dir}, "directory"},
		{"export onto a device", []string{"export", "1", "-o", os.DevNull}, "device"},
		{"backup onto the library", []string{"backup", db}, "open library"},
		{"backup onto its -wal", []string{"backup", db + "-wal"}, "-wal"},
		{"backup onto another library", []string{"backup", other}, "FactDesk library"},
		{"backup onto another library with --force", []string{"backup", "--force", other}, "FactDesk library"},
		{"backup onto a backup without --force", []string{"backup", backup}, "--force"},
		{"backup onto a document", []string{"backup", "--force", filepath.Join(dir, "article.txt")}, "not a FactDesk backup"},
		{"backup to standard output", []string{"backup", "-"}, "not a stream"},
	}
	otherBefore, _ := os.ReadFile(other)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := factdesk(t, db, nil, tt.args...)
			if r.code != 1 && r.code != 2 {
				t.Errorf("exit %d, want 1 or 2 (stdout %q, stderr %q)", r.code, r.stdout, r.stderr)
			}
			if !strings.Contains(r.stderr, tt.want) || strings.Count(strings.TrimRight(r.stderr, "\n"), "\n") != 0 {
				t.Errorf("stderr %q is not one line that mentions %q", r.stderr, tt.want)
			}
			if check, n := integrity(t, db); check != "ok" || n != 20 {
				t.Errorf("library after the refusal: %q, %d claims, want ok and 20", check, n)
			}
		})
	}
	if after, _ := os.ReadFile(other); !bytes.Equal(otherBefore, after) {
		t.Errorf("the other library changed")
	}
	if fi, err := os.Lstat(filepath.Join(dir, "link.db")); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link to the library is no longer a link")
	}

	// What is allowed: a backup replaced on purpose, standard output, and
	// a link to a report, which stays a link with its target's mode.
	must(t, db, "backup", "--force", backup)
	if check, n := integrity(t, backup); check != "ok" || n != 20 {
		t.Errorf("replaced backup: %q, %d claims", check, n)
	}
	if out := must(t, db, "export", "1", "--format", "md", "-o", "-"); !strings.Contains(out, "Trade figures") {
		t.Errorf("export -o - printed %q, want the report", out)
	}
	report := filepath.Join(dir, "report.md")
	os.WriteFile(report, []byte("old"), 0o640)
	os.Symlink("report.md", filepath.Join(dir, "report-link.md"))
	must(t, db, "export", "1", "--format", "md", "-o", filepath.Join(dir, "report-link.md"))
	if fi, err := os.Lstat(filepath.Join(dir, "report-link.md")); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("export replaced the link to the report")
	}
	if fi, _ := os.Stat(report); fi.Mode().Perm() != 0o640 {
		t.Errorf("report mode = %v, want 0640 kept", fi.Mode().Perm())
	}
	if b, _ := os.ReadFile(report); !strings.Contains(string(b), "Trade figures") {
		t.Errorf("the report behind the link was not written")
	}
}

// TestEmptyDBFlag checks that --db "" is refused rather than read as the
// default library, which would then be changed.
func TestEmptyDBFlag(t *testing.T) {
	data := t.TempDir()
	def := library(t, t.TempDir(), 2)
	for _, args := range [][]string{
		{"rm", "1", "--db", ""},
		{"--db", "", "rm", "1"},
		{"--db=", "articles"},
		{"restore", def, "--db", ""},
	} {
		cmd := exec.Command(bin, args...)
		cmd.Env = append(os.Environ(), "XDG_DATA_HOME="+data, "FACTDESK_DB=")
		var errb bytes.Buffer
		cmd.Stderr = &errb
		err := cmd.Run()
		ee, ok := err.(*exec.ExitError)
		if !ok || ee.ExitCode() != 2 {
			t.Errorf("factdesk %q: %v, want exit 2", args, err)
		}
		if !strings.Contains(errb.String(), "--db is empty") {
			t.Errorf("factdesk %q: stderr %q, want it to say --db is empty", args, errb.String())
		}
		if _, err := os.Stat(filepath.Join(data, "factdesk", "factdesk.db")); err == nil {
			t.Fatalf("factdesk %q made or used the default library", args)
		}
	}
}

// TestFullStandardOutput checks that a command whose answer cannot be
// printed fails instead of exiting 0 with the answer lost.
func TestFullStandardOutput(t *testing.T) {
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("no /dev/full: %v", err)
		}
		t.Skipf("no /dev/full here: %v", err)
	}
	defer full.Close()
	dir := t.TempDir()
	db := library(t, dir, 1)
	for _, args := range [][]string{
		{"import", "--again", filepath.Join(dir, "article.txt")},
		{"backup", filepath.Join(dir, "b.db")},
		{"export", "1", "--format", "md"},
	} {
		cmd := exec.Command(bin, append(args, "--db", db)...)
		cmd.Stdout = full
		var errb bytes.Buffer
		cmd.Stderr = &errb
		err := cmd.Run()
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
			t.Errorf("factdesk %q with a full standard output: %v, want exit 1", args, err)
		}
		if !strings.Contains(errb.String(), "disk is full") {
			t.Errorf("factdesk %q: stderr %q, want it to say the disk is full", args, errb.String())
		}
	}
}

// TestReadOnlyLibraryExports checks that a library in a read-only folder
// can still be exported and backed up.
func TestReadOnlyLibraryExports(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("running as root: permissions do not stop writes")
	}
	dir := t.TempDir()
	db := library(t, dir, 2)
	os.Chmod(db, 0o444)
	os.Chmod(dir, 0o555)
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	if out := must(t, db, "export", "1", "--format", "md"); !strings.Contains(out, "Trade figures") {
		t.Errorf("export of a read-only library printed %q", out)
	}
	out := filepath.Join(t.TempDir(), "b.db")
	must(t, db, "backup", out)
	if check, n := integrity(t, out); check != "ok" || n != 2 {
		t.Errorf("backup of a read-only library: %q, %d claims", check, n)
	}
}

// TestFileSizeLimit imports under a small ulimit -f: the write fails with
// a message that says why, and the library keeps what it had.
func TestFileSizeLimit(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("no sh to set ulimit -f with")
		}
		t.Skip("no sh to set ulimit -f with")
	}
	dir := t.TempDir()
	db := library(t, dir, 3)
	big := filepath.Join(dir, "big.txt")
	os.WriteFile(big, []byte("Exports\n\n"+strings.Repeat("The ministry said exports rose 4.5% in March. ", 40000)), 0o644)
	cmd := exec.Command(sh, "-c", `ulimit -f 400 && exec "$0" import "$1" --db "$2"`, bin, big, db)
	var errb bytes.Buffer
	cmd.Stderr = &errb
	err = cmd.Run()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
		t.Fatalf("import over ulimit -f: %v (stderr %q), want exit 1", err, errb.String())
	}
	if !strings.Contains(errb.String(), "ulimit -f") {
		t.Errorf("stderr %q, want it to name the file size limit", errb.String())
	}
	if check, n := integrity(t, db); check != "ok" || n != 3 {
		t.Errorf("library after the refused write: %q, %d claims, want ok and 3", check, n)
	}
}
