package app

import (
	"fmt"
	"image/color"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// newTestReader shows text in a reader filling an unpadded test window of
// the given size, so that canvas and widget positions are the same.
func newTestReader(t testing.TB, w, h float32, title, meta, text string) (*Reader, fyne.Window) {
	t.Helper()
	r := NewReader()
	r.SetArticle(title, meta, text)
	win := test.NewTempWindow(t, nil)
	win.SetPadded(false)
	win.Resize(fyne.NewSize(w, h))
	win.SetContent(r)
	win.Resize(fyne.NewSize(w, h))
	return r, win
}

// readerPointAt is the point in the reader of the caret offset off, half
// way down its line.
func readerPointAt(r *Reader, off int) fyne.Position {
	p, li, x := r.locate(off)
	y := r.tops()[p] - r.scrollY() + float32(li)*r.lay.m.lineH + r.lay.m.lineH/2
	return fyne.NewPos(r.lay.m.colX+x, y)
}

// readerPointIn is a point inside the character at off.
func readerPointIn(r *Reader, off int) fyne.Position {
	a := readerPointAt(r, off)
	b := readerPointAt(r, r.doc.next(off))
	if b.Y != a.Y {
		return a.AddXY(1, 0)
	}
	return fyne.NewPos((a.X+b.X)/2, a.Y)
}

// runeSpan returns the code-point span of the first occurrence of sub in s.
func runeSpan(t testing.TB, s, sub string) (int, int) {
	t.Helper()
	i := strings.Index(s, sub)
	if i < 0 {
		t.Fatalf("%q not in %q", sub, s)
	}
	start := utf8.RuneCountInString(s[:i])
	return start, start + utf8.RuneCountInString(sub)
}

func TestReaderDragSelectsCodePoints(t *testing.T) {
	test.NewTempApp(t)
	for _, tc := range []struct {
		name, text, from, to, want string
	}{
		{"plain", "Plain words here and there, said nobody at all.", "words", "and", "words here and"},
		{"backwards", "Plain words here and there, said nobody at all.", "and", "words", "words here and"},
		{"precomposed accents", "Le café crème est prêt à servir.", "café", "crème", "café crème"},
		{"combining marks", "Le cafe\u0301 cre\u0300me est pre\u0302t.", "cafe\u0301", "cre\u0300me", "cafe\u0301 cre\u0300me"},
		{"emoji", "I am 🙂 happy 🙂🙂 today, truly.", "🙂 happy", "🙂🙂", "🙂 happy 🙂🙂"},
		{"hebrew", "He said שלום עולם to them twice.", "שלום", "עולם", "שלום עולם"},
		{"arabic", "The word كلمة عربية means Arabic word.", "كلمة", "عربية", "كلمة عربية"},
		{"across paragraphs", "First paragraph ends here.\n\nSecond one 🙂 starts there.", "ends", "🙂", "ends here.\n\nSecond one 🙂"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, win := newTestReader(t, 700, 400, "Title", "", tc.text)
			var reported [2]int
			r.OnSelectionChanged = func(s, e int) { reported = [2]int{s, e} }
			fs, fe := runeSpan(t, tc.text, tc.from)
			ts, te := runeSpan(t, tc.text, tc.to)
			a, b := readerPointAt(r, fs), readerPointAt(r, te)
			if fs > ts { // dragging backwards: from the end of "from" to the start of "to"
				a, b = readerPointAt(r, fe), readerPointAt(r, ts)
			}
			test.Drag(win.Canvas(), b, b.X-a.X, b.Y-a.Y)

			ws, we := runeSpan(t, tc.text, tc.want)
			if s, e := r.Selection(); s != ws || e != we {
				t.Errorf("Selection() = %d–%d, want %d–%d", s, e, ws, we)
			}
			if reported != [2]int{ws, we} {
				t.Errorf("OnSelectionChanged got %v, want %v", reported, [2]int{ws, we})
			}
			if got := r.SelectedText(); got != tc.want {
				t.Errorf("SelectedText() = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestReaderDoubleAndTripleClick(t *testing.T) {
	test.NewTempApp(t)
	text := "Officials said the café’s 🙂 revenue doubled, don't they?\n\nA second paragraph follows."
	r, _ := newTestReader(t, 700, 400, "", "", text)
	for _, tc := range []struct {
		at, want string
	}{
		{"café", "café’s"},
		{"revenue", "revenue"},
		{"don't", "don't"},
		{"🙂", "🙂"},
	} {
		s, _ := runeSpan(t, text, tc.at)
		r.DoubleTapped(&fyne.PointEvent{Position: readerPointIn(r, s)})
		if got := r.SelectedText(); got != tc.want {
			t.Errorf("double click on %q selected %q, want %q", tc.at, got, tc.want)
		}
	}

	// Presses in quick succession: one places the caret, two select a word,
	// three the paragraph.
	s, _ := runeSpan(t, text, "second")
	pos := readerPointIn(r, s+2)
	press := &desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: pos}, Button: desktop.MouseButtonPrimary}
	wants := []string{"", "second", "A second paragraph follows."}
	for i, want := range wants {
		r.MouseDown(press)
		r.MouseUp(press)
		if got := r.SelectedText(); got != want {
			t.Errorf("after %d presses selected %q, want %q", i+1, got, want)
		}
	}
}

func TestReaderShiftClickExtends(t *testing.T) {
	test.NewTempApp(t)
	text := "One two three four five six seven."
	r, _ := newTestReader(t, 700, 400, "", "", text)
	s, _ := runeSpan(t, text, "two")
	_, e := runeSpan(t, text, "five")
	r.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: readerPointAt(r, s)}, Button: desktop.MouseButtonPrimary})
	r.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: readerPointAt(r, e)}, Button: desktop.MouseButtonPrimary, Modifier: fyne.KeyModifierShift})
	if got, want := r.SelectedText(), "two three four five"; got != want {
		t.Errorf("shift-click selected %q, want %q", got, want)
	}
}

