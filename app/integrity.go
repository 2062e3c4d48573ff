package app

import (
	"context"
	"errors"
	"fmt"

	"fyne.io/fyne/v2/dialog"

	"github.com/factdesk/factdesk/annotate"
)

// Integrity is what the window asks of the library beyond its data: a
// warning from opening it (a lost or damaged log after a crash), and the
// background check that runs once a day and after an unclean shutdown.
// *storage.DB satisfies it.
type Integrity interface {
	Warning() string
	QuickCheckDue() bool
	QuickCheck(ctx context.Context) error
	ReadOnly() string
}

// checkIntegrity shows the opening warning, and runs the quick check off
// the UI goroutine when it is due. It never holds up the first frame: it is
// called once the window is up. A failed check leaves the library
// read-only, and the user is told so and where the latest backup is.
func (ws *Workspace) checkIntegrity() {
	in := ws.opts.Integrity
	if in == nil {
		return
	}
	if w := in.Warning(); w != "" {
		dialog.ShowInformation("The library was not closed cleanly", w, ws.win)
	}
	if !in.QuickCheckDue() {
		return
	}
	// Quitting stops the check: the library closes at once, and the check
	// is still due when it is next opened.
	ctx, cancel := context.WithCancel(context.Background())
	ws.stopCheck = cancel
	var err error
	ws.background(func() {
		err = in.QuickCheck(ctx)
	}, func() {
		cancel()
		if err == nil || errors.Is(err, context.Canceled) {
			return
		}
		msg := annotate.ErrorMessage(err)
		if ro := in.ReadOnly(); ro != "" {
			msg += "\n\nThe library is now read-only so that nothing more is written into a damaged file: " + ro
		}
		if latest := ws.latestBackup(); latest != "" {
			msg += fmt.Sprintf("\n\nThe latest backup is %s; restore it with\nfactdesk restore %q", latest, latest)
		}
		dialog.ShowError(fmt.Errorf("%s", msg), ws.win)
		ws.notice.show(noticeWarning, "The library failed its integrity check and is read-only", "", nil)
	})
}

// latestBackup names the newest backup, looked for only when one is to be
// offered rather than at every start.
func (ws *Workspace) latestBackup() string {
	if ws.opts.LatestBackup == nil {
		return ""
	}
	return ws.opts.LatestBackup()
}
