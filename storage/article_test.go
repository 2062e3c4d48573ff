package storage

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/factdesk/factdesk/annotate"
)

func TestCreateArticle(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	published := time.Date(2025, 9, 5, 8, 30, 0, 123456789, time.FixedZone("", 2*3600))
	a := &annotate.Article{Title: "Rents", Byline: "A. Writer", Publisher: "Daily Ledger", URL: "https://example.com/rents",
		Language: "de-CH", Published: published, Text: sampleText}
	src := []byte("<html><p>" + sampleText + "</p></html>")
	v := &annotate.ArticleVersion{Format: "html", Source: src}
	if err := db.CreateArticle(ctx, a, v); err != nil {
		t.Fatal(err)
	}
	if a.ID == 0 || a.Version != 1 || a.Retrieved.IsZero() {
		t.Errorf("after CreateArticle: ID %d, Version %d, Retrieved %v; want an ID, version 1 and a retrieval time", a.ID, a.Version, a.Retrieved)
	}
	sum := sha256.Sum256(src)
	if v.ID == 0 || v.ArticleID != a.ID || v.Number != 1 || v.Created.IsZero() || v.SHA256 != hex.EncodeToString(sum[:]) {
		t.Errorf("version after CreateArticle = %+v, want ID, article %d, number 1, created, sha256 of the source", v, a.ID)
	}

	got, err := db.Article(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != a.Title || got.Byline != a.Byline || got.Publisher != a.Publisher || got.URL != a.URL ||
		got.Language != a.Language || got.Text != a.Text || got.Version != 1 {
		t.Errorf("Article = %+v, want %+v", got, a)
	}
	if !got.Published.Equal(published) || got.Published.Format(time.RFC3339Nano) != published.Format(time.RFC3339Nano) {
		t.Errorf("Published = %v, want %v with its offset", got.Published, published)
	}
	if !got.Retrieved.Equal(a.Retrieved) {
		t.Errorf("Retrieved = %v, want %v", got.Retrieved, a.Retrieved)
	}

	vs, err := db.Versions(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 1 || string(vs[0].Source) != string(src) || vs[0].Text != sampleText || vs[0].Format != "html" ||
		vs[0].SHA256 != v.SHA256 || !vs[0].Created.Equal(v.Created) {
		t.Errorf("Versions = %+v, want the one stored version", vs)
	}
}

func TestCreateArticleWithoutVersion(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	a := &annotate.Article{Title: "Pasted", Text: sampleText}
	if err := db.CreateArticle(ctx, a, nil); err != nil {
		t.Fatal(err)
	}
	vs, err := db.Versions(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(sampleText))
	if len(vs) != 1 || vs[0].Format != "text" || vs[0].Source != nil || vs[0].SHA256 != hex.EncodeToString(sum[:]) {
		t.Errorf("Versions = %+v, want one text version whose sha256 is the text's", vs)
	}
}

func TestCreateArticleRefuses(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	tests := []struct {
		name string
		a    *annotate.Article
		v    *annotate.ArticleVersion
		code string
	}{
		{"nil", nil, nil, annotate.EINVALID},
		{"no title", &annotate.Article{Text: sampleText}, nil, annotate.EINVALID},
		{"no text", &annotate.Article{Title: "T", Text: " \n "}, nil, annotate.EINVALID},
		{"bad URL", &annotate.Article{Title: "T", URL: "javascript:alert(1)", Text: sampleText}, nil, annotate.EINVALID},
		{"invalid UTF-8", &annotate.Article{Title: "T", Text: "ab\xffcd"}, nil, annotate.EINVALID},
		{"NUL", &annotate.Article{Title: "T", Text: "ab\x00cd"}, nil, annotate.EINVALID},
		{"long title", &annotate.Article{Title: strings.Repeat("t", annotate.MaxFieldBytes+1), Text: sampleText}, nil, annotate.ETOOLARGE},
		{"version text differs", &annotate.Article{Title: "T", Text: sampleText}, &annotate.ArticleVersion{Text: "other"}, annotate.EINVALID},
		{"source too large", &annotate.Article{Title: "T", Text: sampleText}, &annotate.ArticleVersion{Source: make([]byte, annotate.MaxInputBytes+1)}, annotate.ETOOLARGE},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantCode(t, db.CreateArticle(ctx, tt.a, tt.v), tt.code)
		})
	}
	if n, _, _ := db.Counts(ctx); n != 0 {
		t.Errorf("articles after refusals = %d, want 0", n)
	}
}

