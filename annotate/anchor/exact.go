package anchor

// exactSearch finds every occurrence of a pattern in a text of code points.
// It uses Horspool's skip table, which for the long quotes of claims jumps
// nearly a quote's length at each step; when a repetitive pattern makes it
// work too hard it finishes with Knuth–Morris–Pratt, which is linear.
type exactSearch struct {
	skip [256]int32 // by the low byte of the rune: the smallest safe shift
	fail []int32
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
	for i := range e.skip {
		e.skip[i] = int32(m)
	}
	for i, r := range pat[:m-1] {
		e.skip[byte(r)] = int32(m - 1 - i)
	}
	lastR := pat[m-1]
	budget := 4*n + 64*m // compares allowed before switching to the linear search
	for i := 0; i <= n-m; {
		r := text[i+m-1]
		if r == lastR {
			j := m - 2
			for j >= 0 && text[i+j] == pat[j] {
				j--
			}
			budget -= m - 1 - j
			if j < 0 {
				dst = append(dst, i)
			}
			if budget < 0 {
				return e.kmp(dst, text, pat, i+1)
			}
		}
		i += int(e.skip[byte(r)])
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
