// Command train fits the check-worthiness model of package assist on the
// CLEF-2019 CheckThat! and ClaimBuster sentences and writes it as model.bin,
// or, with -eval, measures it by cross-validation against simple baselines.
//
//	go run ./annotate/assist/cmd/train -data ../shared/corpus/checkworthy -out annotate/assist/model.bin
//	go run ./annotate/assist/cmd/train -data ../shared/corpus/checkworthy -eval
package main

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/factdesk/factdesk/annotate/assist"
)

func main() {
	data := flag.String("data", "../shared/corpus/checkworthy", "folder with clef2019-task1-en-train.tsv and claimbuster-train.tsv")
	out := flag.String("out", "annotate/assist/model.bin", "model file to write")
	eval := flag.Bool("eval", false, "cross-validate instead of writing the model")
	tuneOnly := flag.Bool("tune", false, "with -eval, report only the tuning debates (for choosing settings)")
	o := assist.DefaultTrainOptions
	flag.IntVar(&o.Epochs, "epochs", o.Epochs, "SGD passes")
	flag.Float64Var(&o.Lambda, "lambda", o.Lambda, "L2 regularisation")
	flag.Float64Var(&o.Eta0, "eta", o.Eta0, "initial learning rate")
	flag.Float64Var(&o.PosWeight, "posweight", o.PosWeight, "weight of positive examples")
	clefWeight := flag.Float64("clefweight", defaultCLEFWeight, "weight of CLEF examples relative to ClaimBuster")
	flag.Parse()

	clef, err := assist.ReadCLEF(filepath.Join(*data, "clef2019-task1-en-train.tsv"))
	if err != nil {
		fail(err)
	}
	cb, err := assist.ReadClaimBuster(filepath.Join(*data, "claimbuster-train.tsv"))
	if err != nil {
		fail(err)
	}
	for i := range clef {
		clef[i].Weight = *clefWeight
	}
	if *eval {
		evaluate(clef, cb, o, *tuneOnly)
		return
	}
	m := assist.Train(append(clef, cb...), o)
	b, err := m.MarshalBinary()
	if err != nil {
		fail(err)
	}
	if err := os.WriteFile(*out, b, 0o644); err != nil {
		fail(err)
	}
	fmt.Printf("wrote %s: %d bytes, trained on %d CLEF and %d ClaimBuster sentences\n", *out, len(b), len(clef), len(cb))
}

// defaultCLEFWeight makes a CLEF sentence count more than a ClaimBuster one:
// CLEF's labels (claims that fact-checkers actually chose) are what the
// suggestions should imitate, and they are rarer.
const defaultCLEFWeight = 2.0

func fail(err error) {
	fmt.Fprintln(os.Stderr, "train:", err)
	os.Exit(1)
}

// tuningDebates is how many debates, in date order, settings were chosen
// on; the rest are reported untouched.
const tuningDebates = 10

type debateResult struct {
	name                 string
	n, pos               int
	ap, p5, p10          float64
	numAP, numP5, numP10 float64
	randAP               float64
}

