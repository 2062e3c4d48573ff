package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/factdesk/factdesk/storage/postgres/pgtest"
)

// pgPassword is put in the test server's addresses. The server trusts
// 127.0.0.1 and never asks for it; what matters is that no output of
// factdesk ever shows it.
const pgPassword = "Pw-never-shown-7731"

// teamAddress is a new empty team library on the test server, with
// pgPassword in its address.
func teamAddress(t *testing.T) string {
	t.Helper()
	url := pgtest.Start(t).NewDatabase(t)
	with := strings.Replace(url, "postgres://postgres@", "postgres://postgres:"+pgPassword+"@", 1)
	if with == url {
		t.Fatalf("the test server's address %q has no user to give a password to", url)
	}
	return with
}

// noPassword fails the test when a command's output shows pgPassword.
func noPassword(t *testing.T, what string, r result) {
	t.Helper()
	if strings.Contains(r.stdout+r.stderr, pgPassword) {
		t.Errorf("%s shows the password:\nstdout: %s\nstderr: %s", what, r.stdout, r.stderr)
	}
}

// runShown runs factdesk on lib, fails the test unless it succeeds without
// showing the password, and returns its output.
func runShown(t *testing.T, lib string, args ...string) string {
	t.Helper()
	r := factdesk(t, lib, nil, args...)
	noPassword(t, strings.Join(args, " "), r)
	if r.code != 0 {
		t.Fatalf("factdesk %s: exit %d: %s", strings.Join(args, " "), r.code, r.stderr)
	}
	return strings.TrimSpace(r.stdout)
}

func TestPostgresCommands(t *testing.T) {
	lib := teamAddress(t)
	dir := t.TempDir()
	article := filepath.Join(dir, "budget.txt")
	body := "Council budget\n\nThe council said taxes fell 5% in 2024. The mayor promised new parks by 2026.\n"
	if err := os.WriteFile(article, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) string {
		t.Helper()
		return runShown(t, lib, args...)
	}

	if got := run("import", article, "--title", "Council budget"); got != "1" {
		t.Fatalf("import printed %q, want 1", got)
	}
	if got := run("articles"); !strings.Contains(got, "Council budget") {
		t.Errorf("articles = %q, want the imported article", got)
	}
	claim := run("claim", "add", "1", "--quote", "taxes fell 5% in 2024", "--claimant", "The council")
	run("claim", "set", claim, "--verdict", "false", "--status", "done", "--note", "The accounts show a rise.")
	var claims []claimJSON
	if err := json.Unmarshal([]byte(run("claims", "1", "--json")), &claims); err != nil {
		t.Fatal(err)
	}
	if len(claims) != 1 {
		t.Fatalf("claims --json lists %d claims, want 1", len(claims))
	}
	if c := claims[0]; c.Exact != "taxes fell 5% in 2024" || c.Claimant != "The council" || c.Verdict != "false" || c.Status != "done" {
		t.Errorf("claim = %+v, want the quote, claimant, verdict false and status done", c)
	}
	if got := run("search", "parks", "--json"); !strings.Contains(got, `"ArticleID": 1`) {
		t.Errorf("search parks = %s, want article 1", got)
	}
	if got := run("search", "accounts", "--json"); !strings.Contains(got, `"ClaimID": `+claim) {
		t.Errorf("search accounts (the claim's note) = %s, want claim %s", got, claim)
	}
	html := run("export", "1", "--format", "html")
	for _, want := range []string{"Council budget", "taxes fell 5% in 2024", "The council"} {
		if !strings.Contains(html, want) {
			t.Errorf("export --format html lacks %q", want)
		}
	}

	// The library is the server's: FACTDESK_DB names it as well as --db.
	cmd := exec.Command(bin, "articles", "--json")
	cmd.Env = append(os.Environ(), "FACTDESK_DB="+lib)
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "Council budget") || strings.Contains(string(out), pgPassword) {
		t.Errorf("articles with FACTDESK_DB: %v: %s", err, out)
	}

	// What only a library file can do is refused, saying what to do.
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"backup"}, "backup: the team library on PostgreSQL is backed up by its server (pg_dump); backup works on a desk's library file"},
		{[]string{"backup", filepath.Join(dir, "copy.db")}, "backup: the team library on PostgreSQL is backed up by its server"},
		{[]string{"restore", filepath.Join(dir, "copy.db")}, "restore: the team library on PostgreSQL is restored on its server"},
		{[]string{"history", "claim", claim, "--undo"}, "history --undo: the team library on PostgreSQL"},
	} {
		r := factdesk(t, lib, nil, tt.args...)
		noPassword(t, strings.Join(tt.args, " "), r)
		if r.code != 1 || !strings.Contains(r.stderr, tt.want) {
			t.Errorf("factdesk %s: exit %d, stderr %q; want exit 1 and %q", strings.Join(tt.args, " "), r.code, r.stderr, tt.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "copy.db")); err == nil {
		t.Errorf("a refused backup wrote its file")
	}
}

// A server that cannot be reached is named in the error without the
// password.
func TestPostgresUnreachable(t *testing.T) {
	r := factdesk(t, "postgres://checker:"+pgPassword+"@127.0.0.1:1/newsroom?connect_timeout=5", nil, "articles")
	noPassword(t, "articles", r)
	if r.code != 1 || !strings.Contains(r.stderr, "127.0.0.1:1/newsroom") {
		t.Errorf("articles on a closed port: exit %d, stderr %q; want exit 1 naming 127.0.0.1:1/newsroom", r.code, r.stderr)
	}
}

// The window opens on the team library and says so in its title.
func TestPostgresWindow(t *testing.T) {
	requireX(t)
	lib := teamAddress(t)
	dir := t.TempDir()
	article := filepath.Join(dir, "budget.txt")
	if err := os.WriteFile(article, []byte("Council budget\n\nThe council said taxes fell 5% in 2024.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	must(t, lib, "import", article)
	display := startXvfb(t)
	w := openWindow(t, windowOptions{display: display, db: lib, config: filepath.Join(dir, "config"), crash: filepath.Join(dir, "crash")})
	w.alive("first frame")
	title := strings.TrimSpace(w.x("search", "--name", "^FactDesk", "getwindowname"))
	if !strings.HasPrefix(title, "FactDesk — team library 127.0.0.1:") || strings.Contains(title, pgPassword) {
		t.Errorf("window title = %q, want it to name the team library's server without the password", title)
	}
	w.x("key", "ctrl+q")
	if err := w.waitExit(10 * time.Second); err != nil {
		t.Errorf("quit with ctrl+q: %v\n%s", err, w.stderr.String())
	}
	w.noCrash("quit")
	if out := w.stderr.String(); strings.Contains(out, pgPassword) {
		t.Errorf("the window's output shows the password:\n%s", out)
	}
}
