// Package app is the FactDesk desktop workbench: the library, the article
// reader with its annotation panel and claim editor, import, search, undo
// and the keyboard that drives them, built with Fyne.
package app

import (
	"context"
	"fmt"
	"os"
	"runtime/debug"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/assets"
)

// Options are the start-up choices of the workspace.
type Options struct {
	// DBPath is the library's file, which an export must not overwrite;
	// "" for a library on a server.
	DBPath string
	// Server, when set, says that the library is the team library on a
	// server, opened directly, and where ("host:port/database", no
	// password): the window's title names it.
	Server string
	// Trace writes "first-frame ms=N" to stderr when the first frame is
	// shown, N counted from Start, and then the times from input to frame
	// and the notice bar's comings and goings.
	Trace bool
	Start time.Time
	// Demo opens a fixed state for screenshots: "library", "article",
	// "editor" (article with its first claim selected), "dark" (the editor
	// state in the dark theme) or "search".
	Demo string
	// Search, when set, replaces the library's own search (ctrl+K).
	Search SearchFunc
	// Background runs work off the UI goroutine and then done on it; nil
	// uses a goroutine and fyne.Do. Tests pass a synchronous one, since
	// Fyne's test driver runs fyne.Do on the calling goroutine.
	Background func(work, done func())
	// Integrity, when set, is warned of and checked once the window is up.
	Integrity Integrity
	// LatestBackup names the newest backup, offered when the check fails;
	// it is asked only then.
	LatestBackup func() string
	// Connector, when set, starts the browser connector with the window.
	Connector *ConnectorOptions
	// Done, when closed, quits the app as the Quit action does.
	Done <-chan struct{}
	// Sync, when set, links this desk's library to its team library: the
	// window syncs in the background and shows how it stands.
	Sync Team
	// OnExport, when set, is called by the Export action with the window
	// and the open article's id (0 when the library is showing) instead of
	// the Export dialog.
	OnExport func(win fyne.Window, articleID int64)
}

// Preference keys.
const (
	prefWidth          = "window.width"
	prefHeight         = "window.height"
	prefSplit          = "article.split"
	prefPanelSplit     = "panel.split" // between the claims list and the editor
	prefLastArticle    = "article.last"
	prefTheme          = "theme.variant"
	prefPanelOff       = "panel.hidden"
	prefLastScroll     = "article.scroll"          // offset at the top of the view
	prefLastScrollFrac = "article.scroll.fraction" // how far into that paragraph
	prefLastClaim      = "article.claim"           // the selected claim
)

// Workspace is the main window's content: the library, the article view,
// the menu and toolbar, and the undo history shared by them.
type Workspace struct {
	app     fyne.App
	win     fyne.Window
	store   Store
	me      string // the name the library's changes are recorded as; see person
	opts    Options
	theme   *factTheme
	history *history

	library       *libraryView
	article       *articleView
	actions       *actions
	body          *fyne.Container // holds the view on show
	notice        *noticeBar
	frame         *fyne.Container // toolbar, body and notice bar
	team          *teamSync       // nil unless the library is linked to a team
	tips          *tooltips
	opened        bool // an article has been opened in this session
	desk          *connectorDesk
	stopConnector func()
	// stopCheck stops the background integrity check, if one runs.
	stopCheck func()
	revs      revisions
	writes    writer
	onShow    string // "library" or "article"

	// background runs work off the UI goroutine, then done on it.
	background func(work, done func())
	// after runs fn on the UI goroutine after d unless stopped.
	after func(d time.Duration, fn func()) (stop func())
}

func goBackground(work, done func()) {
	go func() {
		func() {
			defer recoverPanic()
			work()
		}()
		fyne.Do(guard(done))
	}()
}

func afterDelay(d time.Duration, fn func()) func() {
	t := time.AfterFunc(d, func() { fyne.Do(fn) })
	return func() { t.Stop() }
}

