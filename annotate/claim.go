package annotate

import (
	"strings"
	"time"
	"unicode/utf8"
)

// AnchorMethod says how a claim's anchor was last placed on its article's text.
type AnchorMethod string

const (
	AnchorMarked   AnchorMethod = "marked"   // placed by the user
	AnchorPosition AnchorMethod = "position" // the old position still holds the quote
	AnchorExact    AnchorMethod = "exact"    // the quote was found verbatim
	AnchorFuzzy    AnchorMethod = "fuzzy"    // an approximate match was found
	AnchorOrphan   AnchorMethod = "orphan"   // no confident place; the old quote is kept
)

// Claim is a statement marked in an article and the state of its check.
type Claim struct {
	ID int64 `json:"id"`
	// UUID names the claim everywhere, beside its ID and Number. Rev is its
	// revision: it starts at 1 and grows with every stored change. An update
	// names the revision it read; if the claim has moved on, the store
	// writes nothing and answers ECONFLICT.
	UUID      string `json:"uuid,omitempty"`
	Rev       int64  `json:"-"`
	ArticleID int64  `json:"article_id"`
	// Number is the claim's number within its article: given when it is
	// created, the highest so far plus one, and never reused.
	Number    int    `json:"number,omitempty"`
	Anchor           // where it is in the article text
	Statement string `json:"statement"`
	Claimant  string `json:"claimant,omitempty"`
	// ClaimDate is when the claim was made, as YYYY-MM-DD, or "".
	ClaimDate string   `json:"claim_date,omitempty"`
	Tags      []string `json:"tags"`
	Status    Status   `json:"status"`
	Verdict   Verdict  `json:"verdict,omitempty"`
	// Rationale is the public explanation of the verdict, printed in the
	// published report; Notes are internal and stay in the working formats.
	Rationale string `json:"rationale,omitempty"`
	Notes     string `json:"notes,omitempty"`
	// Assignee is the person the claim is given to, by name, or "".
	// CheckedBy names who set the verdict and rationale as they stand; the
	// store keeps it, since the two-person rule rests on it. ReviewedBy is
	// the second person who signed the verdict off, "" until then or once a
	// new verdict or rationale voids the sign-off.
	Assignee   string `json:"assignee,omitempty"`
	CheckedBy  string `json:"checked_by,omitempty"`
	ReviewedBy string `json:"reviewed_by,omitempty"`
	// Conflict holds the verdicts set concurrently by different people on
	// synced desks, until one is picked; the claim needs review meanwhile.
	Conflict    []VerdictChoice `json:"conflict,omitempty"`
	Sources     []Source        `json:"sources"`
	AnchorBy    AnchorMethod    `json:"anchor_method,omitempty"`
	AnchorScore float64         `json:"anchor_score,omitempty"`
	Created     time.Time       `json:"created"`
	Updated     time.Time       `json:"updated"`
}

// NewClaim returns an unchecked claim on the span [start, end) of the
// article's text, its statement the quote itself.
func NewClaim(a *Article, start, end int) (*Claim, error) {
	return NewClaimRunes(a, []rune(a.Text), start, end)
}

// NewClaimRunes is NewClaim for an article whose text is already decoded to
// code points, so that many claims on a long article decode it once.
func NewClaimRunes(a *Article, text []rune, start, end int) (*Claim, error) {
	anc, err := DescribeRunes(text, start, end)
	if err != nil {
		return nil, err
	}
	return &Claim{
		ArticleID:   a.ID,
		Anchor:      anc,
		Statement:   strings.Join(strings.Fields(anc.Exact), " "),
		Tags:        []string{},
		Status:      StatusUnchecked,
		Sources:     []Source{},
		AnchorBy:    AnchorMarked,
		AnchorScore: 1,
	}, nil
}

