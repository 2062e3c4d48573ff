package assist

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/factdesk/factdesk/annotate"
)

func TestScore(t *testing.T) {
	if _, err := DefaultModel(); err != nil {
		t.Fatalf("embedded model: %v", err)
	}
	worthy := "Unemployment fell to 3.5 percent last year, the lowest rate in fifty years."
	chatter := "Thank you all for being here tonight."
	w, c := Score(worthy), Score(chatter)
	for _, s := range []float64{w, c} {
		if s < 0 || s > 1 {
			t.Fatalf("score %v is outside 0..1", s)
		}
	}
	if w <= c {
		t.Errorf("Score(%q) = %.3f, not above Score(%q) = %.3f", worthy, w, chatter, c)
	}
	if got := ScoreAll([]string{worthy, chatter}); !slices.Equal(got, []float64{w, c}) {
		t.Errorf("ScoreAll = %v, want %v", got, []float64{w, c})
	}
}

func TestModelRoundTrip(t *testing.T) {
	ex := []Example{
		{Text: "Taxes rose 20 percent in 2019.", Label: true},
		{Text: "Good evening and welcome.", Label: false},
		{Text: "We spent $4 billion more than they did.", Label: true},
		{Text: "Thank you very much.", Label: false},
	}
	o := TrainOptions{Epochs: 4, Lambda: 1e-4, Eta0: 0.5, Seed: 1}
	m := Train(ex, o)
	b1, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	b2, _ := Train(slices.Clone(ex), o).MarshalBinary()
	if !bytes.Equal(b1, b2) {
		t.Error("training twice on the same examples gave different model files")
	}
	back, err := UnmarshalModel(b1)
	if err != nil {
		t.Fatal(err)
	}
	q := m.Quantized()
	for _, e := range ex {
		if got, want := back.Score(e.Text), q.Score(e.Text); got != want {
			t.Errorf("decoded model scores %q %v, want %v", e.Text, got, want)
		}
	}
}

func TestModelRoundTripWithTrees(t *testing.T) {
	var ex []Example
	for i := range 60 {
		ex = append(ex,
			Example{Text: fmt.Sprintf("Taxes rose %d percent in 2019 under the Acme plan.", i), Label: i%3 == 0, Group: "d", Block: i / 4, Speaker: "A"},
			Example{Text: "Thank you, it is good to be here tonight.", Group: "d", Block: i / 4, Speaker: "B"},
			Example{Text: fmt.Sprintf("We spent $%d billion more than they did.", i), Label: true, Group: "cb", Alone: true})
	}
	m := Fit(ex, FitOptions{Text: TrainOptions{Epochs: 3, Eta0: 0.2, Seed: 1, Rank: true, Negatives: 2},
		Boost: BoostOptions{Trees: 5, Depth: 2, Rate: 0.1, Lambda: 1, MinLeaf: 1, MaxBins: 8}, Folds: 2,
		Blend: BlendOptions{Words: 0.5, Lambda: 1e-4, Number: 0.5}})
	m.Shift = 0.7
	if len(m.Trees) != 5 || len(m.Gazetteer) == 0 {
		t.Fatalf("Fit gave %d trees and %d gazetteer names, want 5 and some", len(m.Trees), len(m.Gazetteer))
	}
	if m.Words == nil || len(m.Words.Terms) == 0 || m.WordWeight <= 0 || m.NumberWeight <= 0 {
		t.Fatalf("Fit gave no blend: word model %v, weights %v and %v", m.Words != nil, m.WordWeight, m.NumberWeight)
	}
	b, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	back, err := UnmarshalModel(b)
	if err != nil {
		t.Fatal(err)
	}
	doc := []DocSentence{{Text: ex[0].Text, Block: 1, Speaker: "A"}, {Text: ex[1].Text, Block: 1, Speaker: "B"}, {Text: ex[2].Text, Block: 2}}
	if got, want := back.ScoreDoc(doc), m.ScoreDoc(doc); !slices.Equal(got, want) {
		t.Errorf("decoded model scores %v, want %v", got, want)
	}
	for _, e := range ex[:3] {
		if got, want := back.Score(e.Text), m.Score(e.Text); got != want {
			t.Errorf("decoded model scores %q %v alone, want %v", e.Text, got, want)
		}
	}
	// Cut anywhere in the blend, the trees and the gazetteer, and at a few places before.
	for n := len(b) - 1; n > 0; n -= 1 + max(0, n-(len(b)-2000))/10 {
		if _, err := UnmarshalModel(b[:n]); err == nil {
			t.Fatalf("a model cut to %d of %d bytes was accepted", n, len(b))
		}
	}
}

