package app

import (
	"runtime"
	"testing"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// The benchmarks use a generated article of 50,000 words with 2,000
// highlights in a 1000×800 headless window. A "frame" is the reader's own
// work for it (layout of the paragraphs in view and the canvas objects),
// not the painting, which the test driver does not do.

const (
	readerBenchWords      = 50_000
	readerBenchHighlights = 2_000
)

func readerBenchArticle() (string, []Highlight) {
	text := readerArticle(readerBenchWords, 42)
	return text, readerHighlights(readerBenchHighlights, utf8.RuneCountInString(text), 43)
}

// readerWarmFonts loads the fonts, fallbacks included, as any first text
// drawn in the process does; that one-off cost is Fyne's, not the reader's.
func readerWarmFonts() {
	fyne.MeasureText("Hello café שלום عربية 🙂", 16, fyne.TextStyle{})
	fyne.MeasureText("Hello", 16, fyne.TextStyle{Bold: true})
}

func heapInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapInuse
}

// BenchmarkReaderOpen opens the article and builds its first frame. It also
// reports the first open (cold-ms: no word measured yet) and the heap the
// open article holds (held-MB) and the whole heap then (heap-MB).
func BenchmarkReaderOpen(b *testing.B) {
	test.NewTempApp(b)
	readerWarmFonts()
	text, hs := readerBenchArticle()
	win := test.NewTempWindow(b, nil)
	win.SetPadded(false)
	win.Resize(fyne.NewSize(1000, 800))

	base := heapInUse()
	t0 := time.Now()
	r := NewReader()
	r.SetArticle("A long article", "By A. Writer · The Paper · 2025-09-01", text)
	r.SetHighlights(hs)
	win.SetContent(r)
	cold := time.Since(t0)
	heap := heapInUse()
	held := heap - base
	runtime.KeepAlive(r)

	b.ResetTimer()
	for b.Loop() {
		r := NewReader()
		r.SetArticle("A long article", "By A. Writer · The Paper · 2025-09-01", text)
		r.SetHighlights(hs)
		win.SetContent(r)
	}
	b.StopTimer()
	b.ReportMetric(float64(cold.Microseconds())/1000, "cold-ms")
	b.ReportMetric(float64(held)/(1<<20), "held-MB")
	b.ReportMetric(float64(heap)/(1<<20), "heap-MB")
}

// BenchmarkReaderScroll scrolls down by one screen per frame, back to the
// top at the end.
func BenchmarkReaderScroll(b *testing.B) {
	test.NewTempApp(b)
	readerWarmFonts()
	text, hs := readerBenchArticle()
	r, _ := newTestReader(b, 1000, 800, "A long article", "", text)
	r.SetHighlights(hs)
	screen := &fyne.ScrollEvent{Scrolled: fyne.Delta{DY: -800}}
	b.ResetTimer()
	for b.Loop() {
		if r.scrollY() >= r.maxScroll() {
			r.ShowOffset(0)
			continue
		}
		r.Scrolled(screen)
	}
}

// BenchmarkReaderRewrap changes the width, as opening a side panel does,
// and builds the frame at the new width.
func BenchmarkReaderRewrap(b *testing.B) {
	test.NewTempApp(b)
	readerWarmFonts()
	text, hs := readerBenchArticle()
	r, win := newTestReader(b, 1000, 800, "A long article", "", text)
	r.SetHighlights(hs)
	r.ShowOffset(utf8.RuneCountInString(text) / 2)
	widths := []float32{1000, 900, 820, 760, 700, 960}
	i := 0
	b.ResetTimer()
	for b.Loop() {
		i = (i + 1) % len(widths)
		win.Resize(fyne.NewSize(widths[i], 800))
	}
}
