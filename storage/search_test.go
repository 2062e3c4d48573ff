package storage

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/factdesk/factdesk/annotate"
)

func TestSearchKinds(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	a := newArticle(t, db, "Rents in the old town", sampleText)
	c := newClaim(t, db, a, "unemployment fell to 3.5 percent")
	c.Notes = "The labour office counts differently: ask about methodology."
	if err := db.UpdateClaim(ctx, c); err != nil {
		t.Fatal(err)
	}
	s := &annotate.Source{ClaimID: c.ID, URL: "https://stats.example.org/labour", Title: "Quarterly bulletin", Publisher: "Statistics Office"}
	if err := db.AddSource(ctx, s); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		query     string
		kind      string
		claimID   int64
		sourceID  int64
		start     int
		snippetIn string
	}{
		{"Zürich", HitArticle, 0, 0, strings.Index(sampleText, "Zürich") - 1, "[Zürich]"}, // one byte of "é" before it
		{"zurich", HitArticle, 0, 0, strings.Index(sampleText, "Zürich") - 1, "[Zürich]"}, // folded case and diacritics
		{"old town", HitArticle, 0, 0, 0, "[old] [town]"},                                 // title only
		{"methodology", HitNote, c.ID, 0, c.Start, "[methodology]"},                       // notes
		{"bulletin", HitSource, c.ID, s.ID, c.Start, "[bulletin]"},                        // source title
		{"stats.example.org", HitSource, c.ID, s.ID, c.Start, "[stats].[example].[org]"},  // source URL
		{"quarterl", HitSource, c.ID, s.ID, c.Start, "[Quarterly]"},                       // prefix of the last word
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			hits, err := db.Search(ctx, tt.query, 10)
			if err != nil {
				t.Fatal(err)
			}
			var h *Hit
			for i := range hits {
				if hits[i].Kind == tt.kind {
					h = &hits[i]
				}
			}
			if h == nil {
				t.Fatalf("Search(%q) = %+v, want a %s hit", tt.query, hits, tt.kind)
			}
			if h.ArticleID != a.ID || h.ClaimID != tt.claimID || h.SourceID != tt.sourceID || h.Title != a.Title || h.Start != tt.start {
				t.Errorf("hit = %+v, want article %d, claim %d, source %d, start %d", *h, a.ID, tt.claimID, tt.sourceID, tt.start)
			}
			if !strings.Contains(h.Snippet, tt.snippetIn) {
				t.Errorf("Snippet = %q, want it to contain %q", h.Snippet, tt.snippetIn)
			}
		})
	}

	// A word in both the article and the claim gives both, each with the
	// start the GUI jumps to.
	hits, err := db.Search(ctx, "unemployment", 10)
	if err != nil {
		t.Fatal(err)
	}
	want := utf8.RuneCountInString(sampleText[:strings.Index(sampleText, "unemployment")])
	if !hasKind(hits, HitArticle) || !hasKind(hits, HitClaim) {
		t.Fatalf("Search(unemployment) = %+v, want an article and a claim hit", hits)
	}
	for _, h := range hits {
		if h.Start != want {
			t.Errorf("%s hit Start = %d, want %d", h.Kind, h.Start, want)
		}
	}
	for i := 1; i < len(hits); i++ {
		if hits[i].Rank < hits[i-1].Rank {
			t.Errorf("hits not in rank order: %v after %v", hits[i].Rank, hits[i-1].Rank)
		}
	}
	// Every word must match.
	if hits, _ := db.Search(ctx, "unemployment giraffe", 10); len(hits) != 0 {
		t.Errorf("Search(unemployment giraffe) = %+v, want nothing", hits)
	}
	// The limit holds across kinds.
	if hits, _ := db.Search(ctx, "unemployment", 1); len(hits) != 1 {
		t.Errorf("Search(limit 1) gave %d hits", len(hits))
	}
}

func TestSearchStartOfFirstMatchInLongText(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	text := strings.Repeat("Ünïcode padding words here. ", 500) + "The needle is here, and another needle later."
	a := newArticle(t, db, "Haystack", text)
	hits, err := db.Search(ctx, "needle", 5)
	if err != nil {
		t.Fatal(err)
	}
	want := utf8.RuneCountInString(text[:strings.Index(text, "needle")])
	if len(hits) != 1 || hits[0].ArticleID != a.ID || hits[0].Start != want {
		t.Fatalf("Search(needle) = %+v, want one hit at %d", hits, want)
	}
	runes := []rune(text)
	if got := string(runes[hits[0].Start : hits[0].Start+6]); got != "needle" {
		t.Errorf("text at Start = %q, want %q", got, "needle")
	}
}

