package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/factdesk/factdesk/annotate"
)

// TestExportsCarryUUIDs checks that a claim's annotation is named by the
// claim's UUID, that an article without a URL is targeted by its UUID, and
// that the native JSON keeps every UUID and reads them back.
func TestExportsCarryUUIDs(t *testing.T) {
	a := &annotate.Article{ID: 3, UUID: "0f8b2c1e-4d3a-4b5c-8d6e-7f8091a2b3c4", Title: "T", Text: "The mayor said so.", Version: 1}
	c, err := annotate.NewClaim(a, 4, 9)
	if err != nil {
		t.Fatal(err)
	}
	c.ID, c.Number, c.UUID = 7, 1, "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"
	c.Sources = []annotate.Source{{ID: 2, ClaimID: 7, UUID: "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e", URL: "https://example.org/s", Stance: annotate.StanceContext}}
	in := Input{Article: a, Claims: []*annotate.Claim{c},
		Versions: []annotate.ArticleVersion{{ID: 1, UUID: "3c4d5e6f-7a8b-4c9d-8e1f-2a3b4c5d6e7f", ArticleID: 3, Number: 1, Text: a.Text, Format: "text"}}}

	var w3c bytes.Buffer
	if err := W3C(&w3c, in); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"id":"urn:uuid:` + c.UUID + `"`, `"source":"urn:uuid:` + a.UUID + `"`} {
		if !strings.Contains(strings.ReplaceAll(w3c.String(), `": "`, `":"`), want) {
			t.Errorf("W3C export lacks %s:\n%s", want, w3c.String())
		}
	}

	var js bytes.Buffer
	if err := JSON(&js, []Input{in}); err != nil {
		t.Fatal(err)
	}
	back, err := ReadJSON(&js)
	if err != nil {
		t.Fatal(err)
	}
	got := back[0]
	if got.Article.UUID != a.UUID || got.Claims[0].UUID != c.UUID || got.Claims[0].Sources[0].UUID != c.Sources[0].UUID || got.Versions[0].UUID != in.Versions[0].UUID {
		t.Errorf("UUIDs read back from JSON: article %q claim %q source %q version %q; want those written",
			got.Article.UUID, got.Claims[0].UUID, got.Claims[0].Sources[0].UUID, got.Versions[0].UUID)
	}
}
