package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestUpdateReanchors stores an edited version of an article and checks that
// surviving claims move with their text and a deleted one is flagged.
func TestUpdateReanchors(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "lib.db")
	v1 := "Budget vote\n\nThe council said taxes fell 5% in 2024. Officials expect a surplus next year.\n\nThe mayor said crime is at a record low. Police figures disagree."
	v2 := "Budget vote, updated\n\nA new opening paragraph was added by the editors after publication.\n\nThe council said taxes fell 5% in 2024. Officials expect a small surplus next year.\n\nPolice figures disagree with the mayor."
	p1, p2 := filepath.Join(dir, "v1.txt"), filepath.Join(dir, "v2.txt")
	os.WriteFile(p1, []byte(v1), 0o644)
	os.WriteFile(p2, []byte(v2), 0o644)
	id := must(t, db, "import", p1)
	kept := must(t, db, "claim", "add", id, "--quote", "taxes fell 5% in 2024", "--verdict", "true", "--status", "done")
	fuzzy := must(t, db, "claim", "add", id, "--quote", "Officials expect a surplus next year")
	gone := must(t, db, "claim", "add", id, "--quote", "The mayor said crime is at a record low.", "--verdict", "false", "--status", "done")

	var res struct{ Version, Claims, Moved, Fuzzy, Orphans int }
	if err := json.Unmarshal([]byte(must(t, db, "update", id, p2, "--json")), &res); err != nil {
		t.Fatal(err)
	}
	if res.Version != 2 || res.Claims != 3 || res.Orphans != 1 || res.Fuzzy != 1 {
		t.Errorf("update = %+v, want version 2, 3 claims, 1 fuzzy, 1 orphan", res)
	}
	text := must(t, db, "text", id)
	if !strings.HasPrefix(text, "Budget vote, updated") {
		t.Fatalf("the article text was not replaced: %.60q", text)
	}
	var claims []struct {
		ID     int64  `json:"id"`
		Start  int    `json:"start"`
		End    int    `json:"end"`
		Exact  string `json:"exact"`
		Status string `json:"status"`
		Method string `json:"anchor_method"`
	}
	if err := json.Unmarshal([]byte(must(t, db, "claims", id, "--json")), &claims); err != nil {
		t.Fatal(err)
	}
	runes := []rune(text)
	for _, c := range claims {
		switch jsonNumber(c.ID) {
		case kept:
			if string(runes[c.Start:c.End]) != "taxes fell 5% in 2024" || c.Status != "done" {
				t.Errorf("kept claim: %+v", c)
			}
		case fuzzy:
			if c.Method != "fuzzy" || !strings.Contains(string(runes[c.Start:c.End]), "surplus next year") {
				t.Errorf("edited claim: %+v (%q)", c, string(runes[c.Start:c.End]))
			}
		case gone:
			if c.Method != "orphan" || c.Status != "needs-review" || c.Exact != "The mayor said crime is at a record low." {
				t.Errorf("deleted claim: %+v", c)
			}
		}
	}
	if out := must(t, db, "versions", id); strings.Count(out, "\n") != 2 {
		t.Errorf("versions = %q, want a header and two rows", out)
	}
	if diff := must(t, db, "diff", id); !strings.Contains(diff, "{+") || !strings.Contains(diff, "[-") {
		t.Errorf("diff shows no change: %q", diff)
	}
	if out := must(t, db, "update", id, p2); !strings.Contains(out, "unchanged") {
		t.Errorf("a second update with the same text = %q, want unchanged", out)
	}
}

// TestAnchorCommand places selectors on a text file from the command line.
func TestAnchorCommand(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "t.txt")
	os.WriteFile(text, []byte("Café 🙂 said the budget rose 18% last year, officials said."), 0o644)
	sels := filepath.Join(dir, "s.json")
	os.WriteFile(sels, []byte(`[
		{"exact": "budget rose 18%", "prefix": "said the ", "suffix": " last year", "start": 16, "end": 31},
		{"exact": "budgit rose 18 %", "prefix": "said the ", "suffix": " last year"},
		{"exact": "nothing like this at all in the text", "prefix": "", "suffix": ""}
	]`), 0o644)
	out := must(t, filepath.Join(dir, "x.db"), "anchor", "--text", text, "--selectors", sels)
	lines := strings.Split(out, "\n")
	if len(lines) != 3 {
		t.Fatalf("anchor printed %d lines, want 3: %q", len(lines), out)
	}
	want := []string{`"method":"position"`, `"method":"fuzzy"`, `{"method":"orphan"}`}
	for i, w := range want {
		if !strings.Contains(lines[i], w) {
			t.Errorf("line %d = %s, want %s", i+1, lines[i], w)
		}
	}
	if !strings.Contains(lines[0], `"start":16,"end":31`) {
		t.Errorf("code-point offsets: %s", lines[0])
	}
	r := factdesk(t, filepath.Join(dir, "x.db"), nil, "anchor", "--text", text, "--selectors", text)
	if r.code != 1 || !strings.Contains(r.stderr, "JSON") && !strings.Contains(r.stderr, "selector") {
		t.Errorf("a text file as selectors: exit %d, %q", r.code, r.stderr)
	}
}
