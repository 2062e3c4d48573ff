package annotate

import "time"

// ClaimLink records that a claim was seen in another place too: the same
// claim, checked once, in two articles ("previously checked"). A link joins
// two claims both ways; ClaimLink is it as seen from ClaimID, with what the
// window and the reports show of the other claim and its article.
type ClaimLink struct {
	ClaimID int64     `json:"claim_id"`
	OtherID int64     `json:"other_id"`
	Created time.Time `json:"created"`

	OtherUUID      string  `json:"other_uuid,omitempty"`
	OtherNumber    int     `json:"other_number,omitempty"`
	OtherExact     string  `json:"other_exact,omitempty"`
	OtherStatement string  `json:"other_statement,omitempty"`
	OtherClaimant  string  `json:"other_claimant,omitempty"`
	OtherVerdict   Verdict `json:"other_verdict,omitempty"`

	OtherArticleID int64     `json:"other_article_id"`
	OtherTitle     string    `json:"other_title,omitempty"`
	OtherURL       string    `json:"other_url,omitempty"`
	OtherPublisher string    `json:"other_publisher,omitempty"`
	OtherPublished time.Time `json:"other_published,omitzero"`
}
