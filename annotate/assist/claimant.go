package assist

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Claimant returns who makes the statement in the sentence span of text: the
// speaker of a direct or indirect quotation or the subject of an attribution
// ("X said", "said X", "according to X", "X, the minister, said", "X told
// Y"), with a pronoun or "the president" resolved to the last named speaker
// before it, titles dropped ("U.S. President Donald Trump" gives "Donald
// Trump") and a bare surname completed from an earlier full mention. It
// returns "" when the sentence names no speaker.
func Claimant(text string, sentence Span) string {
	r := []rune(text)
	if sentence.Start < 0 || sentence.End > len(r) || sentence.Start >= sentence.End {
		return ""
	}
	// Read from a few thousand code points back, for pronouns and full
	// names, to the end of the line, for a quotation attributed after it.
	from := max(0, sentence.Start-4000)
	for from > 0 && r[from-1] != '\n' {
		from--
	}
	to := sentence.End
	for to < len(r) && r[to] != '\n' {
		to++
	}
	spans := sentencesRunes(r[from:to])
	for i := range spans {
		spans[i].Start += from
		spans[i].End += from
	}
	names := claimants(r, spans)
	for i, s := range spans {
		if s.End > sentence.Start && s.Start < sentence.End && names[i] != "" {
			return names[i]
		}
	}
	return ""
}

// ClaimantFor returns the claimant the assistant detects for a span of
// text marked by hand, start and end in code points: the speaker of the
// first sentence the span overlaps that names or implies one, or "". Bad
// offsets are clamped to the text.
func ClaimantFor(text string, start, end int) string {
	n := utf8.RuneCountInString(text)
	start, end = max(0, min(start, n)), max(0, min(end, n))
	if start > end {
		start, end = end, start
	}
	if start == end {
		if end == n {
			return ""
		}
		end++ // a caret inside a sentence still names it
	}
	return Claimant(text, Span{start, end})
}

// claimants finds the claimant of each sentence of r, in order, carrying
// the last speaker and open quotations from one sentence to the next.
func claimants(r []rune, spans []Span) []string {
	out := make([]string, len(spans))
	ctx := &reading{r: r, full: map[string]string{}}
	last := ""        // last named speaker
	inQuote := false  // a quotation is open at the start of the sentence
	quoteBy := ""     // who the open quotation belongs to, if known
	var pending []int // sentences of an open quotation whose speaker is not yet known
	// Within a paragraph, a sentence that is all quotation continues the
	// quotation before it ("“A,” she said. “B.”") or waits for the
	// attribution of the one after it ("“A.” “B,” she said.").
	paraBy := ""
	var waiting []int
	for i, sp := range spans {
		if i > 0 && lineBreakBetween(r, spans[i-1].End, sp.Start) {
			inQuote, quoteBy, pending = false, "", nil
			paraBy, waiting = "", nil
		}
		toks, endsInQuote := tokenize(r, sp, inQuote)
		who, named := attribution(toks, ctx, sp.Start, last)
		if named {
			last = who
		} else if who == "" {
			// "Ann Lee spoke first. She claimed ...": a sentence that
			// opens with a name makes it the one a pronoun refers to.
			if name := openingName(toks, ctx, sp.Start); name != "" {
				last = name
			}
		}
		started := inQuote
		if who == "" && started {
			who = quoteBy
		}
		quoted, whole := quotation(toks)
		switch {
		case who == "" && whole && paraBy != "":
			who = paraBy
		case who == "" && whole:
			waiting = append(waiting, i)
		case who != "" && quoted:
			for _, j := range waiting {
				out[j] = who
			}
			waiting, paraBy = nil, who
		case !quoted:
			waiting, paraBy = nil, ""
		}
		out[i] = who
		if started && who != "" {
			// The attribution at the end of a quotation ("..., he said")
			// names the speaker of its earlier sentences.
			for _, j := range pending {
				out[j] = who
			}
			pending = nil
		}
		switch {
		case !endsInQuote:
			quoteBy, pending = "", nil
		case who == "":
			pending = append(pending, i)
		default:
			quoteBy = who
		}
		inQuote = endsInQuote
	}
	return out
}

