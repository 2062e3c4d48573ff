package storage

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/prepare"
)

// v5Fixture is a library as FactDesk wrote it at schema version 5, before
// revisions, UUIDs and the history: two articles, a claim with tags, a
// source, a rationale and a link to a claim of the other article, a
// published report, a setting and a dismissed suggestion. It stays frozen.
const v5Fixture = "testdata/v5.factdesk"

func TestUpgradeFromV5(t *testing.T) {
	ctx := context.Background()
	b, err := os.ReadFile(v5Fixture)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "v5.factdesk")
	write(t, path, b)
	if got := rawInt(t, path, "PRAGMA user_version"); got != 5 {
		t.Fatalf("fixture user_version = %d, want 5", got)
	}
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("Open(v5 library): %v", err)
	}
	defer db.Close()
	if got := rawInt(t, path, "PRAGMA user_version"); got != SchemaVersion() {
		t.Errorf("user_version after upgrade = %d, want %d", got, SchemaVersion())
	}
	arts, err := db.Articles(ctx)
	if err != nil || len(arts) != 2 {
		t.Fatalf("Articles = %+v, %v; want the fixture's two", arts, err)
	}
	seen := map[string]string{}
	mark := func(what, uuid string) {
		t.Helper()
		if !prepare.ValidUUID(uuid) {
			t.Errorf("%s has UUID %q after the upgrade, want a UUID", what, uuid)
		}
		if other, dup := seen[uuid]; dup {
			t.Errorf("%s and %s share the UUID %s", what, other, uuid)
		}
		seen[uuid] = what
	}
	var claim *annotate.Claim
	for _, s := range arts {
		a, err := db.Article(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		mark("article", a.UUID)
		if a.Rev != 1 {
			t.Errorf("article %d has revision %d after the upgrade, want 1", a.ID, a.Rev)
		}
		vs, err := db.Versions(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range vs {
			mark("version", v.UUID)
		}
		claims, err := db.Claims(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range claims {
			mark("claim", c.UUID)
			if c.Rev != 1 {
				t.Errorf("claim %d has revision %d after the upgrade, want 1", c.ID, c.Rev)
			}
			for _, s := range c.Sources {
				mark("source", s.UUID)
			}
			if len(c.Sources) == 1 {
				claim = c
			}
		}
		if a.Title == "Rents in the old town" && a.ReportURL == "" {
			t.Errorf("the published report's URL was lost in the upgrade")
		}
	}
	if claim == nil || claim.Rationale == "" || len(claim.Tags) != 2 || claim.Verdict != annotate.VerdictFalse {
		t.Fatalf("the fixture's checked claim after the upgrade = %+v", claim)
	}
	if links, err := db.Links(ctx, claim.ID); err != nil || len(links) != 1 {
		t.Errorf("Links after the upgrade = %+v, %v; want the fixture's one", links, err)
	}
	if got, _ := db.Setting(ctx, "org.name"); got != "Ledger Fact Check" {
		t.Errorf("Setting(org.name) = %q, want %q", got, "Ledger Fact Check")
	}
	// The history begins with the first change after the upgrade.
	if h, err := db.History(ctx, annotate.KindClaim, claim.ID); err != nil || len(h) != 0 {
		t.Errorf("History of an upgraded claim = %+v, %v; want none yet", h, err)
	}
	claim.Notes = "checked again"
	if err := db.UpdateClaim(ctx, claim); err != nil {
		t.Fatal(err)
	}
	h, err := db.History(ctx, annotate.KindClaim, claim.ID)
	if err != nil || len(h) != 1 || h[0].Op != annotate.OpUpdate || h[0].EntityUUID != claim.UUID {
		t.Errorf("History after an edit = %+v, %v; want the edit", h, err)
	}
	// A file upgraded is a library FactDesk accepts as its own on reopening.
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	again, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("reopening the upgraded library: %v", err)
	}
	again.Close()
}