func TestReaderKeyboardSelection(t *testing.T) {
	test.NewTempApp(t)
	text := "Le cafe\u0301 🙂 est prêt, dit-il.\n\nDeuxième paragraphe ici."
	r, win := newTestReader(t, 700, 400, "", "", text)
	win.Canvas().Focus(r)
	start, _ := runeSpan(t, text, "cafe")
	shift := &fyne.KeyEvent{Name: desktop.KeyShiftLeft}
	key := func(n fyne.KeyName) { r.TypedKey(&fyne.KeyEvent{Name: n}) }

	r.SetSelection(start, start)
	r.KeyDown(shift)
	for range 5 { // c a f é(2 code points) space
		key(fyne.KeyRight)
	}
	if got, want := r.SelectedText(), "cafe\u0301 "; got != want {
		t.Errorf("shift+right ×5 selected %q, want %q", got, want)
	}
	key(fyne.KeyRight) // the emoji is one step of one code point (4 bytes)
	if s, e := r.Selection(); s != start || e != start+7 {
		t.Errorf("shift+right over the emoji: selection %d–%d, want %d–%d", s, e, start, start+7)
	}
	key(fyne.KeyLeft)
	key(fyne.KeyLeft)
	if got, want := r.SelectedText(), "cafe\u0301"; got != want {
		t.Errorf("shift+left ×2 selected %q, want %q", got, want)
	}
	r.KeyUp(shift)

	r.SetSelection(start, start)
	r.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyRight, Modifier: fyne.KeyModifierControl | fyne.KeyModifierShift})
	r.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyRight, Modifier: fyne.KeyModifierControl | fyne.KeyModifierShift})
	if got, want := r.SelectedText(), "cafe\u0301 🙂 est"; got != want {
		t.Errorf("ctrl+shift+right ×2 selected %q, want %q", got, want)
	}
	key(fyne.KeyRight) // collapses to the end
	if s, e := r.Selection(); s != e {
		t.Errorf("right without shift left %d–%d selected, want a caret", s, e)
	}

	r.SetSelection(start, start)
	r.KeyDown(shift)
	key(fyne.KeyEnd)
	r.KeyUp(shift)
	if got, want := r.SelectedText(), "cafe\u0301 🙂 est prêt, dit-il."; got != want {
		t.Errorf("shift+end selected %q, want %q", got, want)
	}

	r.SetSelection(start, start)
	r.KeyDown(shift)
	key(fyne.KeyDown)
	r.KeyUp(shift)
	if _, e := r.Selection(); e <= len([]rune("Le cafe\u0301 🙂 est prêt, dit-il.")) {
		t.Errorf("shift+down ended the selection at %d, want it in the second paragraph", e)
	}

	r.TypedShortcut(&fyne.ShortcutSelectAll{})
	if s, e := r.Selection(); s != 0 || e != utf8.RuneCountInString(text) {
		t.Errorf("ctrl+A selected %d–%d, want 0–%d", s, e, utf8.RuneCountInString(text))
	}
	cb := fyne.CurrentApp().Clipboard()
	r.TypedShortcut(&fyne.ShortcutCopy{Clipboard: cb})
	if got := cb.Content(); got != text {
		t.Errorf("ctrl+C copied %q, want %q", got, text)
	}
}

