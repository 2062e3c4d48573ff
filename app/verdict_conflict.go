package app

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/factdesk/factdesk/annotate"
)

// conflictResolver is a store that keeps verdicts set at once on two desks
// of a team side by side until one is picked: the desk's library file and
// the team library both do.
type conflictResolver interface {
	ResolveConflict(ctx context.Context, claimID int64, choice annotate.VerdictChoice) error
}

// conflictBox shows, above the verdicts, the verdicts two people set at
// once on a claim, each with its rationale, author and time, and picks
// one with its rationale in one click.
type conflictBox struct {
	e       *claimEditor
	root    *fyne.Container
	choices *fyne.Container
}

func newConflictBox(e *claimEditor) *conflictBox {
	b := &conflictBox{e: e, choices: container.NewVBox()}
	head := widget.NewLabelWithStyle("The verdicts disagree: pick one", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	head.Importance = widget.WarningImportance
	why := widget.NewLabel("Set at the same time on two desks. Until one is picked, the claim needs review.")
	why.Wrapping = fyne.TextWrapWord
	b.root = container.NewVBox(
		container.NewBorder(nil, nil, widget.NewIcon(theme.NewWarningThemedResource(theme.WarningIcon())), nil, head),
		why, b.choices)
	b.root.Hide()
	return b
}

// update shows c's conflict, or hides the box when there is none.
func (b *conflictBox) update(c *annotate.Claim) {
	b.choices.RemoveAll()
	if len(c.Conflict) == 0 {
		b.root.Hide()
		return
	}
	for _, ch := range c.Conflict {
		who := ch.Author.Name
		if who == "" {
			who = "someone"
		}
		label := fmt.Sprintf("Keep %s — %s, %s", ch.Verdict.Label(), who, ch.Time.Local().Format("2 Jan 15:04"))
		pick := widget.NewButtonWithIcon(label, theme.ConfirmIcon(), guard(func() { b.pick(c.ID, ch) }))
		pick.Alignment = widget.ButtonAlignLeading
		b.choices.Add(pick)
		if ch.Rationale != "" {
			r := widget.NewLabel("“" + excerpt(ch.Rationale, 300) + "”")
			r.Wrapping = fyne.TextWrapWord
			b.choices.Add(r)
		}
	}
	if !b.root.Visible() {
		b.e.view.ws.traceEvent(fmt.Sprintf("verdict conflict shown claim=%d choices=%d", c.Number, len(c.Conflict)))
	}
	b.root.Show()
}

// pick keeps one verdict with its rationale; the others stay in the
// claim's history.
func (b *conflictBox) pick(claimID int64, ch annotate.VerdictChoice) {
	ws := b.e.view.ws
	r, ok := ws.store.(conflictResolver)
	if !ok {
		return
	}
	b.e.flush()
	ws.writes.wait()
	if err := r.ResolveConflict(context.Background(), claimID, ch); err != nil {
		ws.showError(err)
		return
	}
	fresh, err := ws.store.Claim(context.Background(), claimID)
	if err != nil {
		ws.showError(err)
		return
	}
	v := b.e.view
	if cur := v.claim(claimID); cur != nil {
		*cur = *fresh
		ws.revs.set(annotate.KindClaim, fresh.ID, fresh.Rev)
		v.setHighlights()
		v.panel.refresh()
		if v.selected == claimID {
			b.e.sync(cur)
		}
	}
	ws.teamChanged()
	ws.notice.show(noticeDone, fmt.Sprintf("Claim %d: verdict %s kept", fresh.Number, ch.Verdict.Label()), "", nil)
}
