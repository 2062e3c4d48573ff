// Package report turns an article and its checked claims into the formats
// FactDesk publishes and exchanges: an HTML, PDF or Markdown report, CSV, the
// native JSON, W3C Web Annotation and schema.org ClaimReview JSON-LD. It also
// reads the native JSON and W3C annotations back.
package report

import (
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/factdesk/factdesk/annotate"
)

// Org is the fact-checking organisation that publishes the report, as set in
// the settings.
type Org struct {
	Name           string `json:"name,omitempty"`
	URL            string `json:"url,omitempty"`
	CorrectionsURL string `json:"corrections_url,omitempty"`
	Methodology    string `json:"methodology,omitempty"`
}

// Input is one article with everything a report needs about it.
type Input struct {
	Article  *annotate.Article
	Versions []annotate.ArticleVersion // may be empty
	// Claims are in text order; a claim's number in every report is its
	// position in this slice, from 1.
	Claims  []*annotate.Claim
	Org     Org
	Checked time.Time // date of the check and of the report
	// IncludeNotes prints each claim's internal notes in the reports made
	// for people (HTML, PDF, Markdown). The working formats (JSON, W3C,
	// CSV) always carry them; ClaimReview never does.
	IncludeNotes bool
	// FullText reprints the whole article, with the claims highlighted, in
	// the reports made for people. Without it they quote each claim with a
	// sentence of context, since the article is someone else's text.
	FullText bool
	// Links are the claims' links to the same claim seen in other
	// articles, by claim id ("previously checked"); may be nil.
	Links map[int64][]annotate.ClaimLink
	// Team says the library knows more than one person, so that a verdict
	// must be signed off by someone other than its checker; a desk that
	// works alone gets a warning instead.
	Team bool
}

// dateLayout is how reports written for people show a date.
const dateLayout = "2 January 2006"

// humanDate formats t for people, or "" when it is unset.
func humanDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(dateLayout)
}

// claimDate formats a claim's YYYY-MM-DD date for people, leaving anything
// unparsable as it is.
func claimDate(s string) string {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return s
	}
	return t.Format(dateLayout)
}

// checkedDate is the date of the check, today when the input has none.
func (in Input) checkedDate() time.Time {
	if in.Checked.IsZero() {
		return time.Now()
	}
	return in.Checked
}

// article returns the input's article, or an empty one so that a report of
// a bare input does not fail on a nil pointer.
func (in Input) article() *annotate.Article {
	if in.Article == nil {
		return &annotate.Article{}
	}
	return in.Article
}

// verdictCount is one bar of a report's summary.
type verdictCount struct {
	Verdict annotate.Verdict
	Label   string
	Color   string
	Class   string
	Count   int
	Percent float64
}

// summary counts the claims by verdict in scale order, with claims without a
// verdict last; verdicts no claim has are left out.
func summary(claims []*annotate.Claim) []verdictCount {
	counts := map[annotate.Verdict]int{}
	for _, c := range claims {
		if c == nil {
			continue
		}
		if _, ok := c.Verdict.Rating(); ok {
			counts[c.Verdict]++
		} else {
			counts[annotate.VerdictNone]++
		}
	}
	var out []verdictCount
	total := 0
	for _, n := range counts {
		total += n
	}
	add := func(v annotate.Verdict, color string) {
		if n := counts[v]; n > 0 {
			label := v.Label()
			if v == annotate.VerdictNone {
				label = "Not rated yet"
			}
			out = append(out, verdictCount{v, label, color, claimClass(v, annotate.StatusUnchecked), n, 100 * float64(n) / float64(total)})
		}
	}
	for _, r := range annotate.DefaultScale {
		add(r.Verdict, r.Color)
	}
	add(annotate.VerdictNone, annotate.ColorUnchecked)
	return out
}

// claimClass is the CSS class that colours a claim: its verdict's, or its
// status's when it has none.
func claimClass(v annotate.Verdict, s annotate.Status) string {
	if _, ok := v.Rating(); ok {
		return "v-" + string(v)
	}
	if s == annotate.StatusInProgress || s == annotate.StatusNeedsReview {
		return "v-progress"
	}
	return "v-none"
}

// paragraph is a code-point span of the article text between blank lines.
type paragraph struct{ start, end int }

// paragraphs splits text (as code points) at blank lines, dropping empty
// paragraphs.
func paragraphs(text []rune) []paragraph {
	var out []paragraph
	start := 0
	flush := func(end int) {
		s, e := start, end
		for s < e && isSpace(text[s]) {
			s++
		}
		for e > s && isSpace(text[e-1]) {
			e--
		}
		if s < e {
			out = append(out, paragraph{s, e})
		}
	}
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			j := i + 1
			for j < len(text) && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r') {
				j++
			}
			if j < len(text) && text[j] == '\n' {
				flush(i)
				for j < len(text) && isSpace(text[j]) {
					j++
				}
				start = j
				i = j - 1
			}
		}
	}
	flush(len(text))
	return out
}

