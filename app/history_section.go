package app

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/desk"
)

// historySection is the claim's history under the editor: every change,
// who made it and when, the same lines `factdesk history` prints. It is
// read when opened, so that moving between claims stays quick.
type historySection struct {
	editor *claimEditor
	toggle *widget.Button
	rows   *fyne.Container
	root   fyne.CanvasObject
	open   bool
}

func newHistorySection(e *claimEditor) *historySection {
	h := &historySection{editor: e, rows: container.NewVBox()}
	h.toggle = widget.NewButtonWithIcon("History", theme.MenuExpandIcon(), guard(h.onToggle))
	h.toggle.Importance = widget.LowImportance
	h.toggle.Alignment = widget.ButtonAlignLeading
	h.root = container.NewVBox(h.toggle, h.rows)
	return h
}

func (h *historySection) onToggle() {
	h.open = !h.open
	h.update()
}

// update shows the selected claim's history when the section is open.
func (h *historySection) update() {
	h.rows.Objects = h.rows.Objects[:0]
	defer h.rows.Refresh()
	if !h.open {
		h.toggle.SetIcon(theme.MenuExpandIcon())
		return
	}
	h.toggle.SetIcon(theme.MenuDropDownIcon())
	c := h.editor.claim
	if c == nil {
		return
	}
	changes, err := h.editor.view.ws.store.History(context.Background(), annotate.KindClaim, c.ID)
	if err != nil {
		h.rows.Add(widget.NewLabel("Cannot read the history: " + annotate.ErrorMessage(err)))
		return
	}
	entries := desk.History(c.ArticleID, changes)
	// Newest first: the last change is what a checker looks for.
	for i := len(entries) - 1; i >= 0; i-- {
		e := entries[i]
		head := widget.NewLabelWithStyle(e.Head, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		head.Truncation = fyne.TextTruncateEllipsis
		head.SizeName = theme.SizeNameCaptionText
		body := widget.NewLabel(strings.Join(e.Fields, "\n"))
		body.Wrapping = fyne.TextWrapWord
		body.SizeName = theme.SizeNameCaptionText
		h.rows.Add(container.NewVBox(head, body))
	}
	if len(entries) == 0 {
		h.rows.Add(widget.NewLabel("No recorded changes."))
	}
}
