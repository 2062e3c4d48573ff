// Package assist suggests, offline, which sentences of an article are worth
// checking and who made them, and ranks previously checked claims by their
// likeness to a new one.
package assist

import (
	"strings"
	"unicode"
)

// Span is a half-open range [Start, End) of code points in an article's
// canonical text.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Len is the number of code points in the span.
func (s Span) Len() int { return s.End - s.Start }

// Sentences splits text into sentences and returns their spans, trimmed of
// surrounding white space. A sentence never crosses a line break: paragraphs
// are separated by a blank line in canonical text, and a lone line break is
// taken to end a heading, caption or list item that has no full stop.
func Sentences(text string) []Span {
	return sentencesRunes([]rune(text))
}

func sentencesRunes(r []rune) []Span {
	var out []Span
	start := 0
	for i := 0; i <= len(r); i++ {
		if i == len(r) || r[i] == '\n' {
			out = appendLine(out, r, start, i)
			start = i + 1
		}
	}
	return out
}

// appendLine splits the line r[a:b] into sentences.
func appendLine(out []Span, r []rune, a, b int) []Span {
	start := a
	for i := a; i < b; i++ {
		if !isTerminator(r[i]) {
			continue
		}
		j := i
		for j < b && isTerminator(r[j]) {
			j++
		}
		for j < b && isCloser(r[j]) {
			j++
		}
		if j < b && !unicode.IsSpace(r[j]) {
			// "3.5", "U.S.A", "said.Credit": not followed by a space, so not an end.
			i = j - 1
			continue
		}
		if endsHere(r, a, b, i, j) {
			out = appendTrimmed(out, r, start, j)
			start = j
		}
		i = j - 1
	}
	return appendTrimmed(out, r, start, b)
}

// endsHere decides whether the terminators r[i:k] (k after any closing
// quotes, at a space or the end of the line) end a sentence.
func endsHere(r []rune, a, b, i, k int) bool {
	n := k // first code point of what follows
	for n < b && unicode.IsSpace(r[n]) {
		n++
	}
	if n == b {
		return true
	}
	// Look past opening quotes and brackets to the first letter or digit.
	f := n
	for f < b && isOpener(r[f]) {
		f++
	}
	if f == b {
		return true
	}
	next := r[f]
	switch {
	case unicode.IsLower(next):
		// "the U.S. military", "“Why?” she asked": the sentence goes on.
		return false
	case unicode.IsPunct(next) && f == n && !isOpener(next):
		// '“Stop!”, he said' or '... – and'.
		return false
	}
	run := string(r[i:k])
	if strings.ContainsAny(run, "?!") {
		return true
	}
	// Ellipses and single full stops.
	dots := 0
	for _, c := range r[i:k] {
		if c == '.' {
			dots++
		}
		if c == '…' {
			dots += 3
		}
	}
	if dots > 1 {
		return true
	}
	if k > i+1 && isCloser(r[i+1]) {
		// A full stop inside a closing quote or bracket ends the sentence.
		return true
	}
	word := wordBefore(r, a, i)
	if word == "" {
		return true
	}
	lw := strings.ToLower(word)
	if neverFinal[lw] {
		return false
	}
	if len([]rune(word)) == 1 && unicode.IsUpper([]rune(word)[0]) {
		// An initial: "J. K. Rowling", "George W. Bush".
		return false
	}
	if unicode.IsDigit(next) && numberBefore[lw] {
		return false // "No. 10", "Jan. 5"
	}
	if ambiguous[lw] || (strings.Contains(word, ".") && !strings.ContainsFunc(word, unicode.IsDigit)) {
		// "the U.S. The", "at 10.30 a.m. Police": an end only before a word
		// that usually starts a sentence.
		return starters[strings.ToLower(wordAt(r, f, b))]
	}
	return true
}

// wordBefore returns the word that ends at r[i] (the full stop excluded),
// back to the previous space or opening quote.
func wordBefore(r []rune, a, i int) string {
	j := i
	for j > a && !unicode.IsSpace(r[j-1]) && !isOpener(r[j-1]) && r[j-1] != '(' {
		j--
	}
	return string(r[j:i])
}

// wordAt returns the run of letters starting at r[f].
func wordAt(r []rune, f, b int) string {
	j := f
	for j < b && (unicode.IsLetter(r[j]) || r[j] == '\'' || r[j] == '’') {
		j++
	}
	return string(r[f:j])
}

func appendTrimmed(out []Span, r []rune, a, b int) []Span {
	for a < b && unicode.IsSpace(r[a]) {
		a++
	}
	for b > a && unicode.IsSpace(r[b-1]) {
		b--
	}
	if a < b {
		out = append(out, Span{a, b})
	}
	return out
}

func isTerminator(c rune) bool {
	return c == '.' || c == '?' || c == '!' || c == '…' || c == '‽'
}

func isCloser(c rune) bool {
	switch c {
	case '"', '\'', '”', '’', '»', '›', ')', ']', '}':
		return true
	}
	return false
}

func isOpener(c rune) bool {
	switch c {
	case '"', '\'', '“', '‘', '«', '‹', '(', '[', '{', '„':
		return true
	}
	return false
}

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// neverFinal are abbreviations (without their last full stop) that are
// followed by more of the same sentence: titles before names and Latin
// abbreviations.
var neverFinal = set(
	"mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "lt", "col",
	"sgt", "capt", "cmdr", "adm", "maj", "rev", "fr", "hon", "pres", "supt",
	"e.g", "i.e", "vs", "v", "cf", "approx", "ca", "mt", "ft", "messrs", "mme",
	"sept", "aug", "oct", "nov", "dec", "feb", "jan", "apr", "jun", "jul",
)

// numberBefore are abbreviations that precede a number.
var numberBefore = set("no", "nos", "vol", "p", "pp", "art", "fig", "ch", "sec", "para", "st")

// ambiguous are abbreviations that may end a sentence.
var ambiguous = set(
	"st", "inc", "ltd", "co", "corp", "jr", "sr", "bros", "etc", "no", "u.s",
	"u.k", "a.m", "p.m", "d.c", "n.y", "l.a", "u.n", "e.u", "ave", "blvd", "mar",
)

// starters are words that usually begin a sentence and rarely follow an
// abbreviation inside one.
var starters = set(
	"the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "but", "and",
	"in", "on", "at", "this", "that", "these", "those", "there", "his", "her",
	"its", "their", "our", "my", "however", "meanwhile", "still", "yet", "so",
	"if", "when", "while", "after", "before", "as", "for", "with", "since",
	"some", "many", "most", "all", "no", "not", "one", "what", "why", "how",
	"who", "where", "officials", "police", "both", "last", "earlier", "later",
	"now", "then", "also", "both", "each", "more", "such", "other",
)
