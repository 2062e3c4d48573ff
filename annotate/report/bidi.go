package report

import (
	"strings"
)

// Bidirectional formatting characters. An embedding, override or isolate
// that a user string opens and never closes reorders whatever follows it
// (the rest of a table row, a spreadsheet line, the next card), which can
// make a report say something its text does not.
const (
	lre = '\u202A'
	rle = '\u202B'
	pdf = '\u202C'
	lro = '\u202D'
	rlo = '\u202E'
	lri = '\u2066'
	rli = '\u2067'
	fsi = '\u2068'
	pdi = '\u2069'
)

// hasBidi reports whether s holds a bidi control, embedding, override or
// isolate. All of them encode as E2 80 AA–AE or E2 81 A6–A9, so most
// strings are ruled out by one byte search.
func hasBidi(s string) bool {
	for i := strings.IndexByte(s, 0xE2); i >= 0 && i+2 < len(s); {
		b1, b2 := s[i+1], s[i+2]
		if (b1 == 0x80 && b2 >= 0xAA && b2 <= 0xAE) || (b1 == 0x81 && b2 >= 0xA6 && b2 <= 0xA9) {
			return true
		}
		j := strings.IndexByte(s[i+1:], 0xE2)
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}

// balanceBidi closes, at the end of s, every embedding, override and
// isolate s opens, and drops closers that close nothing, so that s affects
// the direction of no text but its own. Strings without bidi controls are
// returned as they are.
func balanceBidi(s string) string {
	if !hasBidi(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	// stack holds what is open, innermost last: true for an isolate.
	var stack []bool
	for _, r := range s {
		switch r {
		case lre, rle, lro, rlo:
			stack = append(stack, false)
		case lri, rli, fsi:
			stack = append(stack, true)
		case pdf:
			// A PDF closes the innermost embedding only if no isolate is
			// open inside it; otherwise it does nothing and is dropped.
			if n := len(stack); n == 0 || stack[n-1] {
				continue
			}
			stack = stack[:len(stack)-1]
		case pdi:
			// A PDI closes the innermost isolate and every embedding
			// opened inside it.
			k := len(stack) - 1
			for k >= 0 && !stack[k] {
				k--
			}
			if k < 0 {
				continue
			}
			stack = stack[:k]
		}
		b.WriteRune(r)
	}
	for k := len(stack) - 1; k >= 0; k-- {
		if stack[k] {
			b.WriteRune(pdi)
		} else {
			b.WriteRune(pdf)
		}
	}
	return b.String()
}

// isolateBidi balances s and wraps it in FSI … PDI when it holds bidi
// controls, so that in a plain-text format (a CSV cell) its direction
// neither leaks out nor takes the neighbouring text with it.
func isolateBidi(s string) string {
	if !hasBidi(s) {
		return s
	}
	return string(fsi) + balanceBidi(s) + string(pdi)
}

// escText escapes s for HTML text and attributes, with its bidi controls
// balanced; user text in the HTML report goes through it, inside an
// element that isolates it (bdi, or a block).
func escText(s string) string {
	if !hasBidi(s) {
		return esc(s)
	}
	return esc(balanceBidi(s))
}

// bdi is user text for inline HTML: escaped, and isolated in a <bdi> when it
// holds bidi controls, so that a right-to-left override in a claimant's
// name cannot reverse the rest of its line.
func bdi(s string) string {
	if !hasBidi(s) {
		return esc(s)
	}
	return "<bdi>" + esc(balanceBidi(s)) + "</bdi>"
}
