package annotate

import (
	"sort"
	"time"
)

// VerdictChoice is one of the verdicts of a claim in conflict: two
// different verdicts set concurrently by different people on desks synced
// through a team library. Neither wins silently; the claim keeps both
// until someone picks one.
type VerdictChoice struct {
	Verdict   Verdict   `json:"verdict"`
	Rationale string    `json:"rationale,omitempty"`
	Author    Person    `json:"author"`
	Time      time.Time `json:"time"`
}

// NeedsReview reports whether the claim waits for review: its status says
// so, or its verdict is in conflict.
func (c *Claim) NeedsReview() bool {
	return c.Status == StatusNeedsReview || len(c.Conflict) > 0
}

// MergeChoices is the union of two lists of verdict choices, keeping each
// person's latest verdict only (a person's newer verdict replaces their
// own older one), in a fixed order (by time, then author), so that every
// library that sees the same choices lists them alike.
func MergeChoices(a, b []VerdictChoice) []VerdictChoice {
	latest := map[string]VerdictChoice{}
	for _, c := range append(append([]VerdictChoice(nil), a...), b...) {
		had, ok := latest[c.Author.UUID]
		if !ok || had.Time.Before(c.Time) || (had.Time.Equal(c.Time) && had.Verdict < c.Verdict) {
			latest[c.Author.UUID] = c
		}
	}
	out := make([]VerdictChoice, 0, len(latest))
	for _, c := range latest {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Time.Equal(out[j].Time) {
			return out[i].Time.Before(out[j].Time)
		}
		return out[i].Author.UUID < out[j].Author.UUID
	})
	return out
}

// ConflictField is the field of a claim's change that resolves a verdict
// conflict: its old value is the number of choices there were.
const ConflictField = "conflict"
