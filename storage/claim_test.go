package storage

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/factdesk/factdesk/annotate"
)

func TestCreateClaim(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	a := newArticle(t, db, "Rents", sampleText)
	start, end, err := annotate.FindQuote(a.Text, "Critics in Zürich", 1)
	if err != nil {
		t.Fatal(err)
	}
	c, err := annotate.NewClaim(a, start, end)
	if err != nil {
		t.Fatal(err)
	}
	c.Claimant, c.ClaimDate, c.Notes = "Opposition", "2025-09-01", "Ask the statistics office."
	c.Tags = []string{"Economy", " housing  costs ", "economy"}
	c.Sources = []annotate.Source{
		{URL: "https://stats.example.org/a", Title: "Rents index", Stance: annotate.StanceSupports},
		{URL: "https://news.example.com/b", Accessed: time.Date(2025, 9, 2, 0, 0, 0, 0, time.UTC)},
	}
	if err := db.CreateClaim(ctx, c); err != nil {
		t.Fatal(err)
	}
	if c.ID == 0 || c.Created.IsZero() || !c.Updated.Equal(c.Created) {
		t.Errorf("after CreateClaim: ID %d, Created %v, Updated %v", c.ID, c.Created, c.Updated)
	}
	if want := []string{"economy", "housing costs"}; !reflect.DeepEqual(c.Tags, want) {
		t.Errorf("Tags = %q, want %q", c.Tags, want)
	}
	for i, s := range c.Sources {
		if s.ID == 0 || s.ClaimID != c.ID || s.Accessed.IsZero() || s.Stance == "" {
			t.Errorf("Sources[%d] = %+v, want an ID, claim %d, an access date and a stance", i, s, c.ID)
		}
	}
	if c.Sources[1].Stance != annotate.StanceContext {
		t.Errorf("default stance = %q, want context", c.Sources[1].Stance)
	}

	got, err := db.Claim(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(normTimes(got), normTimes(c)) {
		t.Errorf("Claim(%d) =\n%+v\nwant\n%+v", c.ID, got, c)
	}
	// "Café" puts byte and code-point offsets one apart.
	if byteOff := strings.Index(a.Text, "Critics"); got.Start != 136 || byteOff != 137 {
		t.Errorf("Start = %d (byte offset %d), want the code-point offset 136", got.Start, byteOff)
	}
}

// normTimes returns a copy of c whose times compare with DeepEqual.
func normTimes(c *annotate.Claim) annotate.Claim {
	n := *c
	n.Created, n.Updated = n.Created.UTC(), n.Updated.UTC()
	n.Sources = append([]annotate.Source(nil), c.Sources...)
	for i := range n.Sources {
		n.Sources[i].Accessed = n.Sources[i].Accessed.UTC()
	}
	return n
}

func TestCreateClaimRefuses(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	a := newArticle(t, db, "Rents", sampleText)
	good := func() *annotate.Claim {
		c, err := annotate.NewClaim(a, 0, 11)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	tests := []struct {
		name   string
		change func(c *annotate.Claim)
		code   string
		msg    string
	}{
		{"unknown article", func(c *annotate.Claim) { c.ArticleID = 999 }, annotate.ENOTFOUND, "no article with id 999"},
		{"quote differs from text", func(c *annotate.Claim) { c.Exact = "Cafe owners" }, annotate.EINVALID, "does not match the article text"},
		{"span past the end", func(c *annotate.Claim) { c.Start, c.End = 1000, 1011 }, annotate.EINVALID, "past the end"},
		{"empty span", func(c *annotate.Claim) { c.End = c.Start }, annotate.EINVALID, "empty"},
		{"no statement", func(c *annotate.Claim) { c.Statement = " " }, annotate.EINVALID, "statement"},
		{"bad status", func(c *annotate.Claim) { c.Status = "maybe" }, annotate.EINVALID, "unknown status"},
		{"done without verdict", func(c *annotate.Claim) { c.Status = annotate.StatusDone }, annotate.EINVALID, "verdict"},
		{"bad date", func(c *annotate.Claim) { c.ClaimDate = "yesterday" }, annotate.EINVALID, "claim date"},
		{"bad tag", func(c *annotate.Claim) { c.Tags = []string{"a,b"} }, annotate.EINVALID, "comma"},
		{"bad source", func(c *annotate.Claim) { c.Sources = []annotate.Source{{URL: "javascript:alert(1)"}} }, annotate.EINVALID, "source URL"},
		{"bad anchor method", func(c *annotate.Claim) { c.AnchorBy = "guess" }, annotate.EINVALID, "anchor method"},
		{"bad anchor score", func(c *annotate.Claim) { c.AnchorScore = 2 }, annotate.EINVALID, "anchor score"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := good()
			tt.change(c)
			err := db.CreateClaim(ctx, c)
			wantCode(t, err, tt.code)
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error = %q, want it to mention %q", err, tt.msg)
			}
			if c.ID != 0 {
				t.Errorf("a refused claim got ID %d", c.ID)
			}
		})
	}
	if _, n, _ := db.Counts(ctx); n != 0 {
		t.Errorf("claims after refusals = %d, want 0", n)
	}
	wantCode(t, db.CreateClaim(ctx, nil), annotate.EINVALID)
}

