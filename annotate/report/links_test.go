package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/factdesk/factdesk/annotate"
)

// TestLinkedClaimExports checks that a claim linked to the same claim in
// another article lists that article as an appearance in ClaimReview and
// carries a linking body to its annotation in W3C.
func TestLinkedClaimExports(t *testing.T) {
	a := &annotate.Article{ID: 1, Title: "Rents rise", URL: "https://news.example.com/rents", Text: "Rents rose 12 percent last year."}
	c := &annotate.Claim{ID: 7, ArticleID: 1, Statement: "Rents rose 12 percent last year.", Verdict: annotate.VerdictFalse,
		Anchor: annotate.Anchor{Start: 0, End: 32, Exact: a.Text}, Tags: []string{}, Sources: []annotate.Source{}}
	link := annotate.ClaimLink{ClaimID: 7, OtherID: 42, OtherArticleID: 3, OtherTitle: "Rents again", OtherURL: "https://other.example.org/rents",
		OtherPublisher: "Other Daily", OtherPublished: time.Date(2025, 3, 4, 0, 0, 0, 0, time.UTC)}
	in := Input{Article: a, Claims: []*annotate.Claim{c}, Links: map[int64][]annotate.ClaimLink{7: {link}}}

	var cr bytes.Buffer
	if err := ClaimReview(&cr, in); err != nil {
		t.Fatal(err)
	}
	var reviews []struct {
		ItemReviewed struct {
			Appearance []struct {
				URL, Headline, DatePublished string
			}
		}
	}
	if err := json.Unmarshal(cr.Bytes(), &reviews); err != nil {
		t.Fatalf("ClaimReview output: %v\n%s", err, cr.String())
	}
	if len(reviews) != 1 || len(reviews[0].ItemReviewed.Appearance) != 2 {
		t.Fatalf("ClaimReview appearances: %s, want the article and the linked one", cr.String())
	}
	if ap := reviews[0].ItemReviewed.Appearance; ap[0].URL != a.URL || ap[1].URL != link.OtherURL || ap[1].DatePublished != "2025-03-04" {
		t.Errorf("appearances %+v, want %s then %s of 2025-03-04", ap, a.URL, link.OtherURL)
	}
	// Without links the appearance stays one object, as before.
	cr.Reset()
	in.Links = nil
	if err := ClaimReview(&cr, in); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(cr.String(), `"appearance":{`) {
		t.Errorf("without links, appearance is not one object: %s", cr.String())
	}

	in.Links = map[int64][]annotate.ClaimLink{7: {link}}
	var w bytes.Buffer
	if err := W3C(&w, in); err != nil {
		t.Fatal(err)
	}
	want := uuid5("article:3:claim:42")
	if !strings.Contains(w.String(), `"purpose":"linking","source":"`+want+`"`) {
		t.Errorf("W3C output has no linking body to %s:\n%s", want, w.String())
	}
}