// quotation says whether a sentence quotes someone, and whether it is
// nothing but a quotation.
func quotation(toks []token) (quoted, whole bool) {
	words := false
	for _, t := range toks {
		switch t.kind {
		case tokQuote:
			quoted = true
		case tokWord:
			words = true
		}
	}
	return quoted, quoted && !words
}

func lineBreakBetween(r []rune, a, b int) bool {
	for _, c := range r[a:b] {
		if c == '\n' {
			return true
		}
	}
	return false
}

type tokKind int

const (
	tokWord tokKind = iota
	tokPunct
	tokQuote // a quoted passage, kept as one token so its words are not read as attribution
)

type token struct {
	s    string
	kind tokKind
}

// tokenize splits the sentence into words, punctuation and quoted passages.
// inQuote says the sentence starts inside a quotation; endsInQuote that it
// ends inside one.
func tokenize(r []rune, sp Span, inQuote bool) (toks []token, endsInQuote bool) {
	for i := sp.Start; i < sp.End; {
		c := r[i]
		switch {
		case inQuote:
			if c == '”' || c == '"' {
				inQuote = false
				toks = append(toks, token{"QUOTE", tokQuote})
			}
			i++
		case c == '“' || c == '"' || c == '„':
			inQuote = true
			i++
		case unicode.IsLetter(c) || unicode.IsDigit(c):
			j := i
			for j < sp.End && (unicode.IsLetter(r[j]) || unicode.IsDigit(r[j]) ||
				((r[j] == '\'' || r[j] == '’' || r[j] == '-' || r[j] == '.') && j+1 < sp.End && unicode.IsLetter(r[j+1]))) {
				j++
			}
			w := string(r[i:j])
			// Keep the full stop of "U.S." and "Mr." but not of "said.".
			if j < sp.End && r[j] == '.' && (strings.Contains(w, ".") || abbrevTitles[strings.ToLower(w)] || (len([]rune(w)) == 1 && unicode.IsUpper(c))) {
				w += "."
				j++
			}
			toks = append(toks, token{w, tokWord})
			i = j
		case unicode.IsSpace(c):
			i++
		default:
			toks = append(toks, token{string(c), tokPunct})
			i++
		}
	}
	if inQuote {
		toks = append(toks, token{"QUOTE", tokQuote})
	}
	return toks, inQuote
}

// attribution finds the speaker of a sentence. named says who is a name
// found in the sentence rather than a pronoun resolved to last.
func attribution(toks []token, r *reading, at int, last string) (who string, named bool) {
	hasQuote := false
	for _, t := range toks {
		if t.kind == tokQuote {
			hasQuote = true
		}
	}
	best, bestRank := "", 1<<30
	bestNamed := false
	for k, t := range toks {
		if t.kind != tokWord {
			continue
		}
		lw := strings.ToLower(t.s)
		var phrase []string
		rank := 0
		switch {
		case lw == "according" && k+1 < len(toks) && strings.EqualFold(toks[k+1].s, "to"):
			phrase = collectForward(toks, k+2)
		case speechVerbs[lw] > 0:
			rank = speechVerbs[lw] * 1000
			phrase = collectBackward(toks, k)
			if phrase == nil {
				phrase = collectForward(toks, k+1)
			}
		case lw == "words" && k > 0 && possessive(toks[k-1].s) != "":
			// "In Dr. Lee's words, ..."
			phrase, _ = phraseBefore(toks, k)
			if len(phrase) > 0 {
				phrase[len(phrase)-1] = possessive(phrase[len(phrase)-1])
			}
		case participles[lw] && k > 0 && toks[k-1].s == ",":
			rank = 500
			phrase = clauseSubject(toks, k-1)
		default:
			continue
		}
		if hasQuote {
			rank += distanceToQuote(toks, k)
		} else {
			rank += k
		}
		name, isName := resolve(dropOpener(phrase, toks, r), last, r, at)
		if name == "" || rank >= bestRank {
			continue
		}
		best, bestRank, bestNamed = name, rank, isName
	}
	return best, bestNamed
}

