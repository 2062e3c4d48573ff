package report

import (
	"bufio"
	"encoding/json"
	"io"
	"strconv"
	"time"

	"github.com/factdesk/factdesk/annotate"
)

type crThing struct {
	Type string `json:"@type"`
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}

type crRating struct {
	Type          string `json:"@type"`
	RatingValue   int    `json:"ratingValue,omitempty"`
	BestRating    int    `json:"bestRating"`
	WorstRating   int    `json:"worstRating"`
	AlternateName string `json:"alternateName"`
}

type crAppearance struct {
	Type          string   `json:"@type"`
	URL           string   `json:"url,omitempty"`
	Headline      string   `json:"headline,omitempty"`
	DatePublished string   `json:"datePublished,omitempty"`
	Publisher     *crThing `json:"publisher,omitempty"`
}

type crClaim struct {
	Type          string   `json:"@type"`
	Author        *crThing `json:"author,omitempty"`
	DatePublished string   `json:"datePublished,omitempty"`
	// Appearance is one crAppearance, or a list of them when the claim
	// is linked to the same claim in other articles.
	Appearance any `json:"appearance"`
}

type crReview struct {
	Context       string   `json:"@context"`
	Type          string   `json:"@type"`
	URL           string   `json:"url,omitempty"`
	ClaimReviewed string   `json:"claimReviewed"`
	ReviewRating  crRating `json:"reviewRating"`
	ItemReviewed  crClaim  `json:"itemReviewed"`
	Author        crThing  `json:"author"`
	DatePublished string   `json:"datePublished"`
	DateModified  string   `json:"dateModified,omitempty"`
}

// ClaimReview writes a schema.org JSON-LD array with one ClaimReview per
// claim that has a verdict, its url the published report's page with
// #claim-N (none until the report is marked as published), its date the
// publication's, for search engines and fact-check aggregators,
// one review per line. Verdicts off the numeric scale (Unverifiable) carry
// their label as alternateName and no ratingValue. HTML characters are
// escaped so that the output can be put in a <script> element as it is.
func ClaimReview(w io.Writer, in Input) error {
	a := in.article()
	checked := in.checkedDate().Format(time.DateOnly)
	if !a.ReportPublished.IsZero() {
		checked = a.ReportPublished.UTC().Format(time.DateOnly)
	}
	author := crThing{Type: "Organization", Name: orDefault(in.Org.Name, "FactDesk")}
	if annotate.SafeURL(in.Org.URL) {
		author.URL = in.Org.URL
	}
	appearance := crAppearance{Type: "CreativeWork", Headline: a.Title}
	if annotate.SafeURL(a.URL) {
		appearance.URL = a.URL
	}
	if !a.Published.IsZero() {
		appearance.DatePublished = a.Published.Format(time.DateOnly)
	}
	if a.Publisher != "" {
		appearance.Publisher = &crThing{Type: "Organization", Name: a.Publisher}
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString("[")
	first := true
	for i, c := range in.Claims {
		if c == nil {
			continue
		}
		r, ok := c.Verdict.Rating()
		if !ok {
			continue
		}
		review := crReview{
			Context:       "https://schema.org",
			Type:          "ClaimReview",
			URL:           reviewURL(in, i+1),
			ClaimReviewed: oneLine(c.Statement),
			ReviewRating:  crRating{Type: "Rating", RatingValue: r.Value, BestRating: annotate.BestRating, WorstRating: annotate.WorstRating, AlternateName: r.Label},
			ItemReviewed:  crClaim{Type: "Claim", DatePublished: c.ClaimDate, Appearance: appearance},
			Author:        author,
			DatePublished: checked,
		}
		if links := in.Links[c.ID]; len(links) > 0 {
			all := []crAppearance{appearance}
			for _, l := range links {
				all = append(all, linkedAppearance(l))
			}
			review.ItemReviewed.Appearance = all
		}
		if c.Claimant != "" {
			review.ItemReviewed.Author = &crThing{Type: claimantType(c.Claimant, a), Name: c.Claimant}
		}
		if !c.Updated.IsZero() {
			review.DateModified = c.Updated.UTC().Format(time.RFC3339)
		}
		b, err := json.Marshal(&review)
		if err != nil {
			return err
		}
		if !first {
			bw.WriteByte(',')
		}
		first = false
		bw.WriteString("\n")
		bw.Write(b)
	}
	bw.WriteString("\n]\n")
	return bw.Flush()
}

// linkedAppearance is the article of a linked claim, where the same claim
// appeared too.
func linkedAppearance(l annotate.ClaimLink) crAppearance {
	ap := crAppearance{Type: "CreativeWork", Headline: l.OtherTitle}
	if annotate.SafeURL(l.OtherURL) {
		ap.URL = l.OtherURL
	}
	if !l.OtherPublished.IsZero() {
		ap.DatePublished = l.OtherPublished.Format(time.DateOnly)
	}
	if l.OtherPublisher != "" {
		ap.Publisher = &crThing{Type: "Organization", Name: l.OtherPublisher}
	}
	return ap
}

// reviewURL is where the review of claim n is published: the public page
// the fact-check was marked as published at, with the claim's fragment.
// Before publication there is none; the checked article's URL is never
// used, since a search engine would credit the review to that page.
func reviewURL(in Input, n int) string {
	a := in.article()
	if annotate.SafeURL(a.ReportURL) {
		return withFragment(a.ReportURL, "claim-"+strconv.Itoa(n))
	}
	return ""
}

// withFragment replaces the fragment of raw with frag.
func withFragment(raw, frag string) string {
	for i := 0; i < len(raw); i++ {
		if raw[i] == '#' {
			raw = raw[:i]
			break
		}
	}
	return raw + "#" + frag
}

// claimantType guesses whether the claimant is an organisation: the
// article's publisher is, and so is a name with a word that only
// organisations carry.
func claimantType(name string, a *annotate.Article) string {
	if name == a.Publisher {
		return "Organization"
	}
	for _, w := range []string{"Department", "Ministry", "Office", "Agency", "Council", "Party", "Company", "Inc", "Ltd", "Association", "Institute", "University", "Committee", "Government", "Commission", "Bureau", "Police", "Corporation", "Foundation"} {
		if containsWord(name, w) {
			return "Organization"
		}
	}
	return "Person"
}

func containsWord(s, w string) bool {
	for i := 0; i+len(w) <= len(s); i++ {
		if s[i:i+len(w)] == w && (i == 0 || !isLetter(s[i-1])) && (i+len(w) == len(s) || !isLetter(s[i+len(w)])) {
			return true
		}
	}
	return false
}

func isLetter(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }
