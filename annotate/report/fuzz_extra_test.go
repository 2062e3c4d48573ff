package report

import (
	"bytes"
	"encoding/csv"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/factdesk/factdesk/annotate"
)

// fuzzInput is an article with one claim whose every text field is one of
// the fuzzer's strings.
func fuzzInput(title, statement, claimant, url, text string, start, end int) Input {
	if strings.TrimSpace(text) == "" {
		text = "some text"
	}
	a := &annotate.Article{ID: 1, Title: title, Byline: claimant, Publisher: statement, URL: url, Text: text}
	runes := []rune(text)
	c := &annotate.Claim{ID: 1, ArticleID: 1, Statement: statement, Claimant: claimant, ClaimDate: title, Notes: statement + "\n" + title,
		Tags: []string{title, claimant}, Status: annotate.Status(claimant), Verdict: annotate.Verdict(title),
		Sources: []annotate.Source{{URL: url, Title: statement, ArchiveURL: url, Excerpt: claimant, Stance: annotate.Stance(title)}}}
	if start >= 0 && end > start && end <= len(runes) {
		c.Anchor = annotate.Anchor{Start: start, End: end, Exact: string(runes[start:end])}
	} else {
		c.Anchor = annotate.Anchor{Exact: claimant}
	}
	return Input{Article: a, Claims: []*annotate.Claim{c, nil, c}, Org: Org{Name: claimant, URL: url, Methodology: statement}}
}

// FuzzCSV checks that no cell of the CSV export starts a formula, whatever
// the user typed, and that the file reads back with one row per claim.
func FuzzCSV(f *testing.F) {
	f.Add("=HYPERLINK(\"http://x\")", "+1+1", "@SUM(A1)", "-2", "\ttab", 0, 3)
	f.Add("\r=1", "a\"b,c\nd", "", "https://a.example/=1", "line1\n\nline2", 1, 2)
	f.Add("\xff\xfe", "\x00", "=", "=", "=cmd|' /C calc'!A0", 0, 4)
	f.Fuzz(func(t *testing.T, title, statement, claimant, url, text string, start, end int) {
		in := fuzzInput(title, statement, claimant, url, text, start, end)
		var b bytes.Buffer
		if err := CSV(&b, []Input{in, in}, true); err != nil {
			t.Fatal(err)
		}
		// Each string on its own: two invalid halves can join into a valid
		// character.
		valid := utf8.ValidString(title) && utf8.ValidString(statement) && utf8.ValidString(claimant) && utf8.ValidString(url) && utf8.ValidString(text)
		if !utf8.Valid(b.Bytes()) && valid {
			t.Errorf("CSV of valid text is not valid UTF-8")
		}
		r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b.Bytes(), []byte("\uFEFF"))))
		r.FieldsPerRecord = len(csvHeader)
		rows, err := r.ReadAll()
		if err != nil {
			t.Fatalf("CSV does not read back: %v", err)
		}
		if got, want := len(rows), 1+4; got != want {
			t.Fatalf("%d rows, want %d (header and two claims for each of two articles)", got, want)
		}
		for i, row := range rows[1:] {
			for k, cell := range row {
				if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
					t.Errorf("row %d column %s starts a formula: %q", i+1, csvHeader[k], cell)
				}
			}
		}
	})
}

var codeSpan = regexp.MustCompile("(`+)[^`]*?(`+)")

// FuzzMarkdownReport checks that the Markdown report escapes the user's
// text: no live HTML tag the user typed reaches it.
func FuzzMarkdownReport(f *testing.F) {
	f.Add("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[a](javascript:alert(1))", "javascript:alert(1)", "text <b>x</b>", 0, 4)
	f.Add("# x", "```", "|a|b|", "https://a.example/)<script>", "a\n\n<script>", 1, 9)
	f.Fuzz(func(t *testing.T, title, statement, claimant, url, text string, start, end int) {
		in := fuzzInput(title, statement, claimant, url, text, start, end)
		var b bytes.Buffer
		if err := Markdown(&b, in); err != nil {
			t.Fatal(err)
		}
		// A code span shows its text as it is, so tags in one are safe.
		out := strings.ToLower(codeSpan.ReplaceAllString(b.String(), ""))
		for _, bad := range []string{"<script", "<img", "<iframe", "](javascript:"} {
			if strings.Contains(out, bad) {
				t.Fatalf("Markdown report holds %q:\n%s", bad, b.String())
			}
		}
	})
}
