package assist

import (
	"bytes"
	_ "embed"
	"encoding/binary"
	"math"
	"math/bits"
	"slices"
	"strconv"
	"sync"

	"github.com/factdesk/factdesk/annotate"
)

// Model is a check-worthiness model: a linear model over hashed sentence
// features (the text model) and, optionally, gradient-boosted trees over
// that score, the sentence's context and its cues, to which a word model's
// log-odds and a bonus for numbers may be added.
type Model struct {
	Bias    float32
	Weights []float32 // numFeatures long

	Gazetteer map[string]bool // names seen in the training text, lower-cased
	Base      float32         // the trees' starting log-odds
	Trees     []tree
	// Shift moves the score a threshold is compared with: a sentence's
	// score is the logistic of its log-odds minus Shift, so that the
	// default threshold keeps a handful of sentences of a news article.
	Shift float32
	// Words, when not nil, is a word model whose log-odds, times
	// WordWeight, are added to the score; NumberWeight is added for a
	// sentence with a digit in it.
	Words        *WordModel
	WordWeight   float32
	NumberWeight float32
}

// Score returns a score from 0 to 1 of how worth checking a sentence is,
// read on its own, without the document around it.
func (m *Model) Score(sentence string) float64 {
	sc := scratchPool.Get().(*scratch)
	f := sc.features(sentence)
	z := m.dot(f)
	if len(m.Trees) > 0 {
		rows := denseRows([]DocSentence{{Text: sentence}}, []float64{z}, [][numCues]bool{sc.cues}, m.Gazetteer)
		z = m.forest(rows[0])
	}
	z += m.blend(sc, sentence)
	scratchPool.Put(sc)
	return sigmoid(z - float64(m.Shift))
}

// ScoreDoc scores each sentence of a document in its context: its
// neighbours in the block, its position, the speaker's habits.
func (m *Model) ScoreDoc(doc []DocSentence) []float64 {
	out := m.LogOdds(doc)
	for i, z := range out {
		out[i] = sigmoid(z - float64(m.Shift))
	}
	return out
}

// LogOdds is ScoreDoc before the logistic and the shift: what ranking and
// evaluation use.
func (m *Model) LogOdds(doc []DocSentence) []float64 {
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	z := make([]float64, len(doc))
	cues := make([][numCues]bool, len(doc))
	for i, s := range doc {
		z[i] = m.dot(sc.features(s.Text))
		cues[i] = sc.cues
	}
	out := z
	if len(m.Trees) > 0 {
		rows := denseRows(doc, z, cues, m.Gazetteer)
		out = make([]float64, len(doc))
		for i, r := range rows {
			out[i] = m.forest(r)
		}
	}
	if m.Words != nil || m.NumberWeight != 0 {
		for i, s := range doc {
			out[i] += m.blend(sc, s.Text)
		}
	}
	return out
}

// blend is what the word model and the number cue add to a sentence's
// log-odds.
func (m *Model) blend(sc *scratch, s string) float64 {
	var z float64
	if m.Words != nil {
		z += float64(m.WordWeight) * m.Words.score(&sc.ws, s)
	}
	if m.NumberWeight != 0 && hasDigit(s) {
		z += float64(m.NumberWeight)
	}
	return z
}

func (m *Model) forest(x []float32) float64 {
	z := float64(m.Base)
	for i := range m.Trees {
		z += float64(m.Trees[i].eval(x))
	}
	return z
}

func (m *Model) dot(f []feature) float64 {
	z := float64(m.Bias)
	for _, x := range f {
		z += float64(m.Weights[x.idx] * x.val)
	}
	return z
}

func sigmoid(z float64) float64 {
	switch {
	case z > 35:
		return 1
	case z < -35:
		return 0
	}
	return 1 / (1 + math.Exp(-z))
}

// The model file: magic, format version, hash bits, cue count, bias and
// weight scale as float32, the count of non-zero weights, then for each in
// index order the gap from the previous index as a uvarint and the weight as
// an int8 multiple of the scale. Weights that round to zero are dropped,
// which prunes the many rare n-grams training barely moved. Then the shift
// (float32), the gazetteer (a count, then each name as a length and its
// bytes), and the trees: their count, depth and dense feature count (bytes),
// the base (float32), and for each tree its nodes' features (bytes), their
// thresholds and its leaves (float32). Last the blend: the word weight,
// the number weight and the word model's bias (float32), its term count,
// and for each term in hash order the gap from the previous hash as a
// uvarint, its IDF and its weight (float32).
var modelMagic = []byte("FDCW")

const modelVersion = 3

