// Package storetest is the behaviour every library store must show, as
// tests that take any implementation of annotate.Store: the SQLite file on
// a desk today, the team's server later. A store's own tests call Run with
// a function that opens an empty library.
package storetest

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/anchor"
)

// Open returns a new, empty library store for one test; the test's cleanup
// closes it.
type Open func(t *testing.T) annotate.Store

// Run runs every behaviour test against stores made by open.
func Run(t *testing.T, open Open) {
	tests := []struct {
		name string
		fn   func(t *testing.T, st annotate.Store)
	}{
		{"ArticleRevisions", testArticleRevisions},
		{"ClaimRevisions", testClaimRevisions},
		{"SourceRevisions", testSourceRevisions},
		{"SettingsTogether", testSettingsTogether},
		{"ClaimHistory", testClaimHistory},
		{"ArticleHistory", testArticleHistory},
		{"RestoreKeepsIdentity", testRestoreKeepsIdentity},
		{"AddVersionReanchorsClaimsMarkedMeanwhile", testAddVersionMeanwhile},
		{"AddVersionRefusesAMovedVersion", testAddVersionBase},
		{"ImportAllOrNothing", testImportAllOrNothing},
		{"ImportKeepsFreeUUIDs", testImportKeepsUUIDs},
		{"Author", testAuthor},
		{"ReviewTwoPersonRule", testReview},
		{"Search", testSearch},
		{"NotFound", testNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.fn(t, open(t))
		})
	}
}

// text is a short article with text beyond ASCII, so that code-point
// offsets differ from byte offsets.
const text = "Café owners say the city raised rents by 40 percent in 2024.\n\n" +
	"The mayor said unemployment fell to 3.5 percent, the lowest in a decade.\n\n" +
	"Critics in Zürich dispute the figure and point to the rising cost of living."

func newArticle(t *testing.T, st annotate.Store, title string) *annotate.Article {
	t.Helper()
	a := &annotate.Article{Title: title, URL: "https://example.com/" + strings.ToLower(strings.ReplaceAll(title, " ", "-")), Text: text}
	if err := st.CreateArticle(context.Background(), a, &annotate.ArticleVersion{Format: "text"}); err != nil {
		t.Fatalf("CreateArticle: %v", err)
	}
	return a
}

func newClaim(t *testing.T, st annotate.Store, a *annotate.Article, quote string) *annotate.Claim {
	t.Helper()
	start, end, err := annotate.FindQuote(a.Text, quote, 1)
	if err != nil {
		t.Fatalf("FindQuote(%q): %v", quote, err)
	}
	c, err := annotate.NewClaim(a, start, end)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.CreateClaim(context.Background(), c); err != nil {
		t.Fatalf("CreateClaim(%q): %v", quote, err)
	}
	return c
}

func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	if got := annotate.ErrorCode(err); got != code {
		t.Fatalf("%s: error = %v (code %q), want code %q", what, err, got, code)
	}
}

func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, r := range s {
		switch i {
		case 8, 13, 18, 23:
			if r != '-' {
				return false
			}
		default:
			if !strings.ContainsRune("0123456789abcdef", r) {
				return false
			}
		}
	}
	return true
}

