package app

import (
	"unicode"
	"unicode/utf8"
)

// readerDoc is an article's canonical text cut into paragraphs and words,
// everything addressed by code-point offsets. Words are interned so that the
// width of each distinct word is measured once.
type readerDoc struct {
	text  string
	runes []rune
	words []readerWord
	paras []readerPara

	wordStr []string         // interned word text by id
	wordIDs map[string]int32 // word text to id
	lower   []rune           // runes lower-cased one by one, built on first search
}

// readerWord is one run of non-space characters.
type readerWord struct {
	start, end int32 // code points, end exclusive
	id         int32 // index into wordStr
}

// readerPara is one paragraph: its code-point span and its words.
type readerPara struct {
	start, end int32 // code points, end exclusive
	w0, w1     int32 // words[w0:w1]
}

// newReaderDoc splits text into paragraphs at blank lines and paragraphs into
// words at white space. A single line break inside a paragraph is white space.
func newReaderDoc(text string) *readerDoc {
	d := &readerDoc{
		text:    text,
		runes:   make([]rune, 0, utf8.RuneCountInString(text)),
		wordIDs: make(map[string]int32),
	}
	d.words = make([]readerWord, 0, len(text)/6)
	wordStart, wordByte := -1, 0
	paraStart, paraW0 := -1, 0
	newlines := 0 // consecutive line breaks seen in the current white space
	endWord := func(end int, endByte int) {
		s := text[wordByte:endByte]
		id, ok := d.wordIDs[s]
		if !ok {
			id = int32(len(d.wordStr))
			d.wordStr = append(d.wordStr, s)
			d.wordIDs[s] = id
		}
		d.words = append(d.words, readerWord{start: int32(wordStart), end: int32(end), id: id})
		wordStart = -1
	}
	endPara := func() {
		if paraStart >= 0 {
			last := d.words[len(d.words)-1]
			d.paras = append(d.paras, readerPara{start: int32(paraStart), end: last.end, w0: int32(paraW0), w1: int32(len(d.words))})
		}
		paraStart = -1
	}
	i := 0
	for b, r := range text {
		d.runes = append(d.runes, r)
		if readerIsSpace(r) {
			if wordStart >= 0 {
				endWord(i, b)
			}
			if r == '\n' {
				newlines++
				if newlines == 2 {
					endPara()
				}
			}
		} else {
			newlines = 0
			if wordStart < 0 {
				wordStart, wordByte = i, b
				if paraStart < 0 {
					paraStart, paraW0 = i, len(d.words)
				}
			}
		}
		i++
	}
	if wordStart >= 0 {
		endWord(i, len(text))
	}
	endPara()
	return d
}

// readerIsSpace is unicode.IsSpace with a fast path for ASCII.
func readerIsSpace(r rune) bool {
	if r < 0x80 {
		return r == ' ' || r >= '\t' && r <= '\r'
	}
	return unicode.IsSpace(r)
}

// paraAt returns the index of the paragraph holding offset off, or the one
// before the gap it falls in; -1 before the first paragraph.
func (d *readerDoc) paraAt(off int) int {
	lo, hi := 0, len(d.paras)
	for lo < hi {
		m := (lo + hi) / 2
		if int(d.paras[m].start) <= off {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo - 1
}

// lowerRunes returns the text lower-cased code point by code point, so that
// offsets into it are offsets into the text.
func (d *readerDoc) lowerRunes() []rune {
	if d.lower == nil {
		d.lower = make([]rune, len(d.runes))
		for i, r := range d.runes {
			d.lower[i] = unicode.ToLower(r)
		}
	}
	return d.lower
}

// readerExtends reports whether r belongs to the grapheme before it: a
// combining mark, a joiner, a variation selector or an emoji modifier.
func readerExtends(r rune) bool {
	switch {
	case r < 0x300:
		return false
	case r == 0x200D, r >= 0xFE00 && r <= 0xFE0F, r >= 0x1F3FB && r <= 0x1F3FF, r >= 0xE0020 && r <= 0xE007F:
		return true
	}
	return unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) || unicode.Is(unicode.Mc, r)
}

// readerBoundary reports whether a caret may stand at offset i of rs: not inside
// a grapheme (before a combining mark or after a joiner).
func readerBoundary(rs []rune, i int) bool {
	if i <= 0 || i >= len(rs) {
		return true
	}
	return !readerExtends(rs[i]) && rs[i-1] != 0x200D
}

// next returns the caret position one grapheme after off.
func (d *readerDoc) next(off int) int {
	if off >= len(d.runes) {
		return len(d.runes)
	}
	off++
	for off < len(d.runes) && !readerBoundary(d.runes, off) {
		off++
	}
	return off
}

// prev returns the caret position one grapheme before off.
func (d *readerDoc) prev(off int) int {
	if off <= 0 {
		return 0
	}
	off--
	for off > 0 && !readerBoundary(d.runes, off) {
		off--
	}
	return off
}

// Character classes for word selection and word-wise caret moves.
const (
	readerClassSpace = iota
	readerClassWord
	readerClassOther
)

func readerClass(r rune) int {
	switch {
	case unicode.IsSpace(r):
		return readerClassSpace
	case unicode.IsLetter(r), unicode.IsDigit(r), unicode.IsMark(r), r == '_', r == '\'', r == '’', r == 0x200D:
		return readerClassWord
	}
	return readerClassOther
}

// wordAt returns the span of the word (or run of punctuation, or of space)
// holding the character at off; apostrophes at its edges are left out.
func (d *readerDoc) wordAt(off int) (start, end int) {
	n := len(d.runes)
	if n == 0 {
		return 0, 0
	}
	off = min(max(off, 0), n-1)
	cls := readerClass(d.runes[off])
	start, end = off, off+1
	for start > 0 && (readerClass(d.runes[start-1]) == cls || !readerBoundary(d.runes, start)) {
		start--
	}
	for end < n && (readerClass(d.runes[end]) == cls || !readerBoundary(d.runes, end)) {
		end++
	}
	if cls == readerClassWord {
		for start < end-1 && (d.runes[start] == '\'' || d.runes[start] == '’') {
			start++
		}
		for end > start+1 && (d.runes[end-1] == '\'' || d.runes[end-1] == '’') {
			end--
		}
	}
	return start, end
}

// nextWord returns the end of the word after off (skipping what is not a word).
func (d *readerDoc) nextWord(off int) int {
	n := len(d.runes)
	for off < n && readerClass(d.runes[off]) != readerClassWord {
		off++
	}
	for off < n && (readerClass(d.runes[off]) == readerClassWord || !readerBoundary(d.runes, off)) {
		off++
	}
	return off
}

// prevWord returns the start of the word before off.
func (d *readerDoc) prevWord(off int) int {
	for off > 0 && readerClass(d.runes[off-1]) != readerClassWord {
		off--
	}
	for off > 0 && (readerClass(d.runes[off-1]) == readerClassWord || !readerBoundary(d.runes, off)) {
		off--
	}
	return off
}