func TestSearchHostileInput(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	a := newArticle(t, db, "Rents", sampleText+"\n\nNEAR the river, the column: title said AND and OR.")
	newClaim(t, db, a, "unemployment fell to 3.5 percent")
	inputs := []string{
		`"a" OR (`, `*`, `NEAR(`, `NEAR(a b, 3)`, `"`, `'`, `''`, `""`, `(`, `)`, `AND`, `OR`, `NOT`, `OR NOT AND`,
		`^title`, `title:`, `title: rents`, `{title text}: rents`, `-rents`, `+rents`, `a*b`, `rents*`, `"rents`,
		`\`, `\x00`, "bad\xff\xfeutf8", "rents\x00city", `%`, `_`, `; DROP TABLE claims; --`, `)(*&^%$#@!`,
		strings.Repeat("word ", 5000), strings.Repeat("(", 1000), strings.Repeat("x", 10000), "",
		"   ", "\n\t", "🙂", "日本語のテキスト", "Zürich OR", "near(river)",
	}
	for _, q := range inputs {
		if _, err := db.Search(ctx, q, 20); err != nil {
			t.Errorf("Search(%.40q) error: %v", q, err)
		}
		if _, err := db.SimilarClaims(ctx, q, 0, 20); err != nil {
			t.Errorf("SimilarClaims(%.40q) error: %v", q, err)
		}
	}
	// Syntax words are just words.
	for _, q := range []string{"NEAR", "column: title", "AND", "said OR"} {
		hits, err := db.Search(ctx, q, 10)
		if err != nil || !hasKind(hits, HitArticle) {
			t.Errorf("Search(%q) = %+v, %v; want the article that holds the words", q, hits, err)
		}
	}
	if hits, _ := db.Search(ctx, "*", 10); len(hits) != 0 {
		t.Errorf("Search(*) = %+v, want nothing", hits)
	}
	if n, c, _ := db.Counts(ctx); n != 1 || c != 1 {
		t.Errorf("Counts after hostile searches = %d, %d; want 1, 1", n, c)
	}
}

func TestMatchExpr(t *testing.T) {
	tests := []struct{ in, want string }{
		{"rents", `"rents"*`},
		{"rents ", `"rents"`},
		{`"a" OR (`, `"a" "OR"`},
		{"NEAR(", `"NEAR"`},
		{"stats.example.org", `"stats" "example" "org"*`},
		{"Zürich x", `"Zürich" "x"`},
	}
	for _, tt := range tests {
		got, ok := matchExpr(tt.in)
		if !ok || got != tt.want {
			t.Errorf("matchExpr(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
	for _, in := range []string{"", "*", `"()"`, " - "} {
		if got, ok := matchExpr(in); ok {
			t.Errorf("matchExpr(%q) = %q, want no expression", in, got)
		}
	}
}

func TestSimilarClaims(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	a := newArticle(t, db, "Rents", sampleText)
	b := newArticle(t, db, "Jobs", "Officials claimed unemployment fell to a record low of 3.5 percent this spring.\n\nThe zoo opened a new penguin house.")
	c := newArticle(t, db, "Zoo", "The zoo opened a new penguin house.")
	mine := newClaim(t, db, a, "unemployment fell to 3.5 percent")
	best := newClaim(t, db, b, "unemployment fell to a record low of 3.5 percent")
	best.Verdict, best.Status = annotate.VerdictFalse, annotate.StatusDone
	if err := db.UpdateClaim(ctx, best); err != nil {
		t.Fatal(err)
	}
	newClaim(t, db, c, "The zoo opened a new penguin house")

	got, err := db.SimilarClaims(ctx, mine.Statement, a.ID, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].ID != best.ID || got[0].Verdict != annotate.VerdictFalse {
		t.Fatalf("SimilarClaims = %+v, want only claim %d with its verdict", got, best.ID)
	}
	// Without excluding the article, its own claim is found too.
	got, err = db.SimilarClaims(ctx, mine.Statement, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Errorf("SimilarClaims(no exclusion) found %d claims, want 2", len(got))
	}
	// Stop words alone find nothing.
	if got, _ := db.SimilarClaims(ctx, "the of and to a", 0, 10); len(got) != 0 {
		t.Errorf("SimilarClaims(stop words) = %+v, want nothing", got)
	}
}