// Run creates the Fyne app and the main window, and runs it until quit. A
// panic that escapes the event loop is saved as a crash report, shown on
// the next start.
func Run(store Store, opts Options) (err error) {
	defer func() {
		if v := recover(); v != nil {
			path, werr := WriteCrash(v, debug.Stack())
			if werr != nil {
				path = werr.Error()
			}
			err = fmt.Errorf("internal error: %v (report in %s)", v, path)
		}
	}()
	a, fontsLoaded := newApp(opts.Demo)
	a.SetIcon(fyne.NewStaticResource("factdesk.png", assets.Icon))
	w := a.NewWindow(windowTitle(opts))
	w.SetMaster()
	// Making the window is a good part of the start, on this goroutine:
	// the fonts load on the other core meanwhile, and the content is built
	// once they are in. Until then the window shows the theme's plain
	// background, not an empty black one.
	w.Resize(windowSize(a.Preferences()))
	s := a.Settings()
	w.SetContent(canvas.NewRectangle(s.Theme().Color(theme.ColorNameBackground, s.ThemeVariant())))
	w.Show()
	fontsLoaded()
	ws := NewWorkspace(a, w, store, opts)

	started := make(chan struct{})
	a.Lifecycle().SetOnStarted(func() {
		close(started)
		fyne.Do(ws.checkIntegrity)
		fyne.Do(ws.startConnector)
		if ws.team != nil {
			fyne.Do(ws.team.start)
		}
		if opts.Trace {
			// Queued behind the first paint of the event loop.
			fyne.Do(func() {
				fmt.Fprintf(os.Stderr, "first-frame ms=%d\n", time.Since(opts.Start).Milliseconds())
			})
		}
	})
	if opts.Done != nil {
		// A signal to stop (a session logging out sends SIGTERM) closes
		// the window as Quit does, so the library is closed cleanly. It is
		// acted on once the window exists: quitting before would leave
		// the driver to create a window after GLFW has gone.
		go func() {
			<-opts.Done
			<-started
			fyne.Do(ws.quit)
		}()
	}
	a.Run()
	return nil
}

// windowSize is the size the window was last left at.
func windowSize(p fyne.Preferences) fyne.Size {
	return fyne.NewSize(float32(p.FloatWithFallback(prefWidth, 1280)), float32(p.FloatWithFallback(prefHeight, 800)))
}

// windowTitle is the main window's title, which names a team library so
// that no one takes it for their desk's own.
func windowTitle(opts Options) string {
	if opts.Server != "" {
		return "FactDesk — team library " + opts.Server
	}
	return "FactDesk"
}

// guardKeys returns key handlers that survive a panic in the handler.
func guardRune(fn func(rune)) func(rune) {
	return func(r rune) {
		defer recoverPanic()
		fn(r)
	}
}

func guardKey(fn func(*fyne.KeyEvent)) func(*fyne.KeyEvent) {
	return func(k *fyne.KeyEvent) {
		defer recoverPanic()
		fn(k)
	}
}

// NewWorkspace builds the whole UI into w. Only the library list (or the
// last open article) is loaded before it returns.
func NewWorkspace(a fyne.App, w fyne.Window, store Store, opts Options) *Workspace {
	ws := newWorkspace(a, w, store, opts, goBackground, afterDelay)
	// Saves go off the UI goroutine in the window; a caller that runs work
	// in line (tests) has them in line too.
	ws.writes.async = opts.Background == nil
	return ws
}

// newWorkspace is NewWorkspace with the ways of running work later given,
// so that tests can run them in step from the start: opening the last
// article already scores its sentences in the background.
func newWorkspace(a fyne.App, w fyne.Window, store Store, opts Options,
	background func(work, done func()), after func(d time.Duration, fn func()) func()) *Workspace {
	ws := &Workspace{app: a, win: w, store: store, opts: opts, history: newHistory(), desk: &connectorDesk{},
		background: background, after: after}
	if opts.Background != nil {
		ws.background = opts.Background
	}
	ws.desk.ws = ws
	p := a.Preferences()
	variant := themeVariant(p, opts.Demo)
	// Setting a theme repaints every window, so an installed one is reused.
	if th, ok := a.Settings().Theme().(*factTheme); ok {
		ws.theme = th
		if ws.themeName() != variant && variant != "" {
			th.setVariant(variant)
			a.Settings().SetTheme(th)
		}
	} else {
		ws.theme = newFactTheme(variant)
		a.Settings().SetTheme(ws.theme)
	}

	// Size before content so that the first layout is the final one (Run
	// has sized the window it made already).
	if size := windowSize(p); w.Canvas().Size() != size {
		w.Resize(size)
	}

	ws.library = newLibraryView(ws)
	ws.article = newArticleView(ws)
	ws.actions = newActions(ws)
	ws.body = container.NewStack()
	w.SetMainMenu(ws.actions.menu())
	ws.notice = newNoticeBar(ws)
	ws.tips = newTooltips(ws)
	top := ws.actions.toolbar()
	if opts.Sync != nil {
		ws.team = newTeamSync(ws, opts.Sync)
		top = container.NewBorder(nil, nil, nil, ws.team.label, top)
	}
	ws.frame = container.NewBorder(top, ws.notice.root, nil, nil, ws.body)
	w.SetContent(container.NewStack(ws.frame, ws.tips.layer))
	w.Canvas().SetOnTypedRune(guardRune(ws.onTypedRune))
	w.Canvas().SetOnTypedKey(guardKey(ws.onTypedKey))
	ws.installPanicNotice()
	w.SetCloseIntercept(ws.onClose)

	if opts.Demo != "" {
		ws.demo(opts.Demo)
		return ws
	}
	ws.showLastCrash()
	if last := p.Int(prefLastArticle); last != 0 {
		if ws.openArticle(int64(last)) == nil {
			ws.article.restorePlace()
			return ws
		}
	}
	ws.showLibrary()
	return ws
}

