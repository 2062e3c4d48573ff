package anchor

// exactSearch finds every occurrence of a pattern in a text of code points.
// It is Horspool's algorithm on pairs of code points (as in Wu and Manber's
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

func pairHash(a, b rune) uint32 {
	return (uint32(a)*0x9e3779b1 ^ uint32(b)) & (pairTable - 1)
}

// all appends the start of every occurrence of pat in text (overlapping
// ones too) to dst.
func (e *exactSearch) all(dst []int, text, pat []rune) []int {
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
		e.shift[pairHash(pat[i-1], pat[i])] = int32(m - 1 - i)
	}
	lastHash := pairHash(pat[m-2], pat[m-1])
	budget := 4*n + 64*m // compares allowed before switching to the linear search
	for i := 0; i <= n-m; {
		h := pairHash(text[i+m-2], text[i+m-1])
		if h == lastHash {
			j := m - 1
			for j >= 0 && text[i+j] == pat[j] {
				j--
			}
			budget -= m - j
			if j < 0 {
				dst = append(dst, i)
			}
			if budget < 0 {
				return e.kmp(dst, text, pat, i+1)
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
