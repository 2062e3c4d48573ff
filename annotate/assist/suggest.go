package assist

import (
	"cmp"
	"context"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/factdesk/factdesk/annotate"
)

// DefaultThreshold is the score a suggestion needs by default: the shipped
// model's shift is set so that a typical news article gets a handful of
// suggestions (3 to 10) at it.
const DefaultThreshold = 0.5

// Suggestion is a sentence worth checking, with its score and, when the
// text names one, its claimant.
type Suggestion struct {
	Span
	Score    float64 `json:"score"`
	Claimant string  `json:"claimant,omitempty"`
}

// Suggest returns the sentences of text that score at least minScore, best
// first.
func Suggest(text string, minScore float64) []Suggestion {
	s, _ := SuggestContext(context.Background(), text, minScore)
	return s
}

// SuggestContext is Suggest for long texts: it stops early, returning the
// context's error, when ctx is done. minScore must be between 0 and 1.
//
// Page furniture is never suggested: headings, photo captions and credits,
// promotions ("Read more", "Sign up"), lines repeated elsewhere in the
// text. A sentence that reports what someone said ("X said that Y", "“Y,”
// X said") is scored as the claim it carries as well as on its own, and
// keeps the better score.
func SuggestContext(ctx context.Context, text string, minScore float64) ([]Suggestion, error) {
	if minScore < 0 || minScore > 1 || minScore != minScore {
		return nil, annotate.Errorf(annotate.EINVALID, "minimum score %v is not between 0 and 1", minScore)
	}
	m, err := DefaultModel()
	if err != nil {
		return nil, err
	}
	r := []rune(text)
	spans := sentencesRunes(r)
	cand, doc := candidates(r, spans)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	scores := m.articleScores(ctx, doc)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []Suggestion
	for k, i := range cand {
		if scores[k] >= minScore {
			out = append(out, Suggestion{Span: spans[i], Score: scores[k]})
		}
	}
	if len(out) > 0 {
		// Claimants need the sentences before each one, so find them in
		// one pass over all sentences.
		names := claimants(r, spans)
		j := 0
		for i, sp := range spans {
			if j < len(out) && out[j].Span == sp {
				out[j].Claimant = names[i]
				j++
			}
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].Score > out[b].Score })
	return out, nil
}

// ArticleScores scores the sentences of an article text as Suggest does,
// returning each candidate sentence's span and the model's score (page
// furniture excluded), in text order, before the scores are placed in the
// article: what the training command sets the model's shift on.
func (m *Model) ArticleScores(text string) ([]Span, []float64) {
	r := []rune(text)
	spans := sentencesRunes(r)
	cand, doc := candidates(r, spans)
	scores := m.modelScores(context.Background(), doc)
	out := make([]Span, len(cand))
	for k, i := range cand {
		out[k] = spans[i]
	}
	return out, scores
}

// articleScores scores a news document and places the scores in the
// article.
func (m *Model) articleScores(ctx context.Context, doc []DocSentence) []float64 {
	return placeInArticle(m.modelScores(ctx, doc))
}

// modelScores scores a news document: each sentence in context, and again
// with a reporting frame replaced by what was reported.
func (m *Model) modelScores(ctx context.Context, doc []DocSentence) []float64 {
	scores := m.ScoreDoc(doc)
	framed := false
	alt := make([]DocSentence, len(doc))
	for i, s := range doc {
		alt[i] = s
		if c := reportedContent(s.Text); c != "" {
			alt[i].Text = c
			framed = true
		}
	}
	if framed && ctx.Err() == nil {
		for i, v := range m.ScoreDoc(alt) {
			scores[i] = max(scores[i], v)
		}
	}
	// The lede of a report on what someone said carries the article's
	// main claim: it ranks with the best of the article.
	if len(doc) > 0 && reportedContent(doc[0].Text) != "" {
		scores[0] = max(scores[0], slices.Max(scores))
	}
	return scores
}

// How many sentences of an article pass the default threshold: about one in
// sentencesPerSuggestion, at least fewestShown and at most mostShown, so
// that a short piece is not bare and a long one not flooded.
const (
	fewestShown            = 3
	mostShown              = 10
	sentencesPerSuggestion = 5
	// A sentence is raised to the default threshold only from this far
	// below it (in log-odds): a page with nothing worth checking stays bare.
	raiseAtMost = 1.5
)

