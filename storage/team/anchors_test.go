package team

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/factdesk/factdesk/annotate"
)

// TestConcurrentVersionsKeepClaimsOnTheCurrentText has two desks store a
// new version of one article at once, each moving the claims its own way.
// The version last in server order (Ana's) is current, while the claims'
// anchors last recorded are Ben's, placed on his text: every library must
// still show each claim on its own words in Ana's text.
func TestConcurrentVersionsKeepClaimsOnTheCurrentText(t *testing.T) {
	ctx := context.Background()
	server, url := newTeam(t)
	ana, ben := newDesk(t, "ana"), newDesk(t, "ben")
	a := &annotate.Article{Title: "Rents", Text: "The council said rents rose by ten percent last year.\n\nWages stayed flat, the union said."}
	if err := ana.CreateArticle(ctx, a, nil); err != nil {
		t.Fatal(err)
	}
	quotes := []string{"rents rose by ten percent", "Wages stayed flat"}
	for _, q := range quotes {
		at := strings.Index(a.Text, q)
		c, err := annotate.NewClaim(a, at, at+len(q))
		if err != nil {
			t.Fatal(err)
		}
		if err := ana.CreateClaim(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Join(ctx, ana, url, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := Join(ctx, ben, url, ""); err != nil {
		t.Fatal(err)
	}
	list, err := ben.Articles(ctx)
	if err != nil || len(list) != 1 {
		t.Fatalf("Ben's articles = %v, %v; want the one Ana made", list, err)
	}
	benArticle, err := ben.Article(ctx, list[0].ID)
	if err != nil {
		t.Fatal(err)
	}

	anaText := "The mayor promised new homes before the election. " + a.Text
	if err := ana.AddVersion(ctx, a.ID, &annotate.ArticleVersion{Text: anaText, Base: a.Version}, nil); err != nil {
		t.Fatal(err)
	}
	time.Sleep(5 * time.Millisecond) // Ben's anchors are the later ones
	paras := strings.Split(benArticle.Text, "\n\n")
	benText := paras[0] + "\n\nThe figures come from the council's own survey of landlords.\n\n" + paras[1]
	benText = "Housing: " + benText
	if err := ben.AddVersion(ctx, benArticle.ID, &annotate.ArticleVersion{Text: benText, Base: benArticle.Version}, nil); err != nil {
		t.Fatal(err)
	}
	// Ben's version reaches the server first: Ana's, last, is current.
	mustSync(t, ben, server)
	mustSync(t, ana, server)
	mustSync(t, ben, server)

	stores := map[string]annotate.Store{"server": server, "ana": ana, "ben": ben}
	assertSame(t, stores)
	for name, s := range stores {
		assertAnchored(t, name, s)
		list, err := s.Articles(ctx)
		if err != nil || len(list) != 1 {
			t.Fatalf("%s: articles = %v, %v", name, list, err)
		}
		got, err := s.Article(ctx, list[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Text != anaText {
			t.Errorf("%s: current text = %q, want Ana's version, last in server order", name, got.Text)
		}
		claims, err := s.Claims(ctx, got.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(claims) != len(quotes) {
			t.Fatalf("%s: %d claims, want %d", name, len(claims), len(quotes))
		}
		for i, c := range claims {
			if want := len([]rune(anaText[:strings.Index(anaText, quotes[i])])); c.Start != want || c.Exact != quotes[i] || c.AnchorBy == annotate.AnchorOrphan {
				t.Errorf("%s: claim %d at %d %q (%s), want at %d %q", name, c.Number, c.Start, c.Exact, c.AnchorBy, want, quotes[i])
			}
		}
	}
}

// assertAnchored fails when a claim that is not an orphan does not quote
// its article's current text at its span (in code points): its highlight
// would land on other words.
func assertAnchored(t testing.TB, name string, s annotate.Store) {
	t.Helper()
	ctx := context.Background()
	list, err := s.Articles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, sum := range list {
		a, err := s.Article(ctx, sum.ID)
		if err != nil {
			t.Fatal(err)
		}
		claims, err := s.Claims(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		text := []rune(a.Text)
		for _, c := range claims {
			if c.AnchorBy == annotate.AnchorOrphan {
				continue
			}
			got := "(out of the text)"
			if 0 <= c.Start && c.Start < c.End && c.End <= len(text) {
				got = string(text[c.Start:c.End])
			}
			if got != c.Exact {
				t.Errorf("%s: claim %s of article %s (version %d), anchored by %s: text[%d:%d] = %q, want its quote %q",
					name, c.UUID, a.UUID, a.Version, c.AnchorBy, c.Start, c.End, got, c.Exact)
			}
		}
	}
}
