package storage

import (
	"context"
	"testing"
	"time"

	"github.com/factdesk/factdesk/annotate"
)

func TestClaimRationale(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	a := newArticle(t, db, "Rents", sampleText)
	c := newClaim(t, db, a, "raised rents by 40 percent in 2024")
	c.Rationale = "City records show rents rose by 12 percent."
	c.Notes = "Ask the housing office for the 2023 base."
	if err := db.UpdateClaim(ctx, c); err != nil {
		t.Fatal(err)
	}
	got, err := db.Claim(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Rationale != c.Rationale || got.Notes != c.Notes {
		t.Errorf("rationale, notes = %q, %q; want %q, %q", got.Rationale, got.Notes, c.Rationale, c.Notes)
	}
	// A claim created with a rationale keeps it.
	start, end, _ := annotate.FindQuote(a.Text, "unemployment fell to 3.5 percent", 1)
	c2, _ := annotate.NewClaim(a, start, end)
	c2.Rationale = "The statistics office reports 3.5 percent."
	if err := db.CreateClaim(ctx, c2); err != nil {
		t.Fatal(err)
	}
	all, err := db.Claims(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2 || all[1].Rationale != c2.Rationale {
		t.Errorf("Claims = %d, second rationale %q; want 2, %q", len(all), all[len(all)-1].Rationale, c2.Rationale)
	}
}

func TestMarkPublished(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	a := newArticle(t, db, "Rents", sampleText)
	at := time.Date(2025, 9, 6, 10, 0, 0, 0, time.UTC)
	if err := db.MarkPublished(ctx, a.ID, "https://desk.example/checks/rents", at); err != nil {
		t.Fatal(err)
	}
	got, err := db.Article(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.ReportURL != "https://desk.example/checks/rents" || !got.ReportPublished.Equal(at) {
		t.Errorf("published = %q at %v, want the URL at %v", got.ReportURL, got.ReportPublished, at)
	}
	// Bad input changes nothing.
	for _, bad := range []string{"javascript:alert(1)", "not a url", "https://x.example/a b"} {
		wantCode(t, db.MarkPublished(ctx, a.ID, bad, at), annotate.EINVALID)
	}
	wantCode(t, db.MarkPublished(ctx, 999, "https://desk.example/x", at), annotate.ENOTFOUND)
	if got, _ := db.Article(ctx, a.ID); got.ReportURL != "https://desk.example/checks/rents" {
		t.Errorf("a refused mark changed the URL to %q", got.ReportURL)
	}
	// Unmarking.
	if err := db.MarkPublished(ctx, a.ID, "", time.Time{}); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.Article(ctx, a.ID); got.ReportURL != "" || !got.ReportPublished.IsZero() {
		t.Errorf("after unmarking: %q at %v", got.ReportURL, got.ReportPublished)
	}
}
