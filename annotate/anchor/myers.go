package anchor

// match is a span of the text that matches a pattern with some errors
// (insertions, deletions and substitutions of code points).
type match struct {
	start, end, errors int
}

// approx finds the best approximate matches of a pattern in a text with
// Myers' bit-parallel algorithm (J. ACM 46(3), 1999), in the form the
// approx-string-match package gives it: blocks of 64 pattern positions,
// only the rows that can still match are advanced (Ukkonen's cut-off), and
// only the matches with the fewest errors are kept. It works on code points
// and keeps its buffers between searches.
type approx struct {
	m      int      // pattern length
	blocks int      // ⌈m/64⌉
	peq    []uint64 // blocks words per distinct pattern rune; the first is all zero
	small  [256]int32
	large  map[rune]int32
	last   []uint64 // the bit of each block's last row
	p, mv  []uint64
	score  []int
	ends   []match
	rev    []rune
	revPat []rune
	back   *approx // for the reverse search that finds where a match starts
}

// compile prepares the pattern's bit masks.
func (a *approx) compile(pat []rune) {
	a.m = len(pat)
	a.blocks = (len(pat) + 63) / 64
	a.small = [256]int32{}
	if a.large == nil {
		a.large = make(map[rune]int32)
	} else {
		clear(a.large)
	}
	a.peq = append(a.peq[:0], make([]uint64, a.blocks)...)
	for i, r := range pat {
		k := a.index(r)
		if k == 0 {
			k = int32(len(a.peq) / a.blocks)
			a.peq = append(a.peq, make([]uint64, a.blocks)...)
			if r >= 0 && r < 256 {
				a.small[r] = k
			} else {
				a.large[r] = k
			}
		}
		a.peq[int(k)*a.blocks+i/64] |= 1 << (i % 64)
	}
	a.last = grow(a.last, a.blocks)
	a.p = grow(a.p, a.blocks)
	a.mv = grow(a.mv, a.blocks)
	a.score = growInts(a.score, a.blocks)
	for b := range a.last {
		a.last[b] = 1 << 63
	}
	a.last[a.blocks-1] = 1 << ((a.m - 1) % 64)
}

func (a *approx) index(r rune) int32 {
	if r >= 0 && r < 256 {
		return a.small[r]
	}
	return a.large[r]
}

// advance runs one text character through block b, given the horizontal
// delta hIn coming from the block above, and returns the delta leaving it.
func (a *approx) advance(eq uint64, b, hIn int) int {
	pv, mv := a.p[b], a.mv[b]
	var neg uint64
	if hIn < 0 {
		neg = 1
	}
	eq |= neg
	xv := eq | mv
	xh := (((eq & pv) + pv) ^ pv) | eq
	ph := mv | ^(xh | pv)
	mh := pv & xh
	hOut := 0
	if ph&a.last[b] != 0 {
		hOut = 1
	}
	if mh&a.last[b] != 0 {
		hOut--
	}
	ph <<= 1
	mh <<= 1
	mh |= neg
	if hIn > 0 {
		ph |= 1
	}
	a.p[b] = mh | ^(xv | ph)
	a.mv[b] = ph & xv
	return hOut
}

// findEnds returns the ends of the matches of the compiled pattern in text
// with the fewest errors, if that is at most maxErrors.
func (a *approx) findEnds(text []rune, maxErrors int) []match {
	a.ends = a.ends[:0]
	if a.m == 0 {
		return nil
	}
	maxErrors = min(maxErrors, a.m)
	if a.blocks == 1 {
		return a.findEnds64(text, maxErrors)
	}
	const w = 64
	bMax := a.blocks - 1
	y := max(0, (maxErrors+w-1)/w-1)
	for b := 0; b <= y; b++ {
		a.score[b] = (b + 1) * w
		a.p[b] = ^uint64(0)
		a.mv[b] = 0
	}
	a.score[bMax] = a.m
	nb := a.blocks
	for j, r := range text {
		var k int
		if r >= 0 && r < 256 {
			k = int(a.small[r]) * nb
		} else if len(a.large) > 0 {
			k = int(a.large[r]) * nb
		}
		peq := a.peq[k : k+nb]
		carry := 0
		for b := 0; b <= y; b++ {
			carry = a.advance(peq[b], b, carry)
			a.score[b] += carry
		}
		if a.score[y]-carry <= maxErrors && y < bMax && (peq[y+1]&1 != 0 || carry < 0) {
			y++
			a.p[y] = ^uint64(0)
			a.mv[y] = 0
			top := w
			if y == bMax && a.m%w != 0 {
				top = a.m % w
			}
			a.score[y] = a.score[y-1] + top - carry + a.advance(peq[y], y, carry)
		} else {
			for y > 0 && a.score[y] >= maxErrors+w {
				y--
			}
		}
		if y == bMax && a.score[y] <= maxErrors {
			if a.score[y] < maxErrors {
				a.ends = a.ends[:0]
			}
			a.ends = append(a.ends, match{start: -1, end: j + 1, errors: a.score[y]})
			maxErrors = a.score[y]
		}
	}
	return a.ends
}