func TestUnmarshalModelBad(t *testing.T) {
	good, _ := Train([]Example{{Text: "a 1", Label: true}, {Text: "b"}}, TrainOptions{Epochs: 1, Eta0: 0.1}).MarshalBinary()
	for name, data := range map[string][]byte{
		"empty":     nil,
		"not model": []byte("PK\x03\x04 a zip file, not a model"),
		"truncated": good[:len(good)-1],
		"trailing":  append(slices.Clone(good), 0),
		"version":   append(append([]byte("FDCW"), 9), good[5:]...),
	} {
		_, err := UnmarshalModel(data)
		var e *annotate.Error
		if !errors.As(err, &e) || e.Code != annotate.EINVALID || !strings.HasPrefix(e.Message, "model file is not valid") {
			t.Errorf("%s: error %v, want an invalid model file error", name, err)
		}
	}
}

// TestHeldOutDebates is a quick check of the training code, not the
// evaluation (that is the training command's nested cross-validation): a
// text model trained without three debates, and without the ClaimBuster
// sentences whose normalised text is in CLEF, ranks those debates' worthy
// sentences better than putting sentences with numbers first.
func TestHeldOutDebates(t *testing.T) {
	if testing.Short() {
		t.Skip("trains a model: skipped with -short")
	}
	dir := needCorpus(t, "checkworthy")
	clef, err := ReadCLEF(dir + "/clef2019-task1-en-train.tsv")
	if err != nil {
		t.Fatal(err)
	}
	cb, err := ReadClaimBuster(dir + "/claimbuster-train.tsv")
	if err != nil {
		t.Fatal(err)
	}
	norm := func(s string) string {
		return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(c rune) bool { return !unicode.IsLetter(c) && !unicode.IsDigit(c) }), " ")
	}
	heldOut := map[string]bool{"20160926_1pres": true, "20170228_trump_address": true, "20180916_trump_miami": true}
	var train []Example
	test := map[string][]DocSentence{}
	labels := map[string][]bool{}
	inCLEF := map[string]bool{}
	for _, e := range clef {
		inCLEF[norm(e.Text)] = true
		if heldOut[e.Group] {
			test[e.Group] = append(test[e.Group], DocSentence{Text: e.Text, Block: e.Block, Speaker: e.Speaker})
			labels[e.Group] = append(labels[e.Group], e.Label)
		} else {
			e.Weight = 2
			train = append(train, e)
		}
	}
	for _, e := range cb {
		if !inCLEF[norm(e.Text)] {
			train = append(train, e)
		}
	}
	m := Fit(train, FitOptions{Text: TrainOptions{Epochs: 10, Lambda: 1e-5, Eta0: 0.2, Seed: 2019, Rank: true, Negatives: 4}})
	var mapModel, mapNumber float64
	for d, doc := range test {
		num := make([]float64, len(doc))
		for i, s := range doc {
			if strings.ContainsFunc(s.Text, unicode.IsDigit) {
				num[i] = 1
			}
		}
		ap, apNum := AveragePrecision(m.LogOdds(doc), labels[d]), AveragePrecision(num, labels[d])
		t.Logf("%s: AP %.3f; has-a-number AP %.3f", d, ap, apNum)
		mapModel += ap / float64(len(test))
		mapNumber += apNum / float64(len(test))
	}
	t.Logf("MAP %.3f, has-a-number MAP %.3f", mapModel, mapNumber)
	if mapModel <= mapNumber {
		t.Errorf("MAP %.3f does not beat the has-a-number baseline's %.3f", mapModel, mapNumber)
	}
}

func TestAveragePrecision(t *testing.T) {
	labels := []bool{true, false, true, false}
	tests := []struct {
		scores []float64
		ap     float64
		p2     float64
	}{
		{[]float64{4, 3, 2, 1}, (1 + 2.0/3) / 2, 0.5},
		{[]float64{4, 1, 3, 2}, 1, 1},
		{[]float64{1, 4, 2, 3}, (1.0/3 + 2.0/4) / 2, 0},
	}
	for _, tt := range tests {
		if got := AveragePrecision(tt.scores, labels); math.Abs(got-tt.ap) > 1e-12 {
			t.Errorf("AveragePrecision(%v) = %v, want %v", tt.scores, got, tt.ap)
		}
		if got := PrecisionAt(2, tt.scores, labels); got != tt.p2 {
			t.Errorf("PrecisionAt(2, %v) = %v, want %v", tt.scores, got, tt.p2)
		}
	}
	if got := F1(0.5, []float64{0.9, 0.8, 0.1, 0.2}, labels); got != 0.5 {
		t.Errorf("F1 = %v, want 0.5", got)
	}
}

