package merge

import (
	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/anchor"
)

// Anchors is how sync leaves the anchors of an article's claims on its
// current text: each claim's anchor as its history last set it, placed
// again on text when it does not hold there (anchor.Settle). Two desks
// that store versions at once each place the claims on their own text, and
// the anchor that wins by last writer may be the one placed on the version
// that is not current; a claim marked on a text another desk has replaced
// is in the same case. The result depends only on the text and the
// histories, which every library ends up holding alike, never on the
// order changes arrived in or on what was placed before; so it is applied
// where it is computed and not recorded as a change of its own, which
// every library would make again.
//
// stored are the claims as this library stores them and histories their
// changes by claim UUID. It returns the claims whose stored anchor is to
// change, with the new one. A claim with no recorded creation (made before
// the library kept a history) starts from its stored anchor.
func Anchors(text string, stored []annotate.Claim, histories map[string][]annotate.Change) []annotate.Claim {
	placed := make([]annotate.Claim, len(stored))
	claims := make([]*annotate.Claim, len(stored))
	for i, s := range stored {
		placed[i] = s
		claims[i] = &placed[i]
		h := histories[s.UUID]
		if !created(h) {
			continue
		}
		v := Replay(h)
		c := &placed[i]
		c.Start = int(Value(Int, v["start"]).(int64))
		c.End = int(Value(Int, v["end"]).(int64))
		c.Exact = Value(Text, v["exact"]).(string)
		c.Prefix = Value(Text, v["prefix"]).(string)
		c.Suffix = Value(Text, v["suffix"]).(string)
		c.AnchorBy = annotate.AnchorMethod(Value(Text, v["anchor_method"]).(string))
		c.AnchorScore = Value(Real, v["anchor_score"]).(float64)
	}
	anchor.Settle(text, claims)
	var out []annotate.Claim
	for i, s := range stored {
		c := placed[i]
		if c.Anchor != s.Anchor || c.AnchorBy != s.AnchorBy || c.AnchorScore != s.AnchorScore {
			out = append(out, c)
		}
	}
	return out
}

// created reports whether history holds a creation.
func created(history []annotate.Change) bool {
	for _, ch := range history {
		if ch.Op == annotate.OpCreate {
			return true
		}
	}
	return false
}

// MovesAnchors reports whether applying ch may leave a claim's anchor not
// holding on its article's current text, so that Anchors is to be applied
// to the article ch.ArticleUUID: a version, or a claim created or given an
// anchor.
func MovesAnchors(ch annotate.Change) bool {
	switch ch.Kind {
	case annotate.KindVersion:
		return true
	case annotate.KindClaim:
		if ch.Op == annotate.OpCreate {
			return true
		}
		for _, f := range ch.Fields {
			if annotate.IsAnchorField(f.Field) {
				return true
			}
		}
	}
	return false
}

// ArticleAnchors is Anchors for an article's claims as a store loads them
// and the claims' changes, in any order.
func ArticleAnchors(text string, stored []*annotate.Claim, changes []annotate.Change) []annotate.Claim {
	histories := map[string][]annotate.Change{}
	for _, ch := range changes {
		histories[ch.EntityUUID] = append(histories[ch.EntityUUID], ch)
	}
	claims := make([]annotate.Claim, len(stored))
	for i, c := range stored {
		claims[i] = *c
	}
	return Anchors(text, claims, histories)
}
