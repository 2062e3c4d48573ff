package anchor

// exactSearch finds every occurrence of a pattern in a text of code points.
// It is Horspool's algorithm on pairs of characters (as in Wu and Manber's
// multi-pattern search): the pair at the end of the window decides the
// shift, and pairs are rare enough in prose that the window jumps most of a
// quote's length at each step, where single letters allow only a few. When
// a repetitive pattern makes it work too hard it finishes with
// Knuth–Morris–Pratt, which is linear.
type exactSearch struct {
	shift [pairTable]int32
	fail  []int32
}

const pairTable = 1 << 12

func pairHash(a, b byte) uint32 {
	return (uint32(a)<<4 ^ uint32(b)) & (pairTable - 1)
}

// lowBytes returns the low byte of each code point of text, in dst: a copy
// a quarter the size, with the same offsets, that the search can skip
// through in cache; candidates are then checked on the code points.
func lowBytes(dst []byte, text []rune) []byte {
	if cap(dst) < len(text) {
		dst = make([]byte, len(text))
	}
	dst = dst[:len(text)]
	for i, r := range text {
		dst[i] = byte(r)
	}
	return dst
}

// all appends the start of every occurrence of pat in text (overlapping
// ones too) to dst; low is lowBytes(text).
func (e *exactSearch) all(dst []int, text []rune, low []byte, pat []rune) []int {
	m, n := len(pat), len(text)
	if m == 0 || m > n {
		return dst
	}
	if m == 1 {
		for i, r := range text {
			if r == pat[0] {
				dst = append(dst, i)
			}
		}
		return dst
	}
	for i := range e.shift {
		e.shift[i] = int32(m - 1)
	}
	// The pair ending at pattern index i lines up with the window's last
	// pair after a shift of m-1-i.
	for i := 1; i < m-1; i++ {
		e.shift[pairHash(byte(pat[i-1]), byte(pat[i]))] = int32(m - 1 - i)
	}
	lastHash := pairHash(byte(pat[m-2]), byte(pat[m-1]))
	budget := 4*n + 64*m // compares allowed before switching to the linear search
	low = low[:n]
	for i := m - 1; i < n; {
		h := pairHash(low[i-1], low[i])
		if h == lastHash {
			w := text[i+1-m : i+1]
			j := m - 1
			for j >= 0 && w[j] == pat[j] {
				j--
			}
			budget -= m - j
			if j < 0 {
				dst = append(dst, i+1-m)
			}
			if budget < 0 {
				return e.kmp(dst, text, pat, i+2-m)
			}
		}
		i += int(e.shift[h])
	}
	return dst
}

// kmp appends the occurrences of pat in text that start at from or later.
func (e *exactSearch) kmp(dst []int, text, pat []rune, from int) []int {
	m := len(pat)
	if cap(e.fail) < m {
		e.fail = make([]int32, m)
	}
	f := e.fail[:m]
	f[0] = 0
	for i, k := 1, 0; i < m; i++ {
		for k > 0 && pat[i] != pat[k] {
			k = int(f[k-1])
		}
		if pat[i] == pat[k] {
			k++
		}
		f[i] = int32(k)
	}
	k := 0
	for i := from; i < len(text); i++ {
		for k > 0 && text[i] != pat[k] {
			k = int(f[k-1])
		}
		if text[i] == pat[k] {
			k++
		}
		if k == m {
			dst = append(dst, i-m+1)
			k = int(f[k-1])
		}
	}
	return dst
}

// gramIndex lists, for every run of four characters of a text (by the
// low bytes of their code points, hashed), where it occurs. Built once in
// a pass over the text, it turns each later exact search into a look-up of
// the quote's rarest run and a check of its few places, which is what
// re-anchoring many claims on one text needs.
type gramIndex struct {
	start []int32 // bucket b's places are pos[start[b]:start[b+1]]
	pos   []int32
}

const (
	gramLen     = 4
	gramBits    = 16
	gramBuckets = 1 << gramBits
	indexAfter  = 8 // exact searches on one text before it is indexed
)

func gramHash(b []byte) uint32 {
	v := uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24
	return (v * 0x9e3779b1) >> (32 - gramBits)
}

// build indexes low, reusing the index's memory.
func (g *gramIndex) build(low []byte) {
	n := len(low) - gramLen + 1
	if n < 1 {
		n = 0
	}
	if cap(g.start) < gramBuckets+1 {
		g.start = make([]int32, gramBuckets+1)
	}
	g.start = g.start[:gramBuckets+1]
	clear(g.start)
	for i := 0; i < n; i++ {
		g.start[gramHash(low[i:])+1]++
	}
	for b := 1; b <= gramBuckets; b++ {
		g.start[b] += g.start[b-1]
	}
	if cap(g.pos) < n {
		g.pos = make([]int32, n)
	}
	g.pos = g.pos[:n]
	// Fill each bucket from its end so that places stay in order, using
	// start[b+1] as the cursor; afterwards start[b+1] is back where it began
	// for every bucket but is one bucket off, so fix by shifting.
	next := g.start[1:]
	for i := n - 1; i >= 0; i-- {
		h := gramHash(low[i:])
		next[h]--
		g.pos[next[h]] = int32(i)
	}
	// Now next[h] = the old start[h], so start[b+1] holds bucket b's start:
	// move everything down one and restore the total.
	copy(g.start[:gramBuckets], g.start[1:])
	g.start[gramBuckets] = int32(n)
}

// all appends every occurrence of pat (at least gramLen long) in text. It
// reports false, having appended nothing, when the quote's rarest run is so
// common (a repetitive text) that checking its places could cost more than
// a linear search.
func (g *gramIndex) all(dst []int, text []rune, pat []rune) ([]int, bool) {
	m := len(pat)
	var key [gramLen]byte
	bestJ, bestH, bestN := 0, uint32(0), int32(-1)
	for j := 0; j+gramLen <= m; j++ {
		for k := range key {
			key[k] = byte(pat[j+k])
		}
		h := gramHash(key[:])
		if c := g.start[h+1] - g.start[h]; bestN < 0 || c < bestN {
			bestJ, bestH, bestN = j, h, c
			if c == 0 {
				return dst, true
			}
		}
	}
	if int(bestN)*m > 8*len(text) {
		return dst, false
	}
	for _, p := range g.pos[g.start[bestH]:g.start[bestH+1]] {
		s := int(p) - bestJ
		if s < 0 || s+m > len(text) {
			continue
		}
		w := text[s : s+m]
		j := 0
		for j < m && w[j] == pat[j] {
			j++
		}
		if j == m {
			dst = append(dst, s)
		}
	}
	return dst, true
}
