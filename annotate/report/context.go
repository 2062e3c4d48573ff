package report

import (
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

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
	if len(claims) == 0 {
		return out
	}
	// The pieces are cut from the text as a string, by the byte offset of
	// each code point, so that a piece needs no conversion of its own.
	src := string(text)
	offs := make([]int32, len(text)+1)
	n := 0
	for i, r := range text {
		offs[i] = int32(n)
		if k := utf8.RuneLen(r); k > 0 {
			n += k
		} else {
			n += 3 // written as U+FFFD
		}
	}
	offs[len(text)] = int32(n)
	piece := func(from, to int, keepEnds bool) string { return foldString(src[offs[from]:offs[to]], keepEnds) }
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
		qc := quoteContext{Quote: piece(c.Start, c.End, false)}
		if c.Start-from > maxContext {
			from = wordAfter(text, c.Start-maxContext, c.Start)
			qc.ClippedBefore = true
		}
		if to-end > maxContext {
			to = wordBefore(text, end, end+maxContext)
			qc.ClippedAfter = true
		}
		qc.Before = strings.TrimLeft(piece(from, c.Start, true), " ")
		if c.End <= p.end {
			qc.After = strings.TrimRight(piece(c.End, to, true), " ")
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

// foldString is s with every run of white space folded to one space,
// trimmed unless keepEnds. Canonical text has single spaces within a
// paragraph, so s is most often returned as it is, without copying.
func foldString(s string, keepEnds bool) string {
	plain := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' || c >= 0x80 || c == ' ' && i > 0 && s[i-1] == ' ' {
			plain = false
			break
		}
	}
	if !plain && !strings.ContainsFunc(s, func(r rune) bool { return r != ' ' && unicode.IsSpace(r) }) && !strings.Contains(s, "  ") {
		plain = true // only characters beyond ASCII that are not spaces
	}
	if plain {
		if !keepEnds {
			s = strings.Trim(s, " ")
		}
		return s
	}
	lead := keepEnds && strings.IndexFunc(s, func(r rune) bool { return !unicode.IsSpace(r) }) > 0
	trail := keepEnds && len(s) > 0 && strings.LastIndexFunc(s, func(r rune) bool { return !unicode.IsSpace(r) }) < len(s)-1
	out := strings.Join(strings.Fields(s), " ")
	if out == "" {
		if keepEnds && s != "" {
			return " "
		}
		return ""
	}
	if lead {
		out = " " + out
	}
	if trail {
		out += " "
	}
	return out
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
