package report

import "github.com/factdesk/factdesk/annotate"

// Counts are the figures a report's header gives about its claims.
type Counts struct {
	Claims   int // every claim
	Verdicts int // claims with a verdict from the scale
	Done     int // claims whose status is done
	Open     int // claims not done yet, whatever their verdict
}

// Count counts claims, skipping nil entries.
func Count(claims []*annotate.Claim) Counts {
	var n Counts
	for _, c := range claims {
		if c == nil {
			continue
		}
		n.Claims++
		if _, ok := c.Verdict.Rating(); ok {
			n.Verdicts++
		}
		if c.Status == annotate.StatusDone {
			n.Done++
		}
	}
	n.Open = n.Claims - n.Done
	return n
}

// plural is n with the noun, in the singular for one.
func plural(n int, one, many string) string {
	if n == 1 {
		return itoa(n) + " " + one
	}
	return itoa(n) + " " + many
}

// Phrases are the header's counts as short phrases, in the order every
// report prints them: "8 claims", "7 verdicts given", "5 done", "3 open".
func (n Counts) Phrases() []string {
	return []string{
		plural(n.Claims, "claim", "claims"),
		plural(n.Verdicts, "verdict given", "verdicts given"),
		itoa(n.Done) + " done",
		itoa(n.Open) + " still open",
	}
}