// Validate checks the claim's rules.
func (c *Claim) Validate() error {
	if c.Start < 0 || c.End <= c.Start {
		return Errorf(EINVALID, "claim span %d–%d is empty or negative", c.Start, c.End)
	}
	if c.Exact == "" {
		return Errorf(EINVALID, "claim has no quote")
	}
	if strings.TrimSpace(c.Statement) == "" {
		return Errorf(EINVALID, "claim statement is empty")
	}
	for _, s := range []string{c.Statement, c.Rationale, c.Notes, c.Exact, c.Claimant, c.ClaimDate, c.Assignee, c.CheckedBy, c.ReviewedBy} {
		if len(s) > MaxNoteBytes {
			return Errorf(ETOOLARGE, "claim text is longer than %d bytes", MaxNoteBytes)
		}
		if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
			return Errorf(EINVALID, "claim text is not valid UTF-8 or contains a NUL character")
		}
	}
	if len(c.Claimant) > MaxFieldBytes {
		return Errorf(ETOOLARGE, "claimant is longer than %d bytes", MaxFieldBytes)
	}
	for _, name := range []string{c.Assignee, c.CheckedBy, c.ReviewedBy} {
		if len(name) > MaxFieldBytes {
			return Errorf(ETOOLARGE, "a person's name is longer than %d bytes", MaxFieldBytes)
		}
	}
	if c.ClaimDate != "" {
		if _, err := time.Parse(time.DateOnly, c.ClaimDate); err != nil {
			return Errorf(EINVALID, "claim date %q is not a date like 2025-09-05", c.ClaimDate)
		}
	}
	if _, err := ParseStatus(string(c.Status)); err != nil {
		return err
	}
	if _, err := ParseVerdict(string(c.Verdict)); err != nil {
		return err
	}
	if c.Status == StatusDone && c.Verdict == VerdictNone {
		return Errorf(EINVALID, "a claim cannot be done without a verdict")
	}
	for _, t := range c.Tags {
		if _, err := NormalizeTag(t); err != nil {
			return err
		}
	}
	for i := range c.Sources {
		if err := c.Sources[i].Validate(); err != nil {
			return err
		}
	}
	return nil
}

// SetStatus changes the claim's status, refusing done without a verdict.
func (c *Claim) SetStatus(s Status) error {
	if _, err := ParseStatus(string(s)); err != nil {
		return err
	}
	if s == StatusDone && c.Verdict == VerdictNone {
		return Errorf(EINVALID, "a claim cannot be done without a verdict")
	}
	c.Status = s
	return nil
}

// SetVerdict sets the verdict. Giving a verdict to an unchecked claim moves
// it to in progress; removing the verdict of a done claim moves it back.
func (c *Claim) SetVerdict(v Verdict) error {
	if _, err := ParseVerdict(string(v)); err != nil {
		return err
	}
	c.Verdict = v
	switch {
	case v != VerdictNone && c.Status == StatusUnchecked:
		c.Status = StatusInProgress
	case v == VerdictNone && c.Status == StatusDone:
		c.Status = StatusInProgress
	}
	return nil
}

// AddTag adds the tag t once.
func (c *Claim) AddTag(t string) error {
	t, err := NormalizeTag(t)
	if err != nil {
		return err
	}
	for _, have := range c.Tags {
		if have == t {
			return nil
		}
	}
	c.Tags = append(c.Tags, t)
	return nil
}

// RemoveTag removes the tag t if present.
func (c *Claim) RemoveTag(t string) {
	t = strings.ToLower(strings.TrimSpace(t))
	out := c.Tags[:0]
	for _, have := range c.Tags {
		if have != t {
			out = append(out, have)
		}
	}
	c.Tags = out
}

// Tag is a label for grouping claims, with a colour for its chip.
type Tag struct {
	Name  string `json:"name"`
	Color string `json:"color,omitempty"`
	Count int    `json:"count,omitempty"`
}

// NormalizeTag returns t trimmed and lower-cased, or an error if it is empty,
// too long or holds a comma.
func NormalizeTag(t string) (string, error) {
	if !utf8.ValidString(t) {
		return "", Errorf(EINVALID, "tag %q is not valid UTF-8", t)
	}
	t = strings.ToLower(strings.Join(strings.Fields(t), " "))
	switch {
	case t == "":
		return "", Errorf(EINVALID, "tag is empty")
	case len(t) > 64:
		return "", Errorf(EINVALID, "tag %q is longer than 64 bytes", clip(t, 40))
	case strings.ContainsAny(t, ",\x00"):
		return "", Errorf(EINVALID, "tag %q must not contain a comma", t)
	}
	return t, nil
}

// TagColor returns a stable colour for a tag name.
func TagColor(name string) string {
	palette := []string{"#0969da", "#1a7f37", "#9a6700", "#bc4c00", "#cf222e", "#8250df", "#bf3989", "#116329", "#0550ae", "#953800"}
	var h uint32 = 2166136261
	for i := 0; i < len(name); i++ {
		h = (h ^ uint32(name[i])) * 16777619
	}
	return palette[h%uint32(len(palette))]
}
