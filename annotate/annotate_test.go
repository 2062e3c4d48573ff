package annotate

import (
	"strings"
	"testing"
)

func TestDescribe(t *testing.T) {
	text := "Café 🙂 said: the budget rose 18% last year, officials said."
	tests := []struct {
		start, end int
		exact      string
		wantErr    string
	}{
		{0, 4, "Café", ""},
		{5, 6, "🙂", ""},
		{29, 32, "18%", ""},
		{4, 4, "", "empty"},
		{-1, 3, "", "negative"},
		{50, 70, "", "past the end"},
		{4, 5, "", "white space"},
	}
	for _, tt := range tests {
		a, err := Describe(text, tt.start, tt.end)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || ErrorCode(err) != EINVALID {
				t.Errorf("Describe(%d, %d) error = %v, want one with %q", tt.start, tt.end, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Fatalf("Describe(%d, %d): %v", tt.start, tt.end, err)
		}
		if a.Exact != tt.exact {
			t.Errorf("Describe(%d, %d).Exact = %q, want %q", tt.start, tt.end, a.Exact, tt.exact)
		}
		r := []rune(text)
		if got, want := a.Prefix, string(r[max(0, tt.start-ContextLen):tt.start]); got != want {
			t.Errorf("Prefix = %q, want %q", got, want)
		}
		if got, want := a.Suffix, string(r[tt.end:min(len(r), tt.end+ContextLen)]); got != want {
			t.Errorf("Suffix = %q, want %q", got, want)
		}
	}
}

func TestFindQuote(t *testing.T) {
	text := "é said it. 🙂 He said it again. She said it."
	tests := []struct {
		quote      string
		occurrence int
		start, end int
		code       string
	}{
		{"He said", 0, 13, 20, ""},
		{"said it", 1, 2, 9, ""},
		{"said it", 2, 16, 23, ""},
		{"said it", 3, 35, 42, ""},
		{"said it", 0, 0, 0, EINVALID},
		{"said it", 4, 0, 0, EINVALID},
		{"nowhere", 0, 0, 0, ENOTFOUND},
		{"", 0, 0, 0, EINVALID},
	}
	for _, tt := range tests {
		start, end, err := FindQuote(text, tt.quote, tt.occurrence)
		if got := ErrorCode(err); got != tt.code {
			t.Errorf("FindQuote(%q, %d) code = %q, want %q (%v)", tt.quote, tt.occurrence, got, tt.code, err)
			continue
		}
		if err == nil && (start != tt.start || end != tt.end) {
			t.Errorf("FindQuote(%q, %d) = %d, %d, want %d, %d", tt.quote, tt.occurrence, start, end, tt.start, tt.end)
		}
		if err == nil && string([]rune(text)[start:end]) != tt.quote {
			t.Errorf("FindQuote(%q) span holds %q", tt.quote, string([]rune(text)[start:end]))
		}
	}
}

func TestClaimRules(t *testing.T) {
	a := &Article{ID: 1, Title: "T", Text: "The mayor said taxes fell 5% in 2024."}
	c, err := NewClaim(a, 15, 36)
	if err != nil {
		t.Fatal(err)
	}
	if c.Statement != "taxes fell 5% in 2024" || c.Status != StatusUnchecked {
		t.Fatalf("NewClaim = %q, %q", c.Statement, c.Status)
	}
	if err := c.SetStatus(StatusDone); err == nil {
		t.Errorf("SetStatus(done) without a verdict succeeded")
	}
	if err := c.SetVerdict(VerdictFalse); err != nil {
		t.Fatal(err)
	}
	if c.Status != StatusInProgress {
		t.Errorf("status after a verdict = %q, want in-progress", c.Status)
	}
	if err := c.SetStatus(StatusDone); err != nil {
		t.Errorf("SetStatus(done) with a verdict: %v", err)
	}
	if err := c.SetVerdict(VerdictNone); err != nil || c.Status != StatusInProgress {
		t.Errorf("removing the verdict of a done claim: status %q, err %v", c.Status, err)
	}
	for _, tag := range []string{"Economy", " economy ", "Local  news"} {
		if err := c.AddTag(tag); err != nil {
			t.Fatal(err)
		}
	}
	if got := strings.Join(c.Tags, "|"); got != "economy|local news" {
		t.Errorf("tags = %q, want economy|local news", got)
	}
	c.RemoveTag("ECONOMY")
	if got := strings.Join(c.Tags, "|"); got != "local news" {
		t.Errorf("tags after remove = %q", got)
	}
	tests := []struct {
		name   string
		change func(c *Claim)
	}{
		{"empty statement", func(c *Claim) { c.Statement = "  " }},
		{"bad date", func(c *Claim) { c.ClaimDate = "5 Sept" }},
		{"bad status", func(c *Claim) { c.Status = "finished" }},
		{"bad verdict", func(c *Claim) { c.Verdict = "pants-on-fire" }},
		{"done without verdict", func(c *Claim) { c.Verdict = ""; c.Status = StatusDone }},
		{"empty span", func(c *Claim) { c.End = c.Start }},
		{"bad source", func(c *Claim) { c.Sources = []Source{{URL: "javascript:alert(1)"}} }},
		{"NUL in notes", func(c *Claim) { c.Notes = "a\x00b" }},
		{"bad UTF-8 claimant", func(c *Claim) { c.Claimant = "Ann \xff" }},
		{"bad UTF-8 tag", func(c *Claim) { c.Tags = []string{"a\xffb"} }},
		{"bad UTF-8 source title", func(c *Claim) { c.Sources = []Source{{URL: "https://a.example", Stance: StanceContext, Title: "\xfe"}} }},
	}
	for _, tt := range tests {
		d := *c
		tt.change(&d)
		if err := d.Validate(); err == nil {
			t.Errorf("%s: Validate() = nil, want an error", tt.name)
		}
	}
	if err := c.Validate(); err != nil {
		t.Errorf("valid claim: %v", err)
	}
}

func TestValidateURL(t *testing.T) {
	tests := []struct {
		url string
		ok  bool
	}{
		{"https://example.org/a?b=c", true},
		{"http://example.org", true},
		{"HTTPS://EXAMPLE.ORG", true},
		{"javascript:alert(1)", false},
		{"JavaScript:alert(1)", false},
		{"data:text/html,<script>", false},
		{"file:///etc/passwd", false},
		{"ftp://example.org", false},
		{"//example.org", false},
		{"https://", false},
		{"https://exa mple.org", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := ValidateURL("URL", tt.url) == nil; got != tt.ok {
			t.Errorf("ValidateURL(%q) ok = %v, want %v", tt.url, got, tt.ok)
		}
	}
}

func TestParseVerdictAndScale(t *testing.T) {
	if len(DefaultScale) != 7 {
		t.Fatalf("scale has %d verdicts, want 7", len(DefaultScale))
	}
	for _, r := range DefaultScale {
		v, err := ParseVerdict(string(r.Verdict))
		if err != nil || v != r.Verdict {
			t.Errorf("ParseVerdict(%q) = %q, %v", r.Verdict, v, err)
		}
		if r.Value != 0 && (r.Value < WorstRating || r.Value > BestRating) {
			t.Errorf("%s rating %d outside %d..%d", r.Verdict, r.Value, WorstRating, BestRating)
		}
		if ClaimColor(r.Verdict, StatusDone) != r.Color {
			t.Errorf("ClaimColor(%s) = %s, want %s", r.Verdict, ClaimColor(r.Verdict, StatusDone), r.Color)
		}
	}
	if _, err := ParseVerdict("pants-on-fire"); ErrorCode(err) != EINVALID {
		t.Errorf("ParseVerdict(unknown) error = %v", err)
	}
	if ClaimColor("", StatusUnchecked) == ClaimColor("", StatusInProgress) {
		t.Errorf("unchecked and in-progress share a colour")
	}
	if got := StatusDone.Next(); got != StatusUnchecked {
		t.Errorf("StatusDone.Next() = %q", got)
	}
}

func TestArticleValidate(t *testing.T) {
	ok := Article{Title: "T", Text: "Some text."}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		a    Article
		code string
	}{
		{"no title", Article{Text: "x"}, EINVALID},
		{"no text", Article{Title: "T", Text: " \n "}, EINVALID},
		{"bad utf-8", Article{Title: "T", Text: "a\xffb"}, EINVALID},
		{"NUL", Article{Title: "T", Text: "a\x00b"}, EINVALID},
		{"bad url", Article{Title: "T", Text: "x", URL: "javascript:x"}, EINVALID},
		{"too long", Article{Title: "T", Text: strings.Repeat("a", MaxArticleRunes+1)}, ETOOLARGE},
	}
	for _, tt := range tests {
		if got := ErrorCode(tt.a.Validate()); got != tt.code {
			t.Errorf("%s: code = %q, want %q", tt.name, got, tt.code)
		}
	}
}

func TestArticleSetDetail(t *testing.T) {
	a := &Article{Title: "Old", Text: "x"}
	for _, f := range ArticleDetails {
		if err := a.SetDetail(f, map[string]string{"title": " New title ", "byline": "Ana Lima", "publisher": "Ledger",
			"url": "https://example.com/a", "published": "2025-09-05", "language": "pt-BR"}[f]); err != nil {
			t.Fatalf("SetDetail(%s): %v", f, err)
		}
	}
	if a.Title != "New title" || a.Detail("published") != "2025-09-05" || a.Detail("url") != "https://example.com/a" || a.Language != "pt-BR" {
		t.Errorf("after SetDetail: %+v", a)
	}
	for _, bad := range [][2]string{{"title", "  "}, {"url", "javascript:alert(1)"}, {"published", "5 Sept"}, {"language", "en gb"}, {"colour", "red"}} {
		before := *a
		if err := a.SetDetail(bad[0], bad[1]); err == nil {
			t.Errorf("SetDetail(%q, %q) accepted", bad[0], bad[1])
		}
		if *a != before {
			t.Errorf("SetDetail(%q, %q) changed the article though it failed", bad[0], bad[1])
		}
	}
	if err := a.SetDetail("published", ""); err != nil || !a.Published.IsZero() {
		t.Errorf("clearing the date: %v, %v", err, a.Published)
	}
}
