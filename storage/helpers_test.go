package storage

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/factdesk/factdesk/annotate"
)

// sampleText is a short article with paragraphs and text beyond ASCII, so
// that code-point offsets differ from byte offsets.
const sampleText = "Café owners say the city raised rents by 40 percent in 2024.\n\n" +
	"The mayor said unemployment fell to 3.5 percent, the lowest in a decade.\n\n" +
	"Critics in Zürich dispute the figure and point to the rising cost of living."

func openTemp(t testing.TB) *DB {
	t.Helper()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "library.factdesk"))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func newArticle(t testing.TB, db *DB, title, text string) *annotate.Article {
	t.Helper()
	a := &annotate.Article{Title: title, Publisher: "Daily Ledger", URL: "https://example.com/" + strings.ReplaceAll(strings.ToLower(title), " ", "-"), Language: "en",
		Published: time.Date(2025, 9, 5, 8, 30, 0, 0, time.FixedZone("CEST", 2*3600)), Text: text}
	v := &annotate.ArticleVersion{Format: "html", Source: []byte("<p>" + text + "</p>")}
	if err := db.CreateArticle(context.Background(), a, v); err != nil {
		t.Fatalf("CreateArticle(%q): %v", title, err)
	}
	return a
}

// newClaim marks the quote in the article as a claim and stores it.
func newClaim(t testing.TB, db *DB, a *annotate.Article, quote string) *annotate.Claim {
	t.Helper()
	start, end, err := annotate.FindQuote(a.Text, quote, 1)
	if err != nil {
		t.Fatalf("FindQuote(%q): %v", quote, err)
	}
	c, err := annotate.NewClaim(a, start, end)
	if err != nil {
		t.Fatalf("NewClaim: %v", err)
	}
	if err := db.CreateClaim(context.Background(), c); err != nil {
		t.Fatalf("CreateClaim(%q): %v", quote, err)
	}
	return c
}

// wantCode fails the test unless err is an *annotate.Error with the code.
func wantCode(t testing.TB, err error, code string) {
	t.Helper()
	var ae *annotate.Error
	if !errors.As(err, &ae) {
		t.Fatalf("error = %v (%T), want an *annotate.Error with code %s", err, err, code)
	}
	if ae.Code != code {
		t.Fatalf("error code = %s (%v), want %s", ae.Code, err, code)
	}
}