func TestArticlesList(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	a1 := newArticle(t, db, "First", sampleText)
	a2 := newArticle(t, db, "Second", sampleText)
	c1 := newClaim(t, db, a1, "unemployment fell to 3.5 percent")
	newClaim(t, db, a1, "the city raised rents by 40 percent")
	newClaim(t, db, a2, "Critics in Zürich dispute the figure")
	c1.Verdict, c1.Status = annotate.VerdictFalse, annotate.StatusDone
	if err := db.UpdateClaim(ctx, c1); err != nil {
		t.Fatal(err)
	}
	got, err := db.Articles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		id              int64
		title           string
		claims, checked int
	}{{a2.ID, "Second", 1, 0}, {a1.ID, "First", 2, 1}}
	if len(got) != len(want) {
		t.Fatalf("Articles = %+v, want %d articles", got, len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.ID != w.id || g.Title != w.title || g.Claims != w.claims || g.Checked != w.checked {
			t.Errorf("Articles[%d] = %+v, want id %d %q with %d claims, %d checked", i, g, w.id, w.title, w.claims, w.checked)
		}
		if g.Publisher != "Daily Ledger" || g.URL == "" || g.Published.IsZero() || g.Retrieved.IsZero() {
			t.Errorf("Articles[%d] = %+v, want its publisher, URL and dates", i, g)
		}
	}
	arts, claims, err := db.Counts(ctx)
	if err != nil || arts != 2 || claims != 3 {
		t.Errorf("Counts = %d, %d, %v; want 2, 3", arts, claims, err)
	}
}

func TestUpdateArticle(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	a := newArticle(t, db, "Old title", sampleText)
	upd := &annotate.Article{ID: a.ID, Title: "New title", Byline: "B", Publisher: "P", URL: "https://example.org/x", Language: "fr",
		Published: time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC), Rev: a.Rev}
	if err := db.UpdateArticle(ctx, upd); err != nil {
		t.Fatal(err)
	}
	got, err := db.Article(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "New title" || got.Byline != "B" || got.Publisher != "P" || got.URL != "https://example.org/x" ||
		got.Language != "fr" || !got.Published.Equal(upd.Published) {
		t.Errorf("Article after update = %+v, want the new metadata", got)
	}
	if got.Text != sampleText || got.Version != 1 || !got.Retrieved.Equal(a.Retrieved) {
		t.Errorf("UpdateArticle changed the text, version or retrieval date: %+v", got)
	}
	if hits, _ := db.Search(ctx, "new title", 10); !hasKind(hits, HitArticle) {
		t.Errorf("Search(new title) = %+v, want the renamed article", hits)
	}
	if hits, _ := db.Search(ctx, "old title", 10); len(hits) != 0 {
		t.Errorf("Search(old title) = %+v, want nothing", hits)
	}

	wantCode(t, db.UpdateArticle(ctx, &annotate.Article{ID: 999, Title: "x"}), annotate.ENOTFOUND)
	wantCode(t, db.UpdateArticle(ctx, &annotate.Article{ID: a.ID, Title: ""}), annotate.EINVALID)
	wantCode(t, db.UpdateArticle(ctx, &annotate.Article{ID: a.ID, Title: "x", URL: "ftp://x"}), annotate.EINVALID)
	if got, _ := db.Article(ctx, a.ID); got.Title != "New title" {
		t.Errorf("a refused update changed the title to %q", got.Title)
	}
}

