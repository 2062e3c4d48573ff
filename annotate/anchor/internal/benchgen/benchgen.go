// Package benchgen makes the re-anchoring benchmark's material: a long
// article-like text, quotes taken from it, and an edited copy of the text
// with where each quote now is. The same seed gives the same material, so
// the Go benchmarks and the cross-language comparison use identical input.
package benchgen

import (
	"math/rand/v2"
	"strings"
	"unicode"

	"github.com/factdesk/factdesk/annotate"
)

// Quote is an anchor on the original text and the span its quote occupies
// in the edited text.
type Quote struct {
	annotate.Anchor
	WantStart int `json:"wantStart"`
	WantEnd   int `json:"wantEnd"`
}

// Set is one benchmark's material. Offsets are code points; the text uses
// only the Basic Multilingual Plane so that they equal UTF-16 offsets too.
type Set struct {
	Text   string
	Edited string
	Quotes []Quote
}

// Generate returns about size bytes of text with n quotes of 30 to 200 code
// points, and an edited text in which about editRate of the characters were
// substituted, inserted or deleted.
func Generate(seed uint64, size, n int, editRate float64) Set {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	text := []rune(makeText(rng, size))
	var s Set
	s.Text = string(text)
	edited, newPos := edit(rng, text, editRate)
	s.Edited = string(edited)
	wordStarts := []int{}
	for i := 1; i < len(text); i++ {
		if !unicode.IsSpace(text[i]) && unicode.IsSpace(text[i-1]) {
			wordStarts = append(wordStarts, i)
		}
	}
	for len(s.Quotes) < n {
		start := wordStarts[rng.IntN(len(wordStarts))]
		end := start + 30 + rng.IntN(171)
		if end > len(text) {
			continue
		}
		for end > start && unicode.IsSpace(text[end-1]) {
			end--
		}
		a, err := annotate.DescribeRunes(text, start, end)
		if err != nil {
			continue
		}
		s.Quotes = append(s.Quotes, Quote{Anchor: a, WantStart: newPos[start], WantEnd: newPos[end]})
	}
	return s
}

var syllables = strings.Fields("ba be bi bo bu ca ce ci co cu da de di do du fa fe fi fo ga ge gi go ha he hi ho ka ke ki ko la le li lo lu ma me mi mo mu na ne ni no nu pa pe pi po pu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo wa we wi ya yo za zé zü an en in on un ar er ir or ur al el il ol str tr pl gr")

// makeText writes paragraphs of sentences of pseudo-words drawn with a
// Zipf-like law, with numbers, quotation marks and dashes as in news.
func makeText(rng *rand.Rand, size int) string {
	vocab := make([]string, 6000)
	for i := range vocab {
		var w strings.Builder
		for k := 1 + rng.IntN(4); k > 0; k-- {
			w.WriteString(syllables[rng.IntN(len(syllables))])
		}
		vocab[i] = w.String()
	}
	common := strings.Fields("the of and to a in that is was for on with as by said it from at he she they percent")
	zipf := rand.NewZipf(rng, 1.1, 1, uint64(len(vocab)-1))
	var b strings.Builder
	for b.Len() < size {
		for k := 3 + rng.IntN(5); k > 0; k-- {
			words := 8 + rng.IntN(18)
			quoted := rng.IntN(6) == 0
			if quoted {
				b.WriteString("“")
			}
			for i := range words {
				var w string
				switch r := rng.IntN(10); {
				case r < 3:
					w = common[rng.IntN(len(common))]
				case r == 3 && rng.IntN(4) == 0:
					w = string(rune('1'+rng.IntN(9))) + ",000"
				default:
					w = vocab[zipf.Uint64()]
				}
				if i == 0 {
					w = strings.ToUpper(w[:1]) + w[1:]
				}
				b.WriteString(w)
				switch {
				case i == words-1:
					b.WriteString(".")
				case rng.IntN(12) == 0:
					b.WriteString(",")
				case rng.IntN(40) == 0:
					b.WriteString(" —")
				}
				if i < words-1 {
					b.WriteString(" ")
				}
			}
			if quoted {
				b.WriteString("” said " + strings.ToUpper(vocab[rng.IntN(300)][:1]) + vocab[rng.IntN(300)][1:] + ".")
			}
			b.WriteString(" ")
		}
		b.WriteString("\n\n")
	}
	return strings.TrimSpace(b.String())
}

// edit substitutes, inserts or deletes single characters at about rate of
// the positions and returns the new text with, for each old offset, the
// offset it moved to.
func edit(rng *rand.Rand, text []rune, rate float64) ([]rune, []int) {
	out := make([]rune, 0, len(text)+len(text)/50)
	pos := make([]int, len(text)+1)
	letters := []rune("abcdefghijklmnopqrstuvwxyzé")
	for i, r := range text {
		if rng.Float64() >= rate {
			pos[i] = len(out)
			out = append(out, r)
			continue
		}
		switch rng.IntN(3) {
		case 0: // substitute
			pos[i] = len(out)
			out = append(out, letters[rng.IntN(len(letters))])
		case 1: // insert before
			out = append(out, letters[rng.IntN(len(letters))])
			pos[i] = len(out)
			out = append(out, r)
		default: // delete
			pos[i] = len(out)
		}
	}
	pos[len(text)] = len(out)
	return out, pos
}
