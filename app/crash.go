package app

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
)

// Crash reports are kept under the user's cache folder, one file a crash; a
// report already shown to the user is renamed with a ".seen" suffix.
const crashPrefix = "crash-"

// CrashDir is where crash reports are written; FACTDESK_CRASH_DIR moves it.
func CrashDir() string {
	if d := os.Getenv("FACTDESK_CRASH_DIR"); d != "" {
		return d
	}
	base, err := os.UserCacheDir()
	if err != nil {
		base = os.TempDir()
	}
	return filepath.Join(base, "factdesk")
}

// WriteCrash saves a report of a panic and returns its path.
func WriteCrash(v any, stack []byte) (string, error) {
	dir := CrashDir()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	now := time.Now()
	path := filepath.Join(dir, crashPrefix+now.Format("20060102-150405.000")+".txt")
	body := fmt.Sprintf("FactDesk crash report\ntime: %s\npanic: %v\n\n%s", now.Format(time.RFC3339), v, stack)
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		return "", err
	}
	fmt.Fprintf(os.Stderr, "factdesk: internal error: %v (report in %s)\n", v, path)
	return path, nil
}

// unseenCrashes are the reports not shown yet, oldest first.
func unseenCrashes() []string {
	names, _ := filepath.Glob(filepath.Join(CrashDir(), crashPrefix+"*.txt"))
	slices.Sort(names)
	return names
}

// panicShown is set by the workspace to tell the user about a panic it has
// survived.
var (
	panicMu    sync.Mutex
	panicShown func(report string, v any)
)

// guard runs fn and turns a panic in it into a crash report and a message,
// so that one broken action does not take the window and the user's work
// down with it.
func guard(fn func()) func() {
	if fn == nil {
		return nil
	}
	return func() {
		defer recoverPanic()
		fn()
	}
}

// recoverPanic is deferred by guard and by work run off the UI goroutine.
func recoverPanic() {
	v := recover()
	if v == nil {
		return
	}
	path, err := WriteCrash(v, debug.Stack())
	if err != nil {
		path = "(not saved: " + err.Error() + ")"
	}
	panicMu.Lock()
	show := panicShown
	panicMu.Unlock()
	if show != nil {
		fyne.Do(func() { show(path, v) })
	}
}

// installPanicNotice shows survived panics in this workspace's window.
func (ws *Workspace) installPanicNotice() {
	panicMu.Lock()
	defer panicMu.Unlock()
	panicShown = func(report string, v any) {
		dialog.ShowError(fmt.Errorf("FactDesk hit an internal error and stopped that action: %v.\n"+
			"Your library is safe. A report was saved to %s", v, report), ws.win)
	}
}

// showLastCrash tells the user, once, that the last session ended in a
// crash and where its report is.
func (ws *Workspace) showLastCrash() {
	reports := unseenCrashes()
	if len(reports) == 0 {
		return
	}
	last := reports[len(reports)-1]
	b, _ := os.ReadFile(last)
	summary := ""
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "panic: ") {
			summary = strings.TrimPrefix(line, "panic: ")
			break
		}
	}
	for _, r := range reports {
		_ = os.Rename(r, r+".seen")
	}
	msg := fmt.Sprintf("FactDesk stopped unexpectedly last time (%s).\nEverything saved before then is in your library.\nThe report is in %s.seen", summary, last)
	d := dialog.NewInformation("FactDesk closed unexpectedly", msg, ws.win)
	d.Show()
}
