package report

import (
	"encoding/json"
	"io"
	"strconv"
	"time"

	"github.com/factdesk/factdesk/annotate"
)

type crNode = map[string]any

// ClaimReview writes a schema.org JSON-LD array with one ClaimReview per
// claim that has a verdict, for search engines and fact-check aggregators.
// Verdicts off the numeric scale (Unverifiable) carry their label as
// alternateName and no ratingValue.
func ClaimReview(w io.Writer, in Input) error {
	a := in.article()
	reviews := make([]crNode, 0, len(in.Claims))
	checked := in.checkedDate()
	for i, c := range in.Claims {
		if c == nil {
			continue
		}
		r, ok := c.Verdict.Rating()
		if !ok {
			continue
		}
		rating := crNode{
			"@type":         "Rating",
			"alternateName": r.Label,
			"bestRating":    annotate.BestRating,
			"worstRating":   annotate.WorstRating,
		}
		if r.Value != 0 {
			rating["ratingValue"] = r.Value
		}
		appearance := crNode{"@type": "CreativeWork"}
		if annotate.SafeURL(a.URL) {
			appearance["url"] = a.URL
		}
		if a.Title != "" {
			appearance["headline"] = a.Title
		}
		if !a.Published.IsZero() {
			appearance["datePublished"] = a.Published.Format(time.DateOnly)
		}
		if a.Publisher != "" {
			appearance["publisher"] = crNode{"@type": "Organization", "name": a.Publisher}
		}
		item := crNode{"@type": "Claim", "appearance": appearance}
		if c.Claimant != "" {
			item["author"] = crNode{"@type": claimantType(c.Claimant, a), "name": c.Claimant}
		}
		if c.ClaimDate != "" {
			item["datePublished"] = c.ClaimDate
		}
		review := crNode{
			"@context":      "https://schema.org",
			"@type":         "ClaimReview",
			"claimReviewed": oneLine(c.Statement),
			"reviewRating":  rating,
			"itemReviewed":  item,
			"datePublished": checked.Format(time.DateOnly),
		}
		if !c.Updated.IsZero() {
			review["dateModified"] = c.Updated.UTC().Format(time.RFC3339)
		}
		author := crNode{"@type": "Organization", "name": orDefault(in.Org.Name, "FactDesk")}
		if annotate.SafeURL(in.Org.URL) {
			author["url"] = in.Org.URL
		}
		review["author"] = author
		if u := reviewURL(in, i+1); u != "" {
			review["url"] = u
		}
		reviews = append(reviews, review)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(reviews)
}

// reviewURL is where the review of claim n is published: the article URL
// with the claim's fragment, or the organisation's site.
func reviewURL(in Input, n int) string {
	a := in.article()
	if annotate.SafeURL(a.URL) {
		return withFragment(a.URL, "claim-"+strconv.Itoa(n))
	}
	if annotate.SafeURL(in.Org.URL) {
		return in.Org.URL
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
