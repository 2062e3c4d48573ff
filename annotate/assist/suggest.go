package assist

import (
	"context"
	"sort"

	"github.com/factdesk/factdesk/annotate"
)

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
	var out []Suggestion
	for i, sp := range spans {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		if score := m.Score(string(r[sp.Start:sp.End])); score >= minScore {
			out = append(out, Suggestion{Span: sp, Score: score})
		}
	}
	if len(out) > 0 {
		// Claimants need the sentences before each one, so find them in
		// one pass over all sentences.
		if err := ctx.Err(); err != nil {
			return nil, err
		}
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
