// Command benchhello is the Fyne hello-world that scripts/bench-startup.sh
// starts beside FactDesk: one window with one label, and the same
// "first-frame ms=N" line on stderr, timed the same way as app.Run, so that
// the start-up of the toolkit itself is measured in the same run.
package main

import (
	"fmt"
	"os"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

// start is when the process began, as factdesk reads it: the time the
// benchmark gives in FACTDESK_EXEC_NS, or else when main's package began.
var start = time.Now()

func init() {
	if ns, err := strconv.ParseInt(os.Getenv("FACTDESK_EXEC_NS"), 10, 64); err == nil {
		start = time.Unix(0, ns)
	}
}

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
