package app

import (
	"sync/atomic"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/theme"
)

// appID is the Fyne application id, which names the preferences' folder.
const appID = "org.factdesk.FactDesk"

// prepared is what Prepare made, waiting for Run or ShowOpenProblem. Only
// the main goroutine touches it.
var prepared *preparedApp

type preparedApp struct {
	app   fyne.App
	stop  atomic.Bool   // no more fonts to be loaded
	fonts chan struct{} // closed when loading stops
}

// Prepare creates the Fyne app, installs the theme and starts loading its
// fonts on another goroutine, so that the caller can open the library
// meanwhile: otherwise the first text measured loads them on the UI
// goroutine, before the first frame. Run or ShowOpenProblem then use the
// app it made. demo is Options.Demo.
func Prepare(demo string) {
	p := &preparedApp{app: createApp(demo), fonts: make(chan struct{})}
	go func() {
		defer close(p.fonts)
		loadFonts(&p.stop)
	}()
	prepared = p
}

// newApp is the app Prepare made, or a new one for demo, and a function
// that stops the loading of fonts Prepare started and waits for the font
// being loaded: text may be measured on one goroutine at a time only (the
// shaper is shared), so nothing is measured before it returns. The fonts
// not loaded by then load when first used.
func newApp(demo string) (fyne.App, func()) {
	if p := prepared; p != nil {
		prepared = nil
		return p.app, func() {
			p.stop.Store(true)
			<-p.fonts
		}
	}
	return createApp(demo), func() {}
}

// createApp creates the Fyne app with the theme the window starts in.
func createApp(demo string) fyne.App {
	a := fyneapp.NewWithID(appID)
	a.Settings().SetTheme(newFactTheme(themeVariant(a.Preferences(), demo)))
	return a
}

// loadFonts measures a word in each style the first frame draws (the
// claim numbers are monospaced), most used first, which parses their
// fonts into Fyne's cache, until stop is set. Italic, first drawn when a
// claim is selected, is left to load then: each style holds some
// megabytes.
func loadFonts(stop *atomic.Bool) {
	defer recoverPanic()
	for _, style := range []fyne.TextStyle{{}, {Bold: true}, {Monospace: true}} {
		if stop.Load() {
			return
		}
		fyne.MeasureText("FactDesk", theme.TextSize(), style)
	}
}

// themeVariant is the theme the window starts in: the one chosen in the
// preferences, dark for the dark demo.
func themeVariant(p fyne.Preferences, demo string) string {
	if demo == "dark" {
		return "dark"
	}
	return p.String(prefTheme)
}
