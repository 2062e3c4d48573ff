package app

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/factdesk/factdesk/annotate"
)

// Sort orders of the library.
const (
	sortNewest   = "Newest first"
	sortTitle    = "Title"
	sortProgress = "Least checked first"
)

// libraryView lists the articles with their progress, sorted and filtered,
// or teaches what to do when there are none.
type libraryView struct {
	ws     *Workspace
	sort   *widget.Select
	filter *widget.Entry
	list   *widget.List
	count  *widget.Label
	body   *fyne.Container
	empty  fyne.CanvasObject
	root   fyne.CanvasObject

	all   []annotate.ArticleSummary // newest first, as stored
	shown []annotate.ArticleSummary
	rows  map[fyne.CanvasObject]*articleRow
}

func newLibraryView(ws *Workspace) *libraryView {
	l := &libraryView{ws: ws, rows: map[fyne.CanvasObject]*articleRow{}}
	l.build()
	return l
}

func (l *libraryView) build() {
	l.sort = widget.NewSelect([]string{sortNewest, sortTitle, sortProgress}, func(string) { l.refilter() })
	l.sort.SetSelected(sortNewest)
	l.filter = widget.NewEntry()
	l.filter.SetPlaceHolder("Filter by title, publisher or address")
	l.filter.OnChanged = func(string) { l.refilter() }
	l.count = widget.NewLabel("")

	l.list = widget.NewList(
		func() int { return len(l.shown) },
		func() fyne.CanvasObject {
			r := newArticleRow(l)
			l.rows[r.root] = r
			return r.root
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if r := l.rows[o]; r != nil && i < len(l.shown) {
				r.set(l.shown[i])
			}
		})
	l.list.OnSelected = func(i widget.ListItemID) {
		l.list.UnselectAll()
		if i >= 0 && i < len(l.shown) {
			if err := l.ws.openArticle(l.shown[i].ID); err != nil {
				l.ws.showError(err)
			}
		}
	}

	l.empty = l.buildEmpty()
	l.body = container.NewStack(l.list)
	title := widget.NewLabelWithStyle("Library", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	bar := container.NewBorder(nil, nil, container.NewHBox(title, l.count), l.sort, l.filter)
	l.root = container.NewBorder(container.NewPadded(bar), nil, nil, nil, l.body)
}

// buildEmpty is the first-run panel: what FactDesk is for and two ways in.
func (l *libraryView) buildEmpty() fyne.CanvasObject {
	head := widget.NewLabelWithStyle("Your library is empty", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	text := widget.NewLabel("Bring in an article, mark the claims in it, link the evidence and give each a verdict.\nEverything is saved as you go.")
	text.Alignment = fyne.TextAlignCenter
	text.Wrapping = fyne.TextWrapWord
	sample := widget.NewButtonWithIcon("Open the sample article", theme.DocumentIcon(), l.onOpenSample)
	sample.Importance = widget.HighImportance
	imp := widget.NewButtonWithIcon("Import an article…", theme.FolderOpenIcon(), l.ws.importFile)
	paste := widget.NewButtonWithIcon("Paste text…", theme.ContentPasteIcon(), l.ws.pasteText)
	fetch := widget.NewButtonWithIcon("Import from URL…", theme.DownloadIcon(), l.ws.importURL)
	keys := widget.NewLabel("Ctrl+O import a file · Ctrl+Shift+V paste · Ctrl+L fetch a URL · Ctrl+K search")
	keys.Alignment = fyne.TextAlignCenter
	keys.Importance = widget.LowImportance
	box := container.NewVBox(
		widget.NewIcon(theme.DocumentIcon()),
		head, text,
		container.NewCenter(container.NewHBox(sample, imp)),
		container.NewCenter(container.NewHBox(paste, fetch)),
		keys)
	return container.NewCenter(container.New(layout.NewGridWrapLayout(fyne.NewSize(560, box.MinSize().Height)), box))
}

// load reads the library list from the store.
func (l *libraryView) load() {
	all, err := l.ws.store.Articles(context.Background())
	if err != nil {
		l.ws.showError(err)
		return
	}
	l.all = all
	l.refilter()
}

// refilter applies the filter text and the sort order.
func (l *libraryView) refilter() {
	if l.list == nil || l.filter == nil {
		return
	}
	q := strings.ToLower(strings.TrimSpace(l.filter.Text))
	l.shown = l.shown[:0]
	for _, a := range l.all {
		if q == "" || strings.Contains(strings.ToLower(a.Title+"\n"+a.Publisher+"\n"+a.URL), q) {
			l.shown = append(l.shown, a)
		}
	}
	switch l.sort.Selected {
	case sortTitle:
		slices.SortStableFunc(l.shown, func(a, b annotate.ArticleSummary) int {
			return strings.Compare(strings.ToLower(a.Title), strings.ToLower(b.Title))
		})
	case sortProgress:
		slices.SortStableFunc(l.shown, func(a, b annotate.ArticleSummary) int {
			pa, pb := progress(a), progress(b)
			switch {
			case pa < pb:
				return -1
			case pa > pb:
				return 1
			}
			return 0
		})
	}
	if len(l.all) == 0 {
		l.count.SetText("")
		l.body.Objects = []fyne.CanvasObject{l.empty}
	} else {
		l.count.SetText(plural(len(l.all), "article"))
		if len(l.shown) != len(l.all) {
			l.count.SetText(fmt.Sprintf("%d of %d articles", len(l.shown), len(l.all)))
		}
		l.body.Objects = []fyne.CanvasObject{l.list}
	}
	l.body.Refresh()
	l.list.Refresh()
}

func progress(a annotate.ArticleSummary) float64 {
	if a.Claims == 0 {
		return 0
	}
	return float64(a.Checked) / float64(a.Claims)
}

func (l *libraryView) focus() {
	if len(l.all) > 0 {
		l.ws.win.Canvas().Focus(l.filter)
	}
}

func (l *libraryView) onOpenSample() {
	id, err := l.ws.importSample()
	if err != nil {
		l.ws.showError(err)
		return
	}
	if err := l.ws.openArticle(id); err != nil {
		l.ws.showError(err)
	}
}

// confirmDelete asks before deleting an article with its claims.
func (l *libraryView) confirmDelete(a annotate.ArticleSummary) {
	msg := fmt.Sprintf("Delete “%s”", excerpt(a.Title, 60))
	if a.Claims > 0 {
		msg += " and its " + plural(a.Claims, "claim")
	}
	msg += "?\nThis cannot be undone."
	d := dialog.NewConfirm("Delete article", msg, func(ok bool) {
		if ok {
			l.delete(a.ID)
		}
	}, l.ws.win)
	d.SetConfirmText("Delete")
	d.SetConfirmImportance(widget.DangerImportance)
	d.Show()
}

func (l *libraryView) delete(id int64) {
	if err := l.ws.store.DeleteArticle(context.Background(), id); err != nil {
		l.ws.showError(err)
		return
	}
	l.ws.forgetArticle(id)
	if l.ws.article.article != nil && l.ws.article.article.ID == id {
		l.ws.article.article = nil
		l.ws.article.claims = nil
	}
	l.load()
}

// articleRow is one article of the library list.
type articleRow struct {
	lib      *libraryView
	title    *widget.Label
	meta     *widget.Label
	progress *widget.ProgressBar
	del      *widget.Button
	root     fyne.CanvasObject
}

func newArticleRow(l *libraryView) *articleRow {
	r := &articleRow{
		lib:      l,
		title:    widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		meta:     widget.NewLabel(""),
		progress: widget.NewProgressBar(),
		del:      widget.NewButtonWithIcon("", theme.DeleteIcon(), nil),
	}
	r.title.Truncation = fyne.TextTruncateEllipsis
	r.meta.Truncation = fyne.TextTruncateEllipsis
	r.meta.SizeName = theme.SizeNameCaptionText
	r.del.Importance = widget.LowImportance
	bar := container.New(layout.NewGridWrapLayout(fyne.NewSize(180, r.progress.MinSize().Height)), r.progress)
	r.root = container.NewBorder(nil, nil, nil,
		container.NewHBox(container.NewCenter(bar), r.del),
		container.NewVBox(r.title, r.meta))
	return r
}

func (r *articleRow) set(a annotate.ArticleSummary) {
	r.title.SetText(a.Title)
	parts := []string{}
	if a.Publisher != "" {
		parts = append(parts, a.Publisher)
	}
	if d := a.Published; !d.IsZero() {
		parts = append(parts, d.Format("2 Jan 2006"))
	} else if d := a.Retrieved; !d.IsZero() {
		parts = append(parts, "retrieved "+d.Format("2 Jan 2006"))
	}
	switch a.Claims {
	case 0:
		parts = append(parts, "no claims yet")
	case 1:
		parts = append(parts, "1 claim")
	default:
		parts = append(parts, fmt.Sprintf("%d claims", a.Claims))
	}
	r.meta.SetText(strings.Join(parts, " · "))
	checked, total := a.Checked, a.Claims
	r.progress.Max = 1
	r.progress.TextFormatter = func() string { return fmt.Sprintf("%d / %d done", checked, total) }
	r.progress.SetValue(progress(a))
	r.del.OnTapped = func() { r.lib.confirmDelete(a) }
}
