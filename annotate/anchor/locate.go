// Package anchor places claims on an article's text again after the text
// has changed: by position, by exact quote, or by an approximate match
// scored on the quote, its context and its distance from the old place.
package anchor

import (
	"math"
	"unicode"

	"github.com/factdesk/factdesk/annotate"
)

// Result is where an anchor was placed on a text and how. For an orphan,
// Start and End are the anchor's old ones and Score is that of the best
// place that was turned down (0 if there was none).
type Result struct {
	Start, End int
	Method     annotate.AnchorMethod
	Score      float64
}

// Weights of the parts of a candidate's score, as in Hypothesis's
// match-quote: the quote counts most, its context next, and the distance
// from the old place only breaks ties.
const (
	weightQuote  = 50
	weightPrefix = 20
	weightSuffix = 20
	weightPos    = 2
)

// Acceptance thresholds, chosen from the re-anchoring test on edited news
// articles (accuracy_test.go). A claim whose paragraph moved keeps its
// words but loses its context, so the overall score of a right place fell
// to 0.595 there, while the best wrong candidate (the same claim restated
// in other words elsewhere in the article, 78% similar, context unlike)
// scored 0.586: the overall score alone cannot separate them, the quote's
// own similarity can.
const (
	// minScore is the lowest overall score at which a place is used.
	minScore = 0.65
	// nearVerbatim is the quote similarity at which a place is used
	// whatever its context, as an exact match is: a long quote with at
	// most a tenth of it changed does not occur by chance.
	nearVerbatim = 0.9
	// minContext is the lowest mean prefix/suffix similarity at which a
	// short quote, which could occur anywhere by chance, is placed.
	minContext = 0.5
	// copyContext is the context similarity under which an exact match
	// may be a copy of the words elsewhere, so that a near match at the
	// old place with its context is looked for too. Unrelated text is
	// about half alike by this measure, so it is well above minContext.
	copyContext = 0.8
	// shortQuote is the length under which a quote needs its context.
	shortQuote = 32
	// sureScore is the score at which a match near the old place is taken
	// without looking through the rest of the text.
	sureScore = 0.8
)

// maxContext is how much prefix and suffix a place is scored on: twice
// what an anchor keeps.
const maxContext = 2 * annotate.ContextLen

// Locate places the anchor a on text (code points). See Locator.
func Locate(text []rune, a annotate.Anchor) Result {
	var l Locator
	return l.Locate(text, a)
}

// LocateString is Locate for a text that is not yet decoded.
func LocateString(text string, a annotate.Anchor) Result {
	return Locate([]rune(text), a)
}

// LocateAll places every anchor on text, reusing one Locator's buffers.
func LocateAll(text []rune, anchors []annotate.Anchor) []Result {
	var l Locator
	l.use(text)
	out := make([]Result, len(anchors))
	for i, a := range anchors {
		out[i] = l.locate(a)
	}
	return out
}

// Locator places anchors on texts. Its zero value is ready to use; it keeps
// its buffers from one call to the next, so it must not be shared between
// goroutines.
type Locator struct {
	text     []rune
	low      []byte // lowBytes(text), made when first needed
	lowReady bool
	searches int // exact searches on this text
	index    gramIndex
	indexed  bool

	quote, prefix, suffix []rune
	occ                   []int
	exact                 exactSearch
	fuzzy                 approx
	ctx                   approx
}

// candidate is a place for the quote with its score.
type candidate struct {
	start, end int
	score      float64
	quote      float64 // similarity of the text to the quote
	context    float64 // mean of prefix and suffix similarity
	hasContext bool
}

// Locate places a on text, trying in order: the old position, if the text
// there still equals the quote; the exact quote, preferring the occurrence
// whose context matches best and then the one nearest the old place; an
// approximate match (at most a quarter of the quote's length in errors)
// near the old place, then anywhere. A place that scores too low is not
// used: the result is an orphan. A negative a.Start means the position is
// unknown.
func (l *Locator) Locate(text []rune, a annotate.Anchor) Result {
	l.use(text)
	return l.locate(a)
}

// use makes text the one that locate works on.
func (l *Locator) use(text []rune) {
	l.text = text
	l.lowReady = false
	l.searches = 0
	l.indexed = false
}

// findExact returns every occurrence of the quote in the text. After a few
// searches on one text it indexes the text, so that re-anchoring many
// claims costs one pass over the text rather than one per claim.
func (l *Locator) findExact(q []rune) []int {
	l.searches++
	if !l.indexed && l.searches > indexAfter && len(l.text) >= gramLen {
		l.index.build(l.lowText())
		l.indexed = true
	}
	if l.indexed && len(q) >= gramLen {
		if occ, ok := l.index.all(l.occ[:0], l.text, q); ok {
			return occ
		}
	}
	return l.exact.all(l.occ[:0], l.text, l.lowText(), q)
}

