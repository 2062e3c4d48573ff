package app

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/desk"
)

// furnitureBar says, above the reader, how much page furniture (photo
// credits, "Continue reading" links, share prompts…) the import left out of
// the text, and offers to show it and put a piece back.
type furnitureBar struct {
	view    *articleView
	label   *widget.Label
	root    *fyne.Container
	removed []annotate.RemovedBlock
	dlg     dialog.Dialog
}

func newFurnitureBar(v *articleView) *furnitureBar {
	b := &furnitureBar{view: v, label: widget.NewLabel("")}
	b.label.Truncation = fyne.TextTruncateEllipsis
	b.label.SizeName = theme.SizeNameCaptionText
	show := widget.NewButton("Show", guard(b.show))
	show.Importance = widget.LowImportance
	b.root = container.NewBorder(nil, nil, widget.NewIcon(theme.InfoIcon()), show, b.label)
	b.root.Hide()
	return b
}

// set shows the bar for the open article's removed blocks.
func (b *furnitureBar) set(removed []annotate.RemovedBlock) {
	b.removed = removed
	if len(removed) == 0 {
		b.root.Hide()
		return
	}
	b.label.SetText(fmt.Sprintf("%s of page furniture left out on import (credits, promos, share lines)", desk.Plural(len(removed), "block")))
	b.root.Show()
}

// show lists what was left out, each with why and a Put back button.
func (b *furnitureBar) show() {
	rows := container.NewVBox()
	for i, r := range b.removed {
		text := widget.NewLabel(excerpt(r.Text, 300))
		text.Wrapping = fyne.TextWrapWord
		why := widget.NewLabel(r.Reason)
		why.SizeName = theme.SizeNameCaptionText
		why.Importance = widget.LowImportance
		n := i
		put := widget.NewButtonWithIcon("Put back", theme.ContentUndoIcon(), guard(func() { b.putBack(n) }))
		put.Importance = widget.LowImportance
		rows.Add(container.NewBorder(nil, nil, nil, put, container.NewVBox(text, why)))
		rows.Add(widget.NewSeparator())
	}
	note := widget.NewLabel("Putting a block back stores a new version of the article from the same source; claims are placed on it again.")
	note.Wrapping = fyne.TextWrapWord
	note.SizeName = theme.SizeNameCaptionText
	content := container.NewBorder(note, nil, nil, nil, container.NewVScroll(rows))
	b.dlg = dialog.NewCustom("Left out on import", "Close", content, b.view.ws.win)
	size := b.view.ws.win.Canvas().Size()
	b.dlg.Resize(fyne.NewSize(min(640, size.Width-40), min(480, size.Height-40)))
	b.dlg.Show()
}

// putBack stores the article again with block i in its text.
func (b *furnitureBar) putBack(i int) {
	v := b.view
	if v.article == nil {
		return
	}
	if b.dlg != nil {
		b.dlg.Hide()
	}
	id := v.article.ID
	v.editor.flush()
	var r desk.UpdateResult
	v.ws.runTask("Putting the block back", func(ctx context.Context, progress progressFunc) error {
		var err error
		r, err = desk.PutBack(ctx, v.ws.store, id, []int{i}, desk.Progress(progress))
		return err
	}, func(err error) {
		if err != nil {
			if !cancelled(err) {
				v.ws.showError(err)
			}
			return
		}
		// Undo steps hold anchors on the old text; as after an update they
		// are dropped rather than replayed on the new one.
		v.ws.forgetArticle(id)
		if v.ws.ArticleID() == id {
			if err := v.reload(); err != nil {
				v.ws.showError(err)
			}
		}
		v.ws.notice.show(noticeDone, "Block put back: "+r.String(), "", nil)
	})
}
