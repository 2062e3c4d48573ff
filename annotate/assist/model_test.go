package assist

import (
	"bytes"
	"context"
	"errors"
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

// TestHeldOutDebates trains on all CLEF debates but two (and ClaimBuster
// minus their sentences) and checks that the model ranks the held-out
// debates' check-worthy sentences better than putting sentences with
// numbers first.
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
	heldOut := map[string]bool{"20160926_1pres": true, "20180916_trump_miami": true}
	var train []Example
	test := map[string][]Example{}
	seen := map[string]bool{}
	for _, e := range clef {
		if heldOut[e.Group] {
			test[e.Group] = append(test[e.Group], e)
			seen[strings.ToLower(e.Text)] = true
		} else {
			e.Weight = 2
			train = append(train, e)
		}
	}
	for _, e := range cb {
		if !seen[strings.ToLower(e.Text)] {
			train = append(train, e)
		}
	}
	m := Train(train, DefaultTrainOptions).Quantized()
	var mapModel, mapNumber float64
	for d, ex := range test {
		scores, num, labels := make([]float64, len(ex)), make([]float64, len(ex)), make([]bool, len(ex))
		for i, e := range ex {
			scores[i] = m.Score(e.Text)
			labels[i] = e.Label
			if strings.ContainsFunc(e.Text, unicode.IsDigit) {
				num[i] = 1
			}
		}
		ap, apNum := AveragePrecision(scores, labels), AveragePrecision(num, labels)
		t.Logf("%s: AP %.3f, P@5 %.2f, P@10 %.2f; has-a-number AP %.3f", d, ap, PrecisionAt(5, scores, labels), PrecisionAt(10, scores, labels), apNum)
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
	text := "Good evening.\n\n“Unemployment fell to 3.5 percent last year, the lowest in 50 years,” said Jane Doe. Thank you."
	got := Suggest(text, 0)
	if len(got) != 3 {
		t.Fatalf("Suggest gave %d suggestions, want 3 (every sentence at minimum score 0)", len(got))
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
	for b.Loop() {
		Score(benchSentences[i%len(benchSentences)])
		i++
	}
}

func BenchmarkSuggest(b *testing.B) {
	text := strings.Repeat(strings.Join(benchSentences, " ")+"\n\n", 250) // 1,000 sentences
	Score("warm up")
	for b.Loop() {
		Suggest(text, 0.5)
	}
}
