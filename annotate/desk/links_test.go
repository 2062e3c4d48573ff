package desk

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/report"
	"github.com/factdesk/factdesk/storage"
)

// TestLoadInputCarriesLinks checks that a report of an article whose claim
// is linked to the same claim in another article lists that article as an
// appearance in ClaimReview.
func TestLoadInputCarriesLinks(t *testing.T) {
	ctx := context.Background()
	db, err := storage.Open(ctx, filepath.Join(t.TempDir(), "lib.factdesk"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	text := "The city said rents rose by 40 percent in 2024."
	var claims []*annotate.Claim
	for _, url := range []string{"https://one.example.com/rents", "https://two.example.org/rents"} {
		a := &annotate.Article{Title: "Rents", URL: url, Text: text}
		if err := db.CreateArticle(ctx, a, nil); err != nil {
			t.Fatal(err)
		}
		start, end, err := annotate.FindQuote(a.Text, "rents rose by 40 percent in 2024", 1)
		if err != nil {
			t.Fatal(err)
		}
		c, _ := annotate.NewClaim(a, start, end)
		c.Verdict = annotate.VerdictFalse
		if err := db.CreateClaim(ctx, c); err != nil {
			t.Fatal(err)
		}
		claims = append(claims, c)
	}
	if _, err := db.Link(ctx, claims[0].ID, claims[1].ID); err != nil {
		t.Fatal(err)
	}
	in, err := LoadInput(ctx, db, claims[0].ArticleID, report.Org{}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if got := in.Links[claims[0].ID]; len(got) != 1 || got[0].OtherID != claims[1].ID {
		t.Fatalf("Links = %+v, want the link to claim %d", in.Links, claims[1].ID)
	}
	var b bytes.Buffer
	if err := report.ClaimReview(&b, in); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "https://two.example.org/rents") {
		t.Errorf("ClaimReview does not name the linked article's page:\n%s", b.String())
	}
}
