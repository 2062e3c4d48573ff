// Command benchhello is the Fyne hello-world that scripts/bench-startup.sh
// starts beside FactDesk: one window with one label, and the same
// "first-frame ms=N" line on stderr, timed the same way as app.Run, so that
// the start-up of the toolkit itself is measured in the same run.
package main

import (
	"fmt"
	"os"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

var start = time.Now()

func main() {
	a := fyneapp.NewWithID("org.factdesk.BenchHello")
	w := a.NewWindow("Hello")
	w.SetContent(widget.NewLabel("Hello, Fyne"))
	w.Resize(fyne.NewSize(1280, 800))
	a.Lifecycle().SetOnStarted(func() {
		fyne.Do(func() {
			fmt.Fprintf(os.Stderr, "first-frame ms=%d\n", time.Since(start).Milliseconds())
		})
	})
	w.ShowAndRun()
}
