package app

import (
	"fmt"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/factdesk/factdesk/annotate"
)

// ShowOpenProblem runs a small window saying why the library could not be
// opened, and returns when it is closed. When latestBackup names a backup,
// it offers to open it: after the user confirms, onOpenBackup is called
// (the caller restores the backup over the library, keeping the damaged
// file beside it) and the window closes on success so that the caller can
// start the workspace on the restored library. A failure of onOpenBackup is
// shown and the window stays. Without onOpenBackup the library is not a
// file on this desk (the team library on a server), and the window does not
// speak of a file.
func ShowOpenProblem(err error, latestBackup string, onOpenBackup func() error) {
	a, fontsLoaded := newApp("")
	fontsLoaded()
	w := a.NewWindow("FactDesk: the library cannot be opened")
	p := newOpenProblem(w, err, latestBackup, onOpenBackup)
	p.onDone = a.Quit
	w.SetContent(p.build())
	w.Resize(fyne.NewSize(560, 220))
	w.CenterOnScreen()
	w.ShowAndRun()
}

// openProblem is the content of the window ShowOpenProblem runs.
type openProblem struct {
	win          fyne.Window
	err          error
	latestBackup string
	onOpenBackup func() error
	onDone       func()

	message *widget.Label
	open    *widget.Button // nil without a backup
	quit    *widget.Button
}

func newOpenProblem(w fyne.Window, err error, latestBackup string, onOpenBackup func() error) *openProblem {
	return &openProblem{win: w, err: err, latestBackup: latestBackup, onOpenBackup: onOpenBackup, onDone: func() {}}
}

func (p *openProblem) build() fyne.CanvasObject {
	title := widget.NewLabelWithStyle("The library cannot be opened", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.message = widget.NewLabel(annotate.ErrorMessage(p.err))
	p.message.Wrapping = fyne.TextWrapWord
	p.quit = widget.NewButton("Quit", p.onQuit)
	buttons := container.NewHBox(p.quit)
	hint := widget.NewLabel("The file has not been changed.")
	if p.latestBackup != "" && p.onOpenBackup != nil {
		p.open = widget.NewButton(fmt.Sprintf("Open the latest backup (%s)", backupDate(p.latestBackup)), p.onOpenTapped)
		p.open.Importance = widget.HighImportance
		buttons = container.NewHBox(p.open, p.quit)
	} else if p.onOpenBackup == nil {
		// A library on a server: there is no file here to have changed.
		hint.SetText("Nothing in the library has been changed.")
	} else {
		hint.SetText("The file has not been changed. No backup of it was found.")
	}
	hint.Wrapping = fyne.TextWrapWord
	return container.NewPadded(container.NewBorder(title, container.NewBorder(nil, nil, nil, buttons), nil, nil,
		container.NewVBox(p.message, hint)))
}

func (p *openProblem) onQuit() { p.onDone() }

func (p *openProblem) onOpenTapped() {
	msg := fmt.Sprintf("Put the backup of %s in place of the library?\n\nThe library file as it is now is kept beside it,\nwith .before-restore added to its name.",
		backupDate(p.latestBackup))
	d := dialog.NewConfirm("Open the latest backup", msg, p.onConfirm, p.win)
	d.SetConfirmText("Open the backup")
	d.Show()
}

// onConfirm opens the backup when the user said yes.
func (p *openProblem) onConfirm(ok bool) {
	if !ok {
		return
	}
	if err := p.onOpenBackup(); err != nil {
		dialog.ShowError(fmt.Errorf("%s", annotate.ErrorMessage(err)), p.win)
		return
	}
	p.onDone()
}

// backupDate is when the backup at path was made, for a button: the time
// of its last write, in local time.
func backupDate(path string) string {
	fi, err := os.Stat(path)
	if err != nil {
		return filepath.Base(path)
	}
	return fi.ModTime().Local().Format("2 Jan 2006 15:04")
}