// possessive returns w without its possessive ending ("Lee's", "Lee’s"),
// or "" when it has none.
func possessive(w string) string {
	for _, suf := range []string{"’s", "'s"} {
		if strings.HasSuffix(w, suf) && len(w) > len(suf) {
			return strings.TrimSuffix(w, suf)
		}
	}
	return ""
}

func distanceToQuote(toks []token, k int) int {
	d := 1 << 20
	for i, t := range toks {
		if t.kind == tokQuote {
			d = min(d, max(i-k, k-i))
		}
	}
	return d
}

// collectBackward returns the subject phrase before the verb at k, skipping
// auxiliaries and adverbs ("has long said") and appositives ("Lee, the
// party leader, said").
func collectBackward(toks []token, k int) []string {
	j := k - 1
	for j >= 0 && toks[j].kind == tokWord && skipBeforeVerb[strings.ToLower(toks[j].s)] {
		j--
	}
	if j < 0 {
		return nil
	}
	if toks[j].s == "," {
		// Walk back over up to four commas and take the farthest name
		// that starts a clause.
		var found []string
		c := j
		for n := 0; n < 4 && c >= 0; n++ {
			p, start := phraseBefore(toks, c)
			if hasCapital(p) && (start == 0 || toks[start-1].kind != tokWord || isConjunction(toks[start-1].s)) {
				found = p
			}
			c--
			for c >= 0 && toks[c].s != "," {
				c--
			}
		}
		return found
	}
	if toks[j].kind != tokWord {
		return nil
	}
	p, _ := phraseBefore(toks, j+1)
	return p
}

// phraseBefore returns the name-like phrase that ends just before toks[end].
func phraseBefore(toks []token, end int) ([]string, int) {
	i := end - 1
	if i >= 0 && toks[i].kind == tokWord && pronouns[strings.ToLower(toks[i].s)] {
		return []string{toks[i].s}, i
	}
	for i >= 0 && toks[i].kind == tokWord && inName(toks[i].s) {
		i--
	}
	start := i + 1
	// A phrase does not start with a connector ("of", "and").
	for start < end && connectors[toks[start].s] {
		start++
	}
	var p []string
	for _, t := range toks[start:end] {
		p = append(p, t.s)
	}
	return p, start
}

// collectForward returns the name-like phrase from toks[k], for "said X" and
// "according to X".
func collectForward(toks []token, k int) []string {
	if k < len(toks) && toks[k].kind == tokWord && pronouns[strings.ToLower(toks[k].s)] {
		return nil // "said he would", an object clause, not an inversion
	}
	var p []string
	for i := k; i < len(toks) && toks[i].kind == tokWord && inName(toks[i].s); i++ {
		p = append(p, toks[i].s)
	}
	for len(p) > 0 && connectors[p[len(p)-1]] {
		p = p[:len(p)-1]
	}
	return p
}

// clauseSubject finds the first name in the clause before a participle
// ("Ryabkov went further, suggesting ...").
func clauseSubject(toks []token, end int) []string {
	start := end - 1
	for start >= 0 && toks[start].kind != tokQuote && toks[start].s != ";" {
		start--
	}
	for i := start + 1; i < end; i++ {
		lw := strings.ToLower(toks[i].s)
		if toks[i].kind != tokWord || !isCapital(toks[i].s) || sentenceOpeners[lw] || prepositions[lw] {
			continue
		}
		if i > 0 && prepositions[strings.ToLower(toks[i-1].s)] {
			continue
		}
		var p []string
		for j := i; j < end && toks[j].kind == tokWord && inName(toks[j].s); j++ {
			p = append(p, toks[j].s)
		}
		return p
	}
	return nil
}

