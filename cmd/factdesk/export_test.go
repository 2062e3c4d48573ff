package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestExportRoundTrip exports the native JSON of a library, imports it into
// an empty one and exports again: the two files must be identical.
func TestExportRoundTrip(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	id := must(t, db, "sample")
	c := must(t, db, "claim", "add", id, "--quote", "ridership rose 18% last year", "--claimant", "Transit authority", "--verdict", "mostly-true", "--tag", "transit", "--note", `<script>alert("x")</script>`)
	must(t, db, "source", "add", c, "https://example.org/report", "--stance", "supports", "--archive", "https://web.archive.org/web/2025/https://example.org/report")
	must(t, db, "claim", "add", id, "--quote", "The expansion will cost $14.2 million over five years", "--status", "in-progress")
	first := filepath.Join(dir, "first.json")
	must(t, db, "export", id, "--format", "json", "-o", first)

	empty := filepath.Join(dir, "b.db")
	must(t, empty, "import-annotations", first)
	second := filepath.Join(dir, "second.json")
	must(t, empty, "export", id, "--format", "json", "-o", second)
	a, _ := os.ReadFile(first)
	b, _ := os.ReadFile(second)
	if !bytes.Equal(a, b) {
		t.Errorf("export after import differs: %d bytes vs %d", len(a), len(b))
	}
	if len(a) < 1000 || !bytes.Contains(a, []byte("ridership rose 18% last year")) {
		t.Errorf("the export looks empty: %.200s", a)
	}
}

// TestExportFormats writes each format of the sample with claims and checks
// the files are what they claim to be.
func TestExportFormats(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	id := must(t, db, "sample")
	must(t, db, "config", "set", "org.name", "Riverton Fact Check")
	must(t, db, "config", "set", "org.url", "https://factcheck.example.org")
	c := must(t, db, "claim", "add", id, "--quote", "traffic deaths in the city had fallen by half since 2019", "--claimant", "Lena Okafor", "--verdict", "mostly-false", "--status", "done", "--note", "=HYPERLINK(\"http://evil\")")
	must(t, db, "source", "add", c, "https://example.org/records", "--stance", "refutes")
	for format, want := range map[string]string{
		"html":        "Content-Security-Policy",
		"md":          "Mostly false",
		"csv":         "'=HYPERLINK",
		"w3c":         "http://www.w3.org/ns/anno.jsonld",
		"claimreview": "ClaimReview",
		"pdf":         "%PDF-",
	} {
		out := filepath.Join(dir, "report."+format)
		must(t, db, "export", id, "--format", format, "-o", out)
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(data, []byte(want)) {
			t.Errorf("%s export lacks %q", format, want)
		}
	}
	r := factdesk(t, db, nil, "export", "--format", "html", "--all")
	if r.code != 2 || !strings.Contains(r.stderr, "--all") {
		t.Errorf("--all with html: exit %d, %q", r.code, r.stderr)
	}
	var check struct {
		Ready    bool `json:"ready"`
		Problems []struct {
			Message string `json:"message"`
		} `json:"problems"`
	}
	if err := json.Unmarshal([]byte(must(t, db, "check", id, "--json")), &check); err != nil {
		t.Fatal(err)
	}
	if check.Ready || len(check.Problems) == 0 {
		t.Errorf("check says ready for a report without methodology or archive links: %+v", check)
	}
}

// TestClaimReviewChecker runs the schema.org ClaimReview checker on an export.
func TestClaimReviewChecker(t *testing.T) {
	checker := filepath.Join("..", "..", "..", "shared", "tools", "claimreview-check", "check_claimreview.py")
	if _, err := os.Stat(checker); err != nil {
		t.Skipf("the ClaimReview checker is not at %s (../shared is absent)", checker)
	}
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 is not installed")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	id := must(t, db, "import", "--url", "https://news.example.org/riverton-buses", filepath.Join("..", "..", "assets", "sample.md"))
	must(t, db, "config", "set", "org.name", "Riverton Fact Check")
	must(t, db, "config", "set", "org.url", "https://factcheck.example.org")
	must(t, db, "claim", "add", id, "--quote", "traffic deaths in the city had fallen by half since 2019", "--claimant", "Lena Okafor", "--verdict", "mostly-false", "--date", "2025-03-11")
	must(t, db, "claim", "add", id, "--quote", "Every new route pays for itself within four years", "--claimant", "Lena Okafor", "--verdict", "unverifiable")
	must(t, db, "publish", id, "https://factcheck.example.org/checks/riverton-buses")
	out := filepath.Join(dir, "cr.jsonld")
	must(t, db, "export", id, "--format", "claimreview", "-o", out)
	res, err := exec.Command("python3", checker, out).CombinedOutput()
	if err != nil || bytes.Contains(res, []byte("ERROR")) || bytes.Contains(res, []byte("PROFILE")) {
		t.Errorf("checker: %v\n%s", err, res)
	}
}
