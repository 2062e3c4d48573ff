package assist

import (
	"bytes"
	_ "embed"
	"encoding/binary"
	"math"
	"strconv"
	"sync"

	"github.com/factdesk/factdesk/annotate"
)

// Model is a logistic-regression check-worthiness model over hashed sentence
// features.
type Model struct {
	Bias    float32
	Weights []float32 // numFeatures long
}

// Score returns the probability, from 0 to 1, that sentence is worth
// checking.
func (m *Model) Score(sentence string) float64 {
	sc := scratchPool.Get().(*scratch)
	z := m.dot(sc.features(sentence))
	scratchPool.Put(sc)
	return sigmoid(z)
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
// which prunes the many rare n-grams training barely moved.
var modelMagic = []byte("FDCW")

const modelVersion = 1

// Quantized returns a copy of m with every weight rounded as MarshalBinary
// stores it, so that evaluation measures the model that ships.
func (m *Model) Quantized() *Model {
	scale := m.scale()
	q := &Model{Bias: m.Bias, Weights: make([]float32, len(m.Weights))}
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