// openingName returns the name a sentence opens with, if it is its subject
// ("Ann Lee spoke", "Putin, on the prospect, did not"), or "".
func openingName(toks []token, r *reading, at int) string {
	var p []string
	for _, t := range toks {
		if t.kind != tokWord || !isCapital(t.s) || strings.HasSuffix(t.s, "’s") || strings.HasSuffix(t.s, "'s") {
			break
		}
		p = append(p, t.s)
	}
	if len(p) == 0 || len(p) == len(toks) {
		return ""
	}
	p = dropOpener(p, toks, r)
	if len(p) == 0 || sentenceOpeners[strings.ToLower(p[0])] || strings.EqualFold(p[0], "the") {
		return ""
	}
	name, ok := resolve(p, "", r, at)
	if !ok {
		return ""
	}
	return name
}

// resolve turns a phrase into a claimant: pronouns and "the president" go
// to the last speaker, titles are dropped, surnames completed. isName says
// the phrase itself named someone.
func resolve(p []string, last string, r *reading, at int) (who string, isName bool) {
	if len(p) == 0 {
		return "", false
	}
	if len(p) == 1 && pronouns[strings.ToLower(p[0])] {
		return last, false
	}
	if !hasCapital(p) {
		if roles[strings.ToLower(p[len(p)-1])] && strings.EqualFold(p[0], "the") {
			return last, false
		}
		return "", false // "officials said": nobody named
	}
	// Drop openers that are capitalised only for starting the sentence.
	for len(p) > 0 && sentenceOpeners[strings.ToLower(p[0])] {
		p = p[1:]
	}
	// Drop everything up to the last title, if a name follows it.
	cut := -1
	for i, w := range p {
		if titles[strings.ToLower(strings.TrimSuffix(w, "."))] {
			cut = i
		}
	}
	if cut >= 0 {
		rest := p[cut+1:]
		for len(rest) > 1 && (rest[0] == "of" || rest[0] == "for") {
			rest = rest[2:] // "Secretary of State Marco Rubio"
		}
		if hasCapital(rest) {
			p = rest
		} else if !strings.EqualFold(p[0], "the") {
			return "", false // "said Mr." with the name cut off
		} else {
			return last, false // "the Russian President"
		}
	}
	if len(p) == 0 {
		return "", false
	}
	if p[0] == "the" {
		p = append([]string{"The"}, p[1:]...)
	}
	name := strings.Join(p, " ")
	if len(p) == 1 {
		// Look for the full name in the few pages before, not the whole
		// text, so a long article costs linear time.
		name = r.fullName(at, p[0])
	}
	return name, true
}

// reading is the text being read and the full names found in it so far.
type reading struct {
	r     []rune
	full  map[string]string // surname to full name
	lower map[string]bool   // words the text writes in lower case somewhere
}

// common says whether the text also writes w in lower case, so that a
// capital at the start of a sentence ("Once", "Chaos", "All") does not make
// it a name.
func (c *reading) common(w string) bool {
	if c.lower == nil {
		c.lower = map[string]bool{}
		for i := 0; i < len(c.r); {
			if !unicode.IsLetter(c.r[i]) {
				i++
				continue
			}
			j := i
			for j < len(c.r) && (unicode.IsLetter(c.r[j]) || c.r[j] == '\'' || c.r[j] == '’') {
				j++
			}
			if unicode.IsLower(c.r[i]) {
				c.lower[string(c.r[i:j])] = true
			}
			i = j
		}
	}
	return c.lower[strings.ToLower(w)]
}