// twoClaims is a text with claim 1 around claim 2.
func twoClaims(t testing.TB) (string, []Highlight) {
	text := "The mayor said that unemployment fell by half in two years, which the data does not show."
	s1, e1 := runeSpan(t, text, "unemployment fell by half in two years")
	s2, e2 := runeSpan(t, text, "by half")
	return text, []Highlight{
		{ID: 11, Start: s1, End: e1, Color: color.NRGBA{R: 0xcf, G: 0x22, B: 0x2e, A: 0xff}, Number: 1, Tooltip: "Unemployment halved — False"},
		{ID: 22, Start: s2, End: e2, Color: color.NRGBA{R: 0x1a, G: 0x7f, B: 0x37, A: 0xff}, Number: 2, Tooltip: "By half — True"},
	}
}

func TestReaderTapEmitsInnermostClaim(t *testing.T) {
	test.NewTempApp(t)
	text, hs := twoClaims(t)
	r, _ := newTestReader(t, 700, 400, "Title", "", text)
	r.SetHighlights(hs)
	var got []int64
	r.OnClaimTapped = func(id int64) { got = append(got, id) }
	for _, tc := range []struct {
		at   string
		want []int64
	}{
		{"unemployment", []int64{11}},
		{"half", []int64{22}},
		{"by half", []int64{22}}, // the space inside the inner claim
		{"mayor", nil},
	} {
		got = nil
		s, _ := runeSpan(t, text, tc.at)
		test.TapAt(r, readerPointIn(r, s+1))
		if !slices.Equal(got, tc.want) {
			t.Errorf("tap on %q reported claims %v, want %v", tc.at, got, tc.want)
		}
	}
	// A tap that extends a selection is not a tap on a claim.
	got = nil
	r.SetSelection(0, 3)
	r.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	s, _ := runeSpan(t, text, "half")
	test.TapAt(r, readerPointIn(r, s+1))
	r.KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	if got != nil {
		t.Errorf("shift-tap reported claims %v, want none", got)
	}
}

// rectsFilled returns the rectangles of the reader filled with c.
func rectsFilled(r *Reader, c color.Color) []*canvas.Rectangle {
	var out []*canvas.Rectangle
	want := color.NRGBAModel.Convert(c)
	for _, o := range test.WidgetRenderer(r).Objects() {
		if b, ok := o.(*canvas.Rectangle); ok && b.FillColor != nil && color.NRGBAModel.Convert(b.FillColor) == want {
			out = append(out, b)
		}
	}
	return out
}

func TestReaderOverlappingHighlightsBothRender(t *testing.T) {
	test.NewTempApp(t)
	text, hs := twoClaims(t)
	r, _ := newTestReader(t, 700, 400, "Title", "", text)
	r.SetHighlights(hs)
	r.SelectClaim(11)
	var lines [2]float32
	for i, h := range hs {
		if got := len(rectsFilled(r, readerAlpha(h.Color, 0.35))); got == 0 {
			t.Errorf("claim %d: no tint rectangle in its colour", h.ID)
		}
		underlines := rectsFilled(r, readerAlpha(h.Color, 1))
		if len(underlines) < 2 { // an underline and the badge
			t.Fatalf("claim %d: %d opaque rectangles in its colour, want an underline and a badge", h.ID, len(underlines))
		}
		for _, u := range underlines {
			if u.CornerRadius == 0 {
				lines[i] = u.Position().Y
			}
		}
	}
	if lines[0] == lines[1] {
		t.Errorf("the two claims' underlines are both at y=%v, want them stacked apart", lines[0])
	}
	outlined := false
	for _, o := range test.WidgetRenderer(r).Objects() {
		if b, ok := o.(*canvas.Rectangle); ok && b.StrokeWidth > 0 && b.StrokeColor != nil && color.NRGBAModel.Convert(b.StrokeColor) == color.NRGBAModel.Convert(hs[0].Color) {
			outlined = true
		}
	}
	if !outlined {
		t.Error("the selected claim has no outline")
	}
	for _, want := range []string{"1", "2"} {
		if !readerHasText(r, want) {
			t.Errorf("no marker numbered %s", want)
		}
	}
}

