package app

import (
	"context"
	"os"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/factdesk/factdesk/storage"
)

// scaleLibrary opens the library named by FACTDESK_SCALE_LIBRARY (one made
// by scripts/genlib; scripts/bench-scale.sh sets it) in a workspace whose
// background work runs at once and whose delayed work runs when fire is
// called, and shows the library at 1280×800. The benchmark is skipped
// without it.
func scaleLibrary(b *testing.B) (l *libraryView, fire func()) {
	path := os.Getenv("FACTDESK_SCALE_LIBRARY")
	if path == "" {
		b.Skip("FACTDESK_SCALE_LIBRARY names no library")
	}
	db, err := storage.Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	a := test.NewTempApp(b)
	win := test.NewTempWindow(b, nil)
	var delayed []func()
	ws := newWorkspace(a, win, db, Options{},
		func(work, done func()) { work(); done() },
		func(d time.Duration, fn func()) func() {
			delayed = append(delayed, fn)
			return func() {}
		})
	win.Resize(fyne.NewSize(1280, 800))
	ws.showLibrary()
	fire = func() {
		fns := delayed
		delayed = nil
		for _, fn := range fns {
			fn()
		}
	}
	return ws.library, fire
}

// BenchmarkLibraryScaleFilterKey types "council" into the filter of a large
// library, key by key, each key followed by the pause that runs its query:
// the time a key, from the query to the list re-bound and laid out.
func BenchmarkLibraryScaleFilterKey(b *testing.B) {
	l, fire := scaleLibrary(b)
	const word = "council"
	b.ResetTimer()
	for b.Loop() {
		for i := 1; i <= len(word); i++ {
			l.filter.SetText(word[:i])
			fire()
			test.WidgetRenderer(l.list).Layout(l.list.Size())
		}
		l.filter.SetText("")
		fire()
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N*(len(word)+1)), "ms/key")
}

// BenchmarkLibraryScaleSort changes the order of a large library through
// every order the menu offers.
func BenchmarkLibraryScaleSort(b *testing.B) {
	l, _ := scaleLibrary(b)
	orders := []string{sortTitle, sortPublisher, sortProgress, sortClaims, sortNewest}
	b.ResetTimer()
	for b.Loop() {
		for _, o := range orders {
			l.sort.SetSelected(o)
			test.WidgetRenderer(l.list).Layout(l.list.Size())
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N*len(orders)), "ms/sort")
}

// BenchmarkLibraryScaleScrollPage scrolls a large library down by one
// screen at a time, from the top to the middle, rows read from the store as
// they come into view.
func BenchmarkLibraryScaleScrollPage(b *testing.B) {
	l, _ := scaleLibrary(b)
	screen := l.list.Size().Height
	rows := float32(l.total) * (screen / 10) // an upper bound of the list's height
	y := float32(0)
	b.ResetTimer()
	for b.Loop() {
		y += screen
		if y > rows/2 {
			y = 0
		}
		l.list.ScrollToOffset(y)
		test.WidgetRenderer(l.list).Layout(l.list.Size())
	}
}