func TestCreateClaimsAllOrNothing(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	a := newArticle(t, db, "Rents", sampleText)
	ok1, _ := annotate.NewClaim(a, 0, 11)
	ok2, _ := annotate.NewClaim(a, 12, 18)
	bad, _ := annotate.NewClaim(a, 20, 24)
	bad.Exact = "nope"
	err := db.CreateClaims(ctx, []*annotate.Claim{ok1, ok2, bad})
	wantCode(t, err, annotate.EINVALID)
	if _, n, _ := db.Counts(ctx); n != 0 {
		t.Errorf("claims after a refused batch = %d, want 0", n)
	}
	if ok1.ID != 0 {
		t.Errorf("claim of a refused batch got ID %d", ok1.ID)
	}
	if err := db.CreateClaims(ctx, []*annotate.Claim{ok1, ok2}); err != nil {
		t.Fatal(err)
	}
	if ok1.ID == 0 || ok2.ID <= ok1.ID {
		t.Errorf("IDs = %d, %d; want increasing IDs", ok1.ID, ok2.ID)
	}
}

func TestOrphanClaimKeepsOldQuote(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	a := newArticle(t, db, "Rents", sampleText)
	c := &annotate.Claim{ArticleID: a.ID, Anchor: annotate.Anchor{Start: 5000, End: 5010, Exact: "lost words"},
		Statement: "lost words", Status: annotate.StatusNeedsReview, AnchorBy: annotate.AnchorOrphan}
	if err := db.CreateClaim(ctx, c); err != nil {
		t.Fatalf("CreateClaim(orphan): %v", err)
	}
	got, err := db.Claim(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Exact != "lost words" || got.AnchorBy != annotate.AnchorOrphan || got.AnchorScore != 0 {
		t.Errorf("orphan read back as %+v", got)
	}
}

func TestUpdateClaim(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	a := newArticle(t, db, "Rents", sampleText)
	c := newClaim(t, db, a, "unemployment fell to 3.5 percent")
	c.Tags = []string{"jobs"}
	if err := db.UpdateClaim(ctx, c); err != nil {
		t.Fatal(err)
	}
	created := c.Created
	time.Sleep(2 * time.Millisecond)

	c.Statement = "The jobless rate fell to 3.5 percent"
	c.Claimant, c.ClaimDate, c.Notes = "The mayor", "2025-09-04", "Check the labour office."
	c.Tags = []string{"economy", "Jobs"}
	if err := c.SetVerdict(annotate.VerdictMostlyFalse); err != nil {
		t.Fatal(err)
	}
	if err := c.SetStatus(annotate.StatusDone); err != nil {
		t.Fatal(err)
	}
	// Move the anchor to a wider span.
	start, end, _ := annotate.FindQuote(a.Text, "unemployment fell to 3.5 percent, the lowest in a decade", 1)
	anc, _ := annotate.Describe(a.Text, start, end)
	c.Anchor = anc
	if err := db.UpdateClaim(ctx, c); err != nil {
		t.Fatal(err)
	}
	if !c.Updated.After(created) || !c.Created.Equal(created) {
		t.Errorf("Updated %v, Created %v; want Updated after %v and Created unchanged", c.Updated, c.Created, created)
	}
	got, err := db.Claim(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(normTimes(got), normTimes(c)) {
		t.Errorf("Claim after update =\n%+v\nwant\n%+v", got, c)
	}
	if want := []string{"economy", "jobs"}; !reflect.DeepEqual(got.Tags, want) {
		t.Errorf("Tags = %q, want %q in the given order", got.Tags, want)
	}

	bad := *got
	bad.Exact = "not in the text"
	wantCode(t, db.UpdateClaim(ctx, &bad), annotate.EINVALID)
	bad = *got
	bad.ArticleID = a.ID + 1
	wantCode(t, db.UpdateClaim(ctx, &bad), annotate.EINVALID)
	bad = *got
	bad.ID = 999
	wantCode(t, db.UpdateClaim(ctx, &bad), annotate.ENOTFOUND)
	bad = *got
	bad.Verdict = ""
	wantCode(t, db.UpdateClaim(ctx, &bad), annotate.EINVALID) // done without a verdict
	if again, _ := db.Claim(ctx, c.ID); !reflect.DeepEqual(normTimes(again), normTimes(got)) {
		t.Errorf("refused updates changed the claim to %+v", again)
	}
}

func TestDeleteAndRestoreClaim(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	a := newArticle(t, db, "Rents", sampleText)
	first := newClaim(t, db, a, "Café owners")
	c := newClaim(t, db, a, "unemployment fell to 3.5 percent")
	c.Tags, c.Notes = []string{"jobs", "economy"}, "restorable note"
	if err := db.UpdateClaim(ctx, c); err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"https://stats.example.org/1", "https://stats.example.org/2"} {
		if err := db.AddSource(ctx, &annotate.Source{ClaimID: c.ID, URL: u, Excerpt: "quokka"}); err != nil {
			t.Fatal(err)
		}
	}
	before, err := db.Claim(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}

	if err := db.DeleteClaim(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	_, err = db.Claim(ctx, c.ID)
	wantCode(t, err, annotate.ENOTFOUND)
	for _, q := range []string{"restorable", "quokka"} {
		if hits, _ := db.Search(ctx, q, 10); len(hits) != 0 {
			t.Errorf("Search(%q) after DeleteClaim = %+v, want nothing", q, hits)
		}
	}
	var n int
	db.sql.QueryRow(`SELECT (SELECT count(*) FROM sources) + (SELECT count(*) FROM claim_tags)`).Scan(&n)
	if n != 0 {
		t.Errorf("sources and tag links after DeleteClaim = %d, want 0", n)
	}

	// A claim made in between must not take the deleted one's ID.
	other := newClaim(t, db, a, "Critics in Zürich")
	if other.ID == c.ID || other.ID == first.ID {
		t.Fatalf("new claim reused ID %d", other.ID)
	}

	restore := *before
	if err := db.RestoreClaim(ctx, &restore); err != nil {
		t.Fatal(err)
	}
	after, err := db.Claim(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(normTimes(after), normTimes(before)) {
		t.Errorf("restored claim =\n%+v\nwant\n%+v", after, before)
	}
	for _, q := range []string{"restorable", "quokka"} {
		if hits, _ := db.Search(ctx, q, 10); len(hits) == 0 {
			t.Errorf("Search(%q) after RestoreClaim found nothing", q)
		}
	}
	wantCode(t, db.RestoreClaim(ctx, &restore), annotate.ECONFLICT)
	noID := *before
	noID.ID = 0
	wantCode(t, db.RestoreClaim(ctx, &noID), annotate.EINVALID)
	gone := *before
	gone.ID, gone.ArticleID = 500, 999
	wantCode(t, db.RestoreClaim(ctx, &gone), annotate.ENOTFOUND)
	checkIndexes(t, db)
}

func TestClaimsTextOrder(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	a := newArticle(t, db, "Rents", sampleText)
	// Made out of text order, with two claims on the same start.
	spans := [][2]int{{77, 109}, {0, 11}, {77, 90}, {129, 146}, {0, 11}}
	var ids []int64
	for _, s := range spans {
		c, err := annotate.NewClaim(a, s[0], s[1])
		if err != nil {
			t.Fatal(err)
		}
		if err := db.CreateClaim(ctx, c); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, c.ID)
	}
	got, err := db.Claims(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []int64{ids[1], ids[4], ids[2], ids[0], ids[3]}
	var gotIDs []int64
	for _, c := range got {
		gotIDs = append(gotIDs, c.ID)
		if c.Tags == nil || c.Sources == nil {
			t.Errorf("claim %d has nil Tags or Sources, want empty slices", c.ID)
		}
	}
	if !reflect.DeepEqual(gotIDs, want) {
		t.Errorf("Claims order = %v, want %v", gotIDs, want)
	}
	empty := newArticle(t, db, "Empty", sampleText)
	if got, err := db.Claims(ctx, empty.ID); err != nil || got == nil || len(got) != 0 {
		t.Errorf("Claims(no claims) = %v, %v; want an empty slice", got, err)
	}
}

// TestClaimNumbers checks that a claim's number is given at creation, is the
// highest so far plus one, and never changes or comes back when other claims
// are added, deleted or restored.
func TestClaimNumbers(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	a := newArticle(t, db, "Rents", sampleText)
	b := newArticle(t, db, "Other", sampleText)
	// Marked out of text order on purpose: numbers follow creation.
	last := newClaim(t, db, a, "rising cost of living")
	first := newClaim(t, db, a, "Café owners")
	mid := newClaim(t, db, a, "unemployment fell")
	if last.Number != 1 || first.Number != 2 || mid.Number != 3 {
		t.Fatalf("numbers = %d, %d, %d, want 1, 2, 3 in creation order", last.Number, first.Number, mid.Number)
	}
	if other := newClaim(t, db, b, "Café owners"); other.Number != 1 {
		t.Errorf("first claim of another article has number %d, want 1", other.Number)
	}

	// Deleting the highest does not free its number.
	if err := db.DeleteClaim(ctx, mid.ID); err != nil {
		t.Fatal(err)
	}
	next := newClaim(t, db, a, "the lowest in a decade")
	if next.Number != 4 {
		t.Errorf("claim after deleting number 3 has number %d, want 4", next.Number)
	}
	// Undo puts the deleted claim back under its own number.
	if err := db.RestoreClaim(ctx, mid); err != nil {
		t.Fatal(err)
	}
	got, err := db.ClaimNumbered(ctx, a.ID, 3)
	if err != nil {
		t.Fatalf("ClaimNumbered(3) after restore: %v", err)
	}
	if got.ID != mid.ID {
		t.Errorf("ClaimNumbered(3) = claim %d, want %d", got.ID, mid.ID)
	}
	// A restored claim whose number was taken meanwhile gets a new one
	// rather than two claims sharing it.
	dup := *first
	dup.ID = 0
	dup.Sources = nil
	if err := db.CreateClaim(ctx, &dup); err != nil {
		t.Fatal(err)
	}
	if dup.Number != 5 {
		t.Errorf("claim created with a number already used got %d, want 5", dup.Number)
	}
	claims, err := db.Claims(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[int]bool{}
	for _, c := range claims {
		if seen[c.Number] {
			t.Errorf("number %d used twice in %+v", c.Number, claims)
		}
		seen[c.Number] = true
	}
	if _, err := db.ClaimNumbered(ctx, a.ID, 99); err == nil {
		t.Error("ClaimNumbered(99) found a claim that does not exist")
	} else {
		wantCode(t, err, annotate.ENOTFOUND)
	}
}