func testArticleRevisions(t *testing.T, st annotate.Store) {
	ctx := context.Background()
	a := newArticle(t, st, "Rents")
	if a.Rev != 1 || !isUUID(a.UUID) {
		t.Fatalf("new article: Rev %d, UUID %q; want 1 and a UUID", a.Rev, a.UUID)
	}
	mine, _ := st.Article(ctx, a.ID)
	theirs, _ := st.Article(ctx, a.ID)
	if mine.UUID != a.UUID || mine.Rev != 1 {
		t.Fatalf("Article: UUID %q Rev %d, want %q and 1", mine.UUID, mine.Rev, a.UUID)
	}
	theirs.Byline = "Their byline"
	if err := st.UpdateArticle(ctx, theirs); err != nil {
		t.Fatal(err)
	}
	if theirs.Rev != 2 {
		t.Errorf("Rev after UpdateArticle = %d, want 2", theirs.Rev)
	}
	mine.Byline = "My byline"
	err := st.UpdateArticle(ctx, mine)
	wantCode(t, "UpdateArticle from a stale read", err, annotate.ECONFLICT)
	if !errors.Is(err, annotate.ErrConflict) {
		t.Errorf("errors.Is(%v, ErrConflict) = false", err)
	}
	got, _ := st.Article(ctx, a.ID)
	if got.Byline != "Their byline" || got.Rev != 2 {
		t.Errorf("after the refused update: byline %q rev %d, want theirs and 2", got.Byline, got.Rev)
	}
	if err := st.MarkPublished(ctx, a.ID, "https://factcheck.example.org/rents", time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.Article(ctx, a.ID); got.Rev != 3 {
		t.Errorf("Rev after MarkPublished = %d, want 3", got.Rev)
	}
}

func testClaimRevisions(t *testing.T, st annotate.Store) {
	ctx := context.Background()
	a := newArticle(t, st, "Jobs")
	c := newClaim(t, st, a, "unemployment fell to 3.5 percent")
	if c.Rev != 1 || !isUUID(c.UUID) {
		t.Fatalf("new claim: Rev %d, UUID %q; want 1 and a UUID", c.Rev, c.UUID)
	}
	mine, _ := st.Claim(ctx, c.ID)
	theirs, _ := st.Claim(ctx, c.ID)
	if err := theirs.SetVerdict(annotate.VerdictFalse); err != nil {
		t.Fatal(err)
	}
	if err := st.UpdateClaim(ctx, theirs); err != nil {
		t.Fatal(err)
	}
	if theirs.Rev != 2 {
		t.Errorf("Rev after UpdateClaim = %d, want 2", theirs.Rev)
	}
	mine.Claimant = "The mayor"
	err := st.UpdateClaim(ctx, mine)
	wantCode(t, "UpdateClaim from a stale read", err, annotate.ECONFLICT)
	want := "revision 1, now 2"
	if msg := annotate.ErrorMessage(err); !strings.Contains(msg, want) || !strings.Contains(msg, "changed by someone else") {
		t.Errorf("conflict message %q, want it to say the claim was changed by someone else (%s)", msg, want)
	}
	got, _ := st.Claim(ctx, c.ID)
	if got.Claimant != "" || got.Verdict != annotate.VerdictFalse || got.Rev != 2 {
		t.Errorf("after the refused update: claimant %q verdict %q rev %d; want none, false, 2", got.Claimant, got.Verdict, got.Rev)
	}
	// Read again, the same change lands.
	got.Claimant = "The mayor"
	if err := st.UpdateClaim(ctx, got); err != nil {
		t.Fatal(err)
	}
	// A change that names no revision is refused.
	anon := *got
	anon.Rev = 0
	anon.Notes = "no revision"
	wantCode(t, "UpdateClaim without a revision", st.UpdateClaim(ctx, &anon), annotate.EINVALID)
	// A change that changes nothing writes nothing.
	same, _ := st.Claim(ctx, c.ID)
	if err := st.UpdateClaim(ctx, same); err != nil {
		t.Fatal(err)
	}
	if same.Rev != 3 {
		t.Errorf("Rev after an empty update = %d, want 3 (unchanged)", same.Rev)
	}
	// A new version moves the claim on: an edit read before it is refused.
	before, _ := st.Claim(ctx, c.ID)
	claims, _ := st.Claims(ctx, a.ID)
	newText := "Intro.\n\n" + a.Text
	anchor.Reanchor(newText, claims)
	if err := st.AddVersion(ctx, a.ID, &annotate.ArticleVersion{Text: newText, Base: a.Version}, claims); err != nil {
		t.Fatal(err)
	}
	before.Notes = "stale"
	wantCode(t, "UpdateClaim read before a new version", st.UpdateClaim(ctx, before), annotate.ECONFLICT)
}

func testSourceRevisions(t *testing.T, st annotate.Store) {
	ctx := context.Background()
	a := newArticle(t, st, "Sources")
	c := newClaim(t, st, a, "the lowest in a decade")
	s := &annotate.Source{ClaimID: c.ID, URL: "https://stats.example.org/a", Title: "A"}
	if err := st.AddSource(ctx, s); err != nil {
		t.Fatal(err)
	}
	if s.Rev != 1 || !isUUID(s.UUID) {
		t.Fatalf("new source: Rev %d, UUID %q; want 1 and a UUID", s.Rev, s.UUID)
	}
	mine, theirs := *s, *s
	theirs.Title = "Theirs"
	if err := st.UpdateSource(ctx, &theirs); err != nil {
		t.Fatal(err)
	}
	if theirs.Rev != 2 {
		t.Errorf("Rev after UpdateSource = %d, want 2", theirs.Rev)
	}
	mine.Title = "Mine"
	wantCode(t, "UpdateSource from a stale read", st.UpdateSource(ctx, &mine), annotate.ECONFLICT)
	got, _ := st.Claim(ctx, c.ID)
	if len(got.Sources) != 1 || got.Sources[0].Title != "Theirs" || got.Sources[0].UUID != s.UUID {
		t.Errorf("sources after the refused update = %+v, want theirs", got.Sources)
	}
}

func testSettingsTogether(t *testing.T, st annotate.Store) {
	ctx := context.Background()
	read, err := st.Settings(ctx, "org.name", "org.url")
	if err != nil {
		t.Fatal(err)
	}
	if read["org.name"].Rev != 0 || read["org.url"].Value != "" {
		t.Fatalf("Settings of an empty library = %+v, want empty values at revision 0", read)
	}
	if err := st.SetSettings(ctx, map[string]annotate.Setting{
		"org.name": {Value: "Ledger Fact Check", Rev: read["org.name"].Rev},
		"org.url":  {Value: "https://ledger.example.org", Rev: read["org.url"].Rev},
	}); err != nil {
		t.Fatal(err)
	}
	// Someone changes one; a save of both from the old read writes neither.
	if err := st.SetSetting(ctx, "org.url", "https://other.example.org"); err != nil {
		t.Fatal(err)
	}
	now, _ := st.Settings(ctx, "org.name", "org.url")
	err = st.SetSettings(ctx, map[string]annotate.Setting{
		"org.name": {Value: "Renamed", Rev: now["org.name"].Rev},
		"org.url":  {Value: "https://mine.example.org", Rev: now["org.url"].Rev - 1},
	})
	wantCode(t, "SetSettings from a stale read", err, annotate.ECONFLICT)
	if got, _ := st.Setting(ctx, "org.name"); got != "Ledger Fact Check" {
		t.Errorf("org.name after the refused save = %q, want it unchanged", got)
	}
	if got, _ := st.Setting(ctx, "org.url"); got != "https://other.example.org" {
		t.Errorf("org.url after the refused save = %q, want the other change", got)
	}
}

// fieldOf returns the change of field in ch.
func fieldOf(ch annotate.Change, field string) (annotate.FieldChange, bool) {
	for _, f := range ch.Fields {
		if f.Field == field {
			return f, true
		}
	}
	return annotate.FieldChange{}, false
}

func checkChanges(t *testing.T, changes []annotate.Change) {
	t.Helper()
	seen := map[string]bool{}
	for i, ch := range changes {
		if !isUUID(ch.UUID) || seen[ch.UUID] {
			t.Errorf("change %d has UUID %q, want a UUID of its own", i, ch.UUID)
		}
		seen[ch.UUID] = true
		if !isUUID(ch.Author.UUID) || ch.Author.Name == "" {
			t.Errorf("change %d has author %+v, want a person with a UUID and a name", i, ch.Author)
		}
		if i > 0 && ch.HLC <= changes[i-1].HLC {
			t.Errorf("change %d at %s is not after change %d at %s", i, ch.HLC, i-1, changes[i-1].HLC)
		}
		if ch.Time.IsZero() || time.Since(ch.Time) > time.Hour || time.Until(ch.Time) > time.Minute {
			t.Errorf("change %d has time %v, want about now", i, ch.Time)
		}
	}
}

func testClaimHistory(t *testing.T, st annotate.Store) {
	ctx := context.Background()
	a := newArticle(t, st, "History")
	c := newClaim(t, st, a, "unemployment fell to 3.5 percent")
	if err := c.SetVerdict(annotate.VerdictFalse); err != nil {
		t.Fatal(err)
	}
	c.Tags = []string{"economy"}
	if err := st.UpdateClaim(ctx, c); err != nil {
		t.Fatal(err)
	}
	s := &annotate.Source{ClaimID: c.ID, URL: "https://stats.example.org/labour"}
	if err := st.AddSource(ctx, s); err != nil {
		t.Fatal(err)
	}
	// Undo of the verdict is a change of its own.
	c.Verdict, c.Status = annotate.VerdictNone, annotate.StatusUnchecked
	if err := st.UpdateClaim(ctx, c); err != nil {
		t.Fatal(err)
	}
	if err := st.DeleteClaim(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	changes, err := st.History(ctx, annotate.KindClaim, c.ID)
	if err != nil {
		t.Fatalf("History of a deleted claim: %v", err)
	}
	checkChanges(t, changes)
	var ops []string
	for _, ch := range changes {
		ops = append(ops, ch.Kind+" "+ch.Op)
	}
	want := []string{"claim create", "claim update", "source create", "claim update", "source delete", "claim delete"}
	if !slices.Equal(ops, want) {
		t.Fatalf("History ops = %q, want %q", ops, want)
	}
	for _, ch := range changes {
		if ch.Kind == annotate.KindClaim && (ch.EntityUUID != c.UUID || ch.ArticleUUID != a.UUID) {
			t.Errorf("claim change names %s of article %s, want %s of %s", ch.EntityUUID, ch.ArticleUUID, c.UUID, a.UUID)
		}
	}
	if f, ok := fieldOf(changes[1], "verdict"); !ok || f.Old != nil || f.New != "false" {
		t.Errorf("verdict change = %+v, want none → false", f)
	}
	// Tags are a set: a change says what went in and what came out.
	if f, ok := fieldOf(changes[1], "tags"); !ok || !slices.Equal(f.Added, []string{"economy"}) || f.Removed != nil {
		t.Errorf("tags change = %+v, want economy added", f)
	}
	if f, ok := fieldOf(changes[3], "verdict"); !ok || f.Old != "false" || f.New != nil {
		t.Errorf("undo of the verdict = %+v, want false → none", f)
	}
	// The tombstones keep the last values.
	if f, ok := fieldOf(changes[5], "exact"); !ok || f.Old != "unemployment fell to 3.5 percent" {
		t.Errorf("claim tombstone exact = %+v, want the quote", f)
	}
	if f, ok := fieldOf(changes[4], "url"); !ok || f.Old != s.URL || changes[4].ClaimUUID != c.UUID {
		t.Errorf("source tombstone = %+v, want its URL under the claim", changes[4])
	}
}

func testArticleHistory(t *testing.T, st annotate.Store) {
	ctx := context.Background()
	a := newArticle(t, st, "Whole article")
	other := newArticle(t, st, "Another")
	newClaim(t, st, a, "the lowest in a decade")
	newClaim(t, st, other, "the lowest in a decade")
	a.Byline = "J. Doe"
	if err := st.UpdateArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	changes, err := st.History(ctx, annotate.KindArticle, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	checkChanges(t, changes)
	var ops []string
	for _, ch := range changes {
		ops = append(ops, ch.Kind+" "+ch.Op)
		if ch.ArticleUUID != a.UUID {
			t.Errorf("change %+v is not of article %s", ch, a.UUID)
		}
	}
	want := []string{"article create", "version create", "claim create", "article update"}
	if !slices.Equal(ops, want) {
		t.Errorf("article History ops = %q, want %q", ops, want)
	}
	if err := st.DeleteArticle(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	changes, err = st.History(ctx, annotate.KindArticle, a.ID)
	if err != nil {
		t.Fatalf("History of a deleted article: %v", err)
	}
	if n := len(changes); n < 2 || changes[n-1].Op != annotate.OpDelete || changes[n-2].Kind != annotate.KindClaim || changes[n-2].Op != annotate.OpDelete {
		t.Errorf("history of a deleted article ends %+v, want its claim's and its own tombstones", changes[max(0, n-2):])
	}
}

func testRestoreKeepsIdentity(t *testing.T, st annotate.Store) {
	ctx := context.Background()
	a := newArticle(t, st, "Restore")
	c := newClaim(t, st, a, "unemployment fell to 3.5 percent")
	s := &annotate.Source{ClaimID: c.ID, URL: "https://stats.example.org/labour"}
	if err := st.AddSource(ctx, s); err != nil {
		t.Fatal(err)
	}
	c.Notes = "edited"
	if err := st.UpdateClaim(ctx, c); err != nil {
		t.Fatal(err)
	}
	gone, _ := st.Claim(ctx, c.ID)
	if err := st.DeleteClaim(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	back := *gone
	if err := st.RestoreClaim(ctx, &back); err != nil {
		t.Fatal(err)
	}
	got, err := st.Claim(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.UUID != gone.UUID || got.Rev != gone.Rev || len(got.Sources) != 1 || got.Sources[0].UUID != s.UUID {
		t.Errorf("restored claim: UUID %s rev %d sources %+v; want %s, %d and the source %s", got.UUID, got.Rev, got.Sources, gone.UUID, gone.Rev, s.UUID)
	}
	// The step that follows the restore in an undo history still names the
	// right revision.
	got.Notes = "after the restore"
	if err := st.UpdateClaim(ctx, got); err != nil {
		t.Errorf("UpdateClaim after restore: %v", err)
	}
}

func testAddVersionMeanwhile(t *testing.T, st annotate.Store) {
	ctx := context.Background()
	a := newArticle(t, st, "Update race")
	first := newClaim(t, st, a, "raised rents by 40 percent")
	// The update reads the claims and re-anchors them on the new text...
	claims, err := st.Claims(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	newText := "A new first paragraph pushes everything down.\n\n" + strings.Replace(a.Text, "the lowest", "then the lowest", 1)
	anchor.Reanchor(newText, claims)
	// ...while a claim is marked on the old text and another is edited.
	late := newClaim(t, st, a, "Critics in Zürich dispute the figure")
	edited, _ := st.Claim(ctx, first.ID)
	edited.Claimant = "Café owners"
	if err := st.UpdateClaim(ctx, edited); err != nil {
		t.Fatal(err)
	}
	if err := st.AddVersion(ctx, a.ID, &annotate.ArticleVersion{Text: newText, Base: a.Version}, claims); err != nil {
		t.Fatal(err)
	}
	got, err := st.Article(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	runes := []rune(got.Text)
	all, _ := st.Claims(ctx, a.ID)
	if len(all) != 2 {
		t.Fatalf("claims after the update = %d, want 2", len(all))
	}
	for _, c := range all {
		if c.AnchorBy == annotate.AnchorOrphan {
			t.Errorf("claim %d is orphaned; its quote is in the new text", c.ID)
			continue
		}
		if at := string(runes[c.Start:c.End]); at != c.Exact {
			t.Errorf("claim %d points at %q, not its quote %q", c.ID, at, c.Exact)
		}
	}
	if c, _ := st.Claim(ctx, late.ID); c.Start == late.Start {
		t.Errorf("the claim marked meanwhile kept its old offset %d", c.Start)
	}
	if c, _ := st.Claim(ctx, first.ID); c.Claimant != "Café owners" {
		t.Errorf("the edit made meanwhile was lost: claimant %q", c.Claimant)
	}
}

func testAddVersionBase(t *testing.T, st annotate.Store) {
	ctx := context.Background()
	a := newArticle(t, st, "Two updates")
	if err := st.AddVersion(ctx, a.ID, &annotate.ArticleVersion{Text: a.Text + "\n\nMore.", Base: 1}, nil); err != nil {
		t.Fatal(err)
	}
	err := st.AddVersion(ctx, a.ID, &annotate.ArticleVersion{Text: a.Text + "\n\nOther.", Base: 1}, nil)
	wantCode(t, "AddVersion from version 1 after version 2", err, annotate.ECONFLICT)
	vs, _ := st.Versions(ctx, a.ID)
	if len(vs) != 2 || !isUUID(vs[1].UUID) || vs[0].UUID == vs[1].UUID {
		t.Errorf("versions = %d (UUIDs %q, %q), want 2 with UUIDs of their own", len(vs), vs[0].UUID, vs[len(vs)-1].UUID)
	}
}

func testImportAllOrNothing(t *testing.T, st annotate.Store) {
	ctx := context.Background()
	good := &annotate.Article{Title: "Good", Text: text}
	c, err := annotate.NewClaim(good, 0, 4)
	if err != nil {
		t.Fatal(err)
	}
	bad := &annotate.Article{Title: "Bad", Text: text}
	wrong := *c
	wrong.Exact = "not the text"
	err = st.ImportArticles(ctx, []annotate.ArticleImport{
		{Article: good, Claims: []*annotate.Claim{c}},
		{Article: bad, Claims: []*annotate.Claim{&wrong}},
	})
	wantCode(t, "ImportArticles with a bad second article", err, annotate.EINVALID)
	if list, _ := st.Articles(ctx); len(list) != 0 {
		t.Errorf("articles after a refused import = %d, want 0", len(list))
	}
	if err := st.ImportArticles(ctx, []annotate.ArticleImport{
		{Article: good, Claims: []*annotate.Claim{c}},
		{Article: bad},
	}); err != nil {
		t.Fatal(err)
	}
	if list, _ := st.Articles(ctx); len(list) != 2 {
		t.Errorf("articles after the import = %d, want 2", len(list))
	}
}

func testImportKeepsUUIDs(t *testing.T, st annotate.Store) {
	ctx := context.Background()
	a := &annotate.Article{Title: "Merged", Text: text, UUID: "0f8b2c1e-4d3a-4b5c-8d6e-7f8091a2b3c4"}
	c, _ := annotate.NewClaim(a, 0, 4)
	c.UUID = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"
	if err := st.ImportArticles(ctx, []annotate.ArticleImport{{Article: a, Claims: []*annotate.Claim{c}}}); err != nil {
		t.Fatal(err)
	}
	got, _ := st.Article(ctx, a.ID)
	gc, _ := st.Claim(ctx, c.ID)
	if got.UUID != "0f8b2c1e-4d3a-4b5c-8d6e-7f8091a2b3c4" || gc.UUID != "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d" {
		t.Errorf("imported UUIDs %q, %q; want the export's", got.UUID, gc.UUID)
	}
	// Imported again, the same export gets new ones: a UUID names one thing.
	a2 := &annotate.Article{Title: "Merged", Text: text, UUID: a.UUID}
	c2, _ := annotate.NewClaim(a2, 0, 4)
	c2.UUID = c.UUID
	if err := st.ImportArticles(ctx, []annotate.ArticleImport{{Article: a2, Claims: []*annotate.Claim{c2}}}); err != nil {
		t.Fatal(err)
	}
	if a2.UUID == a.UUID || c2.UUID == c.UUID || !isUUID(a2.UUID) || !isUUID(c2.UUID) {
		t.Errorf("second import kept UUIDs %q, %q already in use", a2.UUID, c2.UUID)
	}
}

func testAuthor(t *testing.T, st annotate.Store) {
	ctx := context.Background()
	p, err := st.Author(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !isUUID(p.UUID) || p.Name == "" {
		t.Fatalf("Author = %+v, want a person with a UUID and the system user's name", p)
	}
	if err := st.SetAuthorName(ctx, "Ana Lima"); err != nil {
		t.Fatal(err)
	}
	a := newArticle(t, st, "Authored")
	changes, err := st.History(ctx, annotate.KindArticle, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) == 0 || changes[0].Author != (annotate.Person{UUID: p.UUID, Name: "Ana Lima"}) {
		t.Errorf("first change's author = %+v, want Ana Lima with UUID %s", changes, p.UUID)
	}
	wantCode(t, "SetAuthorName(\"\")", st.SetAuthorName(ctx, " "), annotate.EINVALID)
}

// testReview follows a verdict through the two-person rule, changing the
// person the store writes as by renaming it, as a desk's user would.
func testReview(t *testing.T, st annotate.Store) {
	ctx := context.Background()
	as := func(name string) {
		t.Helper()
		if err := st.SetAuthorName(ctx, name); err != nil {
			t.Fatal(err)
		}
	}
	reread := func(c *annotate.Claim) *annotate.Claim {
		t.Helper()
		got, err := st.Claim(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	as("Ana")
	a := newArticle(t, st, "Reviewed")
	c := newClaim(t, st, a, "unemployment fell to 3.5 percent")

	c.ReviewedBy = "Ana"
	wantCode(t, "sign-off without a verdict", st.UpdateClaim(ctx, c), annotate.EINVALID)
	c = reread(c)
	c.Assignee = "Bea"
	if err := c.SetVerdict(annotate.VerdictFalse); err != nil {
		t.Fatal(err)
	}
	c.Rationale = "The statistics office puts it at 4.1 percent."
	if err := st.UpdateClaim(ctx, c); err != nil {
		t.Fatal(err)
	}
	c = reread(c)
	if c.CheckedBy != "Ana" || c.ReviewedBy != "" || c.Assignee != "Bea" {
		t.Fatalf("after Ana's verdict: checked by %q, reviewed by %q, assigned to %q; want Ana, nobody, Bea", c.CheckedBy, c.ReviewedBy, c.Assignee)
	}
	if !c.WaitsForReviewBy("Bea") || c.WaitsForReviewBy("Ana") || !c.AssignedTo("Bea") {
		t.Errorf("Ana's verdict should wait for Bea's review, not Ana's, and be assigned to Bea")
	}
	c.ReviewedBy = "Ana"
	wantCode(t, "the checker signing off her own verdict", st.UpdateClaim(ctx, c), annotate.EINVALID)
	c = reread(c)
	c.ReviewedBy = "Bea"
	wantCode(t, "signing off as someone else", st.UpdateClaim(ctx, c), annotate.EINVALID)

	as("Bea")
	c = reread(c)
	c.ReviewedBy = "Bea"
	if err := st.UpdateClaim(ctx, c); err != nil {
		t.Fatalf("Bea signing off Ana's verdict: %v", err)
	}
	c = reread(c)
	if c.ReviewedBy != "Bea" || c.CheckedBy != "Ana" || c.WaitsForReviewBy("Bea") {
		t.Fatalf("after Bea's sign-off: reviewed by %q, checked by %q", c.ReviewedBy, c.CheckedBy)
	}
	c.Notes = "called the office"
	c.CheckedBy = "Bea" // not the store's to take from the caller
	if err := st.UpdateClaim(ctx, c); err != nil {
		t.Fatal(err)
	}
	if c = reread(c); c.ReviewedBy != "Bea" || c.CheckedBy != "Ana" {
		t.Fatalf("a note changed the review: reviewed by %q, checked by %q", c.ReviewedBy, c.CheckedBy)
	}
	c.Rationale += " Revised in March."
	if err := st.UpdateClaim(ctx, c); err != nil {
		t.Fatal(err)
	}
	if c = reread(c); c.ReviewedBy != "" || c.CheckedBy != "Bea" {
		t.Fatalf("a new rationale should void the sign-off and be Bea's check: reviewed by %q, checked by %q", c.ReviewedBy, c.CheckedBy)
	}

	changes, err := st.History(ctx, annotate.KindClaim, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	signed, voided := false, false
	for _, ch := range changes {
		if f, ok := fieldOf(ch, "reviewed_by"); ok {
			signed = signed || (f.New == "Bea" && ch.Author.Name == "Bea")
			voided = voided || (f.Old == "Bea" && f.New == nil)
		}
	}
	if !signed || !voided {
		t.Errorf("history should record Bea's sign-off (%v) and its voiding (%v)", signed, voided)
	}
	people, err := st.People(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(people, func(p annotate.Person) bool { return p.Name == "Bea" && isUUID(p.UUID) }) {
		t.Errorf("People = %+v, want the library's person, now named Bea", people)
	}
}

func testSearch(t *testing.T, st annotate.Store) {
	ctx := context.Background()
	a := newArticle(t, st, "Searchable")
	c := newClaim(t, st, a, "unemployment fell to 3.5 percent")
	hits, err := st.Search(ctx, "unemployment", 10)
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, h := range hits {
		found = found || (h.Kind == annotate.SearchClaim && h.ClaimID == c.ID && h.ArticleID == a.ID)
	}
	if !found {
		t.Errorf("Search(unemployment) = %+v, want the claim", hits)
	}
}

func testNotFound(t *testing.T, st annotate.Store) {
	ctx := context.Background()
	_, err := st.Claim(ctx, 4242)
	if !errors.Is(err, annotate.ErrNotFound) {
		t.Errorf("Claim(4242): error = %v, want one that is ErrNotFound", err)
	}
	_, err = st.History(ctx, annotate.KindClaim, 4242)
	wantCode(t, "History of a claim never made", err, annotate.ENOTFOUND)
	wantCode(t, "UpdateClaim of a claim never made", st.UpdateClaim(ctx, &annotate.Claim{ID: 4242, Rev: 1, Statement: "x", Anchor: annotate.Anchor{Exact: "x", Start: 0, End: 1}, Status: annotate.StatusUnchecked}), annotate.ENOTFOUND)
}