func TestSuggest(t *testing.T) {
	text := "Good evening.\n\n“Unemployment fell to 3.5 percent last year, the lowest in 50 years,” said Jane Doe. Thank you all for coming tonight."
	got := Suggest(text, 0)
	if len(got) != 2 {
		t.Fatalf("Suggest gave %d suggestions, want 2 (every sentence of four words or more at minimum score 0)", len(got))
	}
	for i := 1; i < len(got); i++ {
		if got[i].Score > got[i-1].Score {
			t.Errorf("suggestions not sorted: %v before %v", got[i-1].Score, got[i].Score)
		}
	}
	r := []rune(text)
	if top := string(r[got[0].Start:got[0].End]); !strings.HasPrefix(top, "“Unemployment") || got[0].Claimant != "Jane Doe" {
		t.Errorf("top suggestion %q by %q, want the unemployment claim by Jane Doe", top, got[0].Claimant)
	}
	if high := Suggest(text, 0.999999); len(high) > 1 {
		t.Errorf("minimum score 0.999999 kept %d suggestions", len(high))
	}
	if _, err := SuggestContext(context.Background(), text, 1.5); annotate.ErrorCode(err) != annotate.EINVALID {
		t.Errorf("minimum score 1.5: error %v, want invalid", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := SuggestContext(ctx, text, 0); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: error %v, want context.Canceled", err)
	}
}

func TestSimilarity(t *testing.T) {
	a := "Unemployment fell to 3.5% last year."
	tests := []struct {
		b        string
		min, max float64
	}{
		{a, 0.999, 1},
		{"Unemployment dropped to 3.5 percent last year.", 0.5, 0.99},
		{"The unemployment rate fell to 3.5 percent.", 0.4, 0.99},
		{"The senator visited a school in Ohio.", 0, 0.001},
		{"", 0, 0},
	}
	for _, tt := range tests {
		if got := Similarity(a, tt.b); got < tt.min || got > tt.max {
			t.Errorf("Similarity(%q, %q) = %.3f, want %.3f..%.3f", a, tt.b, got, tt.min, tt.max)
		}
	}
	near := Similarity(a, "Unemployment dropped to 3.5 percent last year.")
	far := Similarity(a, "Inflation rose to 3.5 percent last year.")
	if near <= far {
		t.Errorf("same claim in other words %.3f is not above a different claim %.3f", near, far)
	}
}

var benchSentences = []string{
	"Unemployment fell to 3.5 percent last year, the lowest rate in fifty years.",
	"Thank you all for being here tonight.",
	"“Therefore, if any troops appear there, especially now during the course of hostilities, we proceed from the assumption that they will be legitimate targets for destruction,” Putin said.",
	"We spent $1.2 billion more than they did on roads, and the deficit doubled.",
}

func BenchmarkScore(b *testing.B) {
	Score("warm up")
	b.ReportAllocs()
	i := 0
	cpu := cpuTime()
	for b.Loop() {
		Score(benchSentences[i%len(benchSentences)])
		i++
	}
	if used := cpuTime() - cpu; used > 0 {
		b.ReportMetric(float64(b.N)/used.Seconds(), "sentences/cpu-s")
	}
}

func BenchmarkSuggest(b *testing.B) {
	text := strings.Repeat(strings.Join(benchSentences, " ")+"\n\n", 250) // 1,000 sentences
	Score("warm up")
	for b.Loop() {
		Suggest(text, 0.5)
	}
}

func TestSuggestSkipsFurniture(t *testing.T) {
	caption := "The EU, German and NATO flags fly near the Reichstag building ahead of a ceremony to mark 70 years in NATO, on July 9."
	text := strings.Join([]string{
		"Unemployment fell to 3.5 percent last year, the lowest rate in 50 years, the labour ministry said on Monday.",
		"Why It Matters",
		"The government spent $4 billion more on job training than it did in 2019, according to budget records.",
		caption[:60] + "…",
		caption,
		"More",
		"Odd Andersen/AFP/Getty Images",
		"Read more: Inflation rose 40 percent in 2022, the highest in 40 years",
		"Sign up for our newsletter to get 50 percent off your first year.",
		"Tax revenue rose 12 percent in 2023, the fastest growth in a decade, the treasury said.",
		"Photo by Jane Roe/Reuters: 2,000 protesters marched on the capital on Sunday.",
		"Wages rose 20 percent in 2021 and the deficit doubled, officials told reporters.",
		"Wages rose 20 percent in 2021 and the deficit doubled, officials told reporters.",
	}, "\n")
	r := []rune(text)
	got := map[string]bool{}
	for _, s := range Suggest(text, 0) {
		got[string(r[s.Start:s.End])] = true
	}
	for _, furniture := range []string{caption, caption[:60] + "…", "Why It Matters", "Odd Andersen/AFP/Getty Images",
		"Read more: Inflation rose 40 percent in 2022, the highest in 40 years", "Sign up for our newsletter to get 50 percent off your first year.",
		"Photo by Jane Roe/Reuters: 2,000 protesters marched on the capital on Sunday.",
		"Wages rose 20 percent in 2021 and the deficit doubled, officials told reporters."} {
		if got[furniture] {
			t.Errorf("page furniture suggested: %q", furniture)
		}
	}
	for _, claim := range []string{
		"Unemployment fell to 3.5 percent last year, the lowest rate in 50 years, the labour ministry said on Monday.",
		"The government spent $4 billion more on job training than it did in 2019, according to budget records.",
		"Tax revenue rose 12 percent in 2023, the fastest growth in a decade, the treasury said.",
	} {
		if !got[claim] {
			t.Errorf("article sentence not among the suggestions at minimum 0: %q", claim)
		}
	}
}

func TestSuggestLede(t *testing.T) {
	text := "Russian President Vladimir Putin said troops from NATO allies in Ukraine would be viewed by Moscow as “legitimate targets.”\n\n" +
		"The war has killed more than 10,000 civilians since 2022, according to the United Nations.\n\n" +
		"Unemployment in Russia fell to 2.2 percent in July, the lowest on record, official figures showed.\n\n" +
		"Putin spoke at a forum in Vladivostok on Friday, where he met business leaders."
	got := Suggest(text, 0)
	if len(got) == 0 {
		t.Fatal("no suggestions")
	}
	r := []rune(text)
	if top := string(r[got[0].Start:got[0].End]); !strings.HasPrefix(top, "Russian President Vladimir Putin said") || got[0].Claimant != "Vladimir Putin" {
		t.Errorf("top suggestion %q by %q, want the lede by Vladimir Putin", top, got[0].Claimant)
	}
}

func TestReportedContent(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Ann Lee said that taxes rose 20 percent last year.", "taxes rose 20 percent last year."},
		{"U.S. President Donald Trump said on Friday tariffs would pay for it.", "on Friday tariffs would pay for it."},
		{"“Taxes rose 20 percent last year,” Ann Lee said.", "Taxes rose 20 percent last year"},
		{"According to the ministry, taxes rose 20 percent.", "taxes rose 20 percent."},
		{"Taxes rose 20 percent last year.", ""},
		{"officials said taxes rose.", ""},
	}
	for _, tt := range tests {
		if got := reportedContent(tt.in); got != tt.want {
			t.Errorf("reportedContent(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPlaceInArticle(t *testing.T) {
	many := make([]float64, 100)
	for i := range many {
		many[i] = 0.9 - float64(i)*0.001 // every sentence over the threshold
	}
	few := make([]float64, 40)
	for i := range few {
		few[i] = 0.3 - float64(i)*0.001 // none over it, but near
	}
	bare := make([]float64, 40)
	for i := range bare {
		bare[i] = 0.01 // nothing worth checking
	}
	count := func(s []float64) int {
		n := 0
		for _, v := range s {
			if v >= DefaultThreshold {
				n++
			}
		}
		return n
	}
	for _, tt := range []struct {
		name   string
		scores []float64
		want   int
	}{{"many", many, mostShown}, {"few", few, fewestShown}, {"bare", bare, 0}} {
		placed := placeInArticle(tt.scores)
		if got := count(placed); got != tt.want {
			t.Errorf("%s: %d over the default threshold, want %d", tt.name, got, tt.want)
		}
		for i := 1; i < len(placed); i++ {
			if (placed[i] > placed[i-1]) != (tt.scores[i] > tt.scores[i-1]) {
				t.Fatalf("%s: order changed at %d", tt.name, i)
			}
		}
	}
}

// BenchmarkScoreDoc scores a 1,000-sentence transcript in context, as
// Suggest and the evaluation do: the sentences/s figure is the issue's
// "at least 10,000 sentences a second".
func BenchmarkScoreDoc(b *testing.B) {
	m, err := DefaultModel()
	if err != nil {
		b.Fatal(err)
	}
	doc := make([]DocSentence, 1000)
	for i := range doc {
		doc[i] = DocSentence{Text: benchSentences[i%len(benchSentences)], Block: i / 5, Speaker: []string{"A", "B"}[i/5%2]}
	}
	b.ReportAllocs()
	cpu := cpuTime()
	for b.Loop() {
		m.ScoreDoc(doc)
	}
	b.ReportMetric(float64(b.N*len(doc))/b.Elapsed().Seconds(), "sentences/s")
	if used := cpuTime() - cpu; used > 0 {
		b.ReportMetric(float64(b.N*len(doc))/used.Seconds(), "sentences/cpu-s")
	}
}
