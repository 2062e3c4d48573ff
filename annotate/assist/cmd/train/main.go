// Command train fits the check-worthiness model of package assist on the
// CLEF-2019 CheckThat! and ClaimBuster sentences and writes it as model.bin,
// or, with -eval, measures the whole training procedure by nested
// cross-validation over whole debates against two baselines trained in the
// same run.
//
//	go run ./annotate/assist/cmd/train -data ../shared/corpus/checkworthy -out annotate/assist/model.bin
//	go run ./annotate/assist/cmd/train -data ../shared/corpus/checkworthy -eval -markdown
//
// The protocol: duplicates are removed first (a ClaimBuster sentence whose
// normalised text is also in CLEF, or earlier in ClaimBuster, is dropped).
// Each CLEF debate in turn is held out (the outer fold). On the other
// debates, three inner folds of whole debates choose the model family and
// settings, among two tree families alone or blended with a word model and
// a bonus for numbers (blend.go); the choice is then trained on all the
// other debates and ClaimBuster and scored on the held-out debate, beside
// "has a number" and a TF-IDF logistic regression trained on the same
// sentences, its penalty also chosen on the inner folds.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/factdesk/factdesk/annotate/assist"
)

// config is one model family with its settings, a candidate of the inner
// folds.
type config struct {
	name string
	o    assist.FitOptions
}

var (
	pointwise   = assist.TrainOptions{Epochs: 12, Lambda: 1e-5, Eta0: 0.5, PosWeight: 1, Seed: 2019}
	pairwise    = assist.TrainOptions{Epochs: 10, Lambda: 1e-5, Eta0: 0.2, Seed: 2019, Rank: true, Negatives: 4}
	baseConfigs = []config{
		{"lr", assist.FitOptions{Text: pointwise}},
		{"rank", assist.FitOptions{Text: pairwise}},
		{"ens", assist.FitOptions{Text: pairwise, Also: pointwise}},
		{"rank+trees", assist.FitOptions{Text: pairwise, Boost: assist.DefaultBoostOptions, Folds: 3}},
		{"ens+trees", assist.FitOptions{Text: pairwise, Also: pointwise, Boost: assist.DefaultBoostOptions, Folds: 3}},
		{"rank+trees2", assist.FitOptions{Text: pairwise, Boost: assist.BoostOptions{Trees: 300, Depth: 2, Rate: 0.05, Lambda: 1, MinLeaf: 5, MaxBins: 32}, Folds: 3}},
		{"rank+trees4", assist.FitOptions{Text: pairwise, Boost: assist.BoostOptions{Trees: 150, Depth: 4, Rate: 0.05, Lambda: 5, MinLeaf: 10, MaxBins: 32}, Folds: 3}},
	}
	// configs are the candidates: the two families the inner folds chose
	// for nearly every debate before blends were added, each alone and
	// with each blend. -only chooses among any of baseConfigs and blends.
	configs         = withBlends(baseConfigs[5:], blendGrid)
	baselineLambdas = []float64{1e-3, 1e-4, 1e-5}
)

// clefWeight makes a CLEF sentence count more than a ClaimBuster one:
// CLEF's labels (claims that fact-checkers actually chose) are what the
// suggestions should imitate, and they are rarer.
const clefWeight = 2.0