// readerHasText reports whether a text object of the reader shows s.
func readerHasText(r *Reader, s string) bool {
	for _, o := range test.WidgetRenderer(r).Objects() {
		if tx, ok := o.(*canvas.Text); ok && tx.Text == s {
			return true
		}
	}
	return false
}

// readerWordList is a vocabulary for generated articles.
var readerWordList = strings.Fields(`the of and to in a is that for it as was with be by on not he
	this are or his from at which but have an they you were her she there been one all we their has
	would when if so no will more can its said who what about up out them than into some could time
	only other new council minister budget percent million report data police election vote health
	school cost rate growth unemployment inflation evidence claim official spokesperson government
	statement according figures increase decrease since year years week month public spending tax
	café naïve résumé 🙂 שלום عربية straße économie programme infrastructure accountability`)

// readerArticle generates a deterministic article of about n words in
// paragraphs of 40 to 150 words.
func readerArticle(n int, seed uint64) string {
	rng := rand.New(rand.NewPCG(seed, 7))
	var b strings.Builder
	words := 0
	for words < n {
		if words > 0 {
			b.WriteString("\n\n")
		}
		pn := min(40+rng.IntN(111), n-words)
		for i := range pn {
			if i > 0 {
				b.WriteByte(' ')
			}
			w := readerWordList[rng.IntN(len(readerWordList))]
			if i == 0 {
				w = strings.ToUpper(w[:1]) + w[1:]
			}
			b.WriteString(w)
			if i == pn-1 || rng.IntN(12) == 0 {
				b.WriteByte("..,;"[rng.IntN(4)])
			}
		}
		words += pn
	}
	return b.String()
}

// readerHighlights generates n claims spread over a text of runes code points.
func readerHighlights(n, runes int, seed uint64) []Highlight {
	rng := rand.New(rand.NewPCG(seed, 9))
	colors := []color.Color{
		color.NRGBA{R: 0x1a, G: 0x7f, B: 0x37, A: 0xff}, color.NRGBA{R: 0xd4, G: 0xa7, B: 0x2c, A: 0xff},
		color.NRGBA{R: 0xcf, G: 0x22, B: 0x2e, A: 0xff}, color.NRGBA{R: 0x82, G: 0x50, B: 0xdf, A: 0xff},
	}
	hs := make([]Highlight, n)
	for i := range hs {
		s := rng.IntN(max(1, runes-200))
		hs[i] = Highlight{ID: int64(i + 1), Start: s, End: s + 20 + rng.IntN(150), Color: colors[i%len(colors)], Number: i + 1, Tooltip: fmt.Sprintf("Claim %d", i+1)}
	}
	return hs
}

func TestReaderLaysOutOnlyVisibleParagraphs(t *testing.T) {
	test.NewTempApp(t)
	text := readerArticle(50_000, 1)
	r, win := newTestReader(t, 1000, 700, "A long article", "By A. Writer · The Paper · 2025-09-01", text)
	n := utf8.RuneCountInString(text)
	r.SetHighlights(readerHighlights(2000, n, 2))
	const maxParas, maxObjects = 16, 2000
	check := func(when string) {
		t.Helper()
		if got := r.laidOutParagraphs(); got > maxParas || got == 0 {
			t.Errorf("%s: %d paragraphs laid out, want 1 to %d of %d", when, got, maxParas, len(r.doc.paras))
		}
		if got := len(test.WidgetRenderer(r).Objects()); got > maxObjects {
			t.Errorf("%s: %d objects, want at most %d", when, got, maxObjects)
		}
	}
	check("opened")

	target := n * 3 / 4
	r.ShowOffset(target)
	check("after ShowOffset far")
	if y := readerPointAt(r, target).Y; y < 0 || y > 700 {
		t.Errorf("offset %d is at y=%v after ShowOffset, want it in view (0–700)", target, y)
	}
	if r.laidOutParagraphs() >= len(r.doc.paras)/4 {
		t.Errorf("jumping far laid out %d paragraphs", r.laidOutParagraphs())
	}

	// A wheel notch (25 px from the driver) moves three lines.
	before := r.scrollY()
	test.Scroll(win.Canvas(), fyne.NewPos(500, 300), 0, -wheelNotch)
	if got, want := r.scrollY()-before, 3*r.lay.m.lineH; got < want-1 || got > want+1 {
		t.Errorf("one wheel notch moved %v, want three lines (%v)", got, want)
	}
	check("after scrolling")

	before = r.scrollY()
	r.TypedKey(&fyne.KeyEvent{Name: fyne.KeyPageDown})
	if got := r.scrollY() - before; got < 0.8*r.lay.viewH {
		t.Errorf("PageDown moved to %v from %v, want about a screen (%v) further", r.scrollY(), before, r.lay.viewH)
	}
	win.Resize(fyne.NewSize(700, 700))
	check("after re-wrapping")
}

