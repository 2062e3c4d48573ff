package app

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// noticeTime is how long a notice stays before it fades out of the way.
const noticeTime = 8 * time.Second

// noticeBar is the strip at the foot of the window that says what just
// happened ("Claim 7 deleted · Undo"), so that no change goes unseen.
type noticeBar struct {
	ws     *Workspace
	icon   *widget.Icon
	text   *widget.Label
	action *widget.Button
	bg     *canvas.Rectangle
	root   *fyne.Container
	stop   func()
	gen    int
}

func newNoticeBar(ws *Workspace) *noticeBar {
	n := &noticeBar{ws: ws, icon: widget.NewIcon(theme.InfoIcon()), text: widget.NewLabel("")}
	n.text.Truncation = fyne.TextTruncateEllipsis
	n.action = widget.NewButton("", nil)
	n.action.Importance = widget.HighImportance
	closeB := widget.NewButtonWithIcon("", theme.CancelIcon(), n.hide)
	closeB.Importance = widget.LowImportance
	n.bg = canvas.NewRectangle(theme.Color(theme.ColorNameHeaderBackground))
	n.root = container.NewStack(n.bg, container.NewBorder(nil, nil, n.icon,
		container.NewHBox(n.action, closeB), n.text))
	n.root.Hide()
	return n
}

// kinds of notice, which choose the icon.
const (
	noticeInfo = iota
	noticeDone
	noticeWarning
)

// show says msg; label and fn, when given, offer one action such as Undo.
func (n *noticeBar) show(kind int, msg, label string, fn func()) {
	switch kind {
	case noticeDone:
		n.icon.SetResource(theme.NewSuccessThemedResource(theme.ConfirmIcon()))
	case noticeWarning:
		n.icon.SetResource(theme.NewWarningThemedResource(theme.WarningIcon()))
	default:
		n.icon.SetResource(theme.InfoIcon())
	}
	n.text.SetText(msg)
	if fn != nil {
		n.action.SetText(label)
		n.action.OnTapped = guard(func() {
			n.hide()
			fn()
		})
		n.action.Show()
	} else {
		n.action.Hide()
	}
	n.bg.FillColor = theme.Color(theme.ColorNameHeaderBackground)
	shown := n.root.Visible()
	n.root.Show()
	n.root.Refresh()
	if !shown {
		n.relayout()
		n.ws.traceEvent("notice shown")
	}
	if n.stop != nil {
		n.stop()
	}
	n.gen++
	gen := n.gen
	n.stop = n.ws.after(noticeTime, func() {
		if gen == n.gen {
			n.hide()
		}
	})
}

func (n *noticeBar) hide() {
	if !n.root.Visible() {
		return
	}
	n.root.Hide()
	n.relayout()
	n.ws.traceEvent("notice hidden")
}

// relayout lays the window out again, so that the body takes the notice's
// room when it goes and gives it when it comes.
func (n *noticeBar) relayout() {
	if n.ws.frame != nil {
		n.ws.frame.Refresh()
	}
}

// message is the notice's text for a command done or undone.
func (n *noticeBar) message(cmd command, undone bool) string {
	msg := n.describe(cmd)
	if undone {
		return "Undone: " + lowerFirst(msg)
	}
	return msg
}

// describe says what a command does, with the claim's number.
func (n *noticeBar) describe(cmd command) string {
	number := func(claimID int64) string {
		if c := n.ws.article.claim(claimID); c != nil {
			return fmt.Sprint(c.Number)
		}
		return ""
	}
	switch c := cmd.(type) {
	case *createClaim:
		if c.claim.Claimant != "" {
			return fmt.Sprintf("Claim %d marked · claimant %s, as the text says (change it in the editor)", c.claim.Number, c.claim.Claimant)
		}
		return fmt.Sprintf("Claim %d marked", c.claim.Number)
	case *deleteClaim:
		return fmt.Sprintf("Claim %d deleted", c.claim.Number)
	case *editClaim:
		return describeEdit(c)
	case *addSource:
		return "Source added to claim " + number(c.source.ClaimID)
	case *editSource:
		return "Source changed on claim " + number(c.before.ClaimID)
	case *removeSource:
		return "Source removed from claim " + number(c.source.ClaimID)
	case *editArticle:
		return "Article details changed"
	case *publishArticle:
		if c.url == "" {
			return "No longer marked as published"
		}
		return "Marked as published at " + c.url
	case *linkClaims:
		if c.unlink {
			return fmt.Sprintf("Claim %s no longer linked", number(c.claimID))
		}
		return fmt.Sprintf("Claim %s linked as the same claim", number(c.claimID))
	}
	return cmd.Label()
}

// describeEdit names the field changed and, when a verdict moved the status
// along with it, says so: no change is made behind the user's back.
func describeEdit(c *editClaim) string {
	b, a := c.before, c.after
	var msg string
	switch c.field {
	case "verdict":
		msg = fmt.Sprintf("Claim %d: verdict %s", a.Number, a.Verdict.Label())
	case "status":
		msg = fmt.Sprintf("Claim %d: status %s", a.Number, a.Status.Label())
	case "tags":
		msg = fmt.Sprintf("Claim %d: tags %s", a.Number, dashIfEmpty(strings.Join(a.Tags, ", ")))
	default:
		msg = fmt.Sprintf("Claim %d: %s saved", a.Number, c.field)
	}
	if c.field != "status" && a.Status != b.Status {
		msg += fmt.Sprintf(" · status changed to %s", a.Status.Label())
	}
	return msg
}

func dashIfEmpty(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// notifyCommand tells the user what a command did and offers to take it
// back, or to do again what was undone.
func (ws *Workspace) notifyCommand(cmd command, undone bool) {
	if e, ok := cmd.(*editClaim); ok && typedField(e.field) && !undone {
		return // typing is saved quietly; the field shows it
	}
	if undone {
		ws.notice.show(noticeInfo, ws.notice.message(cmd, true), "Redo", ws.redo)
		return
	}
	ws.notice.show(noticeDone, ws.notice.message(cmd, false), "Undo", ws.undo)
}
