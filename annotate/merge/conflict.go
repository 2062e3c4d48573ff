package merge

import (
	"sort"

	"github.com/factdesk/factdesk/annotate"
)

// TouchesVerdict reports whether ch can change which verdicts of a claim
// are in conflict: it makes, deletes or re-verdicts the claim, or picks one
// of its verdicts.
func TouchesVerdict(ch annotate.Change) bool {
	if ch.Kind != annotate.KindClaim {
		return false
	}
	if ch.Op == annotate.OpCreate || ch.Op == annotate.OpDelete {
		return true
	}
	for _, f := range ch.Fields {
		if f.Field == "verdict" || f.Field == annotate.ConflictField {
			return true
		}
	}
	return false
}

// Conflict is the verdicts of a claim in conflict after its history, the
// changes a library holds about it in any order. It applies them in clock
// order by the rules Decide applies to one change as it arrives, so that
// libraries that received the same changes in different orders, which can
// mark different conflicts when three people or more set verdicts at once,
// end with the same. Authors are named by UUID only.
func Conflict(history []annotate.Change) []annotate.VerdictChoice {
	sorted := append([]annotate.Change(nil), history...)
	sort.Slice(sorted, func(i, j int) bool { return ClockOf(sorted[i]).Before(ClockOf(sorted[j])) })
	var verdict, by string
	var at Clock
	var choices []annotate.VerdictChoice
	choice := func(v, author string, c Clock) annotate.VerdictChoice {
		return annotate.VerdictChoice{Verdict: annotate.Verdict(v), Rationale: RationaleOf(sorted, author, c),
			Author: annotate.Person{UUID: author}, Time: c.HLC.Time()}
	}
	for _, ch := range sorted {
		c := ClockOf(ch)
		switch ch.Op {
		case annotate.OpDelete:
			verdict, by, at, choices = "", "", Clock{}, nil
			continue
		case annotate.OpCreate:
			verdict, by, at, choices = "", ch.Author.UUID, c, nil
			for _, f := range ch.Fields {
				if f.Field == "verdict" {
					verdict, _ = f.New.(string)
				}
			}
			continue
		}
		resolve := false
		for _, f := range ch.Fields {
			switch f.Field {
			case annotate.ConflictField:
				resolve = true
			case "verdict":
				old, _ := f.Old.(string)
				now, _ := f.New.(string)
				mine := choice(now, ch.Author.UUID, c)
				switch {
				case old != verdict && now != verdict && by != "" && by != ch.Author.UUID:
					choices = annotate.MergeChoices(choices, []annotate.VerdictChoice{choice(verdict, by, at), mine})
				case hasAuthor(choices, ch.Author.UUID):
					choices = annotate.MergeChoices(choices, []annotate.VerdictChoice{mine})
				}
				verdict, by, at = now, ch.Author.UUID, c
			}
		}
		if resolve {
			choices = nil
		}
	}
	return choices
}

func hasAuthor(choices []annotate.VerdictChoice, uuid string) bool {
	for _, c := range choices {
		if c.Author.UUID == uuid {
			return true
		}
	}
	return false
}
