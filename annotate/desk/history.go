package desk

import (
	"fmt"
	"strings"

	"github.com/factdesk/factdesk/annotate"
)

// HistoryEntry is one recorded change as people read it: a heading with its
// time, author and what it did, and a line per field changed.
type HistoryEntry struct {
	Change annotate.Change
	Head   string   // "2025-09-05 14:02:11  Ana  changed claim 3/7 (revision 4)"
	Fields []string // "verdict: \"\" → \"false\""
}

// History turns changes into entries for the window's History section and
// `factdesk history` alike. Claims are named ARTICLE/N when article, their
// article's id, is known.
func History(article int64, changes []annotate.Change) []HistoryEntry {
	numbers := map[string]int64{} // claim UUID -> number, from its creation
	for _, ch := range changes {
		if ch.Kind != annotate.KindClaim {
			continue
		}
		for _, fc := range ch.Fields {
			if fc.Field != "number" {
				continue
			}
			switch n := fc.New.(type) {
			case int64:
				numbers[ch.EntityUUID] = n
			case int:
				numbers[ch.EntityUUID] = int64(n)
			case float64:
				numbers[ch.EntityUUID] = int64(n)
			}
		}
	}
	verbs := map[string]string{
		annotate.OpCreate: "created", annotate.OpUpdate: "changed",
		annotate.OpDelete: "deleted", annotate.OpUndo: "undid an edit of",
	}
	out := make([]HistoryEntry, 0, len(changes))
	for _, ch := range changes {
		what := fmt.Sprintf("%s %d", ch.Kind, ch.EntityID)
		switch {
		case ch.Kind == annotate.KindClaim && numbers[ch.EntityUUID] > 0 && article > 0:
			what = fmt.Sprintf("claim %d/%d (id %d)", article, numbers[ch.EntityUUID], ch.EntityID)
		case ch.Kind == annotate.KindSetting:
			what = "setting " + ch.EntityKey
		}
		verb := verbs[ch.Op]
		if verb == "" {
			verb = ch.Op
		}
		head := fmt.Sprintf("%s  %s  %s %s", ch.Time.Local().Format("2006-01-02 15:04:05"), ch.Author.Name, verb, what)
		if ch.Rev > 0 && ch.Op != annotate.OpDelete {
			head += fmt.Sprintf(" (revision %d)", ch.Rev)
		}
		e := HistoryEntry{Change: ch, Head: head}
		for _, fc := range ch.Fields {
			switch ch.Op {
			case annotate.OpCreate:
				e.Fields = append(e.Fields, fmt.Sprintf("%s: %s", fc.Field, HistoryValue(fc.New)))
			case annotate.OpDelete:
				e.Fields = append(e.Fields, fmt.Sprintf("%s was %s", fc.Field, HistoryValue(fc.Old)))
			default:
				if fc.Added != nil || fc.Removed != nil { // a set: what went in and out
					var parts []string
					for _, m := range fc.Added {
						parts = append(parts, "+"+m)
					}
					for _, m := range fc.Removed {
						parts = append(parts, "−"+m)
					}
					e.Fields = append(e.Fields, fmt.Sprintf("%s: %s", fc.Field, strings.Join(parts, " ")))
					continue
				}
				e.Fields = append(e.Fields, fmt.Sprintf("%s: %s → %s", fc.Field, HistoryValue(fc.Old), HistoryValue(fc.New)))
			}
		}
		out = append(out, e)
	}
	return out
}

// HistoryValue is a recorded value as one short line.
func HistoryValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "(none)"
	case string:
		return fmt.Sprintf("%q", clipLine(x, 70))
	case []string:
		if len(x) == 0 {
			return "(none)"
		}
		return strings.Join(x, ", ")
	case []any:
		if len(x) == 0 {
			return "(none)"
		}
		parts := make([]string, len(x))
		for i, p := range x {
			parts[i] = fmt.Sprint(p)
		}
		return strings.Join(parts, ", ")
	}
	return fmt.Sprint(v)
}

// clipLine folds white space and clips s to n code points.
func clipLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
