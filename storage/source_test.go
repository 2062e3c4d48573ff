package storage

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/factdesk/factdesk/annotate"
)

func TestSources(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	a := newArticle(t, db, "Rents", sampleText)
	c := newClaim(t, db, a, "unemployment fell to 3.5 percent")

	s := &annotate.Source{ClaimID: c.ID, URL: "https://stats.example.org/labour", Title: "Labour force survey",
		Publisher: "Statistics Office", ArchiveURL: "https://web.archive.org/web/2025/https://stats.example.org/labour",
		Stance: annotate.StanceRefutes, Excerpt: "unemployment stood at 4.1 percent"}
	if err := db.AddSource(ctx, s); err != nil {
		t.Fatal(err)
	}
	y, m, d := time.Now().Date()
	if s.ID == 0 || !s.Accessed.Equal(time.Date(y, m, d, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("after AddSource: ID %d, Accessed %v; want an ID and today", s.ID, s.Accessed)
	}
	got, err := db.Claim(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Sources) != 1 || !reflect.DeepEqual(got.Sources[0], *s) {
		t.Errorf("Sources = %+v, want [%+v]", got.Sources, *s)
	}

	s.Title, s.Excerpt, s.Stance = "Labour survey, revised", "revised to 4.3 percent", annotate.StanceContext
	s.Accessed = time.Date(2025, 9, 3, 0, 0, 0, 0, time.UTC)
	if err := db.UpdateSource(ctx, s); err != nil {
		t.Fatal(err)
	}
	got, _ = db.Claim(ctx, c.ID)
	if len(got.Sources) != 1 || !reflect.DeepEqual(got.Sources[0], *s) {
		t.Errorf("Sources after update = %+v, want [%+v]", got.Sources, *s)
	}
	if hits, _ := db.Search(ctx, "revised", 10); len(hits) != 1 || hits[0].Kind != HitSource || hits[0].SourceID != s.ID || hits[0].ClaimID != c.ID {
		t.Errorf("Search(revised) = %+v, want the source hit", hits)
	}
	if hits, _ := db.Search(ctx, "stood", 10); len(hits) != 0 {
		t.Errorf("Search(stood) after the excerpt changed = %+v, want nothing", hits)
	}

	removed := *s
	if err := db.DeleteSource(ctx, s.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ = db.Claim(ctx, c.ID); len(got.Sources) != 0 {
		t.Errorf("Sources after delete = %+v, want none", got.Sources)
	}
	// A new source must not take the removed one's ID.
	other := &annotate.Source{ClaimID: c.ID, URL: "https://example.net/other"}
	if err := db.AddSource(ctx, other); err != nil {
		t.Fatal(err)
	}
	if other.ID == removed.ID {
		t.Fatalf("new source reused ID %d", other.ID)
	}
	if err := db.RestoreSource(ctx, &removed); err != nil {
		t.Fatal(err)
	}
	got, _ = db.Claim(ctx, c.ID)
	if len(got.Sources) != 2 || !reflect.DeepEqual(got.Sources[0], removed) {
		t.Errorf("Sources after restore = %+v, want the restored source first", got.Sources)
	}
	wantCode(t, db.RestoreSource(ctx, &removed), annotate.ECONFLICT)
	checkIndexes(t, db)
}

func TestSourceRefuses(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	a := newArticle(t, db, "Rents", sampleText)
	c := newClaim(t, db, a, "unemployment fell to 3.5 percent")
	s := &annotate.Source{ClaimID: c.ID, URL: "https://example.org/s"}
	if err := db.AddSource(ctx, s); err != nil {
		t.Fatal(err)
	}
	other := newClaim(t, db, a, "Café owners")
	tests := []struct {
		name string
		call func() error
		code string
	}{
		{"add javascript URL", func() error {
			return db.AddSource(ctx, &annotate.Source{ClaimID: c.ID, URL: "javascript:alert(1)"})
		}, annotate.EINVALID},
		{"add bad archive URL", func() error {
			return db.AddSource(ctx, &annotate.Source{ClaimID: c.ID, URL: "https://a.example", ArchiveURL: "file:///etc/passwd"})
		}, annotate.EINVALID},
		{"add bad stance", func() error {
			return db.AddSource(ctx, &annotate.Source{ClaimID: c.ID, URL: "https://a.example", Stance: "maybe"})
		}, annotate.EINVALID},
		{"add to unknown claim", func() error {
			return db.AddSource(ctx, &annotate.Source{ClaimID: 999, URL: "https://a.example"})
		}, annotate.ENOTFOUND},
		{"update to empty URL", func() error {
			return db.UpdateSource(ctx, &annotate.Source{ID: s.ID, ClaimID: c.ID})
		}, annotate.EINVALID},
		{"move to another claim", func() error {
			return db.UpdateSource(ctx, &annotate.Source{ID: s.ID, ClaimID: other.ID, URL: "https://a.example"})
		}, annotate.EINVALID},
		{"restore without ID", func() error {
			return db.RestoreSource(ctx, &annotate.Source{ClaimID: c.ID, URL: "https://a.example"})
		}, annotate.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantCode(t, tt.call(), tt.code) })
	}
	got, _ := db.Claim(ctx, c.ID)
	if len(got.Sources) != 1 || got.Sources[0].URL != "https://example.org/s" {
		t.Errorf("Sources after refusals = %+v, want the one source unchanged", got.Sources)
	}
}
