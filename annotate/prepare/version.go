package prepare

import (
	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/anchor"
)

// Update is a new version of an article with the claims its caller
// re-anchored on it, checked before a store writes them.
type Update struct {
	// Version is the new version with its defaults and SHA-256.
	Version annotate.ArticleVersion
	// Text indexes the new text, to check each stored claim's quote.
	Text *Text
	// Given are the re-anchored claims by id.
	Given map[int64]*annotate.Claim
}

// NewUpdate checks v, an article's new version, and claims, re-anchored
// on its text by the caller: each must quote the new text at its span
// unless orphaned.
func NewUpdate(v *annotate.ArticleVersion, claims []*annotate.Claim) (*Update, error) {
	if v == nil {
		return nil, annotate.Errorf(annotate.EINVALID, "no version given")
	}
	check := annotate.Article{Title: "-", Text: v.Text}
	if err := check.Validate(); err != nil {
		return nil, err
	}
	ver, err := Version(v, v.Text)
	if err != nil {
		return nil, err
	}
	u := &Update{Version: ver, Given: make(map[int64]*annotate.Claim, len(claims))}
	for i, c := range claims {
		if c == nil {
			return nil, annotate.Errorf(annotate.EINVALID, "claim %d of the new version is missing", i+1)
		}
		if err := Anchor(c); err != nil {
			return nil, err
		}
		u.Given[c.ID] = c
	}
	u.Text = NewText(v.Text)
	for _, c := range claims {
		if err := Quote(c, u.Text); err != nil {
			return nil, err
		}
	}
	return u, nil
}

// Base checks that the version the caller read, v.Base, is still the
// current one of article articleID: an ECONFLICT error when someone stored
// another since. Base 0 names no version and is not checked.
func (u *Update) Base(articleID int64, current int) error {
	if u.Version.Base != 0 && u.Version.Base != current {
		return annotate.Errorf(annotate.ECONFLICT, "article %d was updated to version %d by someone else since you read version %d; nothing was stored", articleID, current, u.Version.Base)
	}
	return nil
}

// Anchors returns the article's claims as stored now, on the old text, as
// they are to be stored on the new one. A claim given at the revision
// stored takes the anchor and status it was given; the others, marked or
// edited since the caller read them or not given at all, are re-anchored
// here, so that no claim is left pointing into the old text. Each must
// still be checked with Quote before it is written.
func (u *Update) Anchors(stored []*annotate.Claim) []annotate.Claim {
	var again []*annotate.Claim
	next := make([]annotate.Claim, len(stored))
	for i, s := range stored {
		next[i] = *s
		if g, ok := u.Given[s.ID]; ok && g.Rev == s.Rev {
			next[i].Anchor, next[i].AnchorBy, next[i].AnchorScore, next[i].Status = g.Anchor, g.AnchorBy, g.AnchorScore, g.Status
		} else {
			again = append(again, &next[i])
		}
	}
	anchor.Reanchor(u.Version.Text, again)
	return next
}

// Stored sets on the given claims what the store wrote of them: the claims
// of article articleID as stored on the new text.
func (u *Update) Stored(articleID int64, stored []annotate.Claim) {
	for _, s := range stored {
		if c := u.Given[s.ID]; c != nil {
			c.ArticleID, c.Anchor, c.AnchorBy, c.AnchorScore, c.Status = articleID, s.Anchor, s.AnchorBy, s.AnchorScore, s.Status
			c.Rev, c.Updated, c.UUID = s.Rev, s.Updated, s.UUID
		}
	}
}
