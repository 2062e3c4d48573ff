package main

import (
	"bytes"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/factdesk/factdesk/storage/postgres/pgtest"
	_ "modernc.org/sqlite"
)

// bin is the factdesk binary built once for these tests.
var bin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "factdesk-cmd")
	if err != nil {
		panic(err)
	}
	bin = filepath.Join(dir, "factdesk")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		os.Stderr.Write(out)
		panic(err)
	}
	// pgtest.Run stops the PostgreSQL server of the team library's tests,
	// if one was started.
	code := pgtest.Run(m)
	os.RemoveAll(dir)
	os.Exit(code)
}

// result is what one run of the binary did.
type result struct {
	code           int
	stdout, stderr string
}

func factdesk(t *testing.T, db string, stdin []byte, args ...string) result {
	t.Helper()
	cmd := exec.Command(bin, append(args, "--db", db)...)
	cmd.Stdin = bytes.NewReader(stdin)
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

// must runs factdesk and fails the test unless it succeeds.
func must(t *testing.T, db string, args ...string) string {
	t.Helper()
	r := factdesk(t, db, nil, args...)
	if r.code != 0 {
		t.Fatalf("factdesk %s: exit %d: %s", strings.Join(args, " "), r.code, r.stderr)
	}
	return strings.TrimSpace(r.stdout)
}

func seedPath(t *testing.T) string {
	p := filepath.Join("..", "..", "..", "shared", "corpus", "seed", "000_df394b687b0d4f5e.txt")
	if _, err := os.Stat(p); err != nil {
		t.Skipf("the seed article is not at %s (../shared is absent): %v", p, err)
	}
	return p
}

type claimJSON struct {
	ID        int64    `json:"id"`
	Start     int      `json:"start"`
	End       int      `json:"end"`
	Exact     string   `json:"exact"`
	Prefix    string   `json:"prefix"`
	Suffix    string   `json:"suffix"`
	Statement string   `json:"statement"`
	Claimant  string   `json:"claimant"`
	Status    string   `json:"status"`
	Verdict   string   `json:"verdict"`
	Tags      []string `json:"tags"`
	Notes     string   `json:"notes"`
	Sources   []struct {
		URL    string `json:"url"`
		Stance string `json:"stance"`
	} `json:"sources"`
}

func TestSeedEndToEnd(t *testing.T) {
	seed := seedPath(t)
	db := filepath.Join(t.TempDir(), "lib.db")
	id := must(t, db, "import", seed, "--title", "Putin warns NATO troops")
	if id != "1" {
		t.Fatalf("import printed %q, want 1", id)
	}
	text := must(t, db, "text", id)
	if !strings.Contains(text, "legitimate targets for destruction") {
		t.Fatalf("text lacks a sentence of the seed: %.200q", text)
	}
	c1 := must(t, db, "claim", "add", id, "--quote", "Russia would give a 100 percent guarantee for Zelensky’s security in the Russian capital",
		"--claimant", "Vladimir Putin", "--verdict", "unverifiable", "--tag", "security", "--tag", "Russia", "--note", "Only Tass reports this.")
	c2 := must(t, db, "claim", "add", id, "--quote", "Tass reported", "--occurrence", "2", "--statement", "Tass reported Putin's remarks")
	c3 := must(t, db, "claim", "add", id, "--quote", "The 50-day deadline Trump gave Putin to end the war expired on Tuesday")
	must(t, db, "claim", "set", c3, "--claimant", "Newsweek", "--verdict", "true", "--status", "done", "--tag", "deadline", "--date", "2025-09-05")
	must(t, db, "claim", "set", c2, "--status", "in-progress")
	must(t, db, "source", "add", c3, "https://www.whitehouse.gov/briefings/", "--stance", "supports", "--title", "Briefing", "--archive", "https://web.archive.org/web/2025/https://www.whitehouse.gov/briefings/")
	must(t, db, "source", "add", c1, "https://tass.com/politics", "--stance", "context", "--excerpt", "guarantee for Zelensky")

	var claims []claimJSON
	if err := json.Unmarshal([]byte(must(t, db, "claims", id, "--json")), &claims); err != nil {
		t.Fatal(err)
	}
	if len(claims) != 3 {
		t.Fatalf("claims --json has %d claims, want 3", len(claims))
	}
	for i := 1; i < len(claims); i++ {
		if claims[i-1].Start > claims[i].Start {
			t.Errorf("claims not in text order: %d before %d", claims[i-1].Start, claims[i].Start)
		}
	}
	runes := []rune(text)
	byID := map[string]claimJSON{}
	for _, c := range claims {
		byID[strings.TrimSpace(jsonNumber(c.ID))] = c
		if got := string(runes[c.Start:c.End]); got != c.Exact {
			t.Errorf("claim %d: text[%d:%d] = %q, exact %q", c.ID, c.Start, c.End, got, c.Exact)
		}
		if c.Prefix == "" || c.Suffix == "" {
			t.Errorf("claim %d has no prefix or suffix", c.ID)
		}
	}
	first, second := strings.Index(text, "Tass reported"), 0
	second = first + 1 + strings.Index(text[first+1:], "Tass reported")
	if got, want := byID[c2].Start, len([]rune(text[:second])); got != want {
		t.Errorf("second occurrence starts at %d, want %d", got, want)
	}
	if c := byID[c3]; c.Claimant != "Newsweek" || c.Verdict != "true" || c.Status != "done" || strings.Join(c.Tags, ",") != "deadline" || len(c.Sources) != 1 || c.Sources[0].Stance != "supports" {
		t.Errorf("claim %s = %+v", c3, c)
	}
	if c := byID[c1]; c.Claimant != "Vladimir Putin" || c.Verdict != "unverifiable" || c.Status != "in-progress" || c.Notes != "Only Tass reports this." || len(c.Tags) != 2 {
		t.Errorf("claim %s = %+v", c1, c)
	}
	for _, q := range []string{"Zelensky", "guarantee", "whitehouse", "Tass reports"} {
		if out := must(t, db, "search", q, "--json"); !strings.Contains(out, `"article_id"`) && !strings.Contains(out, `"ArticleID"`) {
			t.Errorf("search %q found nothing: %s", q, out)
		}
	}
	list := must(t, db, "articles")
	if !regexp.MustCompile(`(?m)^1\s+Putin warns NATO troops\s+3\s+1\s*$`).MatchString(list) {
		t.Errorf("articles = %q, want a row 1, title, 3 claims, 1 checked", list)
	}
	must(t, db, "claim", "rm", c2)
	if err := json.Unmarshal([]byte(must(t, db, "claims", id, "--json")), &claims); err != nil || len(claims) != 2 {
		t.Errorf("after rm: %d claims, err %v", len(claims), err)
	}
}

func jsonNumber(id int64) string {
	b, _ := json.Marshal(id)
	return string(b)
}

// counts returns the number of articles and claims in the library, or -1s
// when it cannot be read.
func counts(t *testing.T, db string) (int, int) {
	var a struct{ Articles, Claims int }
	r := factdesk(t, db, nil, "articles", "--json")
	if r.code != 0 {
		return -1, -1
	}
	var list []struct {
		Claims int `json:"claims"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &list); err != nil {
		t.Fatalf("articles --json: %v", err)
	}
	a.Articles = len(list)
	for _, x := range list {
		a.Claims += x.Claims
	}
	return a.Articles, a.Claims
}

func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "lib.db")
	good := filepath.Join(dir, "good.txt")
	os.WriteFile(good, []byte("A short article\n\nThe council said taxes fell 5% in 2024. The council said so twice."), 0o644)
	id := must(t, db, "import", good)
	must(t, db, "claim", "add", id, "--quote", "taxes fell 5% in 2024")

	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	binary := make([]byte, 4096)
	rand.Read(binary)
	big := bytes.Repeat([]byte("word "), 21<<20/5+1)
	tests := []struct {
		name string
		args []string
		want string // in the error line
	}{
		{"empty file", []string{"import", write("empty.txt", nil)}, "empty"},
		{"binary file", []string{"import", write("bin.dat", binary)}, ""},
		{"invalid utf-8", []string{"import", write("bad.txt", []byte("Title\n\nsome \xff\xfe text"))}, "UTF-8"},
		{"over 20 MB", []string{"import", write("big.txt", big)}, "20 MB"},
		{"missing file", []string{"import", filepath.Join(dir, "nope.txt")}, "nope.txt"},
		{"javascript import", []string{"import", "javascript:alert(1)"}, "http"},
		{"quote not in text", []string{"claim", "add", id, "--quote", "taxes rose"}, "not in the text"},
		{"ambiguous quote", []string{"claim", "add", id, "--quote", "The council said"}, "occurs 2 times"},
		{"unknown article", []string{"claim", "add", "999", "--quote", "taxes"}, "999"},
		{"start past end", []string{"claim", "add", id, "--start", "10", "--end", "100000"}, "past the end"},
		{"javascript source", []string{"source", "add", "1", "javascript:alert(1)"}, "http"},
		{"unknown claim", []string{"claim", "set", "999", "--verdict", "false"}, "999"},
		{"bad verdict", []string{"claim", "set", "1", "--verdict", "pants-on-fire"}, "verdict"},
		{"done without verdict", []string{"claim", "set", "1", "--status", "done"}, "verdict"},
		{"unknown command", []string{"frobnicate"}, "unknown command"},
		{"bad id", []string{"text", "abc"}, "not a positive number"},
		{"unknown flag", []string{"articles", "--colour"}, "colour"},
		{"export onto the library", []string{"export", id, "-o", db}, "open library"},
		{"export onto its log", []string{"export", id, "-o", db + "-wal"}, "-wal file of the open library"},
		{"export onto a directory", []string{"export", id, "-o", dir}, "directory"},
		{"backup onto the library", []string{"backup", db}, "open library"},
		{"restore of a non-library", []string{"restore", good}, "not a FactDesk library"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := factdesk(t, db, nil, tt.args...)
			if r.code != 1 && r.code != 2 {
				t.Errorf("exit %d, want 1 or 2 (stdout %q)", r.code, r.stdout)
			}
			if lines := strings.Count(strings.TrimRight(r.stderr, "\n"), "\n"); lines != 0 || r.stderr == "" {
				t.Errorf("stderr is not one line: %q", r.stderr)
			}
			if !strings.Contains(r.stderr, tt.want) {
				t.Errorf("stderr %q does not mention %q", r.stderr, tt.want)
			}
			if a, c := counts(t, db); a != 1 || c != 1 {
				t.Errorf("library changed: %d articles, %d claims, want 1 and 1", a, c)
			}
		})
	}
}

func TestRefusesForeignFiles(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.txt")
	body := []byte("these are my notes, not a library\n")
	os.WriteFile(text, body, 0o644)
	r := factdesk(t, text, nil, "articles")
	if r.code != 1 || !strings.Contains(r.stderr, "not") {
		t.Errorf("text file as --db: exit %d, stderr %q", r.code, r.stderr)
	}
	if got, _ := os.ReadFile(text); !bytes.Equal(got, body) {
		t.Errorf("text file changed: %q", got)
	}
	if _, err := os.Stat(text + "-wal"); err == nil {
		t.Errorf("a -wal file was left beside the text file")
	}

	newer := filepath.Join(dir, "newer.db")
	sdb, err := sql.Open("sqlite", newer)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sdb.Exec("CREATE TABLE x(a); PRAGMA user_version = 999"); err != nil {
		t.Fatal(err)
	}
	sdb.Close()
	before, _ := os.ReadFile(newer)
	r = factdesk(t, newer, nil, "articles")
	if r.code != 1 || !strings.Contains(r.stderr, "newer") {
		t.Errorf("user_version 999: exit %d, stderr %q", r.code, r.stderr)
	}
	if after, _ := os.ReadFile(newer); !bytes.Equal(before, after) {
		t.Errorf("the newer library was changed")
	}
}

func TestVersionMatchesFyneApp(t *testing.T) {
	toml, err := os.ReadFile(filepath.Join("..", "..", "FyneApp.toml"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^Version = "([^"]+)"`).FindSubmatch(toml)
	if m == nil || string(m[1]) != version {
		t.Errorf("FyneApp.toml version %q, program %q", m, version)
	}
	if out := must(t, filepath.Join(t.TempDir(), "x.db"), "--version"); out != "factdesk "+version {
		t.Errorf("--version = %q", out)
	}
}

func TestGlobalFlagsBeforeCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "lib.db")
	for _, args := range [][]string{
		{"--db", db, "sample"},
		{"--db", db, "claim", "add", "1", "--quote", "ridership rose 18% last year"},
		{"--json", "--db", db, "claims", "1"},
	} {
		cmd := exec.Command(bin, args...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("factdesk %v: %v: %s", args, err, out)
		}
	}
	if n := strings.Count(must(t, db, "claims", "1", "--json"), `"exact"`); n != 1 {
		t.Errorf("%d claims, want 1", n)
	}
}