// lowText returns lowBytes of the text, making it once per text.
func (l *Locator) lowText() []byte {
	if !l.lowReady {
		l.low = lowBytes(l.low, l.text)
		l.lowReady = true
	}
	return l.low
}

func (l *Locator) locate(a annotate.Anchor) Result {
	text := l.text
	orphan := Result{Start: a.Start, End: a.End, Method: annotate.AnchorOrphan}
	if a.Exact == "" || len(text) == 0 {
		return orphan
	}
	if a.Start >= 0 && a.End <= len(text) && a.Start < a.End && sameText(text[a.Start:a.End], a.Exact) {
		return Result{Start: a.Start, End: a.End, Method: annotate.AnchorPosition, Score: 1}
	}
	l.quote = appendRunes(l.quote[:0], a.Exact)
	l.prefix = appendRunes(l.prefix[:0], a.Prefix)
	l.suffix = appendRunes(l.suffix[:0], a.Suffix)
	// Only the context next to the quote is compared: a selector from
	// elsewhere may carry pages of it, and every candidate place is
	// scored against it.
	if n := len(l.prefix); n > maxContext {
		l.prefix = append(l.prefix[:0], l.prefix[n-maxContext:]...)
	}
	if len(l.suffix) > maxContext {
		l.suffix = l.suffix[:maxContext]
	}
	q := l.quote
	hint := -1
	if a.Start >= 0 && a.End >= a.Start {
		hint = a.Start
	}

	var best candidate
	l.occ = l.findExact(q)
	for _, s := range l.occ {
		c := l.score(text, s, s+len(q), 0, hint)
		if better(c, best, hint) {
			best = c
		}
	}
	if len(l.occ) > 0 && acceptable(best, len(q)) {
		// An exact copy whose context is unlike the claim's may be the
		// same words elsewhere while the claim's own place was lightly
		// edited: a near match there, with its context, wins.
		if best.hasContext && best.context < copyContext && hint >= 0 {
			if c, ok := l.nearWithContext(text, hint, len(q)/4); ok && c.score > best.score {
				c.start, c.end = l.snapToWords(c.start, c.end, len(q)/4)
				return Result{Start: c.start, End: c.end, Method: annotate.AnchorFuzzy, Score: round(c.score)}
			}
		}
		return Result{Start: best.start, End: best.end, Method: annotate.AnchorExact, Score: round(best.score)}
	}

	maxErrors := len(q) / 4
	if maxErrors > 0 {
		lo, hi := 0, 0 // the window searched so far
		// Near the old place first: just around it, where local edits
		// leave it, then wider, where inserted or deleted sentences move it.
		for _, pad := range [...]int{64 + len(q)/2, 1024 + 2*len(q)} {
			if hint < 0 || (lo == 0 && hi == len(text)) {
				break
			}
			at := min(hint, len(text)) // an old position may be past a shortened text
			lo, hi = max(0, at-pad), min(len(text), at+len(q)+pad)
			c := l.bestApprox(text, lo, hi, maxErrors, hint)
			if acceptable(c, len(q)) && c.score >= sureScore {
				c.start, c.end = l.snapToWords(c.start, c.end, maxErrors)
				return Result{Start: c.start, End: c.end, Method: annotate.AnchorFuzzy, Score: round(c.score)}
			}
			if better(c, best, hint) {
				best = c
			}
		}
		if lo > 0 || hi < len(text) { // the window did not cover the text
			if c := l.bestApprox(text, 0, len(text), maxErrors, hint); better(c, best, hint) {
				best = c
			}
		}
		if best.end > 0 && acceptable(best, len(q)) {
			method := annotate.AnchorFuzzy
			if sameText(text[best.start:best.end], a.Exact) {
				method = annotate.AnchorExact
			} else {
				best.start, best.end = l.snapToWords(best.start, best.end, maxErrors)
			}
			return Result{Start: best.start, End: best.end, Method: method, Score: round(best.score)}
		}
	}
	orphan.Score = round(best.score)
	return orphan
}

// nearWithContext looks around the old place for an approximate match of
// the quote whose context matches the claim's, as an exact copy elsewhere
// would not.
func (l *Locator) nearWithContext(text []rune, hint, maxErrors int) (candidate, bool) {
	if maxErrors == 0 {
		return candidate{}, false
	}
	at := min(hint, len(text))
	// Just around the old place first, where the copy is seldom, then
	// wider.
	for _, pad := range [...]int{64 + len(l.quote)/2, 1024 + 2*len(l.quote)} {
		c := l.bestApprox(text, max(0, at-pad), min(len(text), at+len(l.quote)+pad), maxErrors, hint)
		if c.end > 0 && acceptable(c, len(l.quote)) && c.context >= minContext {
			return c, true
		}
	}
	return candidate{}, false
}