func TestReaderScrollBarDrag(t *testing.T) {
	test.NewTempApp(t)
	r, win := newTestReader(t, 800, 600, "Title", "", readerArticle(5000, 3))
	ty, th, ok := r.thumb()
	if !ok {
		t.Fatal("no scroll bar on a long article")
	}
	x := float32(800 - readerBarLane/2)
	from := fyne.NewPos(x, ty+th/2)
	to := from.AddXY(0, 200)
	test.Drag(win.Canvas(), to, 0, 200)
	if r.scrollY() <= 0 {
		t.Errorf("dragging the thumb down left the view at %v", r.scrollY())
	}
	if ty2, _, _ := r.thumb(); ty2 < ty+190 || ty2 > ty+210 {
		t.Errorf("thumb at %v after dragging it 200 from %v", ty2, ty)
	}
	if s, e := r.Selection(); s != e {
		t.Errorf("dragging the scroll bar selected %d–%d", s, e)
	}
}

func TestReaderShowClaimScrollsAndFlashes(t *testing.T) {
	test.NewTempApp(t)
	text := readerArticle(8000, 4)
	n := utf8.RuneCountInString(text)
	r, _ := newTestReader(t, 800, 600, "Title", "", text)
	s := n - 300
	r.SetHighlights([]Highlight{{ID: 5, Start: s, End: s + 40, Color: color.NRGBA{R: 0xcf, A: 0xff}, Number: 1}})
	r.ShowClaim(5)
	if y := readerPointAt(r, s).Y; y < 0 || y > 600 {
		t.Errorf("claim start at y=%v after ShowClaim, want in view", y)
	}
	if r.flashID != 0 {
		t.Errorf("flash still on claim %d after the animation ended", r.flashID)
	}
	r.ShowClaim(99) // unknown: nothing happens
}

func TestReaderHoverShowsTooltip(t *testing.T) {
	test.NewTempApp(t)
	text, hs := twoClaims(t)
	r, win := newTestReader(t, 700, 400, "Title", "", text)
	r.SetHighlights(hs)
	s, _ := runeSpan(t, text, "half")
	test.MoveMouse(win.Canvas(), readerPointIn(r, s+1))
	if !readerHasText(r, "By half — True") {
		t.Error("hovering the inner claim shows no tooltip")
	}
	test.MoveMouse(win.Canvas(), fyne.NewPos(5, 390))
	if readerHasText(r, "By half — True") {
		t.Error("tooltip still shown after the pointer left the claim")
	}
}

func TestReaderZoomKeepsPosition(t *testing.T) {
	test.NewTempApp(t)
	text := readerArticle(20000, 5)
	r, _ := newTestReader(t, 900, 600, "Title", "", text)
	target := utf8.RuneCountInString(text) / 2
	r.ShowOffset(target)
	para := r.doc.paraAt(target)
	body := r.lay.m.body
	r.SetZoom(1.5)
	if got, want := r.lay.m.body, body*1.5; got != want {
		t.Errorf("body size at 150%% = %v, want %v", got, want)
	}
	if got := r.Zoom(); got != 1.5 {
		t.Errorf("Zoom() = %v, want 1.5", got)
	}
	first, last := r.ensureVisible()
	if para < first-1 || para > last+1 {
		t.Errorf("after zooming the view shows paragraphs %d–%d, want near %d", first, last, para)
	}
}