// placeInArticle moves an article's scores together, keeping their order,
// so that the default threshold keeps between fewestShown and mostShown of
// its sentences when the model's own scores would keep fewer or more.
func placeInArticle(scores []float64) []float64 {
	n := len(scores)
	if n == 0 {
		return scores
	}
	z := make([]float64, n)
	for i, s := range scores {
		s = min(max(s, 1e-9), 1-1e-9)
		z[i] = math.Log(s/(1-s)) - math.Log(DefaultThreshold/(1-DefaultThreshold))
	}
	sorted := slices.Clone(z)
	slices.SortFunc(sorted, func(a, b float64) int { return cmp.Compare(b, a) })
	passing := 0
	for _, v := range sorted {
		if v >= 0 {
			passing++
		}
	}
	most := min(max(n/sentencesPerSuggestion, fewestShown), mostShown)
	// cut is the log-odds that should meet the default threshold.
	cut := 0.0
	switch {
	case passing > most:
		cut = (sorted[most-1] + sorted[most]) / 2
	case passing < fewestShown && n >= fewestShown:
		cut = sorted[fewestShown-1]
		if n > fewestShown {
			cut = (sorted[fewestShown-1] + sorted[fewestShown]) / 2
		}
		cut = max(cut, -raiseAtMost)
	default:
		return scores
	}
	out := make([]float64, n)
	for i, v := range z {
		out[i] = sigmoid(v - cut + math.Log(DefaultThreshold/(1-DefaultThreshold)))
	}
	return out
}

// articleSpeaker stands for the author of a news article: the whole article
// is read like one speaker's speech, its paragraphs like turns.
const articleSpeaker = "\x00article"

// candidates returns the indexes of the sentences that may be suggested,
// and them as a document (paragraphs as blocks).
func candidates(r []rune, spans []Span) ([]int, []DocSentence) {
	// Lines, and what each is.
	type line struct {
		a, b      int
		norm      string
		furniture bool
		short     bool // under five words: a heading, a label, "More"
		credit    bool
		words     int
	}
	var lines []line
	for a := 0; a <= len(r); {
		b := a
		for b < len(r) && r[b] != '\n' {
			b++
		}
		if s := strings.TrimSpace(string(r[a:b])); s != "" {
			l := line{a: a, b: b, norm: normLine(s)}
			l.words = len(strings.Fields(s))
			l.short = l.words < 5
			l.credit = isCredit(s)
			l.furniture = l.short || l.credit || isPromo(s) || truncated(s) || label(s, l.words)
			lines = append(lines, l)
		}
		a = b + 1
	}
	// A line just before a credit (past a "More" or other short line) is
	// a caption; so is one that repeats, whole or as a prefix, another line.
	for i := range lines {
		if !lines[i].credit || lines[i].words > 10 {
			continue // a caption with its credit in it, not a credit alone
		}
		for j, n := i-1, 0; j >= 0 && n < 3; j-- {
			if !lines[j].short {
				lines[j].furniture = true
				n++
				if j > 0 && !strings.HasPrefix(lines[j].norm, lines[j-1].norm) && !strings.HasPrefix(lines[j-1].norm, lines[j].norm) {
					break
				}
			}
		}
	}
	seen := map[string]int{}
	for i := range lines {
		if len(lines[i].norm) < 20 {
			continue
		}
		if j, ok := seen[lines[i].norm]; ok {
			lines[i].furniture, lines[j].furniture = true, true
		}
		seen[lines[i].norm] = i
	}
	for i := 1; i < len(lines); i++ {
		p, q := lines[i-1].norm, lines[i].norm
		if len(p) >= 30 && len(q) >= 30 && (strings.HasPrefix(p, q) || strings.HasPrefix(q, p)) {
			lines[i-1].furniture, lines[i].furniture = true, true
		}
	}
	var cand []int
	var doc []DocSentence
	li, block := 0, 0
	prevLine := -1
	for i, sp := range spans {
		for li < len(lines) && lines[li].b < sp.Start {
			li++
		}
		if li >= len(lines) || lines[li].furniture {
			continue
		}
		text := string(r[sp.Start:sp.End])
		if len(strings.Fields(text)) < 4 || !strings.ContainsFunc(text, unicode.IsLetter) {
			continue
		}
		if li != prevLine {
			block++
			prevLine = li
		}
		cand = append(cand, i)
		doc = append(doc, DocSentence{Text: text, Block: block, Speaker: articleSpeaker})
	}
	return cand, doc
}