// bestApprox returns the best-scoring approximate match of the quote in
// text[lo:hi], or a zero candidate.
func (l *Locator) bestApprox(text []rune, lo, hi, maxErrors, hint int) candidate {
	var best candidate
	for _, m := range l.fuzzy.search(text[lo:hi], l.quote, maxErrors) {
		c := l.score(text, lo+m.start, lo+m.end, m.errors, hint)
		if better(c, best, hint) {
			best = c
		}
	}
	return best
}

// score rates the place [start, end) for the quote, found with errors.
func (l *Locator) score(text []rune, start, end, errors, hint int) candidate {
	quoteScore := 1 - float64(errors)/float64(len(l.quote))
	prefixScore, suffixScore := 1.0, 1.0
	if len(l.prefix) > 0 {
		prefixScore = l.similarity(text[max(0, start-len(l.prefix)):start], l.prefix)
	}
	if len(l.suffix) > 0 {
		suffixScore = l.similarity(text[end:min(len(text), end+len(l.suffix))], l.suffix)
	}
	posScore := 1.0
	if hint >= 0 {
		// A position from elsewhere may lie far past this text: it only
		// ever breaks ties, so it never scores below nothing.
		posScore = max(0, 1-math.Abs(float64(start-min(hint, len(text))))/float64(len(text)))
	}
	raw := weightQuote*quoteScore + weightPrefix*prefixScore + weightSuffix*suffixScore + weightPos*posScore
	return candidate{
		start:      start,
		end:        end,
		score:      raw / (weightQuote + weightPrefix + weightSuffix + weightPos),
		quote:      quoteScore,
		context:    (prefixScore + suffixScore) / 2,
		hasContext: len(l.prefix)+len(l.suffix) > 0,
	}
}

// similarity is 1 minus the fewest errors with which pat occurs in text,
// relative to pat's length; 0 when text is empty.
func (l *Locator) similarity(text, pat []rune) float64 {
	d, ok := l.ctx.distance(text, pat)
	if !ok {
		return 0
	}
	return 1 - float64(d)/float64(len(pat))
}

// better reports whether c beats the best so far: a higher score, or on a
// tie the place nearer the hint, or the earlier one.
func better(c, best candidate, hint int) bool {
	if best.end == 0 {
		return c.end > 0
	}
	if c.score != best.score {
		return c.score > best.score
	}
	if hint >= 0 {
		dc, db := abs(c.start-hint), abs(best.start-hint)
		if dc != db {
			return dc < db
		}
	}
	return c.start < best.start
}

// acceptable reports whether a place is good enough to use: a short quote
// needs its context to agree; then a near-verbatim quote is enough, or else
// the overall score must be high enough.
func acceptable(c candidate, quoteLen int) bool {
	switch {
	case c.end == 0:
		return false
	case quoteLen < shortQuote:
		return c.score >= minScore && (!c.hasContext || c.context >= minContext)
	default:
		return c.quote >= nearVerbatim || c.score >= minScore
	}
}

// snapToWords widens an approximate match that starts or ends inside a
// word, where the quote started or ended at a word's edge, to that word's
// edge, by at most limit characters, if the context then agrees as well or
// better (else the edge itself was edited away). The fewest-errors match of a quote
// whose last word was replaced can stop short ("part-time s" for
// "part-time workers" now reading "part-time staff"), and a claim marked on
// whole words should stay on whole words.
func (l *Locator) snapToWords(start, end, limit int) (int, int) {
	text, q := l.text, l.quote
	endsWord := isWord(q[len(q)-1]) && (len(l.suffix) == 0 || !isWord(l.suffix[0]))
	if endsWord && end < len(text) && isWord(text[end]) && isWord(text[end-1]) {
		e := end
		for e < len(text) && e-end <= limit && isWord(text[e]) {
			e++
		}
		if (e == len(text) || !isWord(text[e])) && l.suffixFits(e, end) {
			end = e
		}
	}
	startsWord := isWord(q[0]) && (len(l.prefix) == 0 || !isWord(l.prefix[len(l.prefix)-1]))
	if startsWord && start > 0 && isWord(text[start-1]) && isWord(text[start]) {
		s := start
		for s > 0 && start-s <= limit && isWord(text[s-1]) {
			s--
		}
		if (s == 0 || !isWord(text[s-1])) && l.prefixFits(s, start) {
			start = s
		}
	}
	return start, end
}

// suffixFits reports whether the suffix agrees with the text after end as
// well as with the text after old.
func (l *Locator) suffixFits(end, old int) bool {
	n := len(l.suffix)
	if n == 0 {
		return true
	}
	return l.similarity(l.text[end:min(len(l.text), end+n)], l.suffix) >= l.similarity(l.text[old:min(len(l.text), old+n)], l.suffix)
}

