package assist

import (
	"math"
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
	// Block is the speaker turn or paragraph the sentence is in, Speaker
	// who says it; consecutive examples of one Group form a document.
	Block   int
	Speaker string
	// Alone marks a sentence that comes without its document
	// (ClaimBuster's): it has no neighbours.
	Alone bool

	vec  []feature // cached by Prepare
	cues [numCues]bool
}

// Prepare computes and caches the features of every example, so that
// training many models on subsets of the same examples (cross-validation)
// extracts them once. Copies of a prepared Example share the cache.
func Prepare(ex []Example) {
	for i := range ex {
		if ex[i].vec == nil {
			ex[i].vec, ex[i].cues = extract(ex[i].Text)
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
	// Rank trains on pairs of a worthy and an unworthy sentence of the same
	// document (a ranking loss) instead of on sentences one by one.
	Rank bool
	// Negatives is how many unworthy sentences each worthy one is paired
	// with in an epoch, with Rank.
	Negatives int
}

// DefaultTrainOptions are the settings chosen on held-out debates.
var DefaultTrainOptions = TrainOptions{Epochs: 12, Lambda: 1e-5, Eta0: 0.5, PosWeight: 1, Seed: 2019}

// Train fits a logistic-regression model by SGD. The examples are visited in
// an order drawn from o.Seed, so the same examples and options always give
// the same model.
func Train(ex []Example, o TrainOptions) *Model {
	Prepare(ex)
	if o.Rank {
		return trainRank(ex, o)
	}
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

// trainRank fits the text model by SGD on a pairwise logistic loss: for each
// worthy sentence, a few unworthy ones of the same document are drawn, and
// the model learns to score the worthy one higher. Sentences without a
// document are paired among themselves. Only the order of scores within a
// document is learnt, so the bias stays 0.
func trainRank(ex []Example, o TrainOptions) *Model {
	w := make([]float64, numFeatures)
	wscale := 1.0
	rng := rand.New(rand.NewPCG(o.Seed, 0x7a1d))
	type group struct{ pos, neg []int }
	groups := map[string]*group{}
	var names []string
	for i, e := range ex {
		key := e.Group
		if e.Alone {
			key = "\x00alone:" + e.Group
		}
		g := groups[key]
		if g == nil {
			g = &group{}
			groups[key] = g
			names = append(names, key)
		}
		if e.Label {
			g.pos = append(g.pos, i)
		} else {
			g.neg = append(g.neg, i)
		}
	}
	type pair struct{ p, n int }
	negs := max(1, o.Negatives)
	avg := make([]float64, numFeatures)
	averaged := 0
	t := 0.0
	var pairs []pair
	for epoch := range o.Epochs {
		pairs = pairs[:0]
		for _, name := range names {
			g := groups[name]
			if len(g.neg) == 0 {
				continue
			}
			for _, p := range g.pos {
				for range negs {
					pairs = append(pairs, pair{p, g.neg[rng.IntN(len(g.neg))]})
				}
			}
		}
		rng.Shuffle(len(pairs), func(i, j int) { pairs[i], pairs[j] = pairs[j], pairs[i] })
		for _, pr := range pairs {
			a, b := &ex[pr.p], &ex[pr.n]
			eta := o.Eta0 / (1 + o.Lambda*o.Eta0*t)
			t++
			var z float64
			for _, f := range a.vec {
				z += wscale * w[f.idx] * float64(f.val)
			}
			for _, f := range b.vec {
				z -= wscale * w[f.idx] * float64(f.val)
			}
			weight := a.Weight
			if weight == 0 {
				weight = 1
			}
			g := -weight * sigmoid(-z)
			wscale *= 1 - eta*o.Lambda
			if wscale < 1e-9 {
				for j := range w {
					w[j] *= wscale
				}
				wscale = 1
			}
			step := eta * g / wscale
			for _, f := range a.vec {
				w[f.idx] -= step * float64(f.val)
			}
			for _, f := range b.vec {
				w[f.idx] += step * float64(f.val)
			}
		}
		if epoch >= o.Epochs/2 {
			for j := range w {
				avg[j] += w[j] * wscale
			}
			averaged++
		}
	}
	m := &Model{Weights: make([]float32, numFeatures)}
	for j := range avg {
		m.Weights[j] = float32(avg[j] / float64(max(averaged, 1)))
	}
	return m
}

// FitOptions say how a whole model is trained: the text model and, with
// Boost.Trees > 0, the trees over context that are stacked on it.
type FitOptions struct {
	Text TrainOptions
	// Also, when it has Epochs, trains a second text model and adds it to
	// the first, each scaled by the spread of its scores: an ensemble of
	// two linear models is one linear model, so it costs nothing to score.
	Also  TrainOptions
	Boost BoostOptions
	// TreesOnDocuments fits the trees on the sentences that come with
	// their documents only, leaving out those that come alone.
	TreesOnDocuments bool
	// Folds is how many parts, by document, the text model is cross-fitted
	// on, so that the trees learn from text scores of sentences it did not
	// train on.
	Folds int
	// Blend adds a word model's log-odds and a bonus for numbers to the
	// model's.
	Blend BlendOptions
}

// BlendOptions say what is added to the model's log-odds: a word model's
// and a bonus for a sentence with a number, each in units of the spread of
// the model's own log-odds over the training sentences.
type BlendOptions struct {
	Words  float64 // the word model's weight, per spread of its log-odds; 0 for none
	Lambda float64 // the word model's L2 penalty
	Number float64 // the bonus for a digit
}

// Spreads are the standard deviations, over the examples read in their
// documents, of the model's log-odds and of a word model's.
func (m *Model) Spreads(ex []Example, w *WordModel) (model, words float64) {
	var z, zw []float64
	var ws wordScratch
	for _, d := range documents(ex) {
		doc := make([]DocSentence, len(d))
		for k, i := range d {
			doc[k] = DocSentence{Text: ex[i].Text, Block: ex[i].Block, Speaker: ex[i].Speaker}
			if w != nil {
				zw = append(zw, w.score(&ws, ex[i].Text))
			}
		}
		z = append(z, m.LogOdds(doc)...)
	}
	return stddev(z), stddev(zw)
}

func stddev(z []float64) float64 {
	var s, ss float64
	for _, v := range z {
		s += v
		ss += v * v
	}
	n := float64(max(len(z), 1))
	return math.Sqrt(max(ss/n-(s/n)*(s/n), 1e-12))
}

// WithBlend returns a copy of m, which has no blend yet, that adds the word
// model w (when words > 0) and the number bonus, given the spreads of m's
// and w's log-odds.
func (m *Model) WithBlend(w *WordModel, words, number, spread, wordSpread float64) *Model {
	b := *m
	if words > 0 && w != nil {
		b.Words = w
		b.WordWeight = float32(words * spread / wordSpread)
	}
	b.NumberWeight = float32(number * spread)
	return &b
}

// documents splits examples into their documents: runs of one Group, each
// Alone example on its own.
func documents(ex []Example) [][]int {
	var docs [][]int
	for i, e := range ex {
		if i == 0 || e.Alone || ex[i-1].Alone || e.Group != ex[i-1].Group {
			docs = append(docs, nil)
		}
		docs[len(docs)-1] = append(docs[len(docs)-1], i)
	}
	return docs
}

// Fit trains a model on examples given in document order: the text model on
// all of them and, when o.Boost.Trees > 0, trees over each sentence's text
// score, its context and its cues, fitted on cross-fitted text scores.
func Fit(ex []Example, o FitOptions) *Model {
	m := fit(ex, o)
	if o.Blend.Words == 0 && o.Blend.Number == 0 {
		return m
	}
	var w *WordModel
	if o.Blend.Words > 0 {
		w = TrainWords(ex, o.Blend.Lambda)
	}
	spread, wordSpread := m.Spreads(ex, w)
	return m.WithBlend(w, o.Blend.Words, o.Blend.Number, spread, wordSpread)
}

// fit trains the model without its blend.
func fit(ex []Example, o FitOptions) *Model {
	Prepare(ex)
	m := trainText(ex, o)
	if o.Boost.Trees == 0 {
		return m
	}
	texts := make([]string, len(ex))
	for i, e := range ex {
		texts[i] = e.Text
	}
	m.Gazetteer = BuildGazetteer(texts, 3)
	docs := documents(ex)
	folds := max(2, o.Folds)
	fold := make([]int, len(ex))
	rng := rand.New(rand.NewPCG(o.Text.Seed, 0xf01d))
	for _, d := range docs {
		f := rng.IntN(folds)
		for _, i := range d {
			fold[i] = f
		}
	}
	z := make([]float64, len(ex))
	for f := range folds {
		var train []Example
		for i, e := range ex {
			if fold[i] != f {
				train = append(train, e)
			}
		}
		part := trainText(train, o)
		for i := range ex {
			if fold[i] == f {
				z[i] = part.dot(ex[i].vec)
			}
		}
	}
	var rows [][]float32
	var y []bool
	var w []float64
	for _, d := range docs {
		if o.TreesOnDocuments && len(d) == 1 && ex[d[0]].Alone {
			continue
		}
		doc := make([]DocSentence, len(d))
		dz := make([]float64, len(d))
		cues := make([][numCues]bool, len(d))
		for k, i := range d {
			doc[k] = DocSentence{Text: ex[i].Text, Block: ex[i].Block, Speaker: ex[i].Speaker}
			dz[k] = z[i]
			cues[k] = ex[i].cues
		}
		rows = append(rows, denseRows(doc, dz, cues, m.Gazetteer)...)
		for _, i := range d {
			y = append(y, ex[i].Label)
			wt := ex[i].Weight
			if wt == 0 {
				wt = 1
			}
			w = append(w, wt)
		}
	}
	m.Base, m.Trees = boost(rows, y, w, o.Boost)
	return m
}

// trainText trains the text model, or the ensemble of two, quantized as it
// ships.
func trainText(ex []Example, o FitOptions) *Model {
	m := Train(ex, o.Text)
	if o.Also.Epochs == 0 {
		return m.Quantized()
	}
	m2 := Train(ex, o.Also)
	s1, s2 := m.spread(ex), m2.spread(ex)
	sum := &Model{Bias: float32(float64(m.Bias)/s1 + float64(m2.Bias)/s2), Weights: make([]float32, numFeatures)}
	for i := range sum.Weights {
		sum.Weights[i] = float32(float64(m.Weights[i])/s1 + float64(m2.Weights[i])/s2)
	}
	return sum.Quantized()
}

// spread is the standard deviation of the model's log-odds over examples.
func (m *Model) spread(ex []Example) float64 {
	var s, ss float64
	for _, e := range ex {
		z := m.dot(e.vec)
		s += z
		ss += z * z
	}
	n := float64(max(len(ex), 1))
	return math.Sqrt(max(ss/n-(s/n)*(s/n), 1e-12))
}
