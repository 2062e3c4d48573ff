package storage

import (
	"context"
	"testing"

	"github.com/factdesk/factdesk/annotate"
)

// TestImportDuplicateSourceIDs imports a hand-edited export whose claim
// lists two sources under one id: both are kept, the second under a new
// id, instead of failing with an SQL constraint error.
func TestImportDuplicateSourceIDs(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	a := &annotate.Article{ID: 7, Title: "Rents", Text: sampleText}
	c, err := annotate.NewClaim(a, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	c.ID = 3
	c.Sources = []annotate.Source{
		{ID: 5, URL: "https://example.org/a", Stance: annotate.StanceSupports},
		{ID: 5, URL: "https://example.org/b", Stance: annotate.StanceRefutes},
	}
	if err := db.ImportArticle(ctx, a, nil, []*annotate.Claim{c}); err != nil {
		t.Fatalf("ImportArticle with duplicate source ids: %v", err)
	}
	got, err := db.Claims(ctx, a.ID)
	if err != nil || len(got) != 1 {
		t.Fatalf("Claims = %d, %v", len(got), err)
	}
	if n := len(got[0].Sources); n != 2 {
		t.Fatalf("%d sources kept, want 2", n)
	}
	if got[0].Sources[0].ID == got[0].Sources[1].ID {
		t.Errorf("both sources have id %d", got[0].Sources[0].ID)
	}
}