func isSpace(r rune) bool { return r == ' ' || r == '\n' || r == '\t' || r == '\r' }

// placed reports whether claim c can be highlighted in text: its span lies in
// the text and still holds its quote. Orphaned claims are listed in the
// report but not highlighted, since their old position would mislead.
func placed(text []rune, c *annotate.Claim) bool {
	if c == nil || c.AnchorBy == annotate.AnchorOrphan {
		return false
	}
	if c.Start < 0 || c.End <= c.Start || c.End > len(text) {
		return false
	}
	if c.Exact == "" {
		return true
	}
	if utf8.RuneCountInString(c.Exact) != c.End-c.Start {
		return false
	}
	i := c.Start
	for _, r := range c.Exact {
		if text[i] != r {
			return false
		}
		i++
	}
	return true
}

// segment is a run of a paragraph covered by the same set of claims.
type segment struct {
	start, end int
	// top is the index of the claim whose colour the run takes: the one
	// that started last (the innermost of nested claims), or -1.
	top   int
	depth int   // how many claims cover the run
	ends  []int // claims (indexes) that end at the end of this run
}

// segments splits every paragraph into runs at each claim boundary, so that
// nested and overlapping claims can be drawn as a flat sequence of marks.
// It returns one slice of runs per paragraph. Claims that cannot be placed
// are skipped; a claim running across paragraphs is drawn in each of them
// and numbered where it ends.
func segments(text []rune, paras []paragraph, claims []*annotate.Claim) [][]segment {
	type event struct {
		at    int
		claim int
		open  bool
	}
	var events []event
	for i, c := range claims {
		if placed(text, c) {
			events = append(events, event{c.Start, i, true}, event{c.End, i, false})
		}
	}
	// At the same offset, closings come before openings, so that a claim
	// ending where another starts yields no empty run.
	sort.Slice(events, func(a, b int) bool {
		ea, eb := events[a], events[b]
		if ea.at != eb.at {
			return ea.at < eb.at
		}
		if ea.open != eb.open {
			return !ea.open
		}
		return ea.claim < eb.claim
	})
	out := make([][]segment, len(paras))
	var active []int  // claim indexes in order of opening
	var pending []int // claims that ended before any run could carry their number
	ei := 0
	apply := func(e event, runs []segment) {
		if e.open {
			active = append(active, e.claim)
			return
		}
		for k, a := range active {
			if a == e.claim {
				active = append(active[:k], active[k+1:]...)
				break
			}
		}
		if n := len(runs); n > 0 {
			runs[n-1].ends = append(runs[n-1].ends, e.claim)
		} else {
			pending = append(pending, e.claim)
		}
	}
	for pi, p := range paras {
		runs := make([]segment, 0, 1)
		pos := p.start
		emit := func(end int) {
			if end <= pos {
				return
			}
			top := -1
			if len(active) > 0 {
				top = active[len(active)-1]
			}
			runs = append(runs, segment{start: pos, end: end, top: top, depth: len(active), ends: pending})
			pending = nil
			pos = end
		}
		for ei < len(events) && events[ei].at < p.end {
			emit(events[ei].at)
			apply(events[ei], runs)
			ei++
		}
		emit(p.end)
		// Events in the gap before the next paragraph: closings number the
		// last run of this one, openings carry on into the next.
		next := len(text) + 1
		if pi+1 < len(paras) {
			next = paras[pi+1].start
		}
		for ei < len(events) && events[ei].at < next {
			apply(events[ei], runs)
			ei++
		}
		out[pi] = runs
	}
	return out
}

// tagsOf returns the claim's tags without empty ones.
func tagsOf(c *annotate.Claim) []string {
	var out []string
	for _, t := range c.Tags {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// splitParagraphs splits free text such as notes at blank lines.
func splitParagraphs(s string) []string {
	if !strings.Contains(s, "\n") {
		if s = strings.TrimSpace(s); s == "" {
			return nil
		}
		return []string{s}
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var out []string
	for _, p := range strings.Split(s, "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// noArchivePrefix starts a source's excerpt that says why the source has no
// archived copy; the readiness check accepts it in place of an archive URL.
const noArchivePrefix = "no archive:"

// hasNoArchiveReason reports whether the source states why it has no archive.
func hasNoArchiveReason(s annotate.Source) bool {
	e := strings.ToLower(strings.TrimSpace(s.Excerpt))
	return strings.HasPrefix(e, noArchivePrefix) && strings.TrimSpace(e[len(noArchivePrefix):]) != ""
}
