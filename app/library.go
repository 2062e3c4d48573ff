package app

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/factdesk/factdesk/annotate"
)

// Sort orders of the library, as the sort menu names them, and the store's
// name for each.
const (
	sortNewest    = "Newest first"
	sortTitle     = "Title"
	sortPublisher = "Publisher"
	sortProgress  = "Least checked first"
	sortClaims    = "Most claims"
)

var sortOrders = map[string]string{
	sortNewest:    "newest",
	sortTitle:     "title",
	sortPublisher: "publisher",
	sortProgress:  "progress",
	sortClaims:    "claims",
}

const (
	// libraryPage is how many rows are read at a time: a few screens.
	libraryPage = 64
	// libraryPagesKept bounds the rows held: pages far from the one in view
	// are dropped when more are loaded.
	libraryPagesKept = 16
	// filterDelay is how long the filter waits after a key for the next
	// one before it queries, so that typing a word runs one query, not
	// one a letter, and the list still follows within 100 ms.
	filterDelay = 50 * time.Millisecond
)

// libraryQuery is what the list shows: the filter text and the order.
type libraryQuery struct {
	filter, order string
}

// libraryView lists the articles with their progress, sorted and filtered,
// or teaches what to do when there are none. A library of tens of thousands
// of articles is never read whole: the store counts the matches and gives
// the rows a page at a time as the list scrolls to them, and the list makes
// only the rows in view. Filtering and sorting run in the store, off the UI
// goroutine.
type libraryView struct {
	ws     *Workspace
	sort   *widget.Select
	filter *widget.Entry
	list   *widget.List
	count  *widget.Label
	body   *fyne.Container
	empty  fyne.CanvasObject
	none   *widget.Label // no article matches the filter
	noneIn fyne.CanvasObject
	root   fyne.CanvasObject
	rows   map[fyne.CanvasObject]*articleRow

	all     int                               // articles in the library
	total   int                               // articles the filter matches
	have    libraryQuery                      // what the pages below are of
	pages   map[int][]annotate.ArticleSummary // loaded pages by number
	loading map[int]bool                      // pages being read
	epoch   int                               // changes when the pages are replaced
	seq     int                               // the latest query asked for
	binding bool                              // inside the list's UpdateItem
	waiting func()                            // stops the pending filter query
	typed   time.Time                         // the last key in the filter
}

func newLibraryView(ws *Workspace) *libraryView {
	l := &libraryView{ws: ws, rows: map[fyne.CanvasObject]*articleRow{},
		pages: map[int][]annotate.ArticleSummary{}, loading: map[int]bool{}}
	l.build()
	return l
}

