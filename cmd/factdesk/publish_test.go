package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPublishAndRationale drives the command line as a fact-checker would:
// a public rationale beside internal notes, a report that prints only the
// rationale unless asked, and ClaimReview pointing at the published page.
func TestPublishAndRationale(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	id := must(t, db, "sample")
	c := must(t, db, "claim", "add", id, "--quote", "traffic deaths in the city had fallen by half since 2019", "--claimant", "Lena Okafor",
		"--verdict", "mostly-false", "--rationale", "State records show a fall of 36 percent, not half.", "--note", "INTERNAL: call the state office")
	html := filepath.Join(dir, "r.html")
	must(t, db, "export", id, "--format", "html", "-o", html)
	b, _ := os.ReadFile(html)
	if !strings.Contains(string(b), "State records show a fall of 36 percent") || strings.Contains(string(b), "INTERNAL") {
		t.Errorf("the report lacks the rationale or prints the notes")
	}
	must(t, db, "export", id, "--format", "html", "--include-notes", "-o", html)
	if b, _ := os.ReadFile(html); !strings.Contains(string(b), "INTERNAL: call the state office") {
		t.Errorf("--include-notes does not print the notes")
	}
	must(t, db, "claim", "set", c, "--rationale", "Updated: a fall of 36 percent.")
	must(t, db, "export", id, "--format", "md", "-o", html)
	if b, _ := os.ReadFile(html); !strings.Contains(string(b), "Updated: a fall of 36 percent\\.") {
		t.Errorf("claim set --rationale did not change the rationale")
	}

	if r := factdesk(t, db, nil, "publish", id, "javascript:alert(1)"); r.code == 0 {
		t.Errorf("publish accepted a javascript: URL")
	}
	must(t, db, "publish", id, "https://check.example/riverton-buses", "--at", "2025-09-05")
	out := must(t, db, "export", id, "--format", "claimreview")
	var reviews []struct {
		URL           string `json:"url"`
		DatePublished string `json:"datePublished"`
	}
	if err := json.Unmarshal([]byte(out), &reviews); err != nil {
		t.Fatal(err)
	}
	if len(reviews) != 1 || reviews[0].URL != "https://check.example/riverton-buses#claim-1" || reviews[0].DatePublished != "2025-09-05" {
		t.Errorf("ClaimReview = %+v, want the published page with #claim-1 on 2025-09-05", reviews)
	}
	if strings.Contains(out, "INTERNAL") {
		t.Errorf("ClaimReview carries the internal notes")
	}
}
