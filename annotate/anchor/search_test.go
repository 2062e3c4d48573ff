package anchor

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// naiveAll is the obvious exact search, the reference for the fast ones.
func naiveAll(text, pat []rune) []int {
	var out []int
	for i := 0; i+len(pat) <= len(text); i++ {
		if slices.Equal(text[i:i+len(pat)], pat) {
			out = append(out, i)
		}
	}
	return out
}

// editDistanceIn is the fewest edits turning pat into some substring of
// text (Sellers' dynamic programme), the reference for approx.
func editDistanceIn(text, pat []rune) int {
	prev := make([]int, len(pat)+1)
	cur := make([]int, len(pat)+1)
	for i := range prev {
		prev[i] = i
	}
	best := prev[len(pat)]
	for _, c := range text {
		cur[0] = 0
		for i := 1; i <= len(pat); i++ {
			cost := 1
			if pat[i-1] == c {
				cost = 0
			}
			cur[i] = min(prev[i-1]+cost, prev[i]+1, cur[i-1]+1)
		}
		prev, cur = cur, prev
		best = min(best, prev[len(pat)])
	}
	return best
}

// randomRunes draws from a small alphabet with low-byte clashes (a, ša
// and Ša share a low byte) so that repeats and false candidates are many.
func randomRunes(rng *rand.Rand, n int, alphabet []rune) []rune {
	out := make([]rune, n)
	for i := range out {
		out[i] = alphabet[rng.IntN(len(alphabet))]
	}
	return out
}

func TestExactSearchAgreesWithNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	alphabets := [][]rune{[]rune("ab"), []rune("abc a"), []rune("a\u0161\u0160\u0161b"), []rune("the quick brown fox")}
	for trial := range 400 {
		alpha := alphabets[trial%len(alphabets)]
		text := randomRunes(rng, 50+rng.IntN(2000), alpha)
		var pat []rune
		if rng.IntN(2) == 0 {
			s := rng.IntN(len(text) - 1)
			pat = slices.Clone(text[s : s+min(len(text)-s, 1+rng.IntN(70))])
		} else {
			pat = randomRunes(rng, 1+rng.IntN(12), alpha)
		}
		want := naiveAll(text, pat)
		var e exactSearch
		if got := e.all(nil, text, lowBytes(nil, text), pat); !slices.Equal(got, want) {
			t.Fatalf("pair search of %q: got %v, want %v", string(pat), got, want)
		}
		if got := e.kmp(nil, text, pat, 0); !slices.Equal(got, want) {
			t.Fatalf("kmp of %q: got %v, want %v", string(pat), got, want)
		}
		if len(pat) >= gramLen {
			var g gramIndex
			g.build(lowBytes(nil, text))
			if got, ok := g.all(nil, text, pat); ok && !slices.Equal(got, want) {
				t.Fatalf("index search of %q: got %v, want %v", string(pat), got, want)
			}
		}
	}
}

// TestExactSearchRepetitive checks the worst cases for skipping searches
// stay linear: quotes that almost match, or match, everywhere.
func TestExactSearchRepetitive(t *testing.T) {
	text := slices.Repeat([]rune("a"), 200_000)
	low := lowBytes(nil, text)
	var g gramIndex
	g.build(low)
	tests := []struct {
		pat  []rune
		want int
	}{
		{append(slices.Repeat([]rune("a"), 5000), 'b'), 0},
		{append([]rune("b"), slices.Repeat([]rune("a"), 5000)...), 0},
		{slices.Repeat([]rune("a"), 5000), 195_001},
	}
	for _, tt := range tests {
		var e exactSearch
		if got := e.all(nil, text, low, tt.pat); len(got) != tt.want {
			t.Errorf("pair search: got %d matches, want %d", len(got), tt.want)
		}
		if got, ok := g.all(nil, text, tt.pat); ok && len(got) != tt.want {
			t.Errorf("index search: got %d matches, want %d", len(got), tt.want)
		}
		var l Locator
		l.use(text)
		l.searches = indexAfter + 1
		if got := l.findExact(tt.pat); len(got) != tt.want {
			t.Errorf("findExact: got %d matches, want %d", len(got), tt.want)
		}
	}
	if _, ok := g.all(nil, text, slices.Repeat([]rune("a"), 5000)); ok {
		t.Errorf("index search took a quote whose rarest run is everywhere, want a refusal")
	}
}

func TestApproxAgreesWithDynamicProgramme(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 8))
	var a approx
	for trial := range 300 {
		text := randomRunes(rng, 1+rng.IntN(400), []rune("abcdé "))
		pat := randomRunes(rng, 1+rng.IntN(200), []rune("abcdé "))
		if trial%3 == 0 && len(text) > 10 {
			s := rng.IntN(len(text) - 5)
			pat = slices.Clone(text[s:min(len(text), s+5+rng.IntN(190))])
			if len(pat) > 2 {
				pat[rng.IntN(len(pat))] = 'x'
			}
		}
		want := editDistanceIn(text, pat)
		got, _ := a.distance(text, pat)
		if got != want {
			t.Fatalf("distance(%q, %q) = %d, want %d", string(text), string(pat), got, want)
		}
		maxErrors := len(pat) / 4
		ms := a.search(text, pat, maxErrors)
		if want > maxErrors {
			if len(ms) != 0 {
				t.Fatalf("search found %v over the limit %d (distance %d)", ms, maxErrors, want)
			}
			continue
		}
		if len(ms) == 0 {
			t.Fatalf("search of %q (distance %d, limit %d) found nothing", string(pat), want, maxErrors)
		}
		for _, m := range ms {
			if m.errors != want {
				t.Fatalf("match %+v has %d errors, want %d", m, m.errors, want)
			}
			if d := editDistance(text[m.start:m.end], pat); d != want {
				t.Fatalf("match %+v text %q is %d edits from the pattern, want %d", m, string(text[m.start:m.end]), d, want)
			}
		}
	}
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j-1]+cost, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
