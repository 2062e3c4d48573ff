package ingest

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Canonical returns the canonical form of plain text s: paragraphs are the
// runs of lines between blank lines, each folded to one line with single
// spaces and separated by exactly one blank line; soft hyphens, zero-width
// spaces, word joiners, byte order marks and control characters are
// removed (the joiners ZWJ and ZWNJ are kept); the result is NFC.
//
// Claims are anchored by code-point offsets into this form, so it must be
// stable: Canonical(Canonical(s)) == Canonical(s) for every s.
func Canonical(s string) string {
	var out strings.Builder
	out.Grow(len(s))
	var para strings.Builder
	flush := func() {
		if para.Len() == 0 {
			return
		}
		if out.Len() > 0 {
			out.WriteString("\n\n")
		}
		out.WriteString(norm.NFC.String(para.String()))
		para.Reset()
	}
	// space is a pending separator inside the paragraph; newlines counts
	// the line breaks seen since the last word, two or more ending it.
	space, newlines := false, 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '\r':
			// CR LF is one line break; a lone CR is one too.
			if i < len(s) && s[i] == '\n' {
				i++
			}
			newlines++
			space = true
		case r == '\n' || r == '\u2028':
			newlines++
			space = true
		case r == '\u2029':
			newlines += 2
		case unicode.IsSpace(r):
			space = true
		case ignorable(r):
		default:
			if newlines >= 2 {
				flush()
			} else if space && para.Len() > 0 {
				para.WriteByte(' ')
			}
			space, newlines = false, 0
			para.WriteRune(r) // an invalid byte becomes U+FFFD here
		}
	}
	flush()
	return out.String()
}

// ignorable reports whether r is dropped from canonical text: characters
// that render as nothing and would otherwise split words or shift offsets
// between two copies of the same article. The zero-width non-joiner and
// joiner (U+200C, U+200D) are kept: they change how Persian, Indic scripts
// and emoji are spelt and shown.
func ignorable(r rune) bool {
	switch {
	case r < 0x20 || r == 0x7f: // C0 controls other than white space
		return true
	case r >= 0x80 && r < 0xa0: // C1 controls (NEL is white space, seen earlier)
		return true
	case r == '\u00ad', // soft hyphen
		r == '\u200b', // zero-width space
		r == '\u2060', // word joiner
		r == '\ufeff': // zero-width no-break space, byte order mark
		return true
	}
	return false
}

// foldLine returns s canonical and on one line, for titles and names.
func foldLine(s string) string {
	return strings.ReplaceAll(Canonical(s), "\n\n", " ")
}