// Quantized returns a copy of m with every weight rounded as MarshalBinary
// stores it, so that evaluation measures the model that ships.
func (m *Model) Quantized() *Model {
	scale := m.scale()
	q := &Model{Bias: m.Bias, Weights: make([]float32, len(m.Weights)), Gazetteer: m.Gazetteer, Base: m.Base, Trees: m.Trees, Shift: m.Shift,
		Words: m.Words, WordWeight: m.WordWeight, NumberWeight: m.NumberWeight}
	for i, w := range m.Weights {
		q.Weights[i] = float32(quantize(w, scale)) * scale
	}
	return q
}

func (m *Model) scale() float32 {
	var maxAbs float32
	for _, w := range m.Weights {
		maxAbs = max(maxAbs, float32(math.Abs(float64(w))))
	}
	if maxAbs == 0 {
		return 1
	}
	return maxAbs / 127
}

func quantize(w, scale float32) int8 {
	return int8(max(-127, min(127, math.Round(float64(w/scale)))))
}

// MarshalBinary encodes the model compactly; the same model always gives the
// same bytes.
func (m *Model) MarshalBinary() ([]byte, error) {
	if len(m.Weights) != numFeatures {
		return nil, annotate.Errorf(annotate.EINVALID, "model has %d weights, want %d", len(m.Weights), numFeatures)
	}
	scale := m.scale()
	var buf bytes.Buffer
	buf.Write(modelMagic)
	buf.WriteByte(modelVersion)
	buf.WriteByte(hashBits)
	buf.Write(binary.LittleEndian.AppendUint16(nil, numCues))
	buf.Write(binary.LittleEndian.AppendUint32(nil, math.Float32bits(m.Bias)))
	buf.Write(binary.LittleEndian.AppendUint32(nil, math.Float32bits(scale)))
	n := 0
	for _, w := range m.Weights {
		if quantize(w, scale) != 0 {
			n++
		}
	}
	buf.Write(binary.AppendUvarint(nil, uint64(n)))
	prev := -1
	for i, w := range m.Weights {
		q := quantize(w, scale)
		if q == 0 {
			continue
		}
		buf.Write(binary.AppendUvarint(nil, uint64(i-prev)))
		buf.WriteByte(byte(q))
		prev = i
	}
	f32 := func(v float32) { buf.Write(binary.LittleEndian.AppendUint32(nil, math.Float32bits(v))) }
	f32(m.Shift)
	names := make([]string, 0, len(m.Gazetteer))
	for w := range m.Gazetteer {
		names = append(names, w)
	}
	slices.Sort(names)
	buf.Write(binary.AppendUvarint(nil, uint64(len(names))))
	for _, w := range names {
		buf.Write(binary.AppendUvarint(nil, uint64(len(w))))
		buf.WriteString(w)
	}
	depth := 0
	if len(m.Trees) > 0 {
		depth = bits.Len(uint(len(m.Trees[0].feat)))
	}
	buf.Write(binary.AppendUvarint(nil, uint64(len(m.Trees))))
	buf.WriteByte(byte(depth))
	buf.WriteByte(numDense)
	f32(m.Base)
	for _, t := range m.Trees {
		buf.Write(t.feat)
		for _, v := range t.thresh {
			f32(v)
		}
		for _, v := range t.leaf {
			f32(v)
		}
	}
	f32(m.WordWeight)
	f32(m.NumberWeight)
	var terms []uint64
	if m.Words != nil {
		f32(m.Words.Bias)
		for t := range m.Words.Terms {
			terms = append(terms, t)
		}
		slices.Sort(terms)
	} else {
		f32(0)
	}
	buf.Write(binary.AppendUvarint(nil, uint64(len(terms))))
	var prevTerm uint64
	for _, t := range terms {
		buf.Write(binary.AppendUvarint(nil, t-prevTerm))
		prevTerm = t
		f32(m.Words.Terms[t].IDF)
		f32(m.Words.Terms[t].Weight)
	}
	return buf.Bytes(), nil
}