// readerVariantTheme is the default theme held to one variant.
type readerVariantTheme struct {
	fyne.Theme
	v fyne.ThemeVariant
}

func (th readerVariantTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return th.Theme.Color(n, th.v)
}

func TestReaderThemeColours(t *testing.T) {
	a := test.NewTempApp(t)
	r, _ := newTestReader(t, 600, 300, "Title", "", "Some words to read.")
	r.SetSelection(0, 4)
	var seen []color.Color
	for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		th := readerVariantTheme{theme.DefaultTheme(), v}
		a.Settings().SetTheme(th)
		r.Refresh()
		want := th.Color(theme.ColorNameForeground, v)
		seen = append(seen, want)
		found := false
		for _, o := range test.WidgetRenderer(r).Objects() {
			if tx, ok := o.(*canvas.Text); ok && tx.Text == "words" {
				found = true
				if tx.Color != want {
					t.Errorf("variant %d: text colour %v, want the theme's foreground %v", v, tx.Color, want)
				}
			}
		}
		if !found {
			t.Errorf("variant %d: the word %q is not drawn", v, "words")
		}
		if len(rectsFilled(r, readerTranslucent(th.Color(theme.ColorNameSelection, v), 0x66))) == 0 {
			t.Errorf("variant %d: no selection in the theme's selection colour", v)
		}
	}
	if seen[0] == seen[1] {
		t.Fatal("light and dark foregrounds are the same; the test proves nothing")
	}
}

func TestReaderBreaksLongWords(t *testing.T) {
	test.NewTempApp(t)
	long := strings.Repeat("abcdefghij", 30) + "🙂é"
	text := "Before " + long + " after."
	r, _ := newTestReader(t, 400, 400, "", "", text)
	pl := r.paraLayout(0)
	if len(pl.lines) < 3 {
		t.Fatalf("a %d-character word takes %d lines, want it broken over several", len(long), len(pl.lines))
	}
	var got strings.Builder
	for _, pc := range pl.pieces {
		if pc.x+pc.w > r.lay.m.colW+0.5 {
			t.Errorf("piece %d–%d ends at %v, past the column (%v)", pc.start, pc.end, pc.x+pc.w, r.lay.m.colW)
		}
		got.WriteString(string(r.doc.runes[pc.start:pc.end]))
	}
	if want := strings.ReplaceAll(text, " ", ""); got.String() != want {
		t.Errorf("pieces spell %q, want %q", got.String(), want)
	}
	// A drag inside the broken word selects by code point.
	s, _ := runeSpan(t, text, long)
	r.SetSelection(s+95, s+95)
	r.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	r.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight})
	r.KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	if a, b := r.Selection(); a != s+95 || b != s+96 {
		t.Errorf("selection %d–%d, want %d–%d", a, b, s+95, s+96)
	}
}

func TestReaderGolden(t *testing.T) {
	test.NewTempApp(t)
	text := "The city council voted 7–2 on Tuesday to add three new bus routes, the largest expansion in a decade.\n\n" +
		"“This is the busiest our buses have been since 2008,” said Mayor Lena Okafor, adding that ridership had doubled.\n\n" +
		"The expansion will cost $14.2 million over five years, according to the budget office."
	r, win := newTestReader(t, 640, 420, "Council adds three bus routes", "By Sam Reporter · Metro Daily · 2025-09-02", text)
	hl := func(id int64, quote string, c color.NRGBA, n int) Highlight {
		s, e := runeSpan(t, text, quote)
		return Highlight{ID: id, Start: s, End: e, Color: c, Number: n, Tooltip: quote}
	}
	r.SetHighlights([]Highlight{
		hl(1, "voted 7–2 on Tuesday", color.NRGBA{R: 0x1a, G: 0x7f, B: 0x37, A: 0xff}, 1),
		hl(2, "busiest our buses have been since 2008", color.NRGBA{R: 0xcf, G: 0x22, B: 0x2e, A: 0xff}, 2),
		hl(3, "since 2008", color.NRGBA{R: 0xd4, G: 0xa7, B: 0x2c, A: 0xff}, 3),
	})
	s, e := runeSpan(t, text, "The expansion will cost $14.2 million over five years")
	r.SetSuggestions([]Suggestion{{Start: s, End: e, Score: 0.82}})
	fs, fe := runeSpan(t, text, "ridership")
	r.SetFindMatches([][2]int{{fs, fe}}, 0)
	r.SelectClaim(2)
	test.AssertRendersToMarkup(t, "reader_article.xml", win.Canvas())
	test.AssertRendersToImage(t, "reader_article.png", win.Canvas())
}