// dropOpener removes the sentence's first word from the start of a phrase
// when the text writes that word in lower case elsewhere: it is capitalised
// only for starting the sentence.
func dropOpener(p []string, toks []token, r *reading) []string {
	if len(p) > 0 && len(toks) > 0 && p[0] == toks[0].s && !pronouns[strings.ToLower(p[0])] &&
		!titles[strings.ToLower(strings.TrimSuffix(p[0], "."))] && r.common(p[0]) {
		return p[1:]
	}
	return p
}

// fullName completes a surname from the text before at, remembering what it
// found so that a long article costs linear time.
func (c *reading) fullName(at int, surname string) string {
	if f, ok := c.full[surname]; ok {
		return f
	}
	// A surname first seen alone stays alone: the article introduced the
	// person by it.
	f := fullName(c.r[max(0, at-8000):at], surname)
	c.full[surname] = f
	return f
}

// fullName finds the first mention of the surname in text preceded by a
// capitalised first name ("Vladimir Putin" for "Putin").
func fullName(text []rune, surname string) string {
	s := string(text)
	for i := 0; ; {
		j := strings.Index(s[i:], surname)
		if j < 0 {
			return surname
		}
		j += i
		i = j + len(surname)
		// The surname must end a word: "Putin’s" counts, "Putinism" does
		// not. Decode the next code point, not a byte, so that a curly
		// apostrophe or an accented letter is read as itself.
		if next, _ := utf8.DecodeRuneInString(s[i:]); i < len(s) && (unicode.IsLetter(next) || next == '-') {
			continue
		}
		from := max(0, j-60)
		for from > 0 && !utf8.RuneStart(s[from]) {
			from-- // do not cut a code point in two
		}
		before := strings.Fields(s[from:j])
		var first []string
		for k := len(before) - 1; k >= 0 && len(first) < 2; k-- {
			w := before[k]
			if !isCapital(w) || titles[strings.ToLower(strings.TrimSuffix(w, "."))] || sentenceOpeners[strings.ToLower(w)] ||
				strings.ContainsAny(w, ",.;:“”\"()/") && !(len(w) == 2 && w[1] == '.') {
				break
			}
			first = append([]string{w}, first...)
		}
		if len(first) > 0 {
			return strings.Join(first, " ") + " " + surname
		}
	}
}

func inName(w string) bool {
	lw := strings.ToLower(w)
	return isCapital(w) || connectors[w] || lw == "the" || titles[strings.TrimSuffix(lw, ".")] || roles[lw] || speakerNouns[lw]
}

func isCapital(w string) bool {
	for _, c := range w {
		return unicode.IsUpper(c)
	}
	return false
}

func hasCapital(p []string) bool {
	for _, w := range p {
		lw := strings.ToLower(strings.TrimSuffix(w, "."))
		if isCapital(w) && !titles[lw] && !sentenceOpeners[lw] && !roles[lw] && !speakerNouns[lw] {
			return true
		}
	}
	return false
}

func isConjunction(w string) bool {
	switch strings.ToLower(w) {
	case "and", "but", "while", "as", "so":
		return true
	}
	return false
}

// speechVerbs rank attribution verbs: lower is a stronger sign of the
// speaker. "Tass reported" is the reporter, not the speaker.
var speechVerbs = func() map[string]int {
	m := map[string]int{}
	for _, w := range strings.Fields(`said says say claimed claims argued argues added adds warned warns
		announced announces told tells wrote writes stated insisted insists noted notes explained explains
		tweeted posted asserted asserts declared declares acknowledged acknowledges admitted admits
		suggested predicted described describes responded replied asked urged cautioned countered
		contended maintained recalled testified alleged alleges vowed pledged promised boasted denied
		estimated emphasized emphasised stressed written recalls remembers`) {
		m[w] = 1
	}
	for _, w := range strings.Fields(`reported reports confirmed`) {
		m[w] = 2
	}
	return m
}()

var participles = set("saying", "adding", "suggesting", "claiming", "arguing", "warning", "insisting", "noting", "stating", "writing", "telling", "declaring", "asserting")

