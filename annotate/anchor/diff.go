package anchor

import (
	"sort"
	"strings"
	"unicode"
)

// Edit is one piece of a difference between two texts: Op is '=' for text
// both have, '-' for text only the old one has, '+' for text only the new
// one has.
type Edit struct {
	Op   byte   `json:"op"`
	Text string `json:"text"`
}

// Diff returns the edits that turn old into new, word by word (a word, a
// run of white space or a single other character is the unit), for showing
// what changed between two versions of an article. It anchors on words that
// occur once in each version (patience diff, as git's), compares what lies
// between with a longest common subsequence, and gives a region too large
// for that as deleted and inserted whole, so that it stays fast on long,
// very different texts.
func Diff(old, new string) []Edit {
	d := differ{ids: map[string]int32{}}
	a, b := d.tokens(old), d.tokens(new)
	d.a, d.b = a, b
	d.diff(0, len(a), 0, len(b))
	return d.out
}

type differ struct {
	ids   map[string]int32
	words []string
	a, b  []int32
	out   []Edit
}

// tokens splits s into words, runs of white space and single other
// characters, as ids.
func (d *differ) tokens(s string) []int32 {
	var out []int32
	kind := func(r rune) int {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
			return 1
		case unicode.IsSpace(r):
			return 2
		}
		return 3
	}
	start, prevKind := 0, 0
	flush := func(end int) {
		if end > start {
			w := s[start:end]
			id, ok := d.ids[w]
			if !ok {
				id = int32(len(d.words))
				d.ids[w] = id
				d.words = append(d.words, w)
			}
			out = append(out, id)
		}
		start = end
	}
	for i, r := range s {
		k := kind(r)
		if k != prevKind || k == 3 {
			flush(i)
		}
		prevKind = k
	}
	flush(len(s))
	return out
}

func (d *differ) emit(op byte, ids []int32) {
	if len(ids) == 0 {
		return
	}
	var b strings.Builder
	for _, id := range ids {
		b.WriteString(d.words[id])
	}
	if n := len(d.out); n > 0 && d.out[n-1].Op == op {
		d.out[n-1].Text += b.String()
		return
	}
	// Keep a deletion before the insertion that replaces it.
	if n := len(d.out); op == '-' && n > 0 && d.out[n-1].Op == '+' {
		if n > 1 && d.out[n-2].Op == '-' {
			d.out[n-2].Text += b.String()
			return
		}
		d.out = append(d.out[:n-1], Edit{'-', b.String()}, d.out[n-1])
		return
	}
	d.out = append(d.out, Edit{op, b.String()})
}

// maxLCSCells bounds the table of the longest-common-subsequence step.
const maxLCSCells = 1 << 22

// diff emits the edits turning a[alo:ahi] into b[blo:bhi].
func (d *differ) diff(alo, ahi, blo, bhi int) {
	a, b := d.a, d.b
	p := 0
	for alo+p < ahi && blo+p < bhi && a[alo+p] == b[blo+p] {
		p++
	}
	d.emit('=', a[alo:alo+p])
	alo, blo = alo+p, blo+p
	s := 0
	for ahi-s > alo && bhi-s > blo && a[ahi-s-1] == b[bhi-s-1] {
		s++
	}
	ahi, bhi = ahi-s, bhi-s
	defer d.emit('=', a[ahi:ahi+s])
	switch {
	case alo == ahi:
		d.emit('+', b[blo:bhi])
		return
	case blo == bhi:
		d.emit('-', a[alo:ahi])
		return
	}
	if anchors := d.uniqueAnchors(alo, ahi, blo, bhi); len(anchors) > 0 {
		ai, bi := alo, blo
		for _, an := range anchors {
			d.diff(ai, an[0], bi, an[1])
			d.emit('=', a[an[0]:an[0]+1])
			ai, bi = an[0]+1, an[1]+1
		}
		d.diff(ai, ahi, bi, bhi)
		return
	}
	if (ahi-alo)*(bhi-blo) > maxLCSCells {
		d.emit('-', a[alo:ahi])
		d.emit('+', b[blo:bhi])
		return
	}
	d.lcs(alo, ahi, blo, bhi)
}

// uniqueAnchors returns pairs (i, j) with a[i] == b[j] occurring once in
// each range, the longest run of them in the same order in both.
func (d *differ) uniqueAnchors(alo, ahi, blo, bhi int) [][2]int {
	type seen struct{ na, nb, ia, ib int }
	m := map[int32]*seen{}
	for i := alo; i < ahi; i++ {
		s := m[d.a[i]]
		if s == nil {
			s = &seen{}
			m[d.a[i]] = s
		}
		s.na++
		s.ia = i
	}
	for j := blo; j < bhi; j++ {
		if s := m[d.b[j]]; s != nil {
			s.nb++
			s.ib = j
		}
	}
	var pairs [][2]int
	for _, s := range m {
		if s.na == 1 && s.nb == 1 {
			pairs = append(pairs, [2]int{s.ia, s.ib})
		}
	}
	if len(pairs) == 0 {
		return nil
	}
	sort.Slice(pairs, func(i, j int) bool { return pairs[i][0] < pairs[j][0] })
	// Longest increasing subsequence of the b positions (patience sorting).
	var tails []int // index into pairs of the smallest tail of each length
	prev := make([]int, len(pairs))
	for k, p := range pairs {
		n := sort.Search(len(tails), func(t int) bool { return pairs[tails[t]][1] >= p[1] })
		if n > 0 {
			prev[k] = tails[n-1]
		} else {
			prev[k] = -1
		}
		if n == len(tails) {
			tails = append(tails, k)
		} else {
			tails[n] = k
		}
	}
	out := make([][2]int, len(tails))
	for k, i := len(tails)-1, tails[len(tails)-1]; k >= 0; k, i = k-1, prev[i] {
		out[k] = pairs[i]
	}
	return out
}

// lcs emits the edits of a small region from a longest common subsequence.
func (d *differ) lcs(alo, ahi, blo, bhi int) {
	a, b := d.a[alo:ahi], d.b[blo:bhi]
	n, m := len(a), len(b)
	t := make([]int32, (n+1)*(m+1)) // t[i*(m+1)+j] = LCS of a[i:], b[j:]
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			k := i*(m+1) + j
			if a[i] == b[j] {
				t[k] = t[k+m+2] + 1
			} else {
				t[k] = max(t[k+m+1], t[k+1])
			}
		}
	}
	i, j := 0, 0
	for i < n && j < m {
		switch k := i*(m+1) + j; {
		case a[i] == b[j]:
			d.emit('=', a[i:i+1])
			i++
			j++
		case t[k+m+1] >= t[k+1]:
			d.emit('-', a[i:i+1])
			i++
		default:
			d.emit('+', b[j:j+1])
			j++
		}
	}
	d.emit('-', a[i:])
	d.emit('+', b[j:])
}
