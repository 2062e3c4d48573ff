package anchor

import (
	"html"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/factdesk/factdesk/annotate"
)

// articleText renders a Readability expected.html as the plain article text:
// tags stripped, scripts and styles dropped, a paragraph per block element,
// white space folded, paragraphs separated by a blank line.
func articleText(page string) string {
	blocks := map[string]bool{"p": true, "div": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
		"li": true, "ul": true, "ol": true, "blockquote": true, "figure": true, "figcaption": true, "section": true,
		"article": true, "header": true, "footer": true, "br": true, "tr": true, "table": true, "pre": true, "hr": true, "dd": true, "dt": true}
	var paras []string
	var cur strings.Builder
	flush := func() {
		if p := strings.Join(strings.Fields(html.UnescapeString(cur.String())), " "); p != "" {
			paras = append(paras, p)
		}
		cur.Reset()
	}
	for i := 0; i < len(page); {
		if page[i] != '<' {
			j := strings.IndexByte(page[i:], '<')
			if j < 0 {
				j = len(page) - i
			}
			cur.WriteString(page[i : i+j])
			i += j
			continue
		}
		j := strings.IndexByte(page[i:], '>')
		if j < 0 {
			break
		}
		tag := strings.ToLower(strings.TrimLeft(page[i+1:i+j], "/"))
		name := strings.FieldsFunc(tag, func(r rune) bool { return unicode.IsSpace(r) || r == '/' })
		i += j + 1
		if len(name) == 0 {
			continue
		}
		switch n := name[0]; {
		case (n == "script" || n == "style") && !strings.HasPrefix(page[i-j-1:], "</"):
			if k := strings.Index(strings.ToLower(page[i:]), "</"+n); k >= 0 {
				i += k
			}
		case blocks[n]:
			flush()
		default:
			cur.WriteByte(0) // an inline tag joins text as it is
		}
	}
	flush()
	for i, p := range paras {
		paras[i] = strings.ReplaceAll(p, "\x00", "")
	}
	return strings.Join(paras, "\n\n")
}

// textEdit replaces text[at:at+del] with ins.
type textEdit struct {
	at, del int
	ins     []rune
}

// applyEdits applies non-overlapping edits and returns the new text and
// where the old offsets start and end now are.
func applyEdits(text []rune, edits []textEdit, start, end int) ([]rune, int, int) {
	slices.SortFunc(edits, func(a, b textEdit) int { return a.at - b.at })
	var out []rune
	prev := 0
	newStart, newEnd := -1, -1
	for _, e := range edits {
		if e.at < prev {
			continue // overlapping: skip
		}
		if newStart < 0 && start < e.at {
			newStart = len(out) + start - prev
		}
		if newEnd < 0 && end <= e.at {
			newEnd = len(out) + end - prev
		}
		out = append(out, text[prev:e.at]...)
		out = append(out, e.ins...)
		prev = e.at + e.del
	}
	if newStart < 0 {
		newStart = len(out) + start - prev
	}
	if newEnd < 0 {
		newEnd = len(out) + end - prev
	}
	out = append(out, text[prev:]...)
	return out, newStart, newEnd
}

type wordSpan struct{ start, end int }

func wordSpans(text []rune) []wordSpan {
	var out []wordSpan
	for i := 0; i < len(text); {
		if !unicode.IsLetter(text[i]) {
			i++
			continue
		}
		j := i
		for j < len(text) && unicode.IsLetter(text[j]) {
			j++
		}
		out = append(out, wordSpan{i, j})
		i = j
	}
	return out
}

type editCase struct {
	kind       string
	text       []rune
	start, end int  // where the claim now is
	orphan     bool // the claim is gone
}