func main() {
	data := flag.String("data", "../shared/corpus/checkworthy", "folder with clef2019-task1-en-train.tsv and claimbuster-train.tsv")
	out := flag.String("out", "annotate/assist/model.bin", "model file to write")
	eval := flag.Bool("eval", false, "run the nested cross-validation protocol instead of writing the model")
	innerOnly := flag.Bool("inner", false, "only print what each configuration scores on three folds of whole debates")
	markdown := flag.Bool("markdown", false, "with -eval, print the table as Markdown")
	only := flag.String("only", "", "a comma-separated list of configurations to choose among, of all the families with and without each blend (default the two tree families the candidates are built on)")
	news := flag.String("news", "", "folder of news article texts (.txt) that sets the score shift, so that the default threshold keeps a handful of sentences of each")
	shift := flag.Float64("shift", 0, "score shift to use when -news is not given")
	grid := flag.String("grid", "", "blends to add to each configuration, as words:lambda:number triples separated by commas (default the built-in grid)")
	flag.Parse()

	clef, err := assist.ReadCLEF(filepath.Join(*data, "clef2019-task1-en-train.tsv"))
	if err != nil {
		fail(err)
	}
	cb, err := assist.ReadClaimBuster(filepath.Join(*data, "claimbuster-train.tsv"))
	if err != nil {
		fail(err)
	}
	cbAll := len(cb)
	cb = dedupe(clef, cb)
	fmt.Fprintf(os.Stderr, "%d CLEF sentences in %d debates; %d of %d ClaimBuster sentences kept after removing duplicates of CLEF and of each other\n",
		len(clef), len(debatesOf(clef)), len(cb), cbAll)
	for i := range clef {
		clef[i].Weight = clefWeight
	}
	all := append(slices.Clone(clef), cb...)
	assist.Prepare(all)
	clef, cb = all[:len(clef)], all[len(clef):]
	if *grid != "" {
		blendGrid = parseGrid(*grid)
		configs = withBlends(baseConfigs[5:], blendGrid)
	}
	cands := configs
	if *only != "" {
		cands = nil
		for _, c := range configs {
			if slices.Contains(strings.Split(*only, ","), c.name) {
				cands = append(cands, c)
			}
		}
	}
	if *eval {
		protocol(clef, cb, cands, *markdown)
		return
	}
	if *innerOnly {
		_, _, aps := chooseAP(clef, cb, debatesOf(clef), cands)
		num, tf := innerBaselines(clef, cb, debatesOf(clef))
		var mn, mt float64
		for i := range num {
			mn += num[i] / float64(len(num))
			mt += tf[i] / float64(len(tf))
		}
		fmt.Printf("baselines: has a number %.3f, TF-IDF LR %.3f\n", mn, mt)
		for k, c := range cands {
			var mean float64
			wins := 0
			for i, ap := range aps[k] {
				mean += ap / float64(len(aps[k]))
				if ap > num[i] && ap > tf[i] {
					wins++
				}
			}
			fmt.Printf("%-34s %.3f  ahead of both on %2d of %d\n", c.name, mean, wins, len(aps[k]))
		}
		return
	}
	start := time.Now()
	best, inner := choose(clef, cb, debatesOf(clef), cands)
	fmt.Fprintf(os.Stderr, "inner folds over all debates chose %s (%s)\n", best.name, inner)
	m := assist.Fit(slices.Clone(all), best.o)
	m.Shift = float32(*shift)
	if *news != "" {
		m.Shift = float32(calibrate(m, *news))
	}
	b, err := m.MarshalBinary()
	if err != nil {
		fail(err)
	}
	if err := os.WriteFile(*out, b, 0o644); err != nil {
		fail(err)
	}
	fmt.Printf("wrote %s: %d bytes, %s, shift %.2f, trained on %d CLEF and %d ClaimBuster sentences in %s\n",
		*out, len(b), best.name, m.Shift, len(clef), len(cb), time.Since(start).Round(time.Second))
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "train:", err)
	os.Exit(1)
}

var nonWord = regexp.MustCompile(`[^\p{L}\p{N}]+`)

// norm is the text duplicates are found by: lower case, letters and digits,
// single spaces.
func norm(s string) string {
	return strings.TrimSpace(nonWord.ReplaceAllString(strings.ToLower(s), " "))
}

// dedupe drops the ClaimBuster sentences that are also in CLEF (three CLEF
// debates are in ClaimBuster) or earlier in ClaimBuster.
func dedupe(clef, cb []assist.Example) []assist.Example {
	seen := map[string]bool{}
	for _, e := range clef {
		seen[norm(e.Text)] = true
	}
	var out []assist.Example
	for _, e := range cb {
		k := norm(e.Text)
		if !seen[k] {
			seen[k] = true
			out = append(out, e)
		}
	}
	return out
}

func debatesOf(ex []assist.Example) []string {
	var ds []string
	for _, e := range ex {
		if !slices.Contains(ds, e.Group) {
			ds = append(ds, e.Group)
		}
	}
	slices.Sort(ds)
	return ds
}

func pick(ex []assist.Example, keep func(string) bool) []assist.Example {
	var out []assist.Example
	for _, e := range ex {
		if keep(e.Group) {
			out = append(out, e)
		}
	}
	return out
}

// debate is one held-out debate's sentences, ready to score.
type debate struct {
	name   string
	doc    []assist.DocSentence
	texts  []string
	labels []bool
}

func split(ex []assist.Example) []debate {
	var out []debate
	for _, name := range debatesOf(ex) {
		d := debate{name: name}
		for _, e := range ex {
			if e.Group == name {
				d.doc = append(d.doc, assist.DocSentence{Text: e.Text, Block: e.Block, Speaker: e.Speaker})
				d.texts = append(d.texts, e.Text)
				d.labels = append(d.labels, e.Label)
			}
		}
		out = append(out, d)
	}
	return out
}