// demo opens a fixed state for screenshots, importing the sample article
// when the library is empty and an article is wanted.
func (ws *Workspace) demo(state string) {
	if state == "library" {
		ws.showLibrary()
		return
	}
	list, err := ws.store.Articles(context.Background())
	if err != nil {
		ws.showError(err)
		ws.showLibrary()
		return
	}
	var id int64
	if len(list) > 0 {
		id = list[0].ID
	} else if id, err = ws.importSample(); err != nil {
		ws.showError(err)
		ws.showLibrary()
		return
	}
	if err := ws.openArticle(id); err != nil {
		ws.showError(err)
		return
	}
	switch state {
	case "editor", "dark":
		if len(ws.article.claims) > 0 {
			ws.article.selectClaim(ws.article.claims[0].ID, fromCode)
		}
	case "search":
		ws.actions.onSearch()
	}
}

// Window is the workspace's window.
func (ws *Workspace) Window() fyne.Window { return ws.win }

// ArticleID is the id of the open article, 0 when the library is showing.
func (ws *Workspace) ArticleID() int64 {
	if ws.onShow != "article" || ws.article.article == nil {
		return 0
	}
	return ws.article.article.ID
}

// showLibrary reloads the library list and shows it.
func (ws *Workspace) showLibrary() {
	ws.article.leave()
	ws.app.Preferences().SetInt(prefLastArticle, 0)
	ws.library.load()
	ws.show("library", ws.library.root)
	ws.library.focus()
}

// openArticle loads an article with its claims and shows it.
func (ws *Workspace) openArticle(id int64) error {
	if ws.onShow == "article" && ws.article.article != nil && ws.article.article.ID == id {
		return nil
	}
	if ws.opened {
		ws.traceInput("switch-article")
	} else {
		ws.traceInput("open-article")
	}
	ws.opened = true
	ws.article.leave()
	ws.writes.wait() // the article's last saves are read back with it
	if err := ws.article.open(id); err != nil {
		return err
	}
	ws.app.Preferences().SetInt(prefLastArticle, int(id))
	ws.show("article", ws.article.root)
	ws.win.Canvas().Focus(ws.article.reader)
	return nil
}

func (ws *Workspace) show(name string, view fyne.CanvasObject) {
	ws.onShow = name
	ws.body.Objects = []fyne.CanvasObject{view}
	ws.body.Refresh()
}

// exec does a command, records it for undo and shows its effect.
func (ws *Workspace) exec(cmd command) error {
	if e, ok := cmd.(*editClaim); ok && ws.writes.async {
		ws.execSave(e)
		return nil
	}
	ws.writes.wait()
	ws.revs.before(cmd)
	if err := cmd.Do(context.Background()); err != nil {
		if ws.reloadAfterConflict(cmd, err) {
			return err
		}
		ws.showError(err)
		return err
	}
	ws.revs.after(cmd)
	ws.teamChanged()
	ws.history.push(cmd)
	ws.article.applied(cmd, false)
	ws.notifyCommand(cmd, false)
	return nil
}

// reloadAfterConflict handles an edit refused because the claim changed
// elsewhere since the window read it: the claim is read again and shown,
// the text the user typed stays in its field to be saved again on top, and
// the notice says what happened. It reports whether it handled err.
func (ws *Workspace) reloadAfterConflict(cmd command, err error) bool {
	e, ok := cmd.(*editClaim)
	if !ok || annotate.ErrorCode(err) != annotate.ECONFLICT {
		return false
	}
	fresh, rerr := ws.store.Claim(context.Background(), e.before.ID)
	if rerr != nil {
		return false
	}
	ws.revs.set(annotate.KindClaim, fresh.ID, fresh.Rev)
	v := ws.article
	if cur := v.claim(fresh.ID); cur != nil {
		*cur = *cloneClaim(fresh)
		v.setHighlights()
		v.panel.refresh()
		if v.selected == fresh.ID {
			v.editor.reloaded(fresh, e.field, true)
		}
	}
	ws.notice.show(noticeWarning, fmt.Sprintf("Claim %d was changed elsewhere and has been read again; your %s is kept, check it and it will be saved on top", fresh.Number, e.field), "", nil)
	return true
}

// undo reverts the last command, switching to its article first.
func (ws *Workspace) undo() {
	ws.article.editor.flush()
	ws.writes.wait()
	cmd := ws.history.nextUndo()
	if cmd == nil {
		return
	}
	if !ws.reach(cmd) {
		return
	}
	ws.revs.before(cmd)
	if err := cmd.Undo(context.Background()); err != nil {
		ws.showError(err)
		return
	}
	ws.revs.after(cmd)
	ws.history.undid()
	ws.article.applied(cmd, true)
	ws.notifyCommand(cmd, true)
}