// makeEdits returns the edited versions of text for the claim at [cs, ce).
func makeEdits(rng *rand.Rand, text []rune, cs, ce int, vocab []string, filler []string) []editCase {
	var out []editCase
	words := wordSpans(text)
	randomWord := func() []rune { return []rune(vocab[rng.IntN(len(vocab))]) }

	// Words changed elsewhere.
	var edits []textEdit
	for range 40 {
		w := words[rng.IntN(len(words))]
		if w.end > cs-2 && w.start < ce+2 {
			continue
		}
		edits = append(edits, textEdit{w.start, w.end - w.start, randomWord()})
	}
	t, s, e := applyEdits(text, edits, cs, ce)
	out = append(out, editCase{"words elsewhere", t, s, e, false})

	// Sentences inserted just before it, and before its paragraph.
	ins := []rune(strings.Join(filler[:1+rng.IntN(3)], " ") + " ")
	t, s, e = applyEdits(text, []textEdit{{cs, 0, ins}}, cs, ce)
	out = append(out, editCase{"sentences inserted before", t, s, e, false})
	pstart := cs
	for pstart > 0 && !(text[pstart-1] == '\n') {
		pstart--
	}
	ins = []rune(strings.Join(filler[:2+rng.IntN(3)], " ") + "\n\n")
	t, s, e = applyEdits(text, []textEdit{{pstart, 0, ins}}, cs, ce)
	out = append(out, editCase{"paragraph inserted before", t, s, e, false})

	// Paragraphs reordered.
	paras := strings.Split(string(text), "\n\n")
	order := rng.Perm(len(paras))
	var b strings.Builder
	newStart := -1
	for k, pi := range order {
		if k > 0 {
			b.WriteString("\n\n")
		}
		offset := len([]rune(strings.Join(paras[:pi], "\n\n")))
		if pi > 0 {
			offset += 2
		}
		if cs >= offset && ce <= offset+len([]rune(paras[pi])) {
			newStart = len([]rune(b.String())) + cs - offset
		}
		b.WriteString(paras[pi])
	}
	if newStart >= 0 {
		out = append(out, editCase{"paragraphs reordered", []rune(b.String()), newStart, newStart + ce - cs, false})
	}

	// A typo and a changed word inside the claim, away from its ends.
	var inner []wordSpan
	for _, w := range words {
		if w.start >= cs+8 && w.end <= ce-8 && w.end-w.start >= 3 {
			inner = append(inner, w)
		}
	}
	if len(inner) >= 2 {
		w1 := inner[rng.IntN(len(inner))]
		typo := textEdit{w1.start + 1, 1, []rune{'x'}}
		t, s, e = applyEdits(text, []textEdit{typo}, cs, ce)
		out = append(out, editCase{"typo inside", t, s, e, false})
		if newStart >= 0 {
			moved := []rune(b.String())
			at := newStart + w1.start + 1 - cs
			t, s, e = applyEdits(moved, []textEdit{{at, 1, []rune{'x'}}}, newStart, newStart+ce-cs)
			out = append(out, editCase{"reordered and typo inside", t, s, e, false})
		}
		w2 := inner[rng.IntN(len(inner))]
		t, s, e = applyEdits(text, []textEdit{{w2.start, w2.end - w2.start, randomWord()}}, cs, ce)
		out = append(out, editCase{"word changed inside", t, s, e, false})
		// Both, with sentences inserted before and words changed elsewhere.
		mixed := []textEdit{{w2.start, w2.end - w2.start, randomWord()}, {cs, 0, []rune(filler[0] + " ")}}
		if w1 != w2 {
			mixed = append(mixed, typo)
		}
		mixed = append(mixed, edits...)
		t, s, e = applyEdits(text, mixed, cs, ce)
		out = append(out, editCase{"edited inside and around", t, s, e, false})
	}

	// The claim rewritten beyond recognition, or deleted.
	var rw []string
	for len(strings.Join(rw, " ")) < ce-cs {
		rw = append(rw, vocab[rng.IntN(len(vocab))])
	}
	rewritten := []rune(strings.Join(rw, " ")[:max(1, ce-cs-1)] + ".")
	t, _, _ = applyEdits(text, []textEdit{{cs, ce - cs, rewritten}}, cs, ce)
	out = append(out, editCase{"rewritten", t, -1, -1, true})
	del := ce - cs
	if ce < len(text) && text[ce] == ' ' {
		del++
	}
	t, _, _ = applyEdits(text, []textEdit{{cs, del, nil}}, cs, ce)
	out = append(out, editCase{"deleted", t, -1, -1, true})
	return out
}

