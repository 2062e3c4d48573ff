package app

import (
	"fmt"
	"os"
	"time"

	"fyne.io/fyne/v2"
)

// traceInput logs, with FACTDESK_TRACE=1, how long an action took from the
// input that started it to the frame that shows it: the handler runs in the
// driver's event tick, which paints before it takes the next queued
// function, so the queued function below runs once that frame is drawn.
func (ws *Workspace) traceInput(action string) {
	if !ws.opts.Trace {
		return
	}
	t0 := time.Now()
	fyne.Do(func() {
		fmt.Fprintf(os.Stderr, "input-to-frame %s ms=%.1f\n", action, float64(time.Since(t0).Microseconds())/1000)
	})
}

// traceEvent logs, with FACTDESK_TRACE=1, that something the user sees
// came or went ("notice shown"), once the frame that shows it is drawn:
// the window tests wait on these rather than on guessed times.
func (ws *Workspace) traceEvent(event string) {
	if !ws.opts.Trace {
		return
	}
	fyne.Do(func() { fmt.Fprintf(os.Stderr, "event %s\n", event) })
}
