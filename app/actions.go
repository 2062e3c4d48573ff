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

// modalItem is an item that does nothing while a dialog is showing: its
// shortcut still reaches the window then, and a second dialog stacked on
// the first would hide it and slow every frame with another blur.
func (a *actions) modalItem(label string, sc fyne.Shortcut, fn func()) *fyne.MenuItem {
	it := fyne.NewMenuItem(label, guard(func() {
		if a.ws.win != nil && a.ws.dialogUp() {
			return
		}
		fn()
	}))
	it.Shortcut = sc
	return it
}

// menu builds the main menu.
func (a *actions) menu() *fyne.MainMenu {
	ws := a.ws
	quit := item("Quit", ctrl(fyne.KeyQ), a.onQuit)
	quit.IsQuit = true
	file := fyne.NewMenu("File",
		a.modalItem("Import file…", ctrl(fyne.KeyO), ws.importFile),
		a.modalItem("Paste text…", ctrlShift(fyne.KeyV), ws.pasteText),
		a.modalItem("Import from URL…", ctrl(fyne.KeyL), ws.importURL),
		fyne.NewMenuItemSeparator(),
		a.modalItem("Export…", ctrl(fyne.KeyE), a.onExport),
		a.modalItem("Publishing settings…", nil, func() { ws.showSettings(nil) }),
		fyne.NewMenuItemSeparator(),
		a.modalItem("Library", ctrlShift(fyne.KeyL), ws.showLibrary),
		fyne.NewMenuItemSeparator(),
		quit,
	)
	a.undoItem = a.modalItem("Undo", &fyne.ShortcutUndo{}, ws.undo)
	a.redoItem = a.modalItem("Redo", ctrlShift(fyne.KeyZ), ws.redo)
	edit := fyne.NewMenu("Edit",
		a.undoItem,
		a.redoItem,
		fyne.NewMenuItemSeparator(),
		a.modalItem("Find in article", ctrl(fyne.KeyF), a.onFind),
		a.modalItem("Search library…", ctrl(fyne.KeyK), a.onSearch),
	)
	claim := fyne.NewMenu("Claim",
		a.modalItem("Mark claim", ctrl(fyne.KeyM), a.onMarkClaim),
		a.modalItem("Delete claim (Delete)", nil, a.onDeleteClaim),
		fyne.NewMenuItemSeparator(),
		a.modalItem("Next claim (J)", nil, func() { a.inArticle(func(v *articleView) { v.step(1) }) }),
		a.modalItem("Previous claim (K)", nil, func() { a.inArticle(func(v *articleView) { v.step(-1) }) }),
		a.modalItem("Cycle status (S)", nil, func() { a.inArticle(func(v *articleView) { v.cycleStatus() }) }),
		a.modalItem("Add tag (T)", nil, func() { a.inArticle(func(v *articleView) { v.editor.focusTags() }) }),
	)
	article := fyne.NewMenu("Article",
		a.modalItem("Details…", ctrl(fyne.KeyI), func() { a.inArticle(func(v *articleView) { v.showDetails() }) }),
		a.modalItem("Mark as published…", nil, func() { a.inArticle(func(v *articleView) { v.showPublish() }) }),
		a.modalItem("Open the original", nil, func() { a.inArticle(func(v *articleView) { v.openOriginal() }) }),
		a.modalItem("Update article…", nil, a.onUpdateArticle),
		a.modalItem("Show changes", nil, func() { a.inArticle(func(v *articleView) { v.showChanges() }) }),
		fyne.NewMenuItemSeparator(),
		a.modalItem("Suggestions", nil, func() { a.inArticle(func(v *articleView) { v.showSuggestions() }) }),
	)
	view := fyne.NewMenu("View",
		a.modalItem("Zoom in", ctrl(fyne.KeyEqual), func() { a.zoom(1.1) }),
		a.modalItem("Zoom out", ctrl(fyne.KeyMinus), func() { a.zoom(1 / 1.1) }),
		a.modalItem("Actual size", ctrl(fyne.Key0), func() { a.zoom(0) }),
		fyne.NewMenuItemSeparator(),
		a.modalItem("Show or hide the claims panel", ctrl(fyne.KeyB), func() { a.inArticle(func(v *articleView) { v.togglePanel() }) }),
		a.modalItem("Toggle dark theme", ctrlShift(fyne.KeyT), ws.toggleTheme),
	)
	browser := fyne.NewMenu("Connector",
		a.modalItem("Pair a browser…", nil, ws.showPairing),
		a.modalItem("Forget paired browsers…", nil, ws.forgetBrowsers),
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