func TestNotFound(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	_, err := db.Article(ctx, 42)
	wantCode(t, err, annotate.ENOTFOUND)
	if err.Error() != "no article with id 42" {
		t.Errorf("Article(42) error = %q, want %q", err, "no article with id 42")
	}
	for name, err := range map[string]error{
		"DeleteArticle":     db.DeleteArticle(ctx, 42),
		"DeleteClaim":       db.DeleteClaim(ctx, 42),
		"DeleteSource":      db.DeleteSource(ctx, 42),
		"AddSource":         db.AddSource(ctx, &annotate.Source{ClaimID: 42, URL: "https://example.com"}),
		"UpdateSource":      db.UpdateSource(ctx, &annotate.Source{ID: 42, URL: "https://example.com"}),
		"DismissSuggestion": db.DismissSuggestion(ctx, 42, 1, 2),
		"AddVersion":        db.AddVersion(ctx, 42, &annotate.ArticleVersion{Text: "x"}, nil),
	} {
		if annotate.ErrorCode(err) != annotate.ENOTFOUND {
			t.Errorf("%s: error = %v, want ENOTFOUND", name, err)
		}
	}
	_, err = db.Claim(ctx, 42)
	wantCode(t, err, annotate.ENOTFOUND)
	_, err = db.Claims(ctx, 42)
	wantCode(t, err, annotate.ENOTFOUND)
	_, err = db.Versions(ctx, 42)
	wantCode(t, err, annotate.ENOTFOUND)
}

func TestDeleteArticleCascades(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	keep := newArticle(t, db, "Kept", sampleText)
	kept := newClaim(t, db, keep, "Critics in Zürich dispute the figure")
	a := newArticle(t, db, "Doomed", sampleText)
	c := newClaim(t, db, a, "unemployment fell to 3.5 percent")
	c.Tags, c.Notes = []string{"economy"}, "quarantined note"
	if err := db.UpdateClaim(ctx, c); err != nil {
		t.Fatal(err)
	}
	if err := db.AddSource(ctx, &annotate.Source{ClaimID: c.ID, URL: "https://stats.example.org/q", Excerpt: "zanzibar"}); err != nil {
		t.Fatal(err)
	}
	if err := db.AddVersion(ctx, a.ID, &annotate.ArticleVersion{Text: sampleText + "\n\nUpdate."}, nil); err != nil {
		t.Fatal(err)
	}
	if err := db.DismissSuggestion(ctx, a.ID, 0, 4); err != nil {
		t.Fatal(err)
	}

	if err := db.DeleteArticle(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	for table, want := range map[string]int{
		"articles": 1, "article_versions": 1, "claims": 1, "claim_tags": 0, "sources": 0, "dismissed_suggestions": 0,
	} {
		var got int
		if err := db.sql.QueryRow("SELECT count(*) FROM " + table).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("%s rows after DeleteArticle = %d, want %d", table, got, want)
		}
	}
	for _, q := range []string{"quarantined", "zanzibar", "Doomed"} {
		if hits, err := db.Search(ctx, q, 10); err != nil || len(hits) != 0 {
			t.Errorf("Search(%q) after delete = %+v, %v; want nothing", q, hits, err)
		}
	}
	// The other article and its index entries are untouched.
	hits, err := db.Search(ctx, "Zürich", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) != 2 || hits[0].ArticleID != keep.ID || hits[1].ArticleID != keep.ID {
		t.Errorf("Search(Zürich) = %+v, want the kept article and claim %d", hits, kept.ID)
	}
	checkIndexes(t, db)
}

// checkIndexes asks FTS5 to verify each full-text index against its content
// table: a trigger that missed a change fails here.
func checkIndexes(t *testing.T, db *DB) {
	t.Helper()
	for _, table := range []string{"articles_fts", "claims_fts", "sources_fts"} {
		if _, err := db.sql.Exec(`INSERT INTO ` + table + `(` + table + `, rank) VALUES ('integrity-check', 1)`); err != nil {
			t.Errorf("%s integrity-check: %v", table, err)
		}
	}
}