// normLine is a line as lines are compared: lower case, letters and digits,
// a trailing ellipsis dropped.
func normLine(s string) string {
	s = strings.TrimRight(s, ".… ")
	var b strings.Builder
	for _, c := range strings.ToLower(s) {
		if unicode.IsLetter(c) || unicode.IsDigit(c) {
			b.WriteRune(c)
		}
	}
	return b.String()
}

// label says whether a line is a heading or a link's text: short, with no
// full stop, and not a headline reporting what someone said.
func label(s string, words int) bool {
	if words >= 15 || strings.ContainsAny(s[max(0, len(s)-4):], ".?!:…\"”’)") {
		return false
	}
	return reportedContent(s) == "" && !strings.Contains(strings.ToLower(s), " says ")
}

func truncated(s string) bool {
	return strings.HasSuffix(s, "…") || strings.HasSuffix(s, "...")
}

func containsAny(s string, parts []string) bool {
	for _, p := range parts {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}

// isCredit says whether a line credits a photo or illustration.
func isCredit(s string) bool {
	l := strings.ToLower(s)
	if containsAny(l, creditMarks) {
		return true
	}
	// "Odd Andersen/AFP/Getty Images": names joined by slashes, no verb.
	return strings.Count(s, "/") >= 1 && len(strings.Fields(s)) <= 8 && !strings.ContainsAny(s, ".?!:") && !strings.Contains(l, "http")
}

var creditMarks = []string{"getty images", "photo by", "photo:", "photos:", "photograph:", "photograph by", "image:",
	"image by", "images)", "credit:", "credits:", "/afp", "afp/", "afp via", "ap photo", "reuters/", "/reuters",
	"shutterstock", "illustration by", "illustration:", "file photo", "(photo", "courtesy of", "[photo", "(image"}

// isPromo says whether a line is a promotion or navigation rather than
// article text.
func isPromo(s string) bool {
	l := strings.ToLower(strings.TrimSpace(s))
	for _, p := range promoStarts {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	return containsAny(l, promoMarks)
}

var promoStarts = []string{"read more", "read also", "read the full", "related:", "related coverage", "related stories",
	"see also", "more:", "watch:", "listen:", "advertisement", "sign up", "subscribe", "click here", "follow us",
	"share this", "download the", "get the", "this story has been", "this article has been", "this article was",
	"editor's note", "editor’s note", "copyright", "©", "all rights reserved", "updated:", "published:", "posted:",
	"continue reading", "recommended", "most read", "trending", "you may also like", "more from", "more stories",
	"latest news", "tags:", "filed under", "comments", "leave a comment", "by clicking", "we use cookies"}

var promoMarks = []string{"all rights reserved", "sign up for", "subscribe to", "newsletter", "contributed to this report",
	"click here", "follow us on", "©"}

// reportedContent returns what a sentence reports someone said, when it is
// framed as a report: "X said (that) Y" gives Y, "“Y,” X said" gives Y,
// "According to X, Y" gives Y. It returns "" otherwise.
func reportedContent(s string) string {
	t := strings.TrimSpace(s)
	// A quotation first, its speaker after it.
	if q := strings.IndexAny(t, "“\""); q == 0 {
		if e := strings.LastIndexAny(t, "”\""); e > 1 {
			inner := strings.TrimRight(t[len("“"):e], ", ")
			if t[0] == '"' {
				inner = strings.TrimRight(t[1:e], ", ")
			}
			if len(strings.Fields(inner)) >= 4 {
				return inner
			}
		}
	}
	lower := strings.ToLower(t)
	if strings.HasPrefix(lower, "according to ") {
		if c := strings.Index(t, ","); c > 0 && c+1 < len(t) {
			return strings.TrimSpace(t[c+1:])
		}
		return ""
	}
	// "X said (that) Y": a speech verb among the first twelve words, with
	// a capitalised word before it.
	words := strings.Fields(t)
	for k := 1; k < min(len(words), 12); k++ {
		w := strings.Trim(strings.ToLower(words[k]), ",")
		if speechVerbs[w] == 0 && w != "reported" {
			continue
		}
		before := words[:k]
		named := false
		for _, b := range before {
			if isCapital(b) {
				named = true
			}
		}
		if !named {
			return ""
		}
		rest := words[k+1:]
		if len(rest) > 0 && strings.EqualFold(rest[0], "that") {
			rest = rest[1:]
		}
		if len(rest) < 4 {
			return ""
		}
		return strings.Join(rest, " ")
	}
	return ""
}
