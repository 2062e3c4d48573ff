package app

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// tipDelay is how long the pointer rests on a button before its tooltip.
const tipDelay = 450 * time.Millisecond

// tooltips draws one tooltip at a time in a layer over the window's content.
// The layer holds no interactive object, so clicks pass through it.
type tooltips struct {
	ws    *Workspace
	bg    *canvas.Rectangle
	text  *canvas.Text
	box   *fyne.Container
	layer *fyne.Container
	stop  func()
	gen   int
}

func newTooltips(ws *Workspace) *tooltips {
	t := &tooltips{ws: ws}
	t.bg = canvas.NewRectangle(theme.Color(theme.ColorNameOverlayBackground))
	t.bg.StrokeColor = theme.Color(theme.ColorNameInputBorder)
	t.bg.StrokeWidth = 1
	t.bg.CornerRadius = 4
	t.text = canvas.NewText("", theme.Color(theme.ColorNameForeground))
	t.text.TextSize = theme.CaptionTextSize() + 1
	t.box = container.NewStack(t.bg, container.NewPadded(t.text))
	t.box.Hide()
	t.layer = container.NewWithoutLayout(t.box)
	return t
}

// schedule shows text under o after the pointer has rested there.
func (t *tooltips) schedule(o fyne.CanvasObject, text string) {
	t.cancel()
	t.gen++
	gen := t.gen
	t.stop = t.ws.after(tipDelay, func() {
		if gen == t.gen {
			t.show(o, text)
		}
	})
}

func (t *tooltips) show(o fyne.CanvasObject, text string) {
	t.text.Text = text
	t.text.Color = theme.Color(theme.ColorNameForeground)
	t.bg.FillColor = theme.Color(theme.ColorNameOverlayBackground)
	t.bg.StrokeColor = theme.Color(theme.ColorNameInputBorder)
	size := t.box.MinSize()
	d := fyne.CurrentApp().Driver()
	pos := d.AbsolutePositionForObject(o).Subtract(d.AbsolutePositionForObject(t.layer))
	pos.Y += o.Size().Height + 2
	if max := t.layer.Size().Width - size.Width - 4; pos.X > max {
		pos.X = max
	}
	t.box.Move(pos)
	t.box.Resize(size)
	t.box.Show()
	t.box.Refresh()
}

func (t *tooltips) cancel() {
	if t.stop != nil {
		t.stop()
		t.stop = nil
	}
	t.gen++
	if t.box.Visible() {
		t.box.Hide()
	}
}

// toolButton is a toolbar button with an icon, an optional short label and
// a tooltip naming the action and its shortcut.
type toolButton struct {
	widget.Button
	tips *tooltips
	tip  string
}

func newToolButton(tips *tooltips, label string, icon fyne.Resource, tip string, fn func()) *toolButton {
	b := &toolButton{tips: tips, tip: tip}
	b.Text, b.Icon = label, icon
	b.Importance = widget.LowImportance
	b.OnTapped = guard(fn)
	b.ExtendBaseWidget(b)
	return b
}

func (b *toolButton) MouseIn(e *desktop.MouseEvent) {
	b.Button.MouseIn(e)
	b.tips.schedule(b, b.tip)
}

func (b *toolButton) MouseOut() {
	b.Button.MouseOut()
	b.tips.cancel()
}

func (b *toolButton) Tapped(e *fyne.PointEvent) {
	b.tips.cancel()
	b.Button.Tapped(e)
}

// toolItem is one place on the toolbar: an action, or a separator or the
// spacer when it has no fn.
type toolItem struct {
	label, tip string
	icon       fyne.Resource
	fn         func()
	spacer     bool
}

// toolItems are the toolbar's actions in order, the most used with a label,
// all with a tooltip naming the shortcut.
func (a *actions) toolItems() []toolItem {
	ws := a.ws
	return []toolItem{
		{"Library", "Show the library (Ctrl+Shift+L)", theme.HomeIcon(), ws.showLibrary, false},
		{},
		{"Import", "Import an article from a file (Ctrl+O)", theme.FolderOpenIcon(), ws.importFile, false},
		{"", "Import pasted text (Ctrl+Shift+V)", theme.ContentPasteIcon(), ws.pasteText, false},
		{"", "Import a web page by its URL (Ctrl+L)", theme.DownloadIcon(), ws.importURL, false},
		{"Export", "Export a report (Ctrl+E)", theme.DocumentIcon(), a.onExport, false},
		{},
		{"", "Undo (Ctrl+Z)", theme.ContentUndoIcon(), ws.undo, false},
		{"", "Redo (Ctrl+Shift+Z)", theme.ContentRedoIcon(), ws.redo, false},
		{},
		{"Search", "Search the whole library (Ctrl+K)", theme.SearchIcon(), a.onSearch, false},
		{spacer: true},
		{"", "Smaller text (Ctrl+-)", theme.ZoomOutIcon(), func() { a.zoom(1 / 1.1) }, false},
		{"", "Larger text (Ctrl+=)", theme.ZoomInIcon(), func() { a.zoom(1.1) }, false},
		{"", "Light or dark theme (Ctrl+Shift+T)", theme.ColorPaletteIcon(), ws.toggleTheme, false},
	}
}

// toolbar builds the row of actions above the views.
func (a *actions) toolbar() fyne.CanvasObject {
	box := container.NewHBox()
	for _, it := range a.toolItems() {
		switch {
		case it.spacer:
			box.Add(layout.NewSpacer())
		case it.fn == nil:
			box.Add(widget.NewSeparator())
		default:
			box.Add(newToolButton(a.ws.tips, it.label, it.icon, it.tip, it.fn))
		}
	}
	return box
}
