package app

import (
	"context"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// searchDelay is the pause in typing after which the search runs.
const searchDelay = 150 * time.Millisecond

// searchDialog searches the whole library: article text, claims, notes and
// sources. Opening a result jumps to its article and claim or passage.
type searchDialog struct {
	ws     *Workspace
	entry  *fieldEntry
	list   *widget.List
	status *widget.Label
	dlg    dialog.Dialog
	stop   func()
	hits   []SearchHit
}

func newSearchDialog(ws *Workspace) *searchDialog {
	s := &searchDialog{ws: ws, entry: newFieldEntry(false), status: widget.NewLabel("")}
	s.entry.SetPlaceHolder("Search articles, claims, notes and sources")
	s.entry.OnChanged = s.onChanged
	s.entry.OnSubmitted = func(string) {
		s.run()
		if len(s.hits) > 0 {
			s.open(s.hits[0])
		}
	}
	s.entry.onEscape = func() { s.dlg.Hide() }
	s.status.Importance = widget.LowImportance
	s.list = widget.NewList(
		func() int { return len(s.hits) },
		func() fyne.CanvasObject {
			title := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			title.Truncation = fyne.TextTruncateEllipsis
			snip := widget.NewRichText()
			snip.Truncation = fyne.TextTruncateEllipsis
			return container.NewBorder(nil, nil, widget.NewIcon(theme.DocumentIcon()), nil,
				container.NewVBox(title, snip))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= len(s.hits) {
				return
			}
			h := s.hits[i]
			b := o.(*fyne.Container)
			box := b.Objects[0].(*fyne.Container)
			box.Objects[0].(*widget.Label).SetText(h.Title + " · " + kindLabel(h.Kind))
			rt := box.Objects[1].(*widget.RichText)
			rt.Segments = snippetSegments(h.Snippet)
			rt.Refresh()
			b.Objects[1].(*widget.Icon).SetResource(kindIcon(h.Kind))
		})
	s.list.OnSelected = func(i widget.ListItemID) {
		if i >= 0 && i < len(s.hits) {
			s.open(s.hits[i])
		}
	}
	content := container.NewBorder(container.NewVBox(s.entry, s.status), nil, nil, nil, s.list)
	s.dlg = dialog.NewCustom("Search library", "Close", content, ws.win)
	s.dlg.Resize(fyne.NewSize(720, 520))
	return s
}

func (s *searchDialog) show() {
	// Closed without opening a hit, the search gives the focus back to
	// where it was (the library's filter, say), as a dialog should.
	c := s.ws.win.Canvas()
	prev, view := c.Focused(), s.ws.onShow
	s.dlg.SetOnClosed(func() {
		if o, ok := prev.(fyne.CanvasObject); ok && o.Visible() && s.ws.onShow == view && c.Focused() == nil {
			c.Focus(prev)
		}
	})
	s.dlg.Show()
	c.Focus(s.entry)
}

func (s *searchDialog) onChanged(string) {
	if s.stop != nil {
		s.stop()
	}
	s.stop = s.ws.after(searchDelay, s.run)
}

// run searches for what is typed.
func (s *searchDialog) run() {
	if s.stop != nil {
		s.stop()
		s.stop = nil
	}
	q := strings.TrimSpace(s.entry.Text)
	s.hits = nil
	if q != "" {
		search := s.ws.store.Search
		if s.ws.opts.Search != nil {
			search = s.ws.opts.Search
		}
		hits, err := search(context.Background(), q, 100)
		if err != nil {
			s.status.SetText(err.Error())
		}
		s.hits = hits
	}
	switch {
	case q == "":
		s.status.SetText("")
	case len(s.hits) == 0:
		s.status.SetText("Nothing found for “" + q + "”.")
	case len(s.hits) == 1:
		s.status.SetText("1 result")
	default:
		s.status.SetText(strconv.Itoa(len(s.hits)) + " results")
	}
	// A common word is ranked among its newest matches only.
	for _, h := range s.hits {
		if h.Candidates > 0 {
			s.status.SetText(s.status.Text + ", the best of the newest " + strconv.Itoa(h.Candidates) + " matches")
			break
		}
	}
	s.list.UnselectAll()
	s.list.Refresh()
}

// open jumps to a result.
func (s *searchDialog) open(h SearchHit) {
	s.dlg.Hide()
	if err := s.ws.openArticle(h.ArticleID); err != nil {
		s.ws.showError(err)
		return
	}
	v := s.ws.article
	if h.ClaimID != 0 && v.claim(h.ClaimID) != nil {
		v.selectClaim(h.ClaimID, fromCode)
		return
	}
	v.reader.ShowOffset(h.Start)
}

// snippetSegments turns "text [match] text" into text with the match bold.
func snippetSegments(snippet string) []widget.RichTextSegment {
	var segs []widget.RichTextSegment
	add := func(t string, bold bool) {
		if t == "" {
			return
		}
		st := widget.RichTextStyleInline
		if bold {
			st = widget.RichTextStyleStrong
		}
		st.Inline = true
		segs = append(segs, &widget.TextSegment{Text: t, Style: st})
	}
	rest := strings.Join(strings.Fields(snippet), " ")
	for rest != "" {
		i := strings.IndexByte(rest, '[')
		j := strings.IndexByte(rest, ']')
		if i < 0 || j < i {
			add(rest, false)
			break
		}
		add(rest[:i], false)
		add(rest[i+1:j], true)
		rest = rest[j+1:]
	}
	return segs
}

func kindLabel(k string) string {
	switch k {
	case "claim":
		return "claim"
	case "note":
		return "note"
	case "source":
		return "source"
	}
	return "article text"
}

func kindIcon(k string) fyne.Resource {
	switch k {
	case "claim":
		return theme.ContentAddIcon()
	case "note":
		return theme.DocumentCreateIcon()
	case "source":
		return theme.ComputerIcon()
	}
	return theme.DocumentIcon()
}
