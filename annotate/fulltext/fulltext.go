// Package fulltext is what the library stores' full-text search shares,
// whatever index answers it: how a query is split into words and bounded,
// which words a similar-claim query keeps, and how an article's snippet is
// cut around its first match.
package fulltext

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits on a search, so that pasted paragraphs stay fast.
const (
	defaultHits = 50
	maxHits     = 500
	MaxTerms    = 32
	MaxTermLen  = 100 // bytes
)

// Candidates bounds the matches of each kind that a search ranks. Ranking
// costs time in proportion to the matches: a word found in one claim of
// five in a library of 600,000 claims would take a third of a second. A
// query that matches more ranks only the newest Candidates (the last
// added), and its hits say so (annotate.SearchHit.Candidates).
const Candidates = 5000

// Limit is the number of hits a search for limit returns: 50 for
// limit <= 0, at most 500.
func Limit(limit int) int {
	if limit <= 0 {
		limit = defaultHits
	}
	return min(limit, maxHits)
}

// Terms splits s into words the way SQLite's unicode61 tokenizer does:
// runs of letters, digits and combining marks.
func Terms(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !IsWordRune(r) })
}

// IsWordRune reports whether r is part of a word.
func IsWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r) || unicode.Is(unicode.Co, r)
}

// Words is the terms of what the user typed that a query looks for: at
// most MaxTerms, each cut to MaxTermLen bytes on a rune boundary.
func Words(s string) []string {
	terms := Terms(s)
	if len(terms) > MaxTerms {
		terms = terms[:MaxTerms]
	}
	for i, t := range terms {
		if len(t) > MaxTermLen {
			n := MaxTermLen
			for n > 0 && !utf8.RuneStart(t[n]) {
				n--
			}
			terms[i] = t[:n]
		}
	}
	return terms
}

// stopWords are left out of a similar-claim query: they say nothing about
// what a claim is about.
var stopWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`a about above after again against all also am an and any are as at be because been
		before being below between both but by can could did do does doing down during each few for from further had has
		have having he her here hers herself him himself his how i if in into is it its itself just me more most my myself
		no nor not now of off on once only or other our ours ourselves out over own said same says she should so some such
		than that the their theirs them themselves then there these they this those through to too under until up very was
		we were what when where which while who whom why will with would you your yours yourself yourselves`) {
		stopWords[w] = true
	}
}

// SimilarWords are the words of a claim's text that a similar-claim query
// looks for, any of them: lower-case, of three code points or more, no stop
// words, each once, at most 2×MaxTerms.
func SimilarWords(text string) []string {
	var words []string
	seen := map[string]bool{}
	for _, t := range Terms(strings.ToLower(text)) {
		if utf8.RuneCountInString(t) < 3 || len(t) > MaxTermLen || stopWords[t] || seen[t] {
			continue
		}
		seen[t] = true
		words = append(words, t)
		if len(words) == 2*MaxTerms {
			break
		}
	}
	return words
}

// Markers an index puts around the matches of the whole text of an
// article, from which ArticleSnippet cuts its snippet.
const (
	MarkOpen  = '\x02'
	MarkClose = '\x03'
)

// Snippet size around an article's first match, in words.
const (
	snippetBefore = 6
	snippetAfter  = 14
)

// ArticleSnippet returns a snippet around the first match in the marked
// article text, within its paragraph, with the matches marked by [ and ],
// and the code-point offset of that match. With no match in the text (the
// title matched) it is the title, marked the same way.
func ArticleSnippet(title, text string) (snippet string, start int) {
	at := strings.IndexByte(text, MarkOpen)
	if at < 0 {
		return brackets(title), 0
	}
	start = utf8.RuneCountInString(text[:at])
	// Back over snippetBefore words, not past the paragraph's start.
	from := at
	for words := 0; from > 0 && text[from-1] != '\n'; {
		if text[from-1] == ' ' && from < at {
			if words++; words == snippetBefore {
				break
			}
		}
		from--
	}
	// Forward over snippetAfter words, not past the paragraph's end.
	to := at
	for words := 0; to < len(text) && text[to] != '\n'; to++ {
		if text[to] == ' ' {
			if words++; words == snippetAfter {
				break
			}
		}
	}
	var b strings.Builder
	if from > 0 && text[from-1] != '\n' {
		b.WriteString("…")
	}
	part := strings.TrimSpace(text[from:to])
	b.WriteString(brackets(part))
	if strings.Count(part, string(MarkOpen)) > strings.Count(part, string(MarkClose)) {
		b.WriteByte(']')
	}
	if to < len(text) && text[to] != '\n' {
		b.WriteString("…")
	}
	return b.String(), start
}

// brackets turns the markers of matches into the [ and ] of a snippet.
var brackets = strings.NewReplacer(string(MarkOpen), "[", string(MarkClose), "]").Replace
