package storage

import (
	"context"
	"strings"
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

func TestVersionBlocks(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	text := "Bus routes expand\n\nThe council voted on Tuesday.\n\nCommuters at the depot."
	a := &annotate.Article{Title: "Buses", Text: text}
	v := &annotate.ArticleVersion{Format: "html", Source: []byte("<p>x</p>"),
		Blocks:  []annotate.Block{{Kind: annotate.BlockHeading, Start: 0, End: 17}, {Kind: annotate.BlockBody, Start: 19, End: 48}, {Kind: annotate.BlockCaption, Start: 50, End: 73}},
		Removed: []annotate.RemovedBlock{{Text: "Credit Jane Roe", Reason: "credit", At: 73}}}
	if err := db.CreateArticle(ctx, a, v); err != nil {
		t.Fatal(err)
	}
	blocks, removed, err := db.Blocks(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(blocks) != 3 || blocks[2].Kind != annotate.BlockCaption || len(removed) != 1 || removed[0].Reason != "credit" {
		t.Errorf("Blocks = %+v, %+v", blocks, removed)
	}
	vs, err := db.Versions(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 1 || len(vs[0].Blocks) != 3 || len(vs[0].Removed) != 1 {
		t.Errorf("Versions = %+v", vs)
	}
	// An article stored without blocks reads as body paragraphs.
	b := newArticle(t, db, "Plain", sampleText)
	blocks, removed, err = db.Blocks(ctx, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(blocks) != 3 || blocks[0].Kind != annotate.BlockBody || removed != nil {
		t.Errorf("legacy Blocks = %+v, %+v", blocks, removed)
	}
	if _, _, err := db.Blocks(ctx, 999); err == nil {
		t.Errorf("Blocks of a missing article: no error")
	}
}

func TestFindBySHA256(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	a := newArticle(t, db, "Rents", sampleText)
	vs, err := db.Versions(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	got, err := db.FindBySHA256(ctx, strings.ToUpper(vs[0].SHA256))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].ArticleID != a.ID || got[0].Version != 1 || !got[0].Current || got[0].Title != "Rents" {
		t.Errorf("FindBySHA256 = %+v, want article %d version 1", got, a.ID)
	}
	none, err := db.FindBySHA256(ctx, strings.Repeat("0", 64))
	if err != nil || len(none) != 0 {
		t.Errorf("unknown sum: %+v, %v", none, err)
	}
	_, err = db.FindBySHA256(ctx, "abc")
	wantCode(t, err, annotate.EINVALID)
}
