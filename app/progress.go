package app

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// progressFunc is how work off the UI goroutine says how far it has got:
// done of total steps (total <= 0 when it cannot tell) and what it is on.
// It may be called from any goroutine and as often as the work likes.
type progressFunc func(done, total int, note string)

// task is work that runs off the UI goroutine behind a dialog with a
// progress bar and a Cancel button. Progress reports are folded so that a
// busy worker queues at most one repaint at a time.
type task struct {
	ws      *Workspace
	bar     *widget.ProgressBar
	spin    *widget.ProgressBarInfinite
	note    *widget.Label
	dlg     dialog.Dialog
	cancel  context.CancelFunc
	stopped bool // cancelled by the user; the dialog is gone

	mu      sync.Mutex
	pending bool // a repaint is queued
	done    int
	total   int
	what    string
}

// runTask runs work off the UI goroutine with a progress dialog titled
// title. done runs on the UI goroutine with work's error once work returns,
// also after Cancel (then usually with an error that errors.Is
// context.Canceled), so that the caller can clean up.
func (ws *Workspace) runTask(title string, work func(ctx context.Context, progress progressFunc) error, done func(err error)) *task {
	ctx, cancel := context.WithCancel(context.Background())
	t := &task{ws: ws, cancel: cancel, total: -1,
		bar: widget.NewProgressBar(), spin: widget.NewProgressBarInfinite(), note: widget.NewLabel("")}
	t.note.Truncation = fyne.TextTruncateEllipsis
	t.bar.Hide()
	stop := widget.NewButton("Cancel", t.onCancel)
	content := container.NewVBox(container.NewStack(t.bar, t.spin), t.note, container.NewCenter(stop))
	t.dlg = dialog.NewCustomWithoutButtons(title, content, ws.win)
	t.dlg.Resize(fyne.NewSize(460, 0))
	t.dlg.Show()
	var err error
	ws.background(func() {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("%s failed: %v", title, r)
			}
		}()
		err = work(ctx, t.report)
	}, func() {
		// Work that finished despite a late Cancel (storing a version is not
		// interrupted) reports its real outcome.
		cancel()
		t.close()
		done(err)
	})
	return t
}

// report records progress and queues one repaint for however many reports
// arrive before it runs.
func (t *task) report(done, total int, note string) {
	t.mu.Lock()
	t.done, t.total, t.what = done, total, note
	queued := t.pending
	t.pending = true
	t.mu.Unlock()
	if !queued {
		fyne.Do(t.repaint)
	}
}

func (t *task) repaint() {
	t.mu.Lock()
	done, total, what := t.done, t.total, t.what
	t.pending = false
	t.mu.Unlock()
	if t.stopped {
		return
	}
	if total > 0 {
		t.spin.Hide()
		t.bar.Show()
		t.bar.SetValue(float64(min(done, total)) / float64(total))
	} else {
		t.bar.Hide()
		t.spin.Show()
	}
	t.note.SetText(what)
}

// onCancel stops the work. The dialog goes at once; the work notices the
// cancelled context at its next check and done is still called.
func (t *task) onCancel() {
	t.stopped = true
	t.cancel()
	t.close()
}

func (t *task) close() {
	t.spin.Stop()
	t.dlg.Hide()
}

// cancelled reports whether err is the end of work the user stopped.
func cancelled(err error) bool {
	return errors.Is(err, context.Canceled)
}
