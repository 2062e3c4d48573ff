package assist

import "testing"

func TestWordTerms(t *testing.T) {
	var ws wordScratch
	ws.read("Taxes rose, taxes ROSE! It's 20%.")
	want := map[string]float64{"taxes": 2, "rose": 2, "taxes rose": 2, "rose taxes": 1, "it's": 1, "rose it's": 1, "20": 1, "it's 20": 1}
	if len(ws.terms) != len(want) {
		t.Fatalf("read %d terms, want %d", len(ws.terms), len(want))
	}
	for term, n := range want {
		h := hashBytes(nsTerm, []byte(term))
		found := false
		for k, got := range ws.terms {
			if got == h {
				found = true
				if ws.counts[k] != n {
					t.Errorf("%q counted %v times, want %v", term, ws.counts[k], n)
				}
			}
		}
		if !found {
			t.Errorf("%q is not among the terms", term)
		}
	}
}

func TestTrainWords(t *testing.T) {
	var ex []Example
	for range 20 {
		ex = append(ex, Example{Text: "Unemployment fell to five percent.", Label: true}, Example{Text: "Thank you very much."})
	}
	m := TrainWords(ex, 1e-4)
	var ws wordScratch
	if w, c := m.score(&ws, "Unemployment fell sharply."), m.score(&ws, "Thank you, everyone."); w <= c {
		t.Errorf("worthy sentence scores %v, not above %v", w, c)
	}
	if got := m.score(&ws, "nothing known here"); got != float64(m.Bias) {
		t.Errorf("a sentence of unknown words scores %v, want the bias %v", got, m.Bias)
	}
}
