package prepare

import "unicode/utf8"

// Text maps code-point offsets of a text to byte offsets, keeping one byte
// offset every textStride code points so that long texts cost little.
type Text struct {
	text  string
	marks []int
	n     int // code points in text
}

const textStride = 64

// NewText indexes text.
func NewText(text string) *Text {
	t := &Text{text: text, marks: make([]int, 0, len(text)/textStride+1)}
	i := 0
	for off := range text {
		if i%textStride == 0 {
			t.marks = append(t.marks, off)
		}
		i++
	}
	t.n = i
	return t
}

// byteOffset is the byte offset of code point r, 0 <= r <= n.
func (t *Text) byteOffset(r int) int {
	if r >= t.n {
		return len(t.text)
	}
	off := t.marks[r/textStride]
	for k := r % textStride; k > 0; k-- {
		_, size := utf8.DecodeRuneInString(t.text[off:])
		off += size
	}
	return off
}

// Slice is the text of the code-point span [start, end).
func (t *Text) Slice(start, end int) string {
	return t.text[t.byteOffset(start):t.byteOffset(end)]
}