var skipBeforeVerb = set("also", "has", "had", "have", "previously", "later", "then", "repeatedly", "once", "recently",
	"publicly", "long", "often", "separately", "again", "further", "earlier", "has", "would", "will", "did", "had", "reportedly", "allegedly", "falsely", "wrongly", "correctly", "initially", "subsequently", "now", "just", "even", "still")

var pronouns = set("he", "she", "they")

var connectors = set("of", "for", "and", "de", "al", "von", "van", "da", "bin", "del", "la", "le", "du", "der", "&")

var prepositions = set("in", "on", "at", "of", "from", "to", "with", "by", "for", "since", "after", "before", "during", "until", "into", "about", "than", "between", "against")

// sentenceOpeners are capitalised only because they start a sentence or clause.
var sentenceOpeners = set("but", "and", "however", "so", "then", "also", "now", "meanwhile", "still", "yet", "later",
	"earlier", "in", "on", "at", "after", "before", "when", "while", "this", "that", "today", "yesterday", "last",
	"separately", "instead", "indeed", "moreover", "furthermore", "still", "even", "if", "as", "although", "though",
	"because", "since", "finally", "first", "second", "asked", "speaking", "writing", "monday", "tuesday",
	"wednesday", "thursday", "friday", "saturday", "sunday", "there", "here", "what", "we", "i", "it", "a", "an",
	"our", "my", "your", "their", "his", "her", "its", "to", "by", "for", "once", "all", "both", "each", "many", "some", "most")

// titles come before a name and are dropped from a claimant.
var titles = set("president", "vice", "prime", "minister", "secretary", "senator", "sen", "rep", "representative",
	"congressman", "congresswoman", "gov", "governor", "mayor", "chancellor", "premier", "king", "queen",
	"prince", "princess", "pope", "general", "gen", "judge", "justice", "chief", "director", "ceo", "cfo",
	"chairman", "chairwoman", "chair", "spokesman", "spokeswoman", "spokesperson", "speaker", "leader",
	"ambassador", "commissioner", "dr", "mr", "mrs", "ms", "prof", "professor", "sir", "dame", "lord",
	"sheikh", "cardinal", "archbishop", "bishop", "rabbi", "imam", "officer", "sgt", "lt", "col", "capt",
	"adm", "attorney", "envoy", "coach", "founder", "executive", "official", "lawmaker", "deputy",
	"foreign", "defense", "defence", "interior", "finance", "state", "former", "acting", "senior",
	"opposition", "pres", "supt", "detective", "inspector", "commander", "colonel", "captain", "admiral",
	"sergeant", "lieutenant", "analyst", "economist", "author", "host", "anchor", "correspondent",
	"candidate", "nominee", "mp", "mep", "councilman", "councilwoman", "councillor", "head", "emir")

// roles stand for a person named before: "the president said".
var roles = set("president", "minister", "premier", "chancellor", "leader", "senator", "governor", "mayor",
	"king", "queen", "secretary", "ceo", "chief", "spokesman", "spokeswoman", "spokesperson", "candidate",
	"congressman", "congresswoman", "director", "ambassador", "pope", "chairman", "envoy")

// speakerNouns are groups that speak: "Con Edison officials said".
var speakerNouns = set("officials", "official", "administration", "ministry", "government", "police", "department",
	"agency", "authorities", "lawyers", "sources", "leaders", "analysts", "experts", "researchers", "scientists",
	"executives", "prosecutors", "investigators", "aides", "representatives", "spokesman", "spokeswoman",
	"spokesperson", "office", "campaign", "company", "group", "council", "committee", "party", "military", "army")

// abbrevTitles keep their full stop when tokenised.
var abbrevTitles = set("mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "lt", "col", "sgt", "capt",
	"adm", "rev", "st", "jr", "sr", "pres", "supt")
