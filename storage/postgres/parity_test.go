package postgres

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/anchor"
	"github.com/factdesk/factdesk/storage"
)

// TestSameAsSQLite runs one desk's day of work against the SQLite library
// and this one, and compares what each then shows: the methods the
// behaviour suite does not reach must agree too. Times the stores stamp
// themselves (now) are left out; ids, numbers, orders, counts and the
// history's fields must be the same.
func TestSameAsSQLite(t *testing.T) {
	lite, err := storage.Open(context.Background(), filepath.Join(t.TempDir(), "library.factdesk"))
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	want := deskDay(t, lite)
	got := deskDay(t, openTemp(t))
	if len(got) != len(want) {
		t.Fatalf("PostgreSQL showed %d things, SQLite %d", len(got), len(want))
	}
	for i := range want {
		if g, w := normal(got[i].value), normal(want[i].value); g != w {
			t.Errorf("%s:\nPostgreSQL %s\nSQLite     %s", want[i].what, g, w)
		}
	}
}

// uuids are told apart by where they are, not by their random digits.
var uuids = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)

func normal(v any) string { return uuids.ReplaceAllString(fmt.Sprintf("%+v", v), "<uuid>") }

// values are the claims themselves, to be printed rather than their
// addresses, without the times the store stamps.
func values(claims []*annotate.Claim) []annotate.Claim {
	out := make([]annotate.Claim, len(claims))
	for i, c := range claims {
		out[i] = *c
		out[i].Created, out[i].Updated = time.Time{}, time.Time{}
	}
	return out
}

type shown struct {
	what  string
	value any
}

