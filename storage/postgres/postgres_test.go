package postgres

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/storage/postgres/pgtest"
)

const text = "Café owners say the city raised rents by 40 percent in 2024.\n\n" +
	"The mayor said unemployment fell to 3.5 percent, the lowest in a decade.\n\n" +
	"Critics in Zürich dispute the figure and point to the rising cost of living."

func newArticle(t *testing.T, db *DB, title, body string) *annotate.Article {
	t.Helper()
	a := &annotate.Article{Title: title, URL: "https://news.example.org/" + strings.ToLower(strings.ReplaceAll(title, " ", "-")), Text: body}
	if err := db.CreateArticle(context.Background(), a, nil); err != nil {
		t.Fatalf("CreateArticle(%q): %v", title, err)
	}
	return a
}

func newClaim(t *testing.T, db *DB, a *annotate.Article, quote string) *annotate.Claim {
	t.Helper()
	start, end, err := annotate.FindQuote(a.Text, quote, 1)
	if err != nil {
		t.Fatal(err)
	}
	c, err := annotate.NewClaim(a, start, end)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.CreateClaim(context.Background(), c); err != nil {
		t.Fatalf("CreateClaim(%q): %v", quote, err)
	}
	return c
}

func migrationsApplied(t *testing.T, db *DB) []int {
	t.Helper()
	rows, err := db.pool.Query(context.Background(), `SELECT version FROM schema_migrations ORDER BY version`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	return out
}

func allMigrations() []int {
	var out []int
	for _, m := range migrations {
		out = append(out, m.version)
	}
	return out
}

// TestReopenKeepsLibrary checks that opening a migrated library again
// applies nothing and keeps what it holds.
func TestReopenKeepsLibrary(t *testing.T) {
	ctx := context.Background()
	url := pgtest.Start(t).NewDatabase(t)
	db, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	a := newArticle(t, db, "Rents", text)
	db.Close()
	db, err = Open(ctx, url)
	if err != nil {
		t.Fatalf("Open a second time: %v", err)
	}
	defer db.Close()
	if got, want := migrationsApplied(t, db), allMigrations(); !slices.Equal(got, want) {
		t.Errorf("schema_migrations after reopening = %v, want %v", got, want)
	}
	if got, err := db.Article(ctx, a.ID); err != nil || got.Title != "Rents" {
		t.Errorf("Article after reopening = %+v, %v; want the article", got, err)
	}
}

// TestConcurrentOpenMigratesOnce opens a new database from several pools
// at once, as desks starting together would: each migration runs once.
func TestConcurrentOpenMigratesOnce(t *testing.T) {
	ctx := context.Background()
	srv := pgtest.Start(t)
	for round := 0; round < 3; round++ {
		url := srv.NewDatabase(t)
		const desks = 4
		var wg sync.WaitGroup
		dbs := make([]*DB, desks)
		errs := make([]error, desks)
		for i := range desks {
			wg.Add(1)
			go func() {
				defer wg.Done()
				dbs[i], errs[i] = Open(ctx, url)
			}()
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("round %d, desk %d: Open: %v", round, i, err)
			}
			defer dbs[i].Close()
		}
		if got, want := migrationsApplied(t, dbs[0]), allMigrations(); !slices.Equal(got, want) {
			t.Errorf("round %d: schema_migrations = %v, want %v once each", round, got, want)
		}
	}
}

// TestNewerSchemaRefused checks that a library migrated by a newer
// FactDesk is not opened.
func TestNewerSchemaRefused(t *testing.T) {
	ctx := context.Background()
	url := pgtest.Start(t).NewDatabase(t)
	db, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.pool.Exec(ctx, `INSERT INTO schema_migrations(version, name) VALUES ($1, 'from the future')`, len(migrations)+1); err != nil {
		t.Fatal(err)
	}
	_, err = Open(ctx, url)
	if annotate.ErrorCode(err) != annotate.EINVALID || !strings.Contains(err.Error(), "newer FactDesk") {
		t.Errorf("Open of a newer library: error %v, want EINVALID naming a newer FactDesk", err)
	}
}