func (l *libraryView) build() {
	l.sort = widget.NewSelect([]string{sortNewest, sortTitle, sortPublisher, sortProgress, sortClaims}, nil)
	l.sort.SetSelected(sortNewest)
	l.sort.OnChanged = func(string) { l.requery("library-sort") }
	l.filter = widget.NewEntry()
	l.filter.SetPlaceHolder("Filter by title, publisher or address")
	l.filter.OnChanged = l.onFilterChanged
	l.count = widget.NewLabel("")

	l.list = widget.NewList(
		func() int { return l.total },
		func() fyne.CanvasObject {
			r := newArticleRow(l)
			l.rows[r.root] = r
			return r.root
		},
		l.bindRow)
	l.list.OnSelected = func(i widget.ListItemID) {
		l.list.UnselectAll()
		if a, ok := l.row(i); ok {
			if err := l.ws.openArticle(a.ID); err != nil {
				l.ws.showError(err)
			}
		}
	}

	l.empty = l.buildEmpty()
	l.none = widget.NewLabel("")
	l.none.Alignment = fyne.TextAlignCenter
	l.none.Wrapping = fyne.TextWrapWord
	l.noneIn = container.NewPadded(l.none)
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

// wanted is the query the filter box and the sort menu ask for now.
func (l *libraryView) wanted() libraryQuery {
	return libraryQuery{filter: strings.TrimSpace(l.filter.Text), order: sortOrders[l.sort.Selected]}
}

// libraryResult is a query's answer: the counts and its first page.
type libraryResult struct {
	all, total int
	first      []annotate.ArticleSummary
}

// fetch asks the store for q's counts and first page. It runs on any
// goroutine.
func (l *libraryView) fetch(q libraryQuery) (libraryResult, error) {
	ctx := context.Background()
	var r libraryResult
	var err error
	if r.all, err = l.ws.store.LibraryCount(ctx, ""); err != nil {
		return r, err
	}
	r.total = r.all
	if q.filter != "" {
		if r.total, err = l.ws.store.LibraryCount(ctx, q.filter); err != nil {
			return r, err
		}
	}
	r.first, err = l.ws.store.LibraryPage(ctx, q.filter, q.order, 0, libraryPage)
	return r, err
}

// load reads the library afresh, at once: as the library is shown and
// after an article is deleted. It reads two counts and one page.
func (l *libraryView) load() {
	if l.waiting != nil {
		l.waiting()
		l.waiting = nil
	}
	l.seq++
	q := l.wanted()
	r, err := l.fetch(q)
	if err != nil {
		l.ws.showError(err)
		return
	}
	l.install(q, r)
}

// onFilterChanged queries once the keys pause for filterDelay.
func (l *libraryView) onFilterChanged(string) {
	l.typed = time.Now()
	if l.waiting != nil {
		l.waiting()
	}
	// A timer stopped after it fired may still run its function: only the
	// latest key's may query.
	typed := l.typed
	l.waiting = l.ws.after(filterDelay, func() {
		if typed != l.typed {
			return
		}
		l.waiting = nil
		l.requery("library-filter")
	})
}

// requery runs the wanted query off the UI goroutine and shows its answer
// unless a later query was asked for meanwhile. action names it in the
// input-to-frame trace.
func (l *libraryView) requery(action string) {
	if l.list == nil || l.filter == nil || l.sort == nil {
		return
	}
	l.seq++
	seq, q := l.seq, l.wanted()
	t0 := time.Now()
	if action == "library-filter" && !l.typed.IsZero() {
		t0 = l.typed
	}
	var r libraryResult
	var err error
	l.ws.background(func() {
		r, err = l.fetch(q)
	}, func() {
		if seq != l.seq {
			return
		}
		if err != nil {
			l.ws.showError(err)
			return
		}
		l.install(q, r)
		l.trace(action, t0)
	})
}

// install shows a query's answer: the counts, and its first page in place
// of every page held before.
func (l *libraryView) install(q libraryQuery, r libraryResult) {
	l.epoch++
	l.have, l.all, l.total = q, r.all, r.total
	clear(l.pages)
	clear(l.loading)
	l.pages[0] = r.first
	count, show := "", l.empty
	if l.all > 0 {
		count, show = plural(l.all, "article"), fyne.CanvasObject(l.list)
		if l.total != l.all {
			count = fmt.Sprintf("%d of %d articles", l.total, l.all)
		}
		if l.total == 0 {
			l.none.SetText(fmt.Sprintf("No article has a title, publisher or address with words starting “%s”.", q.filter))
			show = l.noneIn
		}
	}
	if l.count.Text != count {
		l.count.SetText(count)
	}
	// Refreshing the body would refresh the list's rows a second time.
	if len(l.body.Objects) != 1 || l.body.Objects[0] != show {
		l.body.Objects = []fyne.CanvasObject{show}
		l.body.Refresh()
	}
	l.list.Refresh()
}

// row is the i-th article of the list, if its page is loaded.
func (l *libraryView) row(i int) (annotate.ArticleSummary, bool) {
	p, ok := l.pages[i/libraryPage]
	if !ok || i < 0 || i%libraryPage >= len(p) {
		return annotate.ArticleSummary{}, false
	}
	return p[i%libraryPage], true
}

// bindRow shows the i-th article in a row of the list, asking for its page
// when it is not loaded yet (the row is blank until it comes) and for the
// next page in the direction of the row's half.
func (l *libraryView) bindRow(i widget.ListItemID, o fyne.CanvasObject) {
	r := l.rows[o]
	if r == nil {
		return
	}
	if _, ok := l.row(i); !ok {
		l.binding = true
		l.loadPage(i/libraryPage, true)
		l.binding = false
	}
	if a, ok := l.row(i); ok {
		r.set(a)
	} else {
		r.clear()
	}
	// Read the neighbouring page ahead, so that rows scrolled into view
	// are there already rather than blank until their page comes.
	l.binding = true
	if i%libraryPage >= libraryPage/2 {
		l.loadPage(i/libraryPage+1, false)
	} else {
		l.loadPage(i/libraryPage-1, false)
	}
	l.binding = false
}

// loadPage reads page n of the shown query off the UI goroutine, and drops
// the pages farthest from it when too many are held. blank says that rows
// in view wait for it: the trace then times it.
func (l *libraryView) loadPage(n int, blank bool) {
	if _, ok := l.pages[n]; ok || l.loading[n] || n < 0 || n*libraryPage >= l.total {
		return
	}
	l.loading[n] = true
	epoch, q, t0 := l.epoch, l.have, time.Now()
	var page []annotate.ArticleSummary
	var err error
	l.ws.background(func() {
		page, err = l.ws.store.LibraryPage(context.Background(), q.filter, q.order, n*libraryPage, libraryPage)
	}, func() {
		if epoch != l.epoch {
			return
		}
		delete(l.loading, n)
		if err != nil {
			l.ws.showError(err)
			return
		}
		for k := range l.pages {
			if len(l.pages) < libraryPagesKept {
				break
			}
			if k < n-libraryPagesKept/2 || k > n+libraryPagesKept/2 {
				delete(l.pages, k)
			}
		}
		l.pages[n] = page
		if !l.binding {
			l.list.Refresh()
			if blank {
				l.trace("library-page", t0)
			}
		}
	})
}

// trace logs, with FACTDESK_TRACE=1, the time from t0 (the last key of
// the filter, or the sort choice) to the frame that shows the new list.
func (l *libraryView) trace(action string, t0 time.Time) {
	if !l.ws.opts.Trace {
		return
	}
	fyne.Do(func() {
		fmt.Fprintf(os.Stderr, "input-to-frame %s ms=%.1f\n", action, float64(time.Since(t0).Microseconds())/1000)
	})
}

func progress(a annotate.ArticleSummary) float64 {
	if a.Claims == 0 {
		return 0
	}
	return float64(a.Checked) / float64(a.Claims)
}

func (l *libraryView) focus() {
	if l.all > 0 {
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
	// The line under the title is short; clipping it costs a measure
	// where an ellipsis costs a shaping of the text each time a row is
	// re-bound, which scrolling and sorting do a dozen times at once.
	r.meta.Truncation = fyne.TextTruncateClip
	r.meta.SizeName = theme.SizeNameCaptionText
	r.del.Importance = widget.LowImportance
	bar := container.New(layout.NewGridWrapLayout(fyne.NewSize(180, r.progress.MinSize().Height)), r.progress)
	r.root = container.NewBorder(nil, nil, nil,
		container.NewHBox(container.NewCenter(bar), r.del),
		container.NewVBox(r.title, r.meta))
	return r
}

// clear blanks the row while its page is being read.
func (r *articleRow) clear() {
	r.title.SetText("…")
	r.meta.SetText("")
	r.progress.TextFormatter = func() string { return "" }
	r.progress.SetValue(0)
	r.del.OnTapped = nil
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
