package report

import (
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/factdesk/factdesk/annotate"
)

func itoa(n int) string { return strconv.Itoa(n) }

// maxContext is how many code points of context a quote gets on either
// side at most, so that a run-on sentence does not reprint a paragraph.
const maxContext = 280

// quoteContext is a claim's quote with the text around it: on either side,
// the rest of the quote's own sentence and one whole sentence more, never
// past the quote's paragraph. Reports quote claims this way rather than
// reprint the whole article.
type quoteContext struct {
	Before, Quote, After string
	// Clipped says that Before does not start, or After does not end, at
	// a sentence boundary, so an ellipsis belongs there.
	ClippedBefore, ClippedAfter bool
}

// contexts returns the context of every claim (a zero value for nil or
// unplaced claims) in one pass over the paragraphs.
func contexts(text []rune, paras []paragraph, claims []*annotate.Claim) []quoteContext {
	out := make([]quoteContext, len(claims))
	for i, c := range claims {
		if c == nil {
			continue
		}
		if !placed(text, c) {
			out[i] = quoteContext{Quote: oneLine(c.Exact)}
			continue
		}
		// The paragraph that holds the claim's start.
		k := sort.Search(len(paras), func(k int) bool { return paras[k].end > c.Start })
		if k == len(paras) {
			out[i] = quoteContext{Quote: oneLine(c.Exact)}
			continue
		}
		p := paras[k]
		end := min(c.End, p.end)
		from := sentenceStart(text, p.start, c.Start)
		if from > p.start {
			from = sentenceStart(text, p.start, from-1)
		}
		from = min(from, c.Start) // a claim may start in the gap before p
		to := sentenceEnd(text, end, p.end)
		if to < p.end {
			to = sentenceEnd(text, to+1, p.end)
		}
		qc := quoteContext{Quote: foldRunes(text[c.Start:c.End], false)}
		if c.Start-from > maxContext {
			from = wordAfter(text, c.Start-maxContext, c.Start)
			qc.ClippedBefore = true
		}
		if to-end > maxContext {
			to = wordBefore(text, end, end+maxContext)
			qc.ClippedAfter = true
		}
		qc.Before = strings.TrimLeft(foldRunes(text[from:c.Start], true), " ")
		if c.End <= p.end {
			qc.After = strings.TrimRight(foldRunes(text[c.End:to], true), " ")
		}
		out[i] = qc
	}
	return out
}

// sentenceStart is where the sentence holding position at begins: just
// after the last sentence end before at, or floor.
func sentenceStart(text []rune, floor, at int) int {
	for i := at - 1; i > floor; i-- {
		if isSpace(text[i]) && endsSentence(text, floor, i) {
			j := i
			for j < at && isSpace(text[j]) {
				j++
			}
			return j
		}
	}
	return floor
}

// sentenceEnd is where the sentence holding position at ends (just after
// its final punctuation), or ceil.
func sentenceEnd(text []rune, at, ceil int) int {
	for i := max(at, 1); i < ceil; i++ {
		if isSpace(text[i]) && endsSentence(text, 0, i) {
			return i
		}
	}
	return ceil
}

// endsSentence reports whether the space at text[i] follows the end of a
// sentence: a full stop, question or exclamation mark, perhaps followed by
// closing quotes or brackets, after something longer than an initial.
func endsSentence(text []rune, floor, i int) bool {
	j := i - 1
	for j > floor && strings.ContainsRune("\"'”’)]»", text[j]) {
		j--
	}
	if j < floor {
		return false
	}
	switch text[j] {
	case '?', '!', '…', '。', '？', '！':
		return true
	case '.':
		// "J. Smith" and "U.S." are not sentence ends: the word before the
		// stop must be longer than one letter and not hold another stop.
		k := j - 1
		for k >= floor && !isSpace(text[k]) && text[k] != '.' {
			k--
		}
		if k >= floor && text[k] == '.' {
			return false
		}
		return j-k-1 > 1 || (j-k-1 == 1 && unicode.IsDigit(text[j-1]))
	}
	return false
}

// wordAfter is the first word start at or after from (before limit).
func wordAfter(text []rune, from, limit int) int {
	for i := from; i < limit; i++ {
		if i > 0 && isSpace(text[i-1]) && !isSpace(text[i]) {
			return i
		}
	}
	return from
}

// wordBefore is the last word end at or before to (after floor).
func wordBefore(text []rune, floor, to int) int {
	for i := to; i > floor; i-- {
		if i < len(text) && isSpace(text[i]) && !isSpace(text[i-1]) {
			return i
		}
	}
	return to
}

// foldRunes is the text of r with every run of white space folded to one
// space, trimmed unless keepEnds, in one pass over the code points.
func foldRunes(r []rune, keepEnds bool) string {
	// Canonical text has single spaces within a paragraph: then the runes
	// need only their ends trimmed.
	plain := true
	for i, c := range r {
		if c != ' ' && unicode.IsSpace(c) || c == ' ' && i > 0 && r[i-1] == ' ' {
			plain = false
			break
		}
	}
	if plain {
		if !keepEnds {
			lo, hi := 0, len(r)
			for lo < hi && r[lo] == ' ' {
				lo++
			}
			for hi > lo && r[hi-1] == ' ' {
				hi--
			}
			r = r[lo:hi]
		}
		return string(r)
	}
	var b strings.Builder
	b.Grow(len(r) + 8)
	space := false
	for _, c := range r {
		if unicode.IsSpace(c) {
			space = true
			continue
		}
		if space && (keepEnds || b.Len() > 0) {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(c)
	}
	if space && keepEnds {
		b.WriteByte(' ')
	}
	return b.String()
}

// summaryLine is the first sentence of a rationale, for the summary table,
// cut at a word near n code points.
func summaryLine(s string, n int) string {
	s = oneLine(s)
	if s == "" {
		return ""
	}
	r := []rune(s)
	if e := sentenceEnd(r, 0, len(r)); e < len(r) {
		r = r[:e]
	}
	if len(r) > n {
		cut := wordBefore(r, n/2, n)
		return strings.TrimRight(string(r[:cut]), " ,;:") + "…"
	}
	return string(r)
}