// deskDay does a day's work on st and returns what st shows after it.
func deskDay(t *testing.T, st annotate.Store) []shown {
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	var out []shown
	show := func(what string, v any, err error) {
		t.Helper()
		must(err)
		out = append(out, shown{what, v})
	}
	code := func(what string, err error) {
		out = append(out, shown{what, annotate.ErrorCode(err)})
	}
	day := time.Date(2025, 1, 2, 9, 30, 0, 0, time.UTC)
	// The same person on both: a verdict records its checker by name.
	must(st.SetAuthorName(ctx, "Ana"))

	a := &annotate.Article{Title: "Rents", Byline: "J. Doe", Publisher: "Daily Ledger", URL: "https://example.com/rents", Language: "en",
		Published: day, Text: text}
	v := &annotate.ArticleVersion{Format: "html", Source: []byte("<p>" + text + "</p>"),
		Blocks:  []annotate.Block{{Kind: annotate.BlockHeading, Start: 0, End: 60}, {Kind: annotate.BlockBody, Start: 62, End: 134}},
		Removed: []annotate.RemovedBlock{{Text: "Photo: Ledger", Reason: "credit", At: 60}}}
	must(st.CreateArticle(ctx, a, v))
	b := &annotate.Article{Title: "Another view", Publisher: "Courier", Text: text}
	must(st.CreateArticle(ctx, b, nil))

	claim := func(art *annotate.Article, quote string) *annotate.Claim {
		t.Helper()
		start, end, err := annotate.FindQuote(art.Text, quote, 1)
		must(err)
		c, err := annotate.NewClaim(art, start, end)
		must(err)
		return c
	}
	c1 := claim(a, "raised rents by 40 percent")
	c1.Tags, c1.Claimant, c1.ClaimDate = []string{"Housing", "economy"}, "Mayor", "2024-05-01"
	c1.Sources = []annotate.Source{{URL: "https://stats.example.org/rents", Title: "Rent index", Stance: annotate.StanceRefutes, Accessed: day}}
	must(st.CreateClaim(ctx, c1))
	c2, c3 := claim(a, "unemployment fell to 3.5 percent"), claim(b, "unemployment fell to 3.5 percent")
	c3.Claimant = "Mayor"
	must(st.CreateClaims(ctx, []*annotate.Claim{c2, c3}))

	c1.Tags = []string{"economy", "housing", "rents"}
	must(c1.SetVerdict(annotate.VerdictFalse))
	c1.Rationale = "The index rose 12 percent."
	must(st.UpdateClaim(ctx, c1))
	stale := *c1
	stale.Rev--
	code("UpdateClaim from a stale read", st.UpdateClaim(ctx, &stale))
	code("UpdateClaim with no revision", st.UpdateClaim(ctx, &annotate.Claim{ID: c1.ID, Statement: "x", Anchor: c1.Anchor}))

	s := &annotate.Source{ClaimID: c2.ID, URL: "https://stats.example.org/labour", Accessed: day}
	must(st.AddSource(ctx, s))
	s.Title, s.Excerpt = "Labour force survey", "3.7 percent"
	must(st.UpdateSource(ctx, s))
	gone := *s
	must(st.DeleteSource(ctx, s.ID))
	must(st.RestoreSource(ctx, &gone))
	code("RestoreSource of a source that exists", st.RestoreSource(ctx, &gone))

	_, err := st.Link(ctx, c2.ID, c3.ID)
	must(err)
	l, err := st.Unlink(ctx, c3.ID, c2.ID)
	must(err)
	_, err = st.RestoreLink(ctx, l)
	must(err)
	_, err = st.Link(ctx, c2.ID, c2.ID)
	code("Link a claim to itself", err)

	must(st.DismissSuggestion(ctx, a.ID, 0, 4))
	must(st.DismissSuggestion(ctx, a.ID, 0, 4))
	must(st.DismissSuggestion(ctx, a.ID, 62, 70))
	must(st.SetSetting(ctx, "org.name", "Ledger Fact Check"))
	must(st.SetSettings(ctx, map[string]annotate.Setting{"org.name": {Value: "", Rev: 1}, "org.url": {Value: "https://ledger.example.org"}}))
	code("SetSetting of the desk's user", st.SetSetting(ctx, "user.name", "x"))
	must(st.MarkPublished(ctx, a.ID, "https://ledger.example.org/rents", day.Add(48*time.Hour)))

	claims, err := st.Claims(ctx, a.ID)
	must(err)
	newText := "An editor's note comes first.\n\n" + strings.Replace(text, "the lowest", "then the lowest", 1)
	anchor.Reanchor(newText, claims)
	must(st.AddVersion(ctx, a.ID, &annotate.ArticleVersion{Text: newText, Base: 1}, claims))
	code("AddVersion from version 1 again", st.AddVersion(ctx, a.ID, &annotate.ArticleVersion{Text: newText + " More.", Base: 1}, nil))

	back, err := st.Claim(ctx, c2.ID)
	must(err)
	must(st.DeleteClaim(ctx, c2.ID))
	must(st.RestoreClaim(ctx, back))
	code("RestoreClaim of a claim that exists", st.RestoreClaim(ctx, back))

	imported := &annotate.Article{ID: 40, Title: "Imported", Text: text, Published: day}
	ic := claim(imported, "the lowest in a decade")
	ic.ID, ic.Number = 90, 5
	ic.Sources = []annotate.Source{{ID: 7, URL: "https://stats.example.org/a"}, {ID: 7, URL: "https://stats.example.org/b"}}
	must(st.ImportArticles(ctx, []annotate.ArticleImport{{Article: imported, Claims: []*annotate.Claim{ic}}}))
	after := claim(imported, "Critics in Zürich")
	must(st.CreateClaim(ctx, after))
	must(st.DeleteArticle(ctx, b.ID))

	got, err := st.Article(ctx, a.ID)
	must(err)
	got.Retrieved = time.Time{}
	show("Article", *got, err)
	list, err := st.Articles(ctx)
	for i := range list {
		list[i].Retrieved = time.Time{}
	}
	show("Articles", list, err)
	claims, err = st.Claims(ctx, a.ID)
	show("Claims", values(claims), err)
	claims, err = st.Claims(ctx, imported.ID)
	show("Claims of the import", values(claims), err)
	vs, err := st.Versions(ctx, a.ID)
	for i := range vs {
		vs[i].Created = time.Time{}
	}
	show("Versions", vs, err)
	blocks, removed, err := st.Blocks(ctx, a.ID)
	show("Blocks", fmt.Sprint(blocks, removed), err)
	blocks, removed, err = st.Blocks(ctx, imported.ID)
	show("Blocks of the import", fmt.Sprint(blocks, removed), err)
	links, err := st.ArticleLinks(ctx, a.ID)
	for _, ls := range links {
		for i := range ls {
			ls[i].Created = time.Time{}
		}
	}
	show("ArticleLinks", links, err)
	tags, err := st.Tags(ctx)
	show("Tags", tags, err)
	claimants, err := st.Claimants(ctx)
	show("Claimants", claimants, err)
	settings, err := st.Settings(ctx, "org.name", "org.url", "org.none")
	show("Settings", settings, err)
	dismissed, err := st.DismissedSuggestions(ctx, a.ID)
	show("DismissedSuggestions", dismissed, err)
	copies, err := st.FindBySHA256(ctx, strings.ToUpper(vs[0].SHA256))
	show("FindBySHA256", copies, err)
	for _, order := range []string{annotate.LibraryNewest, annotate.LibraryTitle, annotate.LibraryPublisher, annotate.LibraryProgress, annotate.LibraryClaims} {
		page, err := st.LibraryPage(ctx, "", order, 0, 10)
		for i := range page {
			page[i].Retrieved = time.Time{}
		}
		show("LibraryPage "+order, page, err)
	}
	n, err := st.LibraryCount(ctx, "rent")
	show("LibraryCount rent", n, err)
	for _, kind := range []string{annotate.KindArticle, annotate.KindClaim} {
		for _, id := range []int64{a.ID, b.ID, c2.ID} {
			changes, err := st.History(ctx, kind, id)
			code(fmt.Sprintf("History(%s, %d)", kind, id), err)
			var lines []string
			for _, ch := range changes {
				lines = append(lines, fmt.Sprintf("%s %s #%d %s rev %d %+v", ch.Kind, ch.Op, ch.EntityID, ch.EntityKey, ch.Rev, ch.Fields))
			}
			out = append(out, shown{fmt.Sprintf("History(%s, %d)", kind, id), lines})
		}
	}
	return out
}