func TestReaderFindBar(t *testing.T) {
	test.NewTempApp(t)
	text := "Éric said the tax rose. The TAX fell, said others.\n\nNo one knew what the tax did; éric shrugged."
	r, _ := newTestReader(t, 700, 400, "Title", "", text)
	f := NewFindBar(r)
	w := test.NewTempWindow(t, f)
	closed := false
	f.OnClosed = func() { closed = true }

	f.SetQuery("tax")
	n, cur := f.Matches()
	if n != 3 || cur != 0 {
		t.Fatalf("Matches() = %d, %d, want 3, 0", n, cur)
	}
	if !slices.Equal(r.finds, [][2]int{
		{14, 17}, {28, 31}, {runeIndex(text, "tax did"), runeIndex(text, "tax did") + 3},
	}) {
		t.Errorf("reader matches %v", r.finds)
	}
	if got := f.count.Text; got != "1 of 3" {
		t.Errorf("count = %q, want %q", got, "1 of 3")
	}
	w.Canvas().Focus(f)
	if w.Canvas().Focused() != f.entry {
		t.Errorf("focusing the bar focused %T, want its entry", w.Canvas().Focused())
	}
	f.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	f.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if _, cur := f.Matches(); cur != 2 || r.findCur != 2 {
		t.Errorf("after Enter ×2 current = %d (reader %d), want 2", cur, r.findCur)
	}
	f.entry.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	f.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	f.entry.KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	if _, cur := f.Matches(); cur != 1 {
		t.Errorf("after Shift+Enter current = %d, want 1", cur)
	}
	f.Next()
	f.Next() // wraps
	if _, cur := f.Matches(); cur != 0 {
		t.Errorf("after wrapping current = %d, want 0", cur)
	}

	f.SetQuery("ÉRIC") // case folds beyond ASCII
	if n, _ := f.Matches(); n != 2 {
		t.Errorf("%q matched %d times, want 2", "ÉRIC", n)
	}
	f.SetQuery("zebra")
	if n, _ := f.Matches(); n != 0 || f.count.Text != "No matches" {
		t.Errorf("%q: %d matches, count %q; want none", "zebra", n, f.count.Text)
	}
	f.SetQuery("tax")
	f.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if !closed || len(r.finds) != 0 {
		t.Errorf("Escape: closed %v, reader still has %d matches", closed, len(r.finds))
	}
}

func runeIndex(s, sub string) int {
	return utf8.RuneCountInString(s[:strings.Index(s, sub)])
}

// A press, drags and a release in the order the desktop driver sends them.
func TestReaderPressDragSelects(t *testing.T) {
	test.NewTempApp(t)
	text := "Alpha beta gamma delta.\n\nEpsilon zeta eta theta."
	r, _ := newTestReader(t, 700, 400, "", "", text)
	s, _ := runeSpan(t, text, "beta")
	_, e := runeSpan(t, text, "zeta")
	a, b := readerPointAt(r, s), readerPointAt(r, e)
	mid := fyne.NewPos((a.X+b.X)/2, (a.Y+b.Y)/2)
	r.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: a}, Button: desktop.MouseButtonPrimary})
	r.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: mid}, Dragged: fyne.NewDelta(mid.X-a.X, mid.Y-a.Y)})
	r.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: b}, Dragged: fyne.NewDelta(b.X-mid.X, b.Y-mid.Y)})
	r.DragEnd()
	r.MouseUp(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: b}, Button: desktop.MouseButtonPrimary})
	if got, want := r.SelectedText(), "beta gamma delta.\n\nEpsilon zeta"; got != want {
		t.Errorf("press and drag selected %q, want %q", got, want)
	}
}

