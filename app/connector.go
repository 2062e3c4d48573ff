package app

import (
	"context"
	"fmt"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/factdesk/factdesk/annotate/connector"
)

// ConnectorOptions start the browser connector with the window. Start is
// given the window as the connector's desk and returns how to stop it.
type ConnectorOptions struct {
	Pairing *connector.Pairing
	Start   func(desk connector.Desk) (stop func(), err error)
}

// connectorDesk is the window as the browser connector sees it. Its methods
// run on the server's goroutines: the selected claim is kept in an atomic,
// and changes are handed to the UI goroutine.
type connectorDesk struct {
	ws       *Workspace
	selected atomic.Int64
}

func (d *connectorDesk) SelectedClaim() (int64, bool) {
	id := d.selected.Load()
	return id, id != 0
}

func (d *connectorDesk) Changed(e connector.Event) {
	fyne.Do(guard(func() { d.ws.onConnector(e) }))
}

// startConnector starts the connector, if the options ask for it; a port
// taken by another program is said in the notice bar, and the window works
// on without it.
func (ws *Workspace) startConnector() {
	c := ws.opts.Connector
	if c == nil || c.Start == nil {
		return
	}
	stop, err := c.Start(ws.desk)
	if err != nil {
		ws.notice.show(noticeWarning, "The browser connector is off: "+err.Error(), "", nil)
		return
	}
	ws.stopConnector = stop
}

// onConnector shows what the browser just sent, where the user works.
func (ws *Workspace) onConnector(e connector.Event) {
	switch e.Kind {
	case connector.PageSaved:
		ws.library.load()
		if ws.ArticleID() == e.ArticleID && ws.article.selected != 0 {
			return // a claim marked on the page is shown already
		}
		if err := ws.openArticle(e.ArticleID); err != nil {
			ws.showError(err)
			return
		}
		if e.Selection != nil {
			ws.article.reader.SetSelection(e.Selection.Start, e.Selection.End)
			ws.article.reader.ShowOffset(e.Selection.Start)
		}
		ws.notice.show(noticeDone, "Saved from the browser: "+e.Title, "", nil)
	case connector.ClaimAdded:
		v := ws.article
		if ws.ArticleID() == e.ArticleID {
			if err := v.reload(); err != nil {
				ws.showError(err)
				return
			}
		} else if err := ws.openArticle(e.ArticleID); err != nil {
			ws.showError(err)
			return
		}
		v.selectClaim(e.ClaimID, fromCode)
		n := ""
		if c := v.claim(e.ClaimID); c != nil {
			n = fmt.Sprintf(" %d", c.Number)
		}
		ws.notice.show(noticeDone, "Claim"+n+" marked from the browser", "", nil)
	case connector.SourceAdded:
		v := ws.article
		if ws.ArticleID() == e.ArticleID {
			fresh, err := ws.store.Claim(context.Background(), e.ClaimID)
			if err == nil {
				if cur := v.claim(e.ClaimID); cur != nil {
					*cur = *fresh
					if v.selected == e.ClaimID {
						v.editor.sync(cur)
					}
				}
			}
		}
		ws.notice.show(noticeDone, "Source added from the browser: "+e.Title, "", nil)
	}
}

// showPairing shows a one-time code to type into the browser extension.
func (ws *Workspace) showPairing() {
	c := ws.opts.Connector
	if c == nil || c.Pairing == nil {
		dialog.ShowInformation("Pair a browser", "The browser connector is not running in this window.", ws.win)
		return
	}
	code, err := c.Pairing.NewCode()
	if err != nil {
		ws.showError(err)
		return
	}
	big := widget.NewLabelWithStyle(code, fyne.TextAlignCenter, fyne.TextStyle{Bold: true, Monospace: true})
	big.SizeName = "headingText"
	how := widget.NewLabel(fmt.Sprintf("In the FactDesk extension, choose Pair and type this code. It works once, for %d minutes.\n"+
		"Load the extension first: factdesk connector --dir FOLDER, then \"Load unpacked\" in the browser.", int(connector.CodeLifetime.Minutes())))
	how.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom("Pair a browser", "Close", container.NewVBox(big, how), ws.win)
	d.Resize(fyne.NewSize(min(520, ws.win.Canvas().Size().Width-40), 0))
	d.Show()
}

// forgetBrowsers unpairs every browser, after asking.
func (ws *Workspace) forgetBrowsers() {
	c := ws.opts.Connector
	if c == nil || c.Pairing == nil {
		return
	}
	devs, err := c.Pairing.Devices()
	if err != nil {
		ws.showError(err)
		return
	}
	if len(devs) == 0 {
		dialog.ShowInformation("Paired browsers", "No browser is paired.", ws.win)
		return
	}
	dialog.ShowConfirm("Forget paired browsers", fmt.Sprintf("Unpair %d browser(s)? They will need a new code to send pages.", len(devs)), func(ok bool) {
		if !ok {
			return
		}
		if err := c.Pairing.RevokeAll(); err != nil {
			ws.showError(err)
			return
		}
		ws.notice.show(noticeDone, "Every browser is unpaired", "", nil)
	}, ws.win)
}