func TestAddVersion(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	a := newArticle(t, db, "Edited", sampleText)
	moved := newClaim(t, db, a, "unemployment fell to 3.5 percent")
	lost := newClaim(t, db, a, "Critics in Zürich dispute the figure")
	untouched := newClaim(t, db, a, "Café owners")

	newText := "Café owners say rents rose.\n\nThe mayor now says unemployment fell to 3.5 percent last year."
	start, end, err := annotate.FindQuote(newText, moved.Exact, 1)
	if err != nil {
		t.Fatal(err)
	}
	anc, err := annotate.Describe(newText, start, end)
	if err != nil {
		t.Fatal(err)
	}
	moved.Anchor, moved.AnchorBy, moved.AnchorScore = anc, annotate.AnchorExact, 1
	lost.AnchorBy, lost.AnchorScore, lost.Status = annotate.AnchorOrphan, 0.2, annotate.StatusNeedsReview

	v := &annotate.ArticleVersion{Text: newText, Format: "html", Source: []byte("<p>new</p>")}
	if err := db.AddVersion(ctx, a.ID, v, []*annotate.Claim{moved, lost}); err != nil {
		t.Fatal(err)
	}
	if v.Number != 2 || v.ArticleID != a.ID || v.ID == 0 || v.SHA256 == "" || v.Created.IsZero() {
		t.Errorf("version after AddVersion = %+v, want number 2 of article %d", v, a.ID)
	}
	got, err := db.Article(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Text != newText || got.Version != 2 {
		t.Errorf("Article after AddVersion: version %d, text %q; want 2 and the new text", got.Version, got.Text)
	}
	vs, err := db.Versions(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 2 || vs[0].Number != 1 || vs[0].Text != sampleText || vs[1].Number != 2 || vs[1].Text != newText {
		t.Errorf("Versions = %+v, want versions 1 and 2, oldest first", vs)
	}
	for _, tt := range []struct {
		c      *annotate.Claim
		start  int
		method annotate.AnchorMethod
		status annotate.Status
	}{
		{moved, start, annotate.AnchorExact, annotate.StatusUnchecked},
		{lost, lost.Start, annotate.AnchorOrphan, annotate.StatusNeedsReview},
		// A claim not given (marked meanwhile, say) is re-anchored in the
		// transaction: its text is still where it was.
		{untouched, untouched.Start, annotate.AnchorPosition, annotate.StatusUnchecked},
	} {
		c, err := db.Claim(ctx, tt.c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if c.Start != tt.start || c.AnchorBy != tt.method || c.Status != tt.status || c.Exact != tt.c.Exact {
			t.Errorf("claim %d after AddVersion: start %d, %s, %s; want %d, %s, %s", c.ID, c.Start, c.AnchorBy, c.Status, tt.start, tt.method, tt.status)
		}
	}
	// The index follows the new text.
	if hits, _ := db.Search(ctx, "last year", 10); !hasKind(hits, HitArticle) {
		t.Errorf("Search(last year) = %+v, want the new version", hits)
	}
	if hits, _ := db.Search(ctx, "decade", 10); hasKind(hits, HitArticle) {
		t.Errorf("Search(decade) = %+v, want no article: the word left with the old version", hits)
	}
	checkIndexes(t, db)
}

func TestAddVersionRefuses(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	a := newArticle(t, db, "Edited", sampleText)
	other := newArticle(t, db, "Other", sampleText)
	c := newClaim(t, db, a, "unemployment fell to 3.5 percent")
	foreign := newClaim(t, db, other, "Café owners")
	newText := "Completely different text."

	wrongQuote := *c // its old span does not quote the new text
	tests := []struct {
		name   string
		v      *annotate.ArticleVersion
		claims []*annotate.Claim
		code   string
	}{
		{"nil version", nil, nil, annotate.EINVALID},
		{"empty text", &annotate.ArticleVersion{Text: ""}, nil, annotate.EINVALID},
		{"bad UTF-8", &annotate.ArticleVersion{Text: "a\xff"}, nil, annotate.EINVALID},
		{"claim not re-anchored", &annotate.ArticleVersion{Text: newText}, []*annotate.Claim{&wrongQuote}, annotate.EINVALID},
		{"claim of another article", &annotate.ArticleVersion{Text: sampleText + " More."}, []*annotate.Claim{foreign}, annotate.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantCode(t, db.AddVersion(ctx, a.ID, tt.v, tt.claims), tt.code)
			got, err := db.Article(ctx, a.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Version != 1 || got.Text != sampleText {
				t.Errorf("a refused AddVersion left version %d", got.Version)
			}
		})
	}
}