func evaluate(clef, cb []assist.Example, o assist.TrainOptions, tuneOnly bool) {
	all := append(slices.Clone(clef), cb...)
	assist.Prepare(all)
	clef, cb = all[:len(clef)], all[len(clef):]

	var debates []string
	for _, e := range clef {
		if !slices.Contains(debates, e.Group) {
			debates = append(debates, e.Group)
		}
	}
	slices.Sort(debates) // names start with the date
	if tuneOnly {
		debates = debates[:tuningDebates]
	}

	results := make([]debateResult, len(debates))
	parallel(len(debates), func(k int) {
		d := debates[k]
		var test, train []assist.Example
		held := map[string]bool{}
		for _, e := range clef {
			if e.Group == d {
				test = append(test, e)
				held[norm(e.Text)] = true
			} else {
				train = append(train, e)
			}
		}
		// Three CLEF debates are also in ClaimBuster: leave their
		// sentences out of training when they are being tested.
		for _, e := range cb {
			if !held[norm(e.Text)] {
				train = append(train, e)
			}
		}
		m := assist.Train(train, o).Quantized()
		scores, labels, num := make([]float64, len(test)), make([]bool, len(test)), make([]float64, len(test))
		r := debateResult{name: d, n: len(test)}
		for i, e := range test {
			scores[i] = m.Score(e.Text)
			labels[i] = e.Label
			if strings.ContainsFunc(e.Text, unicode.IsDigit) {
				num[i] = 1
			}
			if e.Label {
				r.pos++
			}
		}
		r.ap, r.p5, r.p10 = assist.AveragePrecision(scores, labels), assist.PrecisionAt(5, scores, labels), assist.PrecisionAt(10, scores, labels)
		r.numAP, r.numP5, r.numP10 = assist.AveragePrecision(num, labels), assist.PrecisionAt(5, num, labels), assist.PrecisionAt(10, num, labels)
		rng := rand.New(rand.NewPCG(uint64(k), 7))
		const draws = 20
		for range draws {
			rs := make([]float64, len(test))
			for i := range rs {
				rs[i] = rng.Float64()
			}
			r.randAP += assist.AveragePrecision(rs, labels) / draws
		}
		results[k] = r
	})

	fmt.Printf("CLEF-2019 task 1, leave one debate out (train: other debates + ClaimBuster), %+v\n", o)
	fmt.Printf("%-26s %5s %4s  %6s %5s %5s  %6s %5s %5s  %6s\n", "debate", "sents", "pos", "AP", "P@5", "P@10", "numAP", "P@5", "P@10", "randAP")
	for _, r := range results {
		fmt.Printf("%-26s %5d %4d  %6.3f %5.2f %5.2f  %6.3f %5.2f %5.2f  %6.3f\n", r.name, r.n, r.pos, r.ap, r.p5, r.p10, r.numAP, r.numP5, r.numP10, r.randAP)
	}
	summary := func(label string, rs []debateResult) {
		if len(rs) == 0 {
			return
		}
		var s debateResult
		for _, r := range rs {
			s.ap += r.ap
			s.p5 += r.p5
			s.p10 += r.p10
			s.numAP += r.numAP
			s.numP5 += r.numP5
			s.numP10 += r.numP10
			s.randAP += r.randAP
		}
		n := float64(len(rs))
		fmt.Printf("%-26s model MAP %.3f P@5 %.3f P@10 %.3f | has-a-number MAP %.3f P@5 %.3f P@10 %.3f | random MAP %.3f\n",
			label, s.ap/n, s.p5/n, s.p10/n, s.numAP/n, s.numP5/n, s.numP10/n, s.randAP/n)
	}
	summary(fmt.Sprintf("tuning debates (%d)", min(tuningDebates, len(results))), results[:min(tuningDebates, len(results))])
	if !tuneOnly {
		summary(fmt.Sprintf("untouched debates (%d)", len(results)-tuningDebates), results[tuningDebates:])
		summary(fmt.Sprintf("all debates (%d)", len(results)), results)
		evaluateClaimBuster(clef, cb, o)
	}
}

// evaluateClaimBuster reports the F1 of the positive class by 5-fold
// cross-validation on ClaimBuster, each fold trained on the other four and
// on all of CLEF.
func evaluateClaimBuster(clef, cb []assist.Example, o assist.TrainOptions) {
	const k = 5
	perm := rand.New(rand.NewPCG(5, 5)).Perm(len(cb))
	fold := make([]int, len(cb))
	for r, i := range perm {
		fold[i] = r % k
	}
	type res struct{ f1, best, bestT, numF1, allF1 float64 }
	results := make([]res, k)
	parallel(k, func(f int) {
		var train, test []assist.Example
		held := map[string]bool{}
		for i, e := range cb {
			if fold[i] == f {
				test = append(test, e)
				held[norm(e.Text)] = true
			} else {
				train = append(train, e)
			}
		}
		for _, e := range clef {
			if !held[norm(e.Text)] {
				train = append(train, e)
			}
		}
		m := assist.Train(train, o).Quantized()
		scores, labels, num, all := make([]float64, len(test)), make([]bool, len(test)), make([]float64, len(test)), make([]float64, len(test))
		for i, e := range test {
			scores[i] = m.Score(e.Text)
			labels[i] = e.Label
			all[i] = 1
			if strings.ContainsFunc(e.Text, unicode.IsDigit) {
				num[i] = 1
			}
		}
		r := res{f1: assist.F1(0.5, scores, labels), numF1: assist.F1(1, num, labels), allF1: assist.F1(1, all, labels)}
		for t := 0.05; t < 1; t += 0.05 {
			if f := assist.F1(t, scores, labels); f > r.best {
				r.best, r.bestT = f, t
			}
		}
		results[f] = r
	})
	var s res
	for _, r := range results {
		s.f1 += r.f1 / k
		s.best += r.best / k
		s.numF1 += r.numF1 / k
		s.allF1 += r.allF1 / k
	}
	fmt.Printf("ClaimBuster 5-fold F1 (positive class): model %.3f at 0.5 (%.3f at the best threshold per fold, optimistic) | has-a-number %.3f | all positive %.3f\n",
		s.f1, s.best, s.numF1, s.allF1)
}

var nonWord = regexp.MustCompile(`\W+`)

func norm(s string) string {
	return strings.TrimSpace(nonWord.ReplaceAllString(strings.ToLower(s), " "))
}

// parallel runs f(0..n-1) on two goroutines, the cores this is meant for.
func parallel(n int, f func(int)) {
	var wg sync.WaitGroup
	next := make(chan int)
	for range 2 {
		wg.Go(func() {
			for i := range next {
				f(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}