// prefixFits reports whether the prefix agrees with the text before start
// as well as with the text before old.
func (l *Locator) prefixFits(start, old int) bool {
	n := len(l.prefix)
	if n == 0 {
		return true
	}
	return l.similarity(l.text[max(0, start-n):start], l.prefix) >= l.similarity(l.text[max(0, old-n):old], l.prefix)
}

func isWord(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// sameText reports whether the code points of r spell s.
func sameText(r []rune, s string) bool {
	i := 0
	for _, c := range s {
		if i >= len(r) || r[i] != c {
			return false
		}
		i++
	}
	return i == len(r)
}

func appendRunes(dst []rune, s string) []rune {
	for _, r := range s {
		dst = append(dst, r)
	}
	return dst
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// round keeps scores readable: four decimals.
func round(x float64) float64 { return math.Round(x*1e4) / 1e4 }

// Reanchor places every claim on the new text and updates its anchor:
// found, the quote and its context are described again from the new text
// and AnchorBy and AnchorScore say how; not found, the claim keeps its old
// quote, becomes an orphan and needs review. It returns how many claims
// moved, how many were found only approximately and how many are orphans.
func Reanchor(text string, claims []*annotate.Claim) (moved, fuzzy, orphans int) {
	runes := []rune(text)
	var l Locator
	l.use(runes)
	for _, c := range claims {
		anc, by, score := l.place(runes, c.Anchor)
		if by != annotate.AnchorOrphan {
			if anc.Start != c.Start || anc.End != c.End {
				moved++
			}
			if by == annotate.AnchorFuzzy {
				fuzzy++
			}
			c.Anchor, c.AnchorBy, c.AnchorScore = anc, by, score
			continue
		}
		orphans++
		c.AnchorBy = annotate.AnchorOrphan
		c.AnchorScore = score
		c.Status = annotate.StatusNeedsReview
	}
	return moved, fuzzy, orphans
}

// Settle places again on text, as Reanchor does, the claims whose anchor
// does not hold there: orphans, and claims whose span does not quote it.
// Sync calls it when a library's current text and the anchors its claims
// were last given come from different versions (two desks stored versions
// at once, or a claim was marked on a text another desk replaced): the
// result depends only on the text and each anchor, so every library
// holding them places the claims alike. Unlike Reanchor it leaves the
// status alone: that is set by people, and a desk whose own version left
// the claim an orphan has already recorded that it needs review. It
// reports how many claims it changed.
func Settle(text string, claims []*annotate.Claim) int {
	runes := []rune(text)
	var l Locator
	l.use(runes)
	n := 0
	for _, c := range claims {
		if c.AnchorBy != annotate.AnchorOrphan && Holds(runes, c.Anchor) {
			continue
		}
		anc, by, score := l.place(runes, c.Anchor)
		if anc != c.Anchor || by != c.AnchorBy || score != c.AnchorScore {
			c.Anchor, c.AnchorBy, c.AnchorScore = anc, by, score
			n++
		}
	}
	return n
}

// Holds reports whether the span of a quotes text, as an anchor placed on
// text does.
func Holds(text []rune, a annotate.Anchor) bool {
	return 0 <= a.Start && a.Start < a.End && a.End <= len(text) && sameText(text[a.Start:a.End], a.Exact)
}

// place is where a goes on text (the one l uses), described again from
// text, and how it was found; an orphan keeps a as it was.
func (l *Locator) place(text []rune, a annotate.Anchor) (annotate.Anchor, annotate.AnchorMethod, float64) {
	r := l.locate(a)
	if r.Method != annotate.AnchorOrphan {
		if anc, err := annotate.DescribeRunes(text, r.Start, r.End); err == nil {
			return anc, r.Method, r.Score
		}
	}
	return a, annotate.AnchorOrphan, r.Score
}

// matchQuote is Hypothesis's matchQuote: the best-scoring exact or, when
// there is none, approximate match of a.Exact anywhere in text with at most
// maxErrors errors, with no acceptance threshold. Locate is built from the
// same parts; this form lets tests hold them to Hypothesis's own cases.
func (l *Locator) matchQuote(text []rune, a annotate.Anchor, maxErrors int) (candidate, bool) {
	if a.Exact == "" || len(text) == 0 {
		return candidate{}, false
	}
	l.quote = appendRunes(l.quote[:0], a.Exact)
	l.prefix = appendRunes(l.prefix[:0], a.Prefix)
	l.suffix = appendRunes(l.suffix[:0], a.Suffix)
	var best candidate
	l.use(text)
	l.occ = l.findExact(l.quote)
	for _, s := range l.occ {
		if c := l.score(text, s, s+len(l.quote), 0, a.Start); better(c, best, a.Start) {
			best = c
		}
	}
	if len(l.occ) == 0 {
		best = l.bestApprox(text, 0, len(text), maxErrors, a.Start)
	}
	return best, best.end > 0
}
