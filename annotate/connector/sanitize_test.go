package connector

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/factdesk/factdesk/annotate/ingest"
)

var secretMark = regexp.MustCompile(`SECRET[0-9a-z]*|jane\.subscriber@example\.org|u-88213`)

// TestSanitizeLoggedInPage keeps the article of a subscriber's page and
// nothing of the subscriber: no script, form, field, hidden element,
// comment, meta or attribute token survives.
func TestSanitizeLoggedInPage(t *testing.T) {
	page := articlePage("Riverton council votes to expand bus service", riverton...)
	at := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	out := string(Sanitize([]byte(page), "https://news.example/riverton?utm_source=x&session=SECRETurl1f2e3d4c5b6a#comments", at))
	if got := secretMark.FindAllString(out, -1); len(got) > 0 {
		t.Errorf("the sanitised page still holds %q:\n%s", got, out)
	}
	for _, gone := range []string{"<script", "<form", "<input", "<textarea", "<iframe", "<button", "csrf-token", "data-", "<!-- rendered", "stylesheet", "Log out"} {
		if strings.Contains(out, gone) {
			t.Errorf("the sanitised page still holds %q", gone)
		}
	}
	for _, kept := range []string{
		"<!-- Saved from the browser by the FactDesk connector at 2026-03-04T05:06:07Z from https://news.example/riverton -->",
		`<meta property="og:title" content="Riverton council votes to expand bus service">`,
		`<meta name="author" content="Dana Whitfield">`,
		`<p class="byline">By Dana Whitfield</p>`,
		`alt="Buses at the depot"`,
		"ridership rose 18% last year",
		`<a href="/account?ref=nav">`,
	} {
		if !strings.Contains(out, kept) {
			t.Errorf("the sanitised page lost %q:\n%s", kept, out)
		}
	}
	// What is kept still imports as the article.
	doc, err := ingest.Parse([]byte(out), "html", "", "https://news.example/riverton")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range riverton {
		if !strings.Contains(doc.Text, ingest.Canonical(p)) {
			t.Errorf("the imported text lost the paragraph %q", p[:40])
		}
	}
}

// TestSanitizeUnclosed ends a skipped element whose end tag never comes
// at the end of the element that holds it, so that a hand-written page
// keeps its text.
func TestSanitizeUnclosed(t *testing.T) {
	out := string(Sanitize([]byte(`<div><p hidden>SECRETa1b2c3d4e5f6 gone</div><p>kept text</p>`), "https://x.example/", time.Now()))
	if strings.Contains(out, "SECRET") || strings.Contains(out, "gone") {
		t.Errorf("hidden text survived: %s", out)
	}
	if !strings.Contains(out, "<p>kept text</p>") {
		t.Errorf("text after an unclosed hidden element was lost: %s", out)
	}
}

func TestSecretLike(t *testing.T) {
	for _, tc := range []struct {
		s    string
		want bool
	}{
		{"2024-05-12-council-votes-to-expand-bus-service", false},
		{"article-body", false},
		{"css-1x2y3z", false},
		{"ArticleBodyParagraphContainer", false},
		{"covid19-vaccine-rollout", false},
		{"story", false},
		{"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", true},
		{"a94a8fe5ccb19ba61c4c0873d391e987982fbbd3", true},
		{"0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9", true},
		{"jane@example.org", true},
		{"4111111111111111", true},
		{"QWErtyUIopASdfGHjkLZxcVBnm", true},
		{"Kp3_xR9-mN2qL8vT5wZ1", true},
	} {
		if got := secretLike(tc.s); got != tc.want {
			t.Errorf("secretLike(%q) = %v, want %v", tc.s, got, tc.want)
		}
	}
}

func TestCleanURL(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"https://News.Example:443/a/b?utm_source=tw&id=7#section-2", "https://news.example/a/b?id=7"},
		{"https://user:pw@news.example/a?access_token=abc&page=2", "https://news.example/a?page=2"},
		{"http://news.example:80/", "http://news.example/"},
		{"https://news.example/a?x=a94a8fe5ccb19ba61c4c0873d391e987982fbbd3", "https://news.example/a"},
	} {
		if got := CleanURL(tc.in); got != tc.want {
			t.Errorf("CleanURL(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if sameURL("https://news.example/a/") != sameURL("https://NEWS.example/a#x") {
		t.Error("one page's two addresses do not compare equal")
	}
}

func FuzzSanitize(f *testing.F) {
	f.Add(articlePage("T", riverton...))
	f.Add(`<div hidden><div>x</div></div><p>y`)
	f.Add(`<svg><script>x</script></svg><p>`)
	f.Fuzz(func(t *testing.T, page string) {
		out := string(Sanitize([]byte(page), "https://x.example/", time.Unix(0, 0)))
		if strings.Contains(strings.ToLower(out), "<script") {
			t.Errorf("a script survived: %q", out)
		}
	})
}