// findEnds64 is findEnds for patterns of at most 64 code points: one block,
// kept in registers.
func (a *approx) findEnds64(text []rune, maxErrors int) []match {
	pv, mv := ^uint64(0), uint64(0)
	lastBit := a.last[0]
	score := a.m
	small := &a.small
	peq := a.peq
	large := len(a.large) > 0
	for j, r := range text {
		var eq uint64
		if r >= 0 && r < 256 {
			eq = peq[small[r]]
		} else if large {
			eq = peq[a.large[r]]
		}
		xv := eq | mv
		xh := (((eq & pv) + pv) ^ pv) | eq
		ph := mv | ^(xh | pv)
		mh := pv & xh
		if ph&lastBit != 0 {
			score++
		} else if mh&lastBit != 0 {
			score--
		}
		ph <<= 1
		mh <<= 1
		pv = mh | ^(xv | ph)
		mv = ph & xv
		if score <= maxErrors {
			if score < maxErrors {
				a.ends = a.ends[:0]
			}
			a.ends = append(a.ends, match{start: -1, end: j + 1, errors: score})
			maxErrors = score
		}
	}
	return a.ends
}

// search returns the matches of pat in text with the fewest errors (at most
// maxErrors), each starting as early as that number of errors allows.
func (a *approx) search(text, pat []rune, maxErrors int) []match {
	a.compile(pat)
	ends := a.findEnds(text, maxErrors)
	if len(ends) == 0 {
		return nil
	}
	if a.back == nil {
		a.back = &approx{}
	}
	a.revPat = reverseInto(a.revPat, pat)
	a.back.compile(a.revPat)
	for i := range ends {
		m := &ends[i]
		lo := max(0, m.end-a.m-m.errors)
		a.rev = reverseInto(a.rev, text[lo:m.end])
		m.start = m.end
		for _, rm := range a.back.findEnds(a.rev, m.errors) {
			if s := m.end - rm.end; s < m.start {
				m.start = s
			}
		}
	}
	return ends
}

// distance returns the fewest errors with which pat occurs in text, at most
// len(pat), and whether text and pat were both non-empty.
func (a *approx) distance(text, pat []rune) (int, bool) {
	if len(pat) == 0 || len(text) == 0 {
		return 0, false
	}
	if len(pat) <= 64 {
		return a.distance64(text, pat), true
	}
	a.compile(pat)
	ends := a.findEnds(text, len(pat))
	return ends[0].errors, true
}

// distance64 is distance for patterns of at most 64 code points, which
// prefixes and suffixes are: one block, every row advanced, no cut-off.
func (a *approx) distance64(text, pat []rune) int {
	var peqSmall [128]uint64
	var other []rune // non-ASCII pattern runes, few
	var otherEq []uint64
	for i, r := range pat {
		if r >= 0 && r < 128 {
			peqSmall[r] |= 1 << i
			continue
		}
		found := false
		for k, o := range other {
			if o == r {
				otherEq[k] |= 1 << i
				found = true
			}
		}
		if !found {
			other = append(other, r)
			otherEq = append(otherEq, 1<<i)
		}
	}
	m := len(pat)
	lastBit := uint64(1) << (m - 1)
	pv, mv := ^uint64(0), uint64(0)
	score, best := m, m
	for _, r := range text {
		var eq uint64
		if r >= 0 && r < 128 {
			eq = peqSmall[r]
		} else {
			for k, o := range other {
				if o == r {
					eq = otherEq[k]
				}
			}
		}
		xv := eq | mv
		xh := (((eq & pv) + pv) ^ pv) | eq
		ph := mv | ^(xh | pv)
		mh := pv & xh
		if ph&lastBit != 0 {
			score++
		} else if mh&lastBit != 0 {
			score--
		}
		ph <<= 1
		mh <<= 1
		pv = mh | ^(xv | ph)
		mv = ph & xv
		best = min(best, score)
	}
	return best
}

func reverseInto(dst, src []rune) []rune {
	dst = append(dst[:0], src...)
	for i, j := 0, len(dst)-1; i < j; i, j = i+1, j-1 {
		dst[i], dst[j] = dst[j], dst[i]
	}
	return dst
}

func grow(s []uint64, n int) []uint64 {
	if cap(s) < n {
		return make([]uint64, n)
	}
	return s[:n]
}

func growInts(s []int, n int) []int {
	if cap(s) < n {
		return make([]int, n)
	}
	return s[:n]
}