// redo does again the last undone command, switching to its article first.
func (ws *Workspace) redo() {
	ws.article.editor.flush()
	ws.writes.wait()
	cmd := ws.history.nextRedo()
	if cmd == nil {
		return
	}
	if !ws.reach(cmd) {
		return
	}
	ws.revs.before(cmd)
	if err := cmd.Do(context.Background()); err != nil {
		ws.showError(err)
		return
	}
	ws.revs.after(cmd)
	ws.history.redid()
	ws.article.applied(cmd, false)
	ws.notifyCommand(cmd, false)
}

// reach opens the article a command is about, if it is not open.
func (ws *Workspace) reach(cmd command) bool {
	aid, _ := cmd.target()
	if ws.onShow == "article" && ws.article.article != nil && ws.article.article.ID == aid {
		return true
	}
	if err := ws.openArticle(aid); err != nil {
		ws.showError(err)
		return false
	}
	return true
}

// forgetArticle drops the history of an article that no longer exists.
func (ws *Workspace) forgetArticle(id int64) {
	keep := func(cs []command) []command {
		out := cs[:0]
		for _, c := range cs {
			if aid, _ := c.target(); aid != id {
				out = append(out, c)
			}
		}
		return out
	}
	ws.history.done = keep(ws.history.done)
	ws.history.undone = keep(ws.history.undone)
}

// showError shows a failure with the domain's message for it.
func (ws *Workspace) showError(err error) {
	if err == nil {
		return
	}
	dialog.ShowError(fmt.Errorf("%s", annotate.ErrorMessage(err)), ws.win)
}

// toggleTheme switches between light and dark and remembers the choice.
func (ws *Workspace) toggleTheme() {
	name := "dark"
	if ws.themeName() == "dark" {
		name = "light"
	}
	ws.theme.setVariant(name)
	ws.app.Preferences().SetString(prefTheme, name)
	ws.app.Settings().SetTheme(ws.theme)
	ws.article.setHighlights()
}

// themeName is "dark" or "light", as the window shows now.
func (ws *Workspace) themeName() string {
	v := ws.app.Settings().ThemeVariant()
	if ws.theme.forced != nil {
		v = *ws.theme.forced
	}
	if v == theme.VariantDark {
		return "dark"
	}
	return "light"
}

// onClose remembers the window and then closes it.
func (ws *Workspace) onClose() {
	ws.savePrefs()
	ws.writes.wait()
	ws.win.Close()
}

// quit remembers where the user was and ends the app.
func (ws *Workspace) quit() {
	defer ws.writes.wait() // every save is stored before the library closes
	if ws.stopCheck != nil {
		ws.stopCheck()
	}
	if ws.stopConnector != nil {
		ws.stopConnector()
	}
	ws.savePrefs()
	if ws.team != nil {
		ws.writes.wait()
		ws.team.stop()
	}
	ws.app.Quit()
}

// savePrefs remembers the window size and split offset.
func (ws *Workspace) savePrefs() {
	ws.article.editor.flush()
	p := ws.app.Preferences()
	if s := ws.win.Canvas().Size(); s.Width > 100 && s.Height > 100 {
		p.SetFloat(prefWidth, float64(s.Width))
		p.SetFloat(prefHeight, float64(s.Height))
	}
	p.SetFloat(prefSplit, ws.article.split.Offset)
	p.SetFloat(prefPanelSplit, ws.article.right.Offset)
	ws.article.savePlace()
}

// onTypedRune and onTypedKey get keys when nothing has focus.
func (ws *Workspace) onTypedRune(r rune) {
	if ws.dialogUp() {
		return // keys belong to the dialog, not to the article behind it
	}
	if ws.onShow == "article" {
		ws.article.onRune(r)
	}
}

func (ws *Workspace) onTypedKey(k *fyne.KeyEvent) {
	if ws.dialogUp() {
		return
	}
	if ws.onShow == "article" {
		ws.article.onKey(k)
	}
}

// dialogUp reports whether a dialog is showing. Actions that open another
// wait until it is closed: stacked dialogs each blur the window again, and
// the work behind them is hidden from the user.
func (ws *Workspace) dialogUp() bool {
	return ws.win.Canvas().Overlays().Top() != nil
}

// person is the name the library's changes are recorded as, read once: a
// claim shown asks for it, and on a team library each read is a round trip.
// fresh reads it again, as when a filter about the person is chosen.
func (ws *Workspace) person(fresh bool) (string, error) {
	if ws.me != "" && !fresh {
		return ws.me, nil
	}
	p, err := ws.store.Author(context.Background())
	if err != nil {
		return "", err
	}
	ws.me = p.Name
	return ws.me, nil
}
