package assist

import (
	"math"
	"strings"
	"unicode"
)

// Similarity says how alike two claims are, from 0 (nothing shared) to 1
// (the same words): the cosine of their word unigram and bigram counts,
// stopwords left out and numbers kept, so "unemployment fell to 3.5%" and
// "unemployment dropped to 3.5 percent" stay close while sharing only "the"
// counts for nothing. It re-ranks the candidates of a full-text search.
func Similarity(a, b string) float64 {
	va, vb := bagOfWords(a), bagOfWords(b)
	if len(va) == 0 || len(vb) == 0 {
		return 0
	}
	var dot, na, nb float64
	for k, x := range va {
		na += x * x
		if y, ok := vb[k]; ok {
			dot += x * y
		}
	}
	for _, y := range vb {
		nb += y * y
	}
	return min(1, dot/math.Sqrt(na*nb))
}

func bagOfWords(s string) map[string]float64 {
	words := strings.FieldsFunc(strings.ReplaceAll(strings.ToLower(s), "%", " % "), func(c rune) bool {
		return !unicode.IsLetter(c) && !unicode.IsDigit(c) && c != '%' && c != '.'
	})
	var kept []string
	for _, w := range words {
		w = strings.Trim(w, ".")
		switch w {
		case "":
			continue
		case "%", "per", "cent":
			w = "percent"
		}
		if stopwords[w] {
			continue
		}
		kept = append(kept, stem(w))
	}
	v := make(map[string]float64, 2*len(kept))
	for i, w := range kept {
		v[w]++
		if i > 0 {
			v[kept[i-1]+" "+w] += 0.5 // bigrams count, but less than words
		}
	}
	return v
}

// stem strips the commonest English endings so that "taxes" meets "tax".
func stem(w string) string {
	if len(w) <= 4 || strings.ContainsFunc(w, unicode.IsDigit) {
		return w
	}
	for _, suf := range []string{"ing", "ed", "es", "s"} {
		if strings.HasSuffix(w, suf) && len(w)-len(suf) >= 3 {
			return w[:len(w)-len(suf)]
		}
	}
	return w
}

var stopwords = set(strings.Fields(`a an the and or but if of to in on at by for with from as is are was were be been
	being it its this that these those there their they them he she his her him we our us you your i me my not no
	so than then too very can will would could should may might must do does did have has had about into over
	after before up down out more most such only own same other some any each which who whom what when where why
	how all both few just also said says say`)...)