// innerFolds splits debates into three groups of whole debates.
func innerFolds(debates []string) [][]string {
	folds := make([][]string, 3)
	for i, d := range debates {
		folds[i%3] = append(folds[i%3], d)
	}
	return folds
}

// choose picks the configuration with the best mean average precision over
// the inner folds of the given debates (each fold trained on the other
// debates and ClaimBuster), and says what each scored.
func choose(clef, cb []assist.Example, debates []string, cands []config) (config, string) {
	best, says, _ := chooseAP(clef, cb, debates, cands)
	return best, says
}

// chooseAP is choose that also returns each candidate's average precision
// on each debate, in the order of the inner folds.
func chooseAP(clef, cb []assist.Example, debates []string, cands []config) (config, string, [][]float64) {
	folds := innerFolds(debates)
	sum := make([]float64, len(cands))
	aps := make([][]float64, len(cands))
	n := 0
	for _, f := range folds {
		train := append(pick(clef, func(g string) bool { return slices.Contains(debates, g) && !slices.Contains(f, g) }), cb...)
		test := split(pick(clef, func(g string) bool { return slices.Contains(f, g) }))
		fit := newFitter(train)
		for k, c := range cands {
			m := fit.fit(c.o)
			for _, d := range test {
				ap := assist.AveragePrecision(m.LogOdds(d.doc), d.labels)
				sum[k] += ap
				aps[k] = append(aps[k], ap)
			}
		}
		n += len(test)
	}
	best := 0
	var says []string
	for k := range cands {
		says = append(says, fmt.Sprintf("%s %.3f", cands[k].name, sum[k]/float64(n)))
		if sum[k] > sum[best] {
			best = k
		}
	}
	return cands[best], strings.Join(says, ", "), aps
}

// innerBaselines are the baselines' average precisions on each debate of
// the inner folds, in chooseAP's order, with the TF-IDF regression's
// penalty that does best over them all.
func innerBaselines(clef, cb []assist.Example, debates []string) (num, tf []float64) {
	lambda := chooseBaseline(clef, cb, debates)
	for _, f := range innerFolds(debates) {
		train := append(pick(clef, func(g string) bool { return slices.Contains(debates, g) && !slices.Contains(f, g) }), cb...)
		test := split(pick(clef, func(g string) bool { return slices.Contains(f, g) }))
		m := trainTFIDF(train, lambda)
		for _, d := range test {
			num = append(num, assist.AveragePrecision(scoreAll(hasNumber, d.texts), d.labels))
			tf = append(tf, assist.AveragePrecision(scoreAll(m.LogOdds, d.texts), d.labels))
		}
	}
	return num, tf
}

// chooseBaseline picks the TF-IDF regression's penalty on the same inner
// folds.
func chooseBaseline(clef, cb []assist.Example, debates []string) float64 {
	folds := innerFolds(debates)
	sum := make([]float64, len(baselineLambdas))
	for _, f := range folds {
		train := append(pick(clef, func(g string) bool { return slices.Contains(debates, g) && !slices.Contains(f, g) }), cb...)
		test := split(pick(clef, func(g string) bool { return slices.Contains(f, g) }))
		for k, l := range baselineLambdas {
			m := trainTFIDF(train, l)
			for _, d := range test {
				sum[k] += assist.AveragePrecision(scoreAll(m.LogOdds, d.texts), d.labels)
			}
		}
	}
	best := 0
	for k := range sum {
		if sum[k] > sum[best] {
			best = k
		}
	}
	return baselineLambdas[best]
}

func scoreAll(f func(string) float64, texts []string) []float64 {
	out := make([]float64, len(texts))
	for i, t := range texts {
		out[i] = f(t)
	}
	return out
}

func hasNumber(s string) float64 {
	if strings.ContainsFunc(s, unicode.IsDigit) {
		return 1
	}
	return 0
}

type measures struct{ ap, p5, p10 float64 }

func measure(scores []float64, labels []bool) measures {
	return measures{assist.AveragePrecision(scores, labels), assist.PrecisionAt(5, scores, labels), assist.PrecisionAt(10, scores, labels)}
}

type row struct {
	name, chose, inner string
	n, pos             int
	model, num, tfidf  measures
	lambda             float64
}

