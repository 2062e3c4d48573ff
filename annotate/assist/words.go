package assist

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// WordModel is a logistic regression over a sentence's words and word
// bigrams weighted by TF-IDF and L2-normalised: a plain reading of the words
// that a model can blend with its own score. Terms are kept by a 64-bit hash
// of their text.
type WordModel struct {
	Bias  float32
	Terms map[uint64]WordTerm
}

// WordTerm is a term's inverse document frequency and weight.
type WordTerm struct {
	IDF, Weight float32
}

const nsTerm = 0x51ed27a9c4b1f0d3

// wordScratch holds the terms of one sentence while it is read.
type wordScratch struct {
	word   []byte // the word being read, lower-cased
	prev   []byte // the word before it
	terms  []uint64
	counts []float64
}

// read collects the hashes of s's words and bigrams, each once, with their
// counts: words are runs of letters, digits and apostrophes, lower-cased.
func (ws *wordScratch) read(s string) {
	ws.terms, ws.counts = ws.terms[:0], ws.counts[:0]
	ws.word, ws.prev = ws.word[:0], ws.prev[:0]
	add := func(h uint64) {
		for k, t := range ws.terms {
			if t == h {
				ws.counts[k]++
				return
			}
		}
		ws.terms = append(ws.terms, h)
		ws.counts = append(ws.counts, 1)
	}
	end := func() {
		if len(ws.word) == 0 {
			return
		}
		add(hashBytes(nsTerm, ws.word))
		if len(ws.prev) > 0 {
			h := hashBytes(nsTerm, ws.prev)
			// Continue the hash of the previous word over " word": the
			// hash of "prev word".
			h ^= ' '
			h *= fnvPrime
			for _, c := range ws.word {
				h ^= uint64(c)
				h *= fnvPrime
			}
			add(h)
		}
		ws.prev, ws.word = append(ws.prev[:0], ws.word...), ws.word[:0]
	}
	for _, c := range s {
		if unicode.IsLetter(c) || unicode.IsDigit(c) || c == '\'' {
			ws.word = utf8.AppendRune(ws.word, unicode.ToLower(c))
		} else {
			end()
		}
	}
	end()
}

// vec is the TF-IDF vector of the sentence last read, over known terms.
func (m *WordModel) vec(ws *wordScratch) (idx []uint64, val []float64) {
	var norm float64
	for k, t := range ws.terms {
		if term, ok := m.Terms[t]; ok {
			v := ws.counts[k] * float64(term.IDF)
			idx = append(idx, t)
			val = append(val, v)
			norm += v * v
		}
	}
	norm = math.Sqrt(norm)
	for k := range val {
		val[k] /= norm
	}
	return idx, val
}

// LogOdds is the log-odds the word model gives sentence s.
func (m *WordModel) LogOdds(s string) float64 {
	var ws wordScratch
	return m.score(&ws, s)
}

// score is LogOdds reading s into ws.
func (m *WordModel) score(ws *wordScratch, s string) float64 {
	ws.read(s)
	var z, norm float64
	for k, t := range ws.terms {
		if term, ok := m.Terms[t]; ok {
			v := ws.counts[k] * float64(term.IDF)
			norm += v * v
			z += float64(term.Weight) * v
		}
	}
	if norm == 0 {
		return float64(m.Bias)
	}
	return float64(m.Bias) + z/math.Sqrt(norm)
}

// TrainWords fits a word model by SGD with L2 penalty lambda: its terms are
// those in at least two of the examples.
func TrainWords(ex []Example, lambda float64) *WordModel {
	var ws wordScratch
	df := map[uint64]int{}
	for _, e := range ex {
		ws.read(e.Text)
		for _, t := range ws.terms {
			df[t]++
		}
	}
	m := &WordModel{Terms: map[uint64]WordTerm{}}
	for t, n := range df {
		if n >= 2 {
			m.Terms[t] = WordTerm{IDF: float32(math.Log(float64(len(ex)+1)/float64(n+1)) + 1)}
		}
	}
	keys := make([]uint64, 0, len(m.Terms))
	for t := range m.Terms {
		keys = append(keys, t)
	}
	slices.Sort(keys)
	index := make(map[uint64]int, len(keys))
	for i, t := range keys {
		index[t] = i
	}
	vecs := make([][]sparseTerm, len(ex))
	for i, e := range ex {
		ws.read(e.Text)
		idx, val := m.vec(&ws)
		for k, t := range idx {
			vecs[i] = append(vecs[i], sparseTerm{index[t], val[k]})
		}
	}
	w, bias := fitLogistic(len(keys), vecs, ex, lambda)
	m.Bias = float32(bias)
	for i, k := range keys {
		m.Terms[k] = WordTerm{IDF: m.Terms[k].IDF, Weight: float32(w[i])}
	}
	return m
}

// sparseTerm is one feature of a sparse vector: its index and value.
type sparseTerm struct {
	I int
	V float64
}

// fitLogistic fits a logistic regression to the examples' labels and
// weights over their sparse vectors of n features, by ten epochs of SGD in
// a fixed shuffled order with L2 penalty lambda, and returns the weights
// and the bias.
func fitLogistic(n int, vecs [][]sparseTerm, ex []Example, lambda float64) ([]float64, float64) {
	w := make([]float64, n)
	var bias float64
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
			z := bias
			for _, f := range vecs[i] {
				z += w[f.I] * f.V
			}
			y := 0.0
			if ex[i].Label {
				y = 1
			}
			wt := ex[i].Weight
			if wt == 0 {
				wt = 1
			}
			g := wt * (sigmoid(z) - y)
			for _, f := range vecs[i] {
				w[f.I] -= eta * (g*f.V + lambda*w[f.I])
			}
			bias -= 0.01 * eta * g
		}
	}
	return w, bias
}

// hasDigit is the "has a number" cue the blend reads.
func hasDigit(s string) bool {
	return strings.ContainsFunc(s, unicode.IsDigit)
}
