package storage

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/factdesk/factdesk/annotate"
)

var updateV1 = flag.Bool("update-v1", false, "rewrite testdata/v1.factdesk (only ever needed once: it is meant to stay frozen)")

const v1Fixture = "testdata/v1.factdesk"

// TestWriteV1Fixture writes the frozen library of schema version 1, as the
// first release of FactDesk wrote it, when run with -update-v1.
func TestWriteV1Fixture(t *testing.T) {
	if !*updateV1 {
		t.Skip("run with -update-v1 to rewrite " + v1Fixture)
	}
	ctx := context.Background()
	tmp := filepath.Join(t.TempDir(), "v1.factdesk")
	db, err := open(ctx, tmp, 1)
	if err != nil {
		t.Fatal(err)
	}
	a := &annotate.Article{Title: "Rents in the old town", Byline: "J. Doe", Publisher: "Daily Ledger",
		URL: "https://example.com/rents", Language: "en", Text: sampleText,
		Published: time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC), Retrieved: time.Date(2024, 3, 2, 10, 0, 0, 0, time.UTC)}
	if err := db.CreateArticle(ctx, a, &annotate.ArticleVersion{Format: "text"}); err != nil {
		t.Fatal(err)
	}
	c := newClaim(t, db, a, "unemployment fell to 3.5 percent")
	c.Claimant, c.Notes, c.Tags = "The mayor", "Labour office figures say 4.1 percent.", []string{"economy", "jobs"}
	c.Sources = nil
	if err := c.SetVerdict(annotate.VerdictFalse); err != nil {
		t.Fatal(err)
	}
	if err := db.UpdateClaim(ctx, c); err != nil {
		t.Fatal(err)
	}
	if err := db.AddSource(ctx, &annotate.Source{ClaimID: c.ID, URL: "https://stats.example.org/labour", Title: "Labour statistics",
		Publisher: "Statistics Office", Stance: annotate.StanceRefutes, Excerpt: "unemployment stood at 4.1 percent",
		Accessed: time.Date(2024, 3, 3, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	if err := db.SetSetting(ctx, "org.name", "Ledger Fact Check"); err != nil {
		t.Fatal(err)
	}
	if err := db.DismissSuggestion(ctx, a.ID, 0, 10); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(tmp)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(v1Fixture, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestUpgradeFromV1(t *testing.T) {
	ctx := context.Background()
	b, err := os.ReadFile(v1Fixture)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "old.factdesk")
	write(t, path, b)
	if got := rawInt(t, path, "PRAGMA user_version"); got != 1 {
		t.Fatalf("fixture user_version = %d, want 1", got)
	}
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("Open(v1 library): %v", err)
	}
	defer db.Close()
	var version int
	if err := db.sql.QueryRow("PRAGMA user_version").Scan(&version); err != nil {
		t.Fatal(err)
	}
	if version != SchemaVersion() {
		t.Errorf("user_version after upgrade = %d, want %d", version, SchemaVersion())
	}

	arts, err := db.Articles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(arts) != 1 || arts[0].Title != "Rents in the old town" || arts[0].Claims != 1 {
		t.Fatalf("Articles = %+v, want the one article of the fixture with 1 claim", arts)
	}
	claims, err := db.Claims(ctx, arts[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(claims) != 1 || claims[0].Verdict != annotate.VerdictFalse || len(claims[0].Tags) != 2 || len(claims[0].Sources) != 1 {
		t.Fatalf("Claims = %+v, want the fixture's false claim with 2 tags and 1 source", claims)
	}
	if claims[0].Number != 1 {
		t.Errorf("the fixture's claim has number %d after the upgrade, want 1", claims[0].Number)
	}
	if got, _ := db.Setting(ctx, "org.name"); got != "Ledger Fact Check" {
		t.Errorf("Setting(org.name) = %q, want %q", got, "Ledger Fact Check")
	}
	// The full-text index did not exist in version 1: the upgrade must have
	// indexed what was there.
	for _, tt := range []struct {
		query, kind string
	}{
		{"Zürich", HitArticle},
		{"unemployment fell", HitClaim},
		{"labour office", HitNote},
		{"statistics office", HitSource},
	} {
		hits, err := db.Search(ctx, tt.query, 10)
		if err != nil {
			t.Fatal(err)
		}
		if !hasKind(hits, tt.kind) {
			t.Errorf("Search(%q) after upgrade = %+v, want a %s hit", tt.query, hits, tt.kind)
		}
	}
	// And it keeps up with changes made after the upgrade.
	c := claims[0]
	c.Statement = "The jobless rate dropped to 3.5 percent"
	if err := db.UpdateClaim(ctx, c); err != nil {
		t.Fatal(err)
	}
	if hits, _ := db.Search(ctx, "jobless", 10); !hasKind(hits, HitClaim) {
		t.Errorf("Search(jobless) after an edit = %+v, want the claim", hits)
	}
	// A claim added after the upgrade continues the numbering.
	added, err := annotate.NewClaim(&annotate.Article{ID: arts[0].ID, Text: mustText(t, db, arts[0].ID)}, 0, 4)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.CreateClaim(ctx, added); err != nil {
		t.Fatal(err)
	}
	if added.Number != 2 {
		t.Errorf("first claim after the upgrade has number %d, want 2", added.Number)
	}
}

func mustText(t *testing.T, db *DB, id int64) string {
	t.Helper()
	a, err := db.Article(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return a.Text
}

func hasKind(hits []Hit, kind string) bool {
	for _, h := range hits {
		if h.Kind == kind {
			return true
		}
	}
	return false
}

func TestFreshLibraryAndReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "library.factdesk")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	a := newArticle(t, db, "Reopened", sampleText)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if got, want := rawInt(t, path, "PRAGMA user_version"), SchemaVersion(); got != want {
		t.Fatalf("user_version = %d, want %d", got, want)
	}
	if got := rawInt(t, path, "PRAGMA application_id"); got != applicationID {
		t.Errorf("application_id = %#x, want %#x", got, applicationID)
	}
	schema := func() int {
		return rawInt(t, path, "SELECT count(*) FROM sqlite_schema")
	}
	before := schema()
	for i := range 3 {
		db, err := Open(ctx, path)
		if err != nil {
			t.Fatalf("reopen %d: %v", i, err)
		}
		got, err := db.Article(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Title != a.Title {
			t.Errorf("reopen %d: Title = %q, want %q", i, got.Title, a.Title)
		}
		db.Close()
	}
	if got := schema(); got != before {
		t.Errorf("schema objects after reopening = %d, want %d", got, before)
	}
	if got, want := rawInt(t, path, "PRAGMA user_version"), SchemaVersion(); got != want {
		t.Errorf("user_version after reopening = %d, want %d", got, want)
	}
}

func TestMigrationsAreNumbered(t *testing.T) {
	if len(migrations) < 2 {
		t.Fatalf("len(migrations) = %d, want at least 2", len(migrations))
	}
	for i, m := range migrations {
		if want := fmt.Sprintf("migrations/%03d_", i+1); !strings.HasPrefix(m.name, want) {
			t.Errorf("migration %d is %s, want a name starting %s", i, m.name, want)
		}
	}
}

func TestConcurrentFirstOpen(t *testing.T) {
	// Two programs creating the library at once must each apply every
	// migration exactly once between them.
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "library.factdesk")
	errs := make(chan error, 2)
	dbs := make(chan *DB, 2)
	for range 2 {
		go func() {
			db, err := Open(ctx, path)
			errs <- err
			dbs <- db
		}()
	}
	for range 2 {
		if err := <-errs; err != nil {
			t.Fatalf("Open: %v", err)
		}
		if db := <-dbs; db != nil {
			defer db.Close()
		}
	}
	if got, want := rawInt(t, path, "PRAGMA user_version"), SchemaVersion(); got != want {
		t.Errorf("user_version = %d, want %d", got, want)
	}
}