func protocol(clef, cb []assist.Example, cands []config, markdown bool) {
	start := time.Now()
	debates := debatesOf(clef)
	var rows []row
	for _, held := range debates {
		others := slices.DeleteFunc(slices.Clone(debates), func(d string) bool { return d == held })
		best, inner := choose(clef, cb, others, cands)
		lambda := chooseBaseline(clef, cb, others)
		train := append(pick(clef, func(g string) bool { return g != held }), cb...)
		m := assist.Fit(slices.Clone(train), best.o)
		base := trainTFIDF(train, lambda)
		d := split(pick(clef, func(g string) bool { return g == held }))[0]
		r := row{name: held, chose: best.name, inner: inner, n: len(d.labels), lambda: lambda}
		for _, l := range d.labels {
			if l {
				r.pos++
			}
		}
		r.model = measure(m.LogOdds(d.doc), d.labels)
		r.num = measure(scoreAll(hasNumber, d.texts), d.labels)
		r.tfidf = measure(scoreAll(base.LogOdds, d.texts), d.labels)
		rows = append(rows, r)
		fmt.Fprintf(os.Stderr, "%s: chose %s (inner %s), AP %.3f | number %.3f | tf-idf %.3f (lambda %g) [%s]\n",
			held, best.name, inner, r.model.ap, r.num.ap, r.tfidf.ap, lambda, time.Since(start).Round(time.Second))
	}
	report(rows, markdown, time.Since(start))
}

func report(rows []row, markdown bool, took time.Duration) {
	var mean row
	wins, winsNum, winsTF := 0, 0, 0
	for _, r := range rows {
		for _, p := range []struct{ sum, v *measures }{{&mean.model, &r.model}, {&mean.num, &r.num}, {&mean.tfidf, &r.tfidf}} {
			p.sum.ap += p.v.ap / float64(len(rows))
			p.sum.p5 += p.v.p5 / float64(len(rows))
			p.sum.p10 += p.v.p10 / float64(len(rows))
		}
		if r.model.ap > r.num.ap {
			winsNum++
		}
		if r.model.ap > r.tfidf.ap {
			winsTF++
		}
		if r.model.ap > r.num.ap && r.model.ap > r.tfidf.ap {
			wins++
		}
	}
	better := max(mean.num.ap, mean.tfidf.ap)
	if markdown {
		fmt.Println("| debate | sentences | worthy | chosen | model AP | P@5 | P@10 | has a number AP | P@5 | P@10 | TF-IDF LR AP | P@5 | P@10 |")
		fmt.Println("|---|--:|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
		for _, r := range rows {
			ap := fmt.Sprintf("%.3f", r.model.ap)
			if r.model.ap > r.num.ap && r.model.ap > r.tfidf.ap {
				ap = "**" + ap + "**"
			}
			fmt.Printf("| %s | %d | %d | %s | %s | %.1f | %.1f | %.3f | %.1f | %.1f | %.3f | %.1f | %.1f |\n", r.name, r.n, r.pos, r.chose,
				ap, r.model.p5, r.model.p10, r.num.ap, r.num.p5, r.num.p10, r.tfidf.ap, r.tfidf.p5, r.tfidf.p10)
		}
		fmt.Printf("| **mean of %d** | | | | **%.3f** | %.2f | %.2f | %.3f | %.2f | %.2f | %.3f | %.2f | %.2f |\n", len(rows),
			mean.model.ap, mean.model.p5, mean.model.p10, mean.num.ap, mean.num.p5, mean.num.p10, mean.tfidf.ap, mean.tfidf.p5, mean.tfidf.p10)
		fmt.Println()
	} else {
		fmt.Printf("%-26s %5s %4s %-10s  %6s %4s %4s  %6s %4s %4s  %6s %4s %4s\n", "debate", "sents", "pos", "chosen", "AP", "P@5", "P@10", "numAP", "P@5", "P@10", "tfAP", "P@5", "P@10")
		for _, r := range rows {
			fmt.Printf("%-26s %5d %4d %-10s  %6.3f %4.1f %4.1f  %6.3f %4.1f %4.1f  %6.3f %4.1f %4.1f\n", r.name, r.n, r.pos, r.chose,
				r.model.ap, r.model.p5, r.model.p10, r.num.ap, r.num.p5, r.num.p10, r.tfidf.ap, r.tfidf.p5, r.tfidf.p10)
		}
		fmt.Printf("%-26s %5s %4s %-10s  %6.3f %4.2f %4.2f  %6.3f %4.2f %4.2f  %6.3f %4.2f %4.2f\n", "mean", "", "", "",
			mean.model.ap, mean.model.p5, mean.model.p10, mean.num.ap, mean.num.p5, mean.num.p10, mean.tfidf.ap, mean.tfidf.p5, mean.tfidf.p10)
	}
	fmt.Printf("Mean MAP %.3f against %.3f for the better baseline (%+.3f). Ahead of both baselines on %d of %d debates (of has a number on %d, of TF-IDF LR on %d). %s.\n",
		mean.model.ap, better, mean.model.ap-better, wins, len(rows), winsNum, winsTF, took.Round(time.Second))
}
