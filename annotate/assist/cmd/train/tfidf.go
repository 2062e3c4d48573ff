package main

import (
	"math"
	"math/rand/v2"
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

type term struct {
	i int
	v float64
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
	vecs := make([][]term, len(ex))
	for i, e := range ex {
		vecs[i] = m.vec(e.Text)
	}
	m.w = make([]float64, len(m.idf))
	order := make([]int, len(ex))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(1, 2))
	const epochs = 10
	t := 0.0
	for range epochs {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, i := range order {
			eta := 0.5 / (1 + lambda*0.5*t)
			t++
			z := m.bias
			for _, f := range vecs[i] {
				z += m.w[f.i] * f.v
			}
			y := 0.0
			if ex[i].Label {
				y = 1
			}
			wt := ex[i].Weight
			if wt == 0 {
				wt = 1
			}
			g := wt * (1/(1+math.Exp(-z)) - y)
			for _, f := range vecs[i] {
				m.w[f.i] -= eta * (g*f.v + lambda*m.w[f.i])
			}
			m.bias -= 0.01 * eta * g
		}
	}
	return m
}

func (m *tfidf) vec(s string) []term {
	tf := map[int]float64{}
	for _, t := range tokens(s) {
		if i, ok := m.vocab[t]; ok {
			tf[i]++
		}
	}
	var out []term
	var norm float64
	for i, n := range tf {
		v := n * m.idf[i]
		out = append(out, term{i, v})
		norm += v * v
	}
	norm = math.Sqrt(norm)
	for k := range out {
		out[k].v /= norm
	}
	return out
}

func (m *tfidf) score(s string) float64 {
	z := m.bias
	for _, f := range m.vec(s) {
		z += m.w[f.i] * f.v
	}
	return z
}
