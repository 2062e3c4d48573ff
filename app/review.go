package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/factdesk/factdesk/annotate"
)

// reviewBox shows, under the verdicts, who checked the verdict and who
// signed it off, with the one action that fits the person at the desk:
// sign off someone else's verdict, or withdraw a sign-off.
type reviewBox struct {
	e      *claimEditor
	root   *fyne.Container
	icon   *widget.Icon
	text   *widget.Label
	action *widget.Button
	act    func()
}

func newReviewBox(e *claimEditor) *reviewBox {
	b := &reviewBox{e: e, icon: widget.NewIcon(theme.InfoIcon()), text: widget.NewLabel("")}
	b.text.Wrapping = fyne.TextWrapWord
	b.action = widget.NewButton("", guard(func() {
		if b.act != nil {
			b.act()
		}
	}))
	b.root = container.NewBorder(nil, nil, b.icon, b.action, b.text)
	b.root.Hide()
	return b
}

// me is the name the desk's changes are recorded as.
func (b *reviewBox) me() string {
	name, err := b.e.view.ws.person(false)
	if err != nil {
		return ""
	}
	return name
}

// update shows c's review, or hides the box when c has no verdict.
func (b *reviewBox) update(c *annotate.Claim) {
	if c.Verdict == annotate.VerdictNone || len(c.Conflict) > 0 {
		b.root.Hide()
		return
	}
	me := b.me()
	checker := c.CheckedBy
	if checker == "" {
		checker = "someone"
	} else if checker == me {
		checker = "you"
	}
	b.act = nil
	switch {
	case c.ReviewedBy != "":
		who := c.ReviewedBy
		if who == me {
			who = "you"
		}
		b.icon.SetResource(theme.NewSuccessThemedResource(theme.ConfirmIcon()))
		b.text.SetText("Checked by " + checker + ", signed off by " + who + ".")
		b.action.SetText("Withdraw sign-off")
		b.act = func() { b.e.change("sign-off", func(c *annotate.Claim) error { c.ReviewedBy = ""; return nil }) }
	case c.CheckedBy == me && me != "":
		b.icon.SetResource(theme.InfoIcon())
		b.text.SetText("Checked by you. A second person signs the verdict off before it is published.")
	default:
		b.icon.SetResource(theme.InfoIcon())
		b.text.SetText("Checked by " + checker + ", not yet reviewed.")
		b.action.SetText("Sign off as reviewer")
		b.act = func() { b.e.change("sign-off", func(c *annotate.Claim) error { c.ReviewedBy = me; return nil }) }
	}
	if b.act == nil {
		b.action.Hide()
	} else {
		b.action.Show()
	}
	b.root.Show()
	b.root.Refresh()
}
