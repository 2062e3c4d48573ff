package anchor

// Span is a range [Start, End) of code points.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// QuoteMatches returns every place where exact occurs in text with exactly
// prefix before it and suffix after it, overlapping places included, in
// order: the strict reading of a W3C TextQuoteSelector, used to check an
// imported selector rather than to re-anchor (Locate forgives changes).
// An empty exact matches at every position its context allows.
func QuoteMatches(text []rune, exact, prefix, suffix string) []Span {
	pat := appendRunes(appendRunes(appendRunes(nil, prefix), exact), suffix)
	p := len([]rune(prefix))
	n := len([]rune(exact))
	var out []Span
	if len(pat) == 0 {
		for i := 0; i <= len(text); i++ {
			out = append(out, Span{i, i})
		}
		return out
	}
	var e exactSearch
	for _, s := range e.all(nil, text, lowBytes(nil, text), pat) {
		out = append(out, Span{s + p, s + p + n})
	}
	return out
}
