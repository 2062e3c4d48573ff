package app

import (
	"context"
	"testing"
	"time"

	"github.com/factdesk/factdesk/storage"
)

// slowCheck is a library whose quick check runs until it is stopped.
type slowCheck struct {
	*storage.DB
	started chan struct{}
}

func (s slowCheck) QuickCheckDue() bool { return true }

func (s slowCheck) QuickCheck(ctx context.Context) error {
	close(s.started)
	<-ctx.Done()
	return ctx.Err()
}

// TestQuitStopsIntegrityCheck: quitting while the background check runs
// stops it, so that the library closes at once, and says nothing of it.
func TestQuitStopsIntegrityCheck(t *testing.T) {
	f := newFixture(t)
	check := slowCheck{DB: f.db, started: make(chan struct{})}
	f.ws.opts.Integrity = check
	finished := make(chan struct{})
	f.ws.background = func(work, done func()) {
		go func() {
			work()
			done()
			close(finished)
		}()
	}
	f.ws.checkIntegrity()
	<-check.started
	f.ws.quit()
	select {
	case <-finished:
	case <-time.After(10 * time.Second):
		t.Fatal("quitting did not stop the integrity check")
	}
	if n := len(f.ws.win.Canvas().Overlays().List()); n != 0 {
		t.Errorf("a stopped check shows %d dialogs, want none", n)
	}
}