// TestReanchorNewsEdits re-anchors the candidate claims of real news
// articles on edited versions of their text.
func TestReanchorNewsEdits(t *testing.T) {
	var file struct {
		Articles []struct {
			Page   string `json:"page"`
			Claims []struct {
				Text string `json:"text"`
			} `json:"candidateClaims"`
		} `json:"articles"`
	}
	readCorpus(t, "news-claims.json", &file)
	rng := rand.New(rand.NewPCG(2025, 9))
	filler := []string{
		"The council met again on Tuesday evening.",
		"Officials declined to comment further on the matter.",
		"This article has been updated with new information.",
		"A spokesperson said a statement would follow later in the week.",
		"Correction: an earlier version misstated a date.",
	}
	type tally struct{ right, orphanRight, wrong, missed int }
	counts := map[string]*tally{}
	total := tally{}
	var minRight, minRightFuzzy, maxRejected = 1.0, 1.0, 0.0
	claims, skipped := 0, 0
	for _, art := range file.Articles {
		b, err := os.ReadFile(filepath.Join(corpusDir, "readability", art.Page, "expected.html"))
		if err != nil {
			t.Fatalf("%s: %v", art.Page, err)
		}
		text := []rune(articleText(string(b)))
		vocab := strings.Fields(string(text))
		for _, c := range art.Claims {
			quote := strings.Join(strings.Fields(c.Text), " ")
			occ := naiveAll(text, []rune(quote))
			if len(occ) == 0 {
				skipped++
				continue
			}
			claims++
			cs, ce := occ[0], occ[0]+len([]rune(quote))
			a, err := annotate.DescribeRunes(text, cs, ce)
			if err != nil {
				t.Fatal(err)
			}
			for variant := range 4 {
				for _, ec := range makeEdits(rng, text, cs, ce, vocab, filler[variant%2:]) {
					if ec.orphan {
						// A copy elsewhere (a pull quote) is a right place.
						if o := naiveAll(ec.text, []rune(quote)); len(o) > 0 {
							ec.orphan, ec.start, ec.end = false, o[0], o[0]+ce-cs
						}
					}
					r := Locate(ec.text, a)
					tl := counts[ec.kind]
					if tl == nil {
						tl = &tally{}
						counts[ec.kind] = tl
					}
					switch {
					case ec.orphan && r.Method == annotate.AnchorOrphan:
						tl.orphanRight++
						maxRejected = max(maxRejected, r.Score)
					case ec.orphan:
						tl.wrong++
						t.Errorf("%s %q (%s): placed on %q (%+v), want an orphan", art.Page, clip(quote), ec.kind, string(ec.text[r.Start:r.End]), r)
					case r.Method == annotate.AnchorOrphan:
						tl.missed++
						t.Errorf("%s %q (%s): orphan (score %v), want %d–%d", art.Page, clip(quote), ec.kind, r.Score, ec.start, ec.end)
					case abs(r.Start-ec.start) <= 3 && abs(r.End-ec.end) <= 3:
						tl.right++
						minRight = min(minRight, r.Score)
						if q := 1 - float64(editDistance(ec.text[r.Start:r.End], []rune(quote)))/float64(len([]rune(quote))); q < nearVerbatim {
							minRightFuzzy = min(minRightFuzzy, r.Score)
						}
					default:
						tl.wrong++
						t.Errorf("%s %q (%s): placed at %d–%d %q, want %d–%d", art.Page, clip(quote), ec.kind, r.Start, r.End, string(ec.text[r.Start:r.End]), ec.start, ec.end)
					}
				}
			}
		}
	}
	kinds := make([]string, 0, len(counts))
	for k := range counts {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	for _, k := range kinds {
		c := counts[k]
		t.Logf("%-28s found right %3d, orphan rightly %3d, placed wrongly %d, missed %d", k, c.right, c.orphanRight, c.wrong, c.missed)
		total.right += c.right
		total.orphanRight += c.orphanRight
		total.wrong += c.wrong
		total.missed += c.missed
	}
	t.Logf("%d claims (%d not found verbatim in the rendered text, skipped): found right %d, orphan rightly %d, placed wrongly %d, missed %d; lowest right score %.3f (%.3f among quotes changed by a tenth or more), highest rejected score %.3f",
		claims, skipped, total.right, total.orphanRight, total.wrong, total.missed, minRight, minRightFuzzy, maxRejected)
	if claims == 0 {
		t.Fatal("no claim was found in its article's text")
	}
}

func clip(s string) string {
	r := []rune(s)
	if len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
