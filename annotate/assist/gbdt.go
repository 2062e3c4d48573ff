package assist

import (
	"math"
	"slices"
)

// Gradient-boosted trees over a sentence's dense features (its text score,
// its neighbours' scores, where it sits in its turn or paragraph, its cues).
// The trees are complete binary trees of a fixed depth stored level by level:
// node i has children 2i+1 and 2i+2, and a node that found no useful split
// sends everything left (threshold +Inf).

// tree is one regression tree of depth treeDepth.
type tree struct {
	feat   []uint8   // 2^depth - 1 internal nodes
	thresh []float32 // go left when x[feat] <= thresh
	leaf   []float32 // 2^depth leaves
}

func (t *tree) eval(x []float32) float32 {
	i := 0
	for i < len(t.feat) {
		if x[t.feat[i]] <= t.thresh[i] {
			i = 2*i + 1
		} else {
			i = 2*i + 2
		}
	}
	return t.leaf[i-len(t.feat)]
}

// BoostOptions are the settings of gradient boosting.
type BoostOptions struct {
	Trees   int     // rounds
	Depth   int     // levels of each tree
	Rate    float64 // shrinkage
	Lambda  float64 // L2 on leaf values
	MinLeaf float64 // least hessian weight in a leaf
	MaxBins int     // candidate thresholds per feature
}

// DefaultBoostOptions are the boosting settings the protocol chooses among.
var DefaultBoostOptions = BoostOptions{Trees: 150, Depth: 3, Rate: 0.1, Lambda: 1, MinLeaf: 5, MaxBins: 32}

// boost fits trees to minimise the weighted logistic loss of labels y given
// the dense rows x, starting from base (a log-odds).
func boost(x [][]float32, y []bool, w []float64, o BoostOptions) (base float32, trees []tree) {
	n := len(x)
	if n == 0 {
		return 0, nil
	}
	nf := len(x[0])
	// Candidate thresholds: quantiles of each feature.
	cuts := make([][]float32, nf)
	col := make([]float32, n)
	for f := range nf {
		for i := range x {
			col[i] = x[i][f]
		}
		slices.Sort(col)
		var c []float32
		for b := 1; b < o.MaxBins; b++ {
			v := col[b*(n-1)/o.MaxBins]
			if len(c) == 0 || v > c[len(c)-1] {
				c = append(c, v)
			}
		}
		if len(c) > 0 && c[len(c)-1] >= col[n-1] {
			c = c[:len(c)-1] // a cut at the maximum splits nothing
		}
		cuts[f] = c
	}
	// Bin every value once.
	bins := make([][]uint8, nf)
	for f := range nf {
		bins[f] = make([]uint8, n)
		for i := range x {
			bins[f][i] = uint8(binOf(cuts[f], x[i][f]))
		}
	}
	var sw, sp float64
	for i := range y {
		sw += w[i]
		if y[i] {
			sp += w[i]
		}
	}
	p0 := min(max(sp/sw, 1e-6), 1-1e-6)
	base = float32(math.Log(p0 / (1 - p0)))
	z := make([]float64, n)
	for i := range z {
		z[i] = float64(base)
	}
	g := make([]float64, n)
	h := make([]float64, n)
	node := make([]int, n)
	internal := 1<<o.Depth - 1
	for range o.Trees {
		for i := range n {
			p := sigmoid(z[i])
			yi := 0.0
			if y[i] {
				yi = 1
			}
			g[i] = w[i] * (p - yi)
			h[i] = w[i] * max(p*(1-p), 1e-6)
			node[i] = 0
		}
		t := tree{feat: make([]uint8, internal), thresh: make([]float32, internal), leaf: make([]float32, internal+1)}
		for level := range o.Depth {
			first, count := 1<<level-1, 1<<level
			// Histograms of gradient and hessian per node, feature and bin.
			type hist struct{ g, h []float64 }
			hs := make([][]hist, count)
			for k := range count {
				hs[k] = make([]hist, nf)
				for f := range nf {
					hs[k][f] = hist{make([]float64, len(cuts[f])+1), make([]float64, len(cuts[f])+1)}
				}
			}
			for i := range n {
				k := node[i] - first
				for f := range nf {
					b := bins[f][i]
					hs[k][f].g[b] += g[i]
					hs[k][f].h[b] += h[i]
				}
			}
			for k := range count {
				best, bf, bb := 0.0, -1, 0
				var G, H float64
				for b := range hs[k][0].g {
					G += hs[k][0].g[b]
					H += hs[k][0].h[b]
				}
				parent := G * G / (H + o.Lambda)
				for f := range nf {
					var gl, hl float64
					for b := 0; b < len(cuts[f]); b++ {
						gl += hs[k][f].g[b]
						hl += hs[k][f].h[b]
						gr, hr := G-gl, H-hl
						if hl < o.MinLeaf || hr < o.MinLeaf {
							continue
						}
						if gain := gl*gl/(hl+o.Lambda) + gr*gr/(hr+o.Lambda) - parent; gain > best {
							best, bf, bb = gain, f, b
						}
					}
				}
				j := first + k
				if bf < 0 {
					t.feat[j], t.thresh[j] = 0, float32(math.Inf(1))
				} else {
					t.feat[j], t.thresh[j] = uint8(bf), cuts[bf][bb]
				}
			}
			for i := range n {
				j := node[i]
				if x[i][t.feat[j]] <= t.thresh[j] {
					node[i] = 2*j + 1
				} else {
					node[i] = 2*j + 2
				}
			}
		}
		G := make([]float64, internal+1)
		H := make([]float64, internal+1)
		for i := range n {
			G[node[i]-internal] += g[i]
			H[node[i]-internal] += h[i]
		}
		for k := range t.leaf {
			t.leaf[k] = float32(-o.Rate * G[k] / (H[k] + o.Lambda))
		}
		for i := range n {
			z[i] += float64(t.leaf[node[i]-internal])
		}
		trees = append(trees, t)
	}
	return base, trees
}

// binOf is the number of cuts below v: the bin v falls in.
func binOf(cuts []float32, v float32) int {
	lo, hi := 0, len(cuts)
	for lo < hi {
		m := (lo + hi) / 2
		if v <= cuts[m] {
			hi = m
		} else {
			lo = m + 1
		}
	}
	return lo
}
