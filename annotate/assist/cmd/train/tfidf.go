package main

import (
	"math"
	"strings"
	"unicode"

	"github.com/factdesk/factdesk/annotate/assist"
)

// tfidf is the baseline: word unigrams and bigrams weighted by TF-IDF,
// L2-normalised, and a logistic regression over them, as a text
// classification course would build it.
type tfidf struct {
	vocab map[string]int
	idf   []float64
	w     []float64
	bias  float64
}

func tokens(s string) []string {
	words := strings.FieldsFunc(strings.ToLower(s), func(c rune) bool { return !unicode.IsLetter(c) && !unicode.IsDigit(c) && c != '\'' })
	out := words
	for i := 1; i < len(words); i++ {
		out = append(out, words[i-1]+" "+words[i])
	}
	return out
}

// trainTFIDF builds the vocabulary (terms in at least two training
// sentences) and fits the regression by SGD with L2 penalty lambda.
func trainTFIDF(ex []assist.Example, lambda float64) *tfidf {
	df := map[string]int{}
	for _, e := range ex {
		seen := map[string]bool{}
		for _, t := range tokens(e.Text) {
			if !seen[t] {
				seen[t] = true
				df[t]++
			}
		}
	}
	m := &tfidf{vocab: map[string]int{}}
	for t, n := range df {
		if n >= 2 {
			m.vocab[t] = len(m.idf)
			m.idf = append(m.idf, math.Log(float64(len(ex)+1)/float64(n+1))+1)
		}
	}
	vecs := make([][]assist.SparseTerm, len(ex))
	for i, e := range ex {
		vecs[i] = m.vec(e.Text)
	}
	m.w, m.bias = assist.FitLogistic(len(m.idf), vecs, ex, lambda)
	return m
}

func (m *tfidf) vec(s string) []assist.SparseTerm {
	tf := map[int]float64{}
	for _, t := range tokens(s) {
		if i, ok := m.vocab[t]; ok {
			tf[i]++
		}
	}
	var out []assist.SparseTerm
	var norm float64
	for i, n := range tf {
		v := n * m.idf[i]
		out = append(out, assist.SparseTerm{I: i, V: v})
		norm += v * v
	}
	norm = math.Sqrt(norm)
	for k := range out {
		out[k].V /= norm
	}
	return out
}

func (m *tfidf) score(s string) float64 {
	z := m.bias
	for _, f := range m.vec(s) {
		z += m.w[f.I] * f.V
	}
	return z
}
