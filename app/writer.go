package app

import (
	"context"
	"sync"

	"fyne.io/fyne/v2"

	"github.com/factdesk/factdesk/annotate"
)

// writer runs the window's saves off the UI goroutine, one after another
// and in the order they were made. Until one is stored the window shows it
// already; if it fails, the user is told and keeps what they typed. Tests
// run saves in line.
type writer struct {
	async   bool
	start   sync.Once
	queue   chan func()
	pending sync.WaitGroup
}

// do runs work off the UI goroutine, then done on it with work's error.
func (w *writer) do(work func() error, done func(error)) {
	if !w.async {
		done(work())
		return
	}
	w.start.Do(func() {
		w.queue = make(chan func(), 64)
		go func() {
			for f := range w.queue {
				f()
			}
		}()
	})
	w.pending.Add(1)
	w.queue <- func() {
		var err error
		func() {
			defer recoverPanic()
			err = work()
		}()
		// Queued before the count drops: fyne.Do only queues in the window,
		// and a test's driver runs it at once, so that wait covers it.
		fyne.Do(guard(func() { done(err) }))
		w.pending.Done()
	}
}

// wait returns once every save made so far is stored (or has failed), so
// that what is read from the library next includes them.
func (w *writer) wait() { w.pending.Wait() }

// execSave makes an edit of a claim's field: the window shows it at once
// and the library stores it off the UI goroutine. It waits for the save
// before it, so that at most one is under way and each builds on the last.
func (ws *Workspace) execSave(cmd *editClaim) {
	ws.writes.wait()
	ws.history.push(cmd)
	ws.article.applied(cmd, false)
	ws.notifyCommand(cmd, false)
	ws.writes.do(func() error {
		ws.revs.before(cmd)
		if err := cmd.Do(context.Background()); err != nil {
			return err
		}
		ws.revs.after(cmd)
		ws.teamChanged()
		return nil
	}, func(err error) {
		if err != nil {
			ws.saveFailed(cmd, err)
		}
	})
}

// saveFailed takes back an edit the library refused: it leaves the undo
// history, the claim is shown as stored, and the text the user typed stays
// in its field. A conflict is read again and saved on top; any other
// failure is shown, and the next change to the field tries again.
func (ws *Workspace) saveFailed(cmd *editClaim, err error) {
	ws.history.drop(cmd)
	if ws.reloadAfterConflict(cmd, err) {
		return
	}
	ws.showError(err)
	fresh, rerr := ws.store.Claim(context.Background(), cmd.before.ID)
	if rerr != nil {
		return
	}
	ws.revs.set(annotate.KindClaim, fresh.ID, fresh.Rev)
	v := ws.article
	if cur := v.claim(fresh.ID); cur != nil {
		*cur = *cloneClaim(fresh)
		v.setHighlights()
		v.panel.refresh()
		if v.selected == fresh.ID {
			v.editor.reloaded(fresh, cmd.field, false)
		}
	}
}
