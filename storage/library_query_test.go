package storage

import (
	"context"
	"strings"
	"testing"

	"github.com/factdesk/factdesk/annotate"
)

// libraryTitles lists the titles of a page of the library.
func libraryTitles(t *testing.T, db *DB, filter, order string, offset, limit int) string {
	t.Helper()
	page, err := db.LibraryPage(context.Background(), filter, order, offset, limit)
	if err != nil {
		t.Fatalf("LibraryPage(%q, %q): %v", filter, order, err)
	}
	var s []string
	for _, a := range page {
		s = append(s, a.Title)
	}
	return strings.Join(s, ",")
}

func TestLibraryPageOrdersAndFilters(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	budget := newArticle(t, db, "Budget cuts", sampleText)
	airport := newArticle(t, db, "airport expansion", sampleText)
	census := newArticle(t, db, "Census count", sampleText)
	airport.Publisher = "Zeta Wire"
	if err := db.UpdateArticle(ctx, airport); err != nil {
		t.Fatal(err)
	}
	// Census: 2 claims, 1 done; Budget: 1 claim, done; Airport: none.
	c1 := newClaim(t, db, census, "raised rents by 40 percent")
	newClaim(t, db, census, "unemployment fell to 3.5 percent")
	c1.SetVerdict(annotate.VerdictFalse)
	c1.SetStatus(annotate.StatusDone)
	if err := db.UpdateClaim(ctx, c1); err != nil {
		t.Fatal(err)
	}
	b1 := newClaim(t, db, budget, "Critics in Zürich")
	b1.SetVerdict(annotate.VerdictTrue)
	b1.SetStatus(annotate.StatusDone)
	if err := db.UpdateClaim(ctx, b1); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		filter, order string
		offset, limit int
		want          string
	}{
		{"", LibraryNewest, 0, 10, "Census count,airport expansion,Budget cuts"},
		{"", LibraryTitle, 0, 10, "airport expansion,Budget cuts,Census count"},
		{"", LibraryPublisher, 0, 10, "Census count,Budget cuts,airport expansion"},
		{"", LibraryProgress, 0, 10, "airport expansion,Census count,Budget cuts"},
		{"", LibraryClaims, 0, 10, "Census count,Budget cuts,airport expansion"},
		{"", LibraryTitle, 1, 1, "Budget cuts"},
		{"", LibraryTitle, 3, 10, ""},
		{"cen", LibraryNewest, 0, 10, "Census count"},
		{"AIR", LibraryNewest, 0, 10, "airport expansion"},
		{"zeta", LibraryNewest, 0, 10, "airport expansion"},
		{"example budget", LibraryNewest, 0, 10, "Budget cuts"},
		{"daily", LibraryTitle, 0, 10, "Budget cuts,Census count"},
		{"c", LibraryTitle, 0, 10, "airport expansion,Budget cuts,Census count"},
		{"nothing", LibraryNewest, 0, 10, ""},
		{`"budget" OR *`, LibraryNewest, 0, 10, ""},
		{"—", LibraryNewest, 0, 10, "Census count,airport expansion,Budget cuts"},
	}
	for _, tt := range tests {
		if got := libraryTitles(t, db, tt.filter, tt.order, tt.offset, tt.limit); got != tt.want {
			t.Errorf("LibraryPage(%q, %s, %d, %d) = %q, want %q", tt.filter, tt.order, tt.offset, tt.limit, got, tt.want)
		}
		if tt.offset == 0 {
			n, err := db.LibraryCount(ctx, tt.filter)
			if want := len(strings.Split(tt.want, ",")); err != nil || (tt.want != "" && n != want) || (tt.want == "" && n != 0) {
				t.Errorf("LibraryCount(%q) = %d, %v; want as many as %q", tt.filter, n, err, tt.want)
			}
		}
	}
	if _, err := db.LibraryPage(ctx, "", "colour", 0, 10); err == nil {
		t.Error("LibraryPage with an unknown order: no error")
	}
}

// TestLibraryProgressFollowsClaims checks that the kept counts follow every
// way claims change, and agree with a count of the claims.
func TestLibraryProgressFollowsClaims(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	a := newArticle(t, db, "Rents", sampleText)
	other := newArticle(t, db, "Other", sampleText)
	c1 := newClaim(t, db, a, "raised rents by 40 percent")
	c2 := newClaim(t, db, a, "unemployment fell to 3.5 percent")
	newClaim(t, db, other, "Critics in Zürich")
	check := func(step string, claims, done int) {
		t.Helper()
		page, err := db.LibraryPage(ctx, "rents", LibraryNewest, 0, 10)
		if err != nil || len(page) != 1 {
			t.Fatalf("%s: LibraryPage = %+v, %v", step, page, err)
		}
		if page[0].Claims != claims || page[0].Checked != done {
			t.Errorf("%s: %d claims, %d done; want %d, %d", step, page[0].Claims, page[0].Checked, claims, done)
		}
		var counted, countedDone int
		if err := db.sql.QueryRow(`SELECT count(*), count(*) FILTER (WHERE status = 'done') FROM claims WHERE article_id = ?`, a.ID).Scan(&counted, &countedDone); err != nil {
			t.Fatal(err)
		}
		if counted != claims || countedDone != done {
			t.Errorf("%s: the claims table holds %d, %d done; want %d, %d", step, counted, countedDone, claims, done)
		}
	}
	check("created", 2, 0)
	c1.SetVerdict(annotate.VerdictFalse)
	c1.SetStatus(annotate.StatusDone)
	if err := db.UpdateClaim(ctx, c1); err != nil {
		t.Fatal(err)
	}
	check("one done", 2, 1)
	c1.SetVerdict(annotate.VerdictNone)
	if err := db.UpdateClaim(ctx, c1); err != nil {
		t.Fatal(err)
	}
	check("verdict taken back", 2, 0)
	c2.SetVerdict(annotate.VerdictTrue)
	c2.SetStatus(annotate.StatusDone)
	if err := db.UpdateClaim(ctx, c2); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteClaim(ctx, c2.ID); err != nil {
		t.Fatal(err)
	}
	check("done claim deleted", 1, 0)
	if err := db.RestoreClaim(ctx, c2); err != nil {
		t.Fatal(err)
	}
	check("restored", 2, 1)
	if err := db.DeleteArticle(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if n, err := db.LibraryCount(ctx, ""); err != nil || n != 1 {
		t.Errorf("LibraryCount after deleting an article = %d, %v; want 1", n, err)
	}
	var rows int
	if err := db.sql.QueryRow(`SELECT count(*) FROM article_progress WHERE article_id = ?`, a.ID).Scan(&rows); err != nil || rows != 0 {
		t.Errorf("progress rows of the deleted article = %d, %v; want 0", rows, err)
	}
}
