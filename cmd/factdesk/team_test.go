package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTeamCommands sets a team library up and has two desks join and sync
// it from the command line: what one marks, the other receives, and no
// output or library file holds the password.
func TestTeamCommands(t *testing.T) {
	server := teamAddress(t)
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	alice, bob := filepath.Join(dir, "alice.factdesk"), filepath.Join(dir, "bob.factdesk")

	for range 2 { // setting up again changes nothing
		if out := runShown(t, alice, "team", "init", server); !strings.Contains(out, "_members") || !strings.Contains(out, "_readers") {
			t.Fatalf("team init printed %q, want the members' and readers' roles", out)
		}
	}
	runShown(t, alice, "sample")
	if out := runShown(t, alice, "team", "join", server, "--as", "Alice"); !strings.Contains(out, "sent") {
		t.Errorf("team join printed %q", out)
	}
	runShown(t, bob, "team", "join", server, "--as", "Bob")
	if out := runShown(t, bob, "articles"); !strings.Contains(out, "Riverton") {
		t.Fatalf("Bob's desk after joining lists %q, want the sample article Alice had", out)
	}

	runShown(t, alice, "claim", "add", "1", "--quote", "ridership rose 18% last year")
	if out := runShown(t, alice, "team", "status"); !strings.Contains(out, "waiting: 1 change\n") && !strings.HasSuffix(out, "waiting: 1 change") {
		t.Errorf("Alice's status before syncing:\n%s\nwant 1 change waiting", out)
	}
	runShown(t, alice, "sync")
	runShown(t, bob, "sync")
	var claims []struct {
		Exact string `json:"exact"`
	}
	if err := json.Unmarshal([]byte(runShown(t, bob, "claims", "1", "--json")), &claims); err != nil {
		t.Fatal(err)
	}
	if len(claims) != 1 || !strings.Contains(claims[0].Exact, "ridership rose 18%") {
		t.Errorf("Bob's claims after syncing: %+v, want Alice's one claim", claims)
	}
	var st struct {
		Server  string `json:"server"`
		Waiting int    `json:"waiting"`
	}
	if err := json.Unmarshal([]byte(runShown(t, bob, "team", "status", "--json")), &st); err != nil {
		t.Fatal(err)
	}
	if st.Waiting != 0 || st.Server == "" {
		t.Errorf("Bob's status after syncing: %+v, want joined with nothing waiting", st)
	}

	for _, lib := range []string{alice, bob} {
		b, err := os.ReadFile(lib)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), pgPassword) {
			t.Errorf("%s holds the team library's password", filepath.Base(lib))
		}
	}
	creds := filepath.Join(dir, "config", "factdesk", "team.json")
	if fi, err := os.Stat(creds); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("credentials file %s: %v, %v; want mode 0600", creds, fi, err)
	}
}

// TestTLSWarning: joining a server beyond this machine without a checked
// certificate is warned about; loopback and verify-full are not.
func TestTLSWarning(t *testing.T) {
	for raw, warn := range map[string]bool{
		"postgres://ana@db.newsroom.example/factdesk":                                     true,
		"postgres://ana@db.newsroom.example/factdesk?sslmode=require":                     true,
		"postgres://ana@db.newsroom.example/factdesk?sslmode=verify-full":                 false,
		"postgres://ana@10.0.0.5:5433/factdesk?sslmode=verify-ca&sslrootcert=/etc/ca.pem": false,
		"postgres://ana@127.0.0.1:5432/factdesk":                                          false,
		"postgres://ana@localhost/factdesk?sslmode=disable":                               false,
	} {
		if got := tlsWarning(raw) != ""; got != warn {
			t.Errorf("tlsWarning(%q) warns: %v, want %v", raw, got, warn)
		}
	}
}
