package anchor

import (
	"strings"
	"sync"
	"testing"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/anchor/internal/benchgen"
)

// benchSet is the material shared with scripts/bench-anchor.sh.
var benchSet = sync.OnceValue(func() benchgen.Set {
	return benchgen.Generate(1, 200_000, 1000, 0.01)
})

// placedRight reports whether r is the quote's place in the edited text, up
// to a few characters at each end where an edit touched the boundary.
func placedRight(r Result, q benchgen.Quote) bool {
	return r.Method != annotate.AnchorOrphan && abs(r.Start-q.WantStart) <= 3 && abs(r.End-q.WantEnd) <= 3
}

// TestLocateEditedBenchText checks that every benchmark quote is found in
// the edited text, at its place.
func TestLocateEditedBenchText(t *testing.T) {
	s := benchSet()
	anchors := make([]annotate.Anchor, len(s.Quotes))
	for i, q := range s.Quotes {
		anchors[i] = q.Anchor
	}
	counts := map[annotate.AnchorMethod]int{}
	wrong := 0
	for i, r := range LocateAll([]rune(s.Edited), anchors) {
		counts[r.Method]++
		if !placedRight(r, s.Quotes[i]) {
			wrong++
			if wrong <= 5 {
				t.Errorf("quote %d: got %+v, want %d–%d", i, r, s.Quotes[i].WantStart, s.Quotes[i].WantEnd)
			}
		}
	}
	t.Logf("%d quotes: %v; %d not at their place", len(anchors), counts, wrong)
}

func BenchmarkLocateUnchanged(b *testing.B) {
	s := benchgen.Generate(2, 200_000, 2000, 0)
	text := []rune(s.Text)
	anchors := make([]annotate.Anchor, len(s.Quotes))
	for i, q := range s.Quotes {
		anchors[i] = q.Anchor
	}
	b.ResetTimer()
	for b.Loop() {
		for _, r := range LocateAll(text, anchors) {
			if r.Method != annotate.AnchorPosition {
				b.Fatalf("method %s, want position", r.Method)
			}
		}
	}
}

// BenchmarkLocateUnchangedFromString includes decoding the text, as
// Reanchor does.
func BenchmarkLocateUnchangedFromString(b *testing.B) {
	s := benchgen.Generate(2, 200_000, 2000, 0)
	anchors := make([]annotate.Anchor, len(s.Quotes))
	for i, q := range s.Quotes {
		anchors[i] = q.Anchor
	}
	for b.Loop() {
		LocateAll([]rune(s.Text), anchors)
	}
}

func BenchmarkLocateEdited(b *testing.B) {
	s := benchSet()
	text := []rune(s.Edited)
	anchors := make([]annotate.Anchor, len(s.Quotes))
	for i, q := range s.Quotes {
		anchors[i] = q.Anchor
	}
	b.ResetTimer()
	for b.Loop() {
		LocateAll(text, anchors)
	}
}

// BenchmarkExactSearch finds every benchmark quote in the text from which
// it was taken: with the pair search on code points (every occurrence),
// with the text indexed first (as LocateAll does after a few searches; the
// time includes building the index), and with strings.Index on UTF-8 (first
// occurrence only, the byte offset not converted to code points).
func BenchmarkExactSearch(b *testing.B) {
	s := benchSet()
	text := []rune(s.Text)
	quotes := make([][]rune, len(s.Quotes))
	for i, q := range s.Quotes {
		quotes[i] = []rune(q.Exact)
	}
	b.Run("runes", func(b *testing.B) {
		var e exactSearch
		var occ []int
		low := lowBytes(nil, text)
		for b.Loop() {
			for _, q := range quotes {
				if occ = e.all(occ[:0], text, low, q); len(occ) == 0 {
					b.Fatal("quote not found")
				}
			}
		}
	})
	b.Run("index", func(b *testing.B) {
		var g gramIndex
		var occ []int
		for b.Loop() {
			g.build(lowBytes(nil, text))
			for _, q := range quotes {
				if occ, _ = g.all(occ[:0], text, q); len(occ) == 0 {
					b.Fatal("quote not found")
				}
			}
		}
	})
	b.Run("strings.Index", func(b *testing.B) {
		for b.Loop() {
			for _, q := range s.Quotes {
				at := strings.Index(s.Text, q.Exact)
				if at < 0 {
					b.Fatal("quote not found")
				}
			}
		}
	})
}