// TestOpenErrorsHidePassword checks that a failed Open says what went
// wrong without the password.
func TestOpenErrorsHidePassword(t *testing.T) {
	srv := pgtest.Start(t)
	url := strings.Replace(srv.URL("no_such_library"), "postgres@", "postgres:s3cr3t-pw@", 1)
	_, err := Open(context.Background(), url)
	if err == nil {
		t.Fatal("Open of a database that does not exist succeeded")
	}
	if msg := err.Error(); strings.Contains(msg, "s3cr3t-pw") || !strings.Contains(msg, "no such database") || !strings.Contains(msg, "127.0.0.1:") {
		t.Errorf("error = %q, want the server and the missing database named, without the password", msg)
	}
	if _, err := Open(context.Background(), " "); annotate.ErrorCode(err) != annotate.EINVALID {
		t.Errorf("Open of an empty address: %v, want EINVALID", err)
	}
	for _, tt := range []struct{ in, want string }{
		{"postgres://ana:s3cr3t-pw@db.example.org:5432/desk", "postgres://ana:xxxxx@db.example.org:5432/desk"},
		{"host=db.example.org password=s3cr3t-pw dbname=desk", "host=db.example.org password=xxxxx dbname=desk"},
		{"host=db.example.org password='s3 cr3t' dbname=desk", "host=db.example.org password=xxxxx dbname=desk"},
		{"postgres://ana@db.example.org/desk?password=s3cr3t-pw&sslmode=require", "postgres://ana@db.example.org/desk?password=xxxxx&sslmode=require"},
		{"postgres://ana@db.example.org/desk?sslkey=/home/ana/ana.key&sslpassword=s3cr3t-pw", "postgres://ana@db.example.org/desk?sslkey=%2Fhome%2Fana%2Fana.key&sslpassword=xxxxx"},
		{"host=db.example.org sslpassword=s3cr3t-pw dbname=desk", "host=db.example.org sslpassword=xxxxx dbname=desk"},
		{"postgres://ana@db.example.org/desk?sslmode=verify-full", "postgres://ana@db.example.org/desk?sslmode=verify-full"},
	} {
		if got := redact(tt.in); got != tt.want {
			t.Errorf("redact(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// A driver's message that quotes a password of the query loses it.
	for _, addr := range []string{
		"postgres://ana@db.example.org/desk?password=s3cr3t-pw",
		"postgres://ana@db.example.org/desk?sslkey=/k&sslpassword=s3cr3t-pw",
	} {
		if got := scrub(errors.New("bad secret s3cr3t-pw"), addr); got != "bad secret xxxxx" {
			t.Errorf("scrub of a message quoting the password of %s = %q, want it hidden", redact(addr), got)
		}
	}
}

// TestAuthorIsTheRole checks that a desk writes as the person of its
// database role, the same person on every connection.
func TestAuthorIsTheRole(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	p, err := db.Author(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "postgres" {
		t.Errorf("Author name = %q, want the role postgres", p.Name)
	}
	again, err := db.Author(ctx)
	if err != nil || again != p {
		t.Errorf("Author again = %+v, %v; want %+v", again, err, p)
	}
}

// TestImportedIDsAreNotHandedOutAgain checks that ids kept from an export
// move the sequences past them, so that the next article, claim and source
// get ids of their own.
func TestImportedIDsAreNotHandedOutAgain(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	a := &annotate.Article{ID: 7, Title: "Imported", Text: text}
	c, err := annotate.NewClaim(a, 0, 4)
	if err != nil {
		t.Fatal(err)
	}
	c.ID = 40
	c.Sources = []annotate.Source{{ID: 90, URL: "https://stats.example.org/a"}}
	if err := db.ImportArticles(ctx, []annotate.ArticleImport{{Article: a, Claims: []*annotate.Claim{c}}}); err != nil {
		t.Fatal(err)
	}
	if a.ID != 7 || c.ID != 40 || c.Sources[0].ID != 90 {
		t.Fatalf("imported ids %d, %d, %d; want the export's 7, 40, 90", a.ID, c.ID, c.Sources[0].ID)
	}
	b := newArticle(t, db, "Made here", text)
	d := newClaim(t, db, b, "unemployment fell")
	s := &annotate.Source{ClaimID: d.ID, URL: "https://stats.example.org/b"}
	if err := db.AddSource(ctx, s); err != nil {
		t.Fatal(err)
	}
	if b.ID <= 7 || d.ID <= 40 || s.ID <= 90 {
		t.Errorf("new ids %d, %d, %d; want them past the imported 7, 40, 90", b.ID, d.ID, s.ID)
	}
}

// TestTimesKeepTheirInstant checks that a time with an offset and
// nanoseconds reads back as the same instant, and that saving an article
// as it was given records no change to its dates.
func TestTimesKeepTheirInstant(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	published := time.Date(2025, 3, 4, 10, 30, 0, 123456789, time.FixedZone("BRT", -3*3600))
	a := &annotate.Article{Title: "Dated", Text: text, Published: published}
	if err := db.CreateArticle(ctx, a, nil); err != nil {
		t.Fatal(err)
	}
	got, err := db.Article(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Published.Equal(published.Truncate(time.Microsecond)) {
		t.Errorf("Published = %v, want %v", got.Published, published)
	}
	a.Byline = "A. Reporter"
	if err := db.UpdateArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	changes, err := db.History(ctx, annotate.KindArticle, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	last := changes[len(changes)-1]
	if len(last.Fields) != 1 || last.Fields[0].Field != "byline" {
		t.Errorf("the update recorded %+v, want the byline only", last.Fields)
	}
}

// TestWritersTakeTurns has two desks mark claims on one article at once:
// every claim gets a number of its own and the history's clock follows
// the order of commits.
func TestWritersTakeTurns(t *testing.T) {
	ctx := context.Background()
	url := pgtest.Start(t).NewDatabase(t)
	var desks [2]*DB
	for i := range desks {
		db, err := Open(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		desks[i] = db
	}
	a := newArticle(t, desks[0], "Busy", text)
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := annotate.NewClaim(a, i, i+5)
			if err == nil {
				err = desks[i%2].CreateClaim(ctx, c)
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	claims, err := desks[1].Claims(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[int]bool{}
	for _, c := range claims {
		if seen[c.Number] {
			t.Errorf("claim number %d given twice", c.Number)
		}
		seen[c.Number] = true
	}
	rows, err := desks[0].pool.Query(ctx, `SELECT hlc FROM changes ORDER BY seq`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var last string
	for rows.Next() {
		var hlc string
		if err := rows.Scan(&hlc); err != nil {
			t.Fatal(err)
		}
		if hlc <= last {
			t.Errorf("change at %s recorded after one at %s", hlc, last)
		}
		last = hlc
	}
}

// TestSearchSyntax checks websearch syntax: a quoted phrase, or, -word,
// the word being typed as a prefix, and snippets with code-point offsets.
func TestSearchSyntax(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	rents := newArticle(t, db, "Rents", text)
	decade := newArticle(t, db, "Decade", "A decade of data shows the lowest turnout, in Zürich and elsewhere.")
	claim := newClaim(t, db, rents, "unemployment fell to 3.5 percent")
	claim.Notes = "Check the labour office bulletin"
	if err := db.UpdateClaim(ctx, claim); err != nil {
		t.Fatal(err)
	}
	if err := db.AddSource(ctx, &annotate.Source{ClaimID: claim.ID, URL: "https://stats.example.org/labour-market", Title: "Labour force survey"}); err != nil {
		t.Fatal(err)
	}

	articles := func(query string) []int64 {
		t.Helper()
		hits, err := db.Search(ctx, query, 10)
		if err != nil {
			t.Fatalf("Search(%q): %v", query, err)
		}
		var ids []int64
		for _, h := range hits {
			if h.Kind == annotate.SearchArticle {
				ids = append(ids, h.ArticleID)
			}
		}
		slices.Sort(ids)
		return ids
	}
	for _, tt := range []struct {
		query string
		want  []int64
	}{
		{`lowest decade`, []int64{rents.ID, decade.ID}},
		{`"lowest in a decade"`, []int64{rents.ID}},
		{`zürich -mayor`, []int64{decade.ID}},
		{`turnout or rents`, []int64{rents.ID, decade.ID}},
		{`unemp`, []int64{rents.ID}}, // still being typed
		{`unemp `, nil},              // a whole word, which no text has
		{`"unemp"`, nil},
		{`!!`, nil},
		{`-mayor`, nil}, // nothing wanted
	} {
		if got := articles(tt.query); !slices.Equal(got, tt.want) {
			t.Errorf("Search(%q) finds articles %v, want %v", tt.query, got, tt.want)
		}
	}

	// A title weighs more than the text.
	hits, err := db.Search(ctx, "decade", 10)
	if err != nil || len(hits) < 2 || hits[0].ArticleID != decade.ID || hits[0].Rank > hits[1].Rank {
		t.Errorf("Search(decade) = %+v, %v; want the article titled Decade first", hits, err)
	}

	hits, err = db.Search(ctx, "zürich", 10)
	if err != nil {
		t.Fatal(err)
	}
	runes := []rune(text)
	for _, h := range hits {
		if h.Kind == annotate.SearchArticle && h.ArticleID == rents.ID {
			if got := string(runes[h.Start : h.Start+6]); got != "Zürich" {
				t.Errorf("article hit starts at %d, at %q; want Zürich", h.Start, got)
			}
			if !strings.Contains(h.Snippet, "[Zürich]") {
				t.Errorf("article snippet %q does not mark [Zürich]", h.Snippet)
			}
		}
	}

	kinds := map[string]annotate.SearchHit{}
	for _, q := range []string{"unemployment", "bulletin", "labour survey"} {
		hits, err := db.Search(ctx, q, 10)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range hits {
			kinds[h.Kind] = h
		}
	}
	if h := kinds[annotate.SearchClaim]; h.ClaimID != claim.ID || h.Start != claim.Start || !strings.Contains(h.Snippet, "[unemployment]") {
		t.Errorf("claim hit = %+v, want claim %d at %d with [unemployment]", h, claim.ID, claim.Start)
	}
	if h := kinds[annotate.SearchNote]; h.ClaimID != claim.ID || !strings.Contains(h.Snippet, "[bulletin]") {
		t.Errorf("note hit = %+v, want claim %d with [bulletin]", h, claim.ID)
	}
	if h := kinds[annotate.SearchSource]; h.ClaimID != claim.ID || h.SourceID == 0 || !strings.Contains(h.Snippet, "[Labour]") {
		t.Errorf("source hit = %+v, want a source of claim %d with [Labour]", h, claim.ID)
	}
}

// TestSearchRanksTheNewest checks that a query matching more than the
// bound ranks the newest matches only, and says so.
func TestSearchRanksTheNewest(t *testing.T) {
	defer func(n int) { searchBound = n }(searchBound)
	searchBound = 3
	ctx := context.Background()
	db := openTemp(t)
	var ids []int64
	for i := range 5 {
		ids = append(ids, newArticle(t, db, fmt.Sprintf("Budget %d", i), text).ID)
	}
	hits, err := db.Search(ctx, "budget", 10)
	if err != nil {
		t.Fatal(err)
	}
	var got []int64
	for _, h := range hits {
		if h.Candidates != 3 {
			t.Errorf("hit %+v has Candidates %d, want 3", h, h.Candidates)
		}
		got = append(got, h.ArticleID)
	}
	slices.Sort(got)
	if want := ids[2:]; !slices.Equal(got, want) {
		t.Errorf("hits of articles %v, want the newest %v", got, want)
	}
}

// TestSimilarClaims checks that claims sharing words with a text are
// found in other articles only, best first.
func TestSimilarClaims(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	a := newArticle(t, db, "One", text)
	b := newArticle(t, db, "Two", text)
	newClaim(t, db, a, "unemployment fell to 3.5 percent")
	near := newClaim(t, db, b, "unemployment fell to 3.5 percent")
	newClaim(t, db, b, "raised rents by 40 percent")
	got, err := db.SimilarClaims(ctx, "Unemployment fell sharply", a.ID, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) == 0 || got[0].ID != near.ID {
		t.Errorf("SimilarClaims = %+v, want claim %d first", got, near.ID)
	}
	for _, c := range got {
		if c.ArticleID == a.ID {
			t.Errorf("SimilarClaims found claim %d of the excluded article", c.ID)
		}
	}
}

// TestLibraryPage checks the library list's filter (word prefixes of
// title, publisher and address) and orders.
func TestLibraryPage(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	budget := newArticle(t, db, "Budget census", text)
	zoo := newArticle(t, db, "a zoo opens", text)
	rents := newArticle(t, db, "Rents rise", text)
	c := newClaim(t, db, rents, "unemployment fell")
	c.Verdict, c.Status = annotate.VerdictFalse, annotate.StatusDone
	if err := db.UpdateClaim(ctx, c); err != nil {
		t.Fatal(err)
	}
	newClaim(t, db, budget, "unemployment fell")
	newClaim(t, db, budget, "raised rents")

	for _, tt := range []struct {
		filter, order string
		want          []int64
	}{
		{"", annotate.LibraryNewest, []int64{rents.ID, zoo.ID, budget.ID}},
		{"", annotate.LibraryTitle, []int64{zoo.ID, budget.ID, rents.ID}},
		{"", annotate.LibraryClaims, []int64{budget.ID, rents.ID, zoo.ID}},
		{"", annotate.LibraryProgress, []int64{zoo.ID, budget.ID, rents.ID}},
		{"bud cen", annotate.LibraryNewest, []int64{budget.ID}},
		{"news.example", annotate.LibraryNewest, []int64{rents.ID, zoo.ID, budget.ID}},
		{"zoo-opens", annotate.LibraryNewest, []int64{zoo.ID}},
	} {
		page, err := db.LibraryPage(ctx, tt.filter, tt.order, 0, 10)
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		for _, s := range page {
			got = append(got, s.ID)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("LibraryPage(%q, %s) = %v, want %v", tt.filter, tt.order, got, tt.want)
		}
		if n, err := db.LibraryCount(ctx, tt.filter); err != nil || n != len(tt.want) {
			t.Errorf("LibraryCount(%q) = %d, %v; want %d", tt.filter, n, err, len(tt.want))
		}
	}
	page, _ := db.LibraryPage(ctx, "", annotate.LibraryNewest, 0, 10)
	if page[0].Claims != 1 || page[0].Checked != 1 || page[2].Claims != 2 || page[2].Checked != 0 {
		t.Errorf("counts = %+v, want 1 of 1 done and 0 of 2", page)
	}
	if _, err := db.LibraryPage(ctx, "", "random", 0, 10); annotate.ErrorCode(err) != annotate.EINVALID {
		t.Errorf("LibraryPage in an unknown order: %v, want EINVALID", err)
	}
}

// TestLargeArticleIsStored checks that an article with more distinct words
// than one full-text vector holds is still stored, and found by its title
// and the words of its start.
func TestLargeArticleIsStored(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	var b strings.Builder
	b.WriteString("Preface to the readings.\n\n")
	for i := range 150_000 {
		fmt.Fprintf(&b, "w%x ", i*7919)
	}
	a := newArticle(t, db, "Ledger of readings", b.String())
	for _, q := range []string{"ledger", "preface"} {
		hits, err := db.Search(ctx, q, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) != 1 || hits[0].ArticleID != a.ID {
			t.Errorf("Search(%s) = %+v, want the large article", q, hits)
		}
	}
}
