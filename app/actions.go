package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// actions are the workspace's commands as the main menu and the toolbar
// offer them. Shortcuts hang on the menu items, where the window finds them
// even when an entry has focus.
type actions struct {
	ws       *Workspace
	undoItem *fyne.MenuItem
	redoItem *fyne.MenuItem
	mainMenu *fyne.MainMenu
}

func newActions(ws *Workspace) *actions { return &actions{ws: ws} }

func ctrl(k fyne.KeyName) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault}
}

func ctrlShift(k fyne.KeyName) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
}

func item(label string, sc fyne.Shortcut, fn func()) *fyne.MenuItem {
	it := fyne.NewMenuItem(label, guard(fn))
	it.Shortcut = sc
	return it
}

// menu builds the main menu.
func (a *actions) menu() *fyne.MainMenu {
	ws := a.ws
	quit := item("Quit", ctrl(fyne.KeyQ), a.onQuit)
	quit.IsQuit = true
	file := fyne.NewMenu("File",
		item("Import file…", ctrl(fyne.KeyO), ws.importFile),
		item("Paste text…", ctrlShift(fyne.KeyV), ws.pasteText),
		item("Import from URL…", ctrl(fyne.KeyL), ws.importURL),
		fyne.NewMenuItemSeparator(),
		item("Export…", ctrl(fyne.KeyE), a.onExport),
		item("Publishing settings…", nil, func() { ws.showSettings(nil) }),
		fyne.NewMenuItemSeparator(),
		item("Library", ctrlShift(fyne.KeyL), ws.showLibrary),
		fyne.NewMenuItemSeparator(),
		quit,
	)
	a.undoItem = item("Undo", &fyne.ShortcutUndo{}, ws.undo)
	a.redoItem = item("Redo", ctrlShift(fyne.KeyZ), ws.redo)
	edit := fyne.NewMenu("Edit",
		a.undoItem,
		a.redoItem,
		fyne.NewMenuItemSeparator(),
		item("Find in article", ctrl(fyne.KeyF), a.onFind),
		item("Search library…", ctrl(fyne.KeyK), a.onSearch),
	)
	claim := fyne.NewMenu("Claim",
		item("Mark claim", ctrl(fyne.KeyM), a.onMarkClaim),
		item("Delete claim (Delete)", nil, a.onDeleteClaim),
		fyne.NewMenuItemSeparator(),
		item("Next claim (J)", nil, func() { a.inArticle(func(v *articleView) { v.step(1) }) }),
		item("Previous claim (K)", nil, func() { a.inArticle(func(v *articleView) { v.step(-1) }) }),
		item("Cycle status (S)", nil, func() { a.inArticle(func(v *articleView) { v.cycleStatus() }) }),
		item("Add tag (T)", nil, func() { a.inArticle(func(v *articleView) { v.editor.focusTags() }) }),
	)
	article := fyne.NewMenu("Article",
		item("Details…", ctrl(fyne.KeyI), func() { a.inArticle(func(v *articleView) { v.showDetails() }) }),
		item("Mark as published…", nil, func() { a.inArticle(func(v *articleView) { v.showPublish() }) }),
		item("Open the original", nil, func() { a.inArticle(func(v *articleView) { v.openOriginal() }) }),
		item("Update article…", nil, a.onUpdateArticle),
		item("Show changes", nil, func() { a.inArticle(func(v *articleView) { v.showChanges() }) }),
		fyne.NewMenuItemSeparator(),
		item("Suggestions", nil, func() { a.inArticle(func(v *articleView) { v.showSuggestions() }) }),
	)
	view := fyne.NewMenu("View",
		item("Zoom in", ctrl(fyne.KeyEqual), func() { a.zoom(1.1) }),
		item("Zoom out", ctrl(fyne.KeyMinus), func() { a.zoom(1 / 1.1) }),
		item("Actual size", ctrl(fyne.Key0), func() { a.zoom(0) }),
		fyne.NewMenuItemSeparator(),
		item("Show or hide the claims panel", ctrl(fyne.KeyB), func() { a.inArticle(func(v *articleView) { v.togglePanel() }) }),
		item("Toggle dark theme", ctrlShift(fyne.KeyT), ws.toggleTheme),
	)
	browser := fyne.NewMenu("Connector",
		item("Pair a browser…", nil, ws.showPairing),
		item("Forget paired browsers…", nil, ws.forgetBrowsers),
	)
	a.mainMenu = fyne.NewMainMenu(file, edit, article, claim, view, browser)
	return a.mainMenu
}

// inArticle runs fn when an article is open.
func (a *actions) inArticle(fn func(v *articleView)) {
	if a.ws.onShow == "article" && a.ws.article.article != nil {
		fn(a.ws.article)
	}
}

func (a *actions) onMarkClaim() {
	a.inArticle(func(v *articleView) { v.markClaim() })
}

func (a *actions) onDeleteClaim() {
	a.inArticle(func(v *articleView) { v.deleteSelected() })
}

func (a *actions) onFind() {
	a.inArticle(func(v *articleView) { v.showFind() })
}

// zoom multiplies the reader's zoom by f; 0 resets it.
func (a *actions) zoom(f float32) {
	a.inArticle(func(v *articleView) {
		z := float32(1)
		if f != 0 {
			z = min(max(v.reader.Zoom()*f, 0.5), 3)
		}
		v.reader.SetZoom(z)
	})
}

func (a *actions) onSearch() {
	newSearchDialog(a.ws).show()
}

// onExport opens the Export dialog, or hands the export to the
// Options.OnExport hook when one is set.
func (a *actions) onExport() {
	if a.ws.opts.OnExport != nil {
		a.ws.article.editor.flush()
		a.ws.opts.OnExport(a.ws.win, a.ws.ArticleID())
		return
	}
	a.ws.showExport()
}

func (a *actions) onUpdateArticle() {
	a.inArticle(func(v *articleView) { v.ws.showUpdate() })
}

func (a *actions) onQuit() { a.ws.quit() }
