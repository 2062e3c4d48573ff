package assist

import (
	"math/rand/v2"
	"sort"
)

// Example is one labelled sentence for training or evaluating a
// check-worthiness model.
type Example struct {
	Text  string
	Label bool // worth checking
	// Group names where the sentence comes from: a debate for CLEF, or
	// "claimbuster".
	Group string
	// Weight scales the example's loss; 0 means 1.
	Weight float64

	vec []feature // cached by Prepare
}

// Prepare computes and caches the features of every example, so that
// training many models on subsets of the same examples (cross-validation)
// extracts them once. Copies of a prepared Example share the cache.
func Prepare(ex []Example) {
	for i := range ex {
		if ex[i].vec == nil {
			ex[i].vec = extract(ex[i].Text)
		}
	}
}

// TrainOptions are the settings of stochastic gradient descent.
type TrainOptions struct {
	Epochs int     // passes over the data
	Lambda float64 // L2 regularisation
	Eta0   float64 // initial learning rate
	// PosWeight multiplies the weight of positive examples, to counter the
	// rarity of check-worthy sentences.
	PosWeight float64
	Seed      uint64 // the order of examples in each epoch
}

// DefaultTrainOptions are the settings chosen on held-out debates.
var DefaultTrainOptions = TrainOptions{Epochs: 12, Lambda: 1e-5, Eta0: 0.5, PosWeight: 1, Seed: 2019}

// Train fits a logistic-regression model by SGD. The examples are visited in
// an order drawn from o.Seed, so the same examples and options always give
// the same model.
func Train(ex []Example, o TrainOptions) *Model {
	Prepare(ex)
	w := make([]float64, numFeatures)
	var bias float64
	wscale := 1.0 // the true weights are wscale*w; L2 decay only scales
	order := make([]int, len(ex))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(o.Seed, 0x5eed))
	t := 0.0
	// The model is the average of the weights at the end of each epoch of
	// the second half, which steadies SGD's last noisy steps.
	avg := make([]float64, numFeatures)
	var avgBias float64
	averaged := 0
	for epoch := range o.Epochs {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, i := range order {
			e := &ex[i]
			eta := o.Eta0 / (1 + o.Lambda*o.Eta0*t)
			t++
			z := bias
			for _, f := range e.vec {
				z += wscale * w[f.idx] * float64(f.val)
			}
			y := 0.0
			weight := e.Weight
			if weight == 0 {
				weight = 1
			}
			if e.Label {
				y = 1
				if o.PosWeight > 0 {
					weight *= o.PosWeight
				}
			}
			g := weight * (sigmoid(z) - y)
			wscale *= 1 - eta*o.Lambda
			if wscale < 1e-9 {
				for j := range w {
					w[j] *= wscale
				}
				wscale = 1
			}
			step := eta * g / wscale
			for _, f := range e.vec {
				w[f.idx] -= step * float64(f.val)
			}
			// The bias learns more slowly, as in Bottou's sgd.
			bias -= 0.01 * eta * g
		}
		if epoch >= o.Epochs/2 {
			for j := range w {
				avg[j] += w[j] * wscale
			}
			avgBias += bias
			averaged++
		}
	}
	m := &Model{Bias: float32(avgBias / float64(averaged)), Weights: make([]float32, numFeatures)}
	for j := range avg {
		m.Weights[j] = float32(avg[j] / float64(averaged))
	}
	return m
}

// AveragePrecision is the average precision of a ranking of items by
// descending score, as CLEF CheckThat! computes it: the mean, over the
// positive items, of the precision at each one's rank. Ties keep input
// order. It is 0 when there is no positive item.
func AveragePrecision(scores []float64, labels []bool) float64 {
	order := rank(scores)
	hits, sum := 0, 0.0
	for r, i := range order {
		if labels[i] {
			hits++
			sum += float64(hits) / float64(r+1)
		}
	}
	if hits == 0 {
		return 0
	}
	return sum / float64(hits)
}

// PrecisionAt is the share of positives among the k best-scored items.
func PrecisionAt(k int, scores []float64, labels []bool) float64 {
	order := rank(scores)
	hits := 0
	for _, i := range order[:min(k, len(order))] {
		if labels[i] {
			hits++
		}
	}
	return float64(hits) / float64(k)
}

func rank(scores []float64) []int {
	order := make([]int, len(scores))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return scores[order[a]] > scores[order[b]] })
	return order
}

// F1 is the F1 measure of the positive class when items scoring at least
// threshold are called positive.
func F1(threshold float64, scores []float64, labels []bool) float64 {
	var tp, fp, fn float64
	for i, s := range scores {
		switch pred := s >= threshold; {
		case pred && labels[i]:
			tp++
		case pred:
			fp++
		case labels[i]:
			fn++
		}
	}
	if tp == 0 {
		return 0
	}
	return 2 * tp / (2*tp + fp + fn)
}
