package storage

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// TestSearchRanksNewestCandidates checks that a word matched more often
// than the bound is ranked among its newest matches only, and says so,
// while a rarer word is ranked among all of them.
func TestSearchRanksNewestCandidates(t *testing.T) {
	defer func(n int) { searchBound = n }(searchBound)
	searchBound = 3
	ctx := context.Background()
	db := openTemp(t)
	var paras []string
	for i := range 5 {
		paras = append(paras, fmt.Sprintf("Paragraph %d says the budget grew.", i))
	}
	paras = append(paras, "Only this one names the harbour.")
	a := newArticle(t, db, "Spending", strings.Join(paras, "\n\n"))
	var ids []int64
	for i := range 5 {
		c := newClaim(t, db, a, fmt.Sprintf("Paragraph %d says the budget grew.", i))
		ids = append(ids, c.ID)
	}
	newClaim(t, db, a, "Only this one names the harbour.")

	hits, err := db.Search(ctx, "budget", 50)
	if err != nil {
		t.Fatal(err)
	}
	var claims []int64
	for _, h := range hits {
		if h.Kind == HitClaim {
			claims = append(claims, h.ClaimID)
			if h.Candidates != 3 {
				t.Errorf("claim hit %d: Candidates = %d, want 3", h.ClaimID, h.Candidates)
			}
		}
	}
	if len(claims) != 3 {
		t.Fatalf("claim hits for a word in 5 claims, bound 3: %v, want the 3 newest", claims)
	}
	for _, id := range claims {
		if id < ids[2] {
			t.Errorf("claim %d ranked, older than the 3 newest (from %d)", id, ids[2])
		}
	}

	hits, err = db.Search(ctx, "harbour", 50)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) == 0 {
		t.Fatal("no hit for a word in one claim")
	}
	for _, h := range hits {
		if h.Candidates != 0 {
			t.Errorf("%s hit for a rare word: Candidates = %d, want 0", h.Kind, h.Candidates)
		}
	}
}