// UnmarshalModel decodes a model written by MarshalBinary.
func UnmarshalModel(data []byte) (*Model, error) {
	bad := func(what string) (*Model, error) {
		return nil, annotate.Errorf(annotate.EINVALID, "model file is not valid: %s", what)
	}
	const head = 4 + 1 + 1 + 2 + 4 + 4
	if len(data) < head || !bytes.Equal(data[:4], modelMagic) {
		return bad("it does not start with the model header")
	}
	if v := data[4]; v != modelVersion {
		return bad("format version " + strconv.Itoa(int(v)) + " is not known")
	}
	if data[5] != hashBits || binary.LittleEndian.Uint16(data[6:]) != numCues {
		return bad("its feature layout differs from this program's")
	}
	m := &Model{
		Bias:    math.Float32frombits(binary.LittleEndian.Uint32(data[8:])),
		Weights: make([]float32, numFeatures),
	}
	scale := math.Float32frombits(binary.LittleEndian.Uint32(data[12:]))
	rest := data[head:]
	n, k := binary.Uvarint(rest)
	if k <= 0 {
		return bad("the weight count is truncated")
	}
	rest = rest[k:]
	idx := -1
	for range n {
		gap, k := binary.Uvarint(rest)
		if k <= 0 || len(rest) < k+1 {
			return bad("the weights are truncated")
		}
		idx += int(gap)
		if gap == 0 || idx >= numFeatures {
			return bad("a weight index is out of range")
		}
		m.Weights[idx] = float32(int8(rest[k])) * scale
		rest = rest[k+1:]
	}
	f32 := func() (float32, bool) {
		if len(rest) < 4 {
			return 0, false
		}
		v := math.Float32frombits(binary.LittleEndian.Uint32(rest))
		rest = rest[4:]
		return v, true
	}
	uv := func() (uint64, bool) {
		v, k := binary.Uvarint(rest)
		if k <= 0 {
			return 0, false
		}
		rest = rest[k:]
		return v, true
	}
	var ok bool
	if m.Shift, ok = f32(); !ok {
		return bad("the shift is truncated")
	}
	nn, ok := uv()
	if !ok || nn > uint64(len(rest)) {
		return bad("the gazetteer is truncated")
	}
	m.Gazetteer = make(map[string]bool, nn)
	for range nn {
		l, ok := uv()
		if !ok || l > uint64(len(rest)) {
			return bad("the gazetteer is truncated")
		}
		m.Gazetteer[string(rest[:l])] = true
		rest = rest[l:]
	}
	nt, ok := uv()
	if !ok || len(rest) < 2 {
		return bad("the trees are truncated")
	}
	depth, dense := int(rest[0]), int(rest[1])
	rest = rest[2:]
	if dense != numDense || depth > 8 {
		return bad("its tree layout differs from this program's")
	}
	if m.Base, ok = f32(); !ok {
		return bad("the trees are truncated")
	}
	internal := 1<<depth - 1
	if nt*uint64(internal*5+(internal+1)*4) > uint64(len(rest)) {
		return bad("the trees are truncated")
	}
	for range nt {
		t := tree{feat: slices.Clone(rest[:internal]), thresh: make([]float32, internal), leaf: make([]float32, internal+1)}
		rest = rest[internal:]
		for i, f := range t.feat {
			if int(f) >= numDense {
				return bad("a tree reads a feature out of range")
			}
			t.thresh[i], _ = f32()
		}
		for i := range t.leaf {
			t.leaf[i], _ = f32()
		}
		m.Trees = append(m.Trees, t)
	}
	var wordBias float32
	if m.WordWeight, ok = f32(); !ok {
		return bad("the blend is truncated")
	}
	if m.NumberWeight, ok = f32(); !ok {
		return bad("the blend is truncated")
	}
	if wordBias, ok = f32(); !ok {
		return bad("the blend is truncated")
	}
	nw, ok := uv()
	if !ok || nw > uint64(len(rest))/9 {
		return bad("the word model is truncated")
	}
	if nw > 0 {
		m.Words = &WordModel{Bias: wordBias, Terms: make(map[uint64]WordTerm, nw)}
	}
	var term uint64
	for k := range nw {
		gap, ok := uv()
		if !ok || (gap == 0 && k > 0) {
			return bad("the word model is truncated")
		}
		term += gap
		idf, ok1 := f32()
		w, ok2 := f32()
		if !ok1 || !ok2 {
			return bad("the word model is truncated")
		}
		m.Words.Terms[term] = WordTerm{IDF: idf, Weight: w}
	}
	if len(rest) != 0 {
		return bad("it has trailing bytes")
	}
	return m, nil
}

//go:embed model.bin
var modelFile []byte

var (
	loadOnce     sync.Once
	defaultModel *Model
	loadErr      error
)

// DefaultModel returns the model that ships with FactDesk, decoding it on
// first use so that starting the program costs nothing.
func DefaultModel() (*Model, error) {
	loadOnce.Do(func() {
		defaultModel, loadErr = UnmarshalModel(modelFile)
	})
	return defaultModel, loadErr
}

// Score returns the probability, from 0 to 1, that sentence is worth
// checking, by the shipped model. It panics if the embedded model is
// damaged, which is a build error that the package tests catch.
func Score(sentence string) float64 {
	m, err := DefaultModel()
	if err != nil {
		panic(err)
	}
	return m.Score(sentence)
}

// ScoreAll scores each sentence by the shipped model.
func ScoreAll(sentences []string) []float64 {
	out := make([]float64, len(sentences))
	for i, s := range sentences {
		out[i] = Score(s)
	}
	return out
}