// Odd articles and events out of order must not break the reader.
func TestReaderOddInput(t *testing.T) {
	test.NewTempApp(t)
	for _, text := range []string{"", "   ", "\n\n\n\n", "word", strings.Repeat("x", 5000), "a\u0301\u0301\u0301 🙂\u200d🙂 \xff\xfe bad bytes"} {
		r, win := newTestReader(t, 300, 200, "", "", text)
		n := utf8.RuneCountInString(text)
		if got := r.textLen(); got != n {
			t.Errorf("%q: %d code points, want %d", text, got, n)
		}
		r.SetHighlights([]Highlight{{ID: 1, Start: -5, End: n + 5, Color: color.Black, Number: 1}})
		r.SetSuggestions([]Suggestion{{Start: 0, End: n + 3, Score: 0.5}})
		r.SetFindMatches([][2]int{{0, 1}, {n, n + 9}}, 1)
		r.SetSelection(-3, n+10)
		if s, e := r.Selection(); s != 0 || e != n {
			t.Errorf("%q: SetSelection clipped to %d–%d, want 0–%d", text, s, e, n)
		}
		for _, p := range []fyne.Position{{X: 1, Y: 1}, {X: 150, Y: 100}, {X: 299, Y: 199}, {X: -20, Y: 500}} {
			press := &desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: p}, Button: desktop.MouseButtonPrimary}
			for range 3 {
				r.MouseDown(press)
			}
			test.TapAt(r, p)
			r.DoubleTapped(&fyne.PointEvent{Position: p})
			test.Drag(win.Canvas(), p, 40, 30)
			test.MoveMouse(win.Canvas(), p)
		}
		for _, k := range []fyne.KeyName{fyne.KeyLeft, fyne.KeyRight, fyne.KeyUp, fyne.KeyDown, fyne.KeyHome, fyne.KeyEnd, fyne.KeyPageDown, fyne.KeySpace} {
			r.TypedKey(&fyne.KeyEvent{Name: k})
		}
		r.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyLeft, Modifier: fyne.KeyModifierControl})
		r.ShowOffset(n + 100)
		r.ShowClaim(1)
		r.SetZoom(2.5)
		if s, e := r.Selection(); s < 0 || e > n || s > e {
			t.Errorf("%q: selection %d–%d out of the text", text, s, e)
		}
	}
}

func TestReaderHandsOverUnusedKeys(t *testing.T) {
	test.NewTempApp(t)
	text := "One two three."
	r, _ := newTestReader(t, 500, 300, "", "", text)
	var runes []rune
	var keys []fyne.KeyName
	r.SetKeyHandlers(
		func(c rune) bool { runes = append(runes, c); return true },
		func(ev *fyne.KeyEvent) bool {
			keys = append(keys, ev.Name)
			return ev.Name == fyne.KeyDelete // the owner keeps Delete only
		})
	test.Type(r, "k2")
	if string(runes) != "k2" {
		t.Errorf("owner got runes %q, want %q", string(runes), "k2")
	}
	r.SetSelection(0, 0)
	r.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	r.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight})
	if !slices.Equal(keys, []fyne.KeyName{fyne.KeyDelete, fyne.KeyRight}) {
		t.Errorf("owner saw keys %v, want Delete and Right", keys)
	}
	if s, _ := r.Selection(); s != 1 {
		t.Errorf("Right the owner passed on moved the caret to %d, want 1", s)
	}
}

// TestReaderFoldsCaptions folds a long caption to its first line; a tap on
// it shows it whole, and showing a claim past its first line unfolds it.
func TestReaderFoldsCaptions(t *testing.T) {
	caption := strings.Repeat("A street in the old town where rents rose, seen from the river bank. ", 8)
	text := "Rents rose by 40 percent.\n\n" + caption + "\n\nTenants disagreed."
	r, _ := newTestReader(t, 700, 600, "Rents", "", text)
	start := strings.Index(text, "A street")
	r.SetFolded([]int{start})
	p := r.doc.paraAt(start)
	if got := len(r.paraLayout(p).lines); got != 1 {
		t.Fatalf("folded caption shows %d lines, want 1", got)
	}
	r.Tapped(&fyne.PointEvent{Position: readerPointAt(r, start+2)})
	if r.folded[p] || len(r.paraLayout(p).lines) < 2 {
		t.Fatalf("after a tap on it the caption is still folded (%d lines)", len(r.paraLayout(p).lines))
	}
	r.SetFolded([]int{start})
	r.ShowOffset(start + len([]rune(caption)) - 5)
	if r.folded[p] {
		t.Errorf("showing an offset past the caption's first line left it folded")
	}
}
