package app

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/assist"
)

// Where a claim selection came from, so that the part that started it is
// not told again.
const (
	fromCode    = iota // the program: show it everywhere
	fromList           // a row of the claims panel
	fromReader         // a highlight tapped in the reader
	fromRestore        // the place saved when the window last closed
)

// articleView is the reader beside the annotation panel (claims list above
// the claim editor).
type articleView struct {
	ws        *Workspace
	reader    *Reader
	find      *FindBar
	findBox   *fyne.Container
	panel     *claimsPanel
	suggest   *suggestionsPanel
	tabs      *container.AppTabs
	editor    *claimEditor
	banner    *versionBanner
	furniture *furnitureBar
	blocks    []annotate.Block // what each paragraph is: body, caption, turn…
	changes   *widget.RichText // the text of the last changes window shown
	split     *container.Split
	right     *container.Split // the claims list over the claim editor
	// panelBox holds the claims list and the editor; it can be hidden, and
	// in a narrow window it takes turns with the article.
	panelBox     *fyne.Container
	left         fyne.CanvasObject // the reader with its banner and find bar
	panelToggle  *widget.Button
	panelOff     bool // hidden by the user
	narrow       bool // the window is too narrow for both side by side
	showingPanel bool // in a narrow window: the panel is in front
	mark         *widget.Button
	root         fyne.CanvasObject

	article  *annotate.Article
	claims   []*annotate.Claim // text order
	selected int64
}

// keyHandover is how a reader hands the keys it has no use for (j, k, 1–7,
// Delete, Escape…) to the article view while it has focus. The reader
// calls onRune/onKey first and keeps the key only when they return false.
type keyHandover interface {
	SetKeyHandlers(onRune func(rune) bool, onKey func(*fyne.KeyEvent) bool)
}

func newArticleView(ws *Workspace) *articleView {
	v := &articleView{ws: ws}
	v.reader = NewReader()
	v.reader.OnClaimTapped = v.onClaimTapped
	v.reader.OnSelectionChanged = v.onSelectionChanged
	if h, ok := any(v.reader).(keyHandover); ok {
		h.SetKeyHandlers(v.onRune, v.onKey)
	}
	v.find = NewFindBar(v.reader)
	v.find.OnClosed = func() {
		v.hideFind()
		v.ws.win.Canvas().Focus(v.reader)
	}
	v.panel = newClaimsPanel(v)
	v.suggest = newSuggestionsPanel(v)
	v.editor = newClaimEditor(v)
	v.banner = newVersionBanner(v)
	v.furniture = newFurnitureBar(v)
	v.build()
	return v
}

func (v *articleView) build() {
	back := widget.NewButtonWithIcon("Library", theme.NavigateBackIcon(), v.ws.showLibrary)
	back.Importance = widget.LowImportance
	v.mark = widget.NewButtonWithIcon("Mark claim", theme.ContentAddIcon(), v.markClaim)
	v.mark.Importance = widget.HighImportance
	v.mark.Disable()
	v.panelToggle = widget.NewButtonWithIcon("Hide panel", theme.ViewRestoreIcon(), guard(v.togglePanel))
	v.panelToggle.Importance = widget.LowImportance
	bar := container.NewHBox(back, layout.NewSpacer(), v.panelToggle, v.mark)

	v.findBox = container.NewStack()
	left := container.NewBorder(container.NewVBox(v.banner.root, v.furniture.root, v.findBox), nil, nil, nil, v.reader)
	v.tabs = container.NewAppTabs(container.NewTabItem("Claims", v.panel.root), v.suggest.tab)
	// The list gets nearly half: its rows are two lines, and at 600 pixels
	// less than that leaves room for one and a half.
	v.right = container.NewVSplit(v.tabs, v.editor.root)
	v.right.Offset = v.ws.app.Preferences().FloatWithFallback(prefPanelSplit, 0.46)
	v.panelBox = container.New(capWidth{panelMinWidth}, v.right)
	v.split = container.NewHSplit(left, v.panelBox)
	v.split.Offset = v.ws.app.Preferences().FloatWithFallback(prefSplit, 0.62)
	v.panelOff = v.ws.app.Preferences().Bool(prefPanelOff)
	v.left = left
	v.root = container.NewBorder(bar, nil, nil, nil, container.New(&paneLayout{v: v}, v.split))
}

// narrowMargin is the width of the split's divider and padding, added to
// the reader's and the panel's minimum widths to tell whether both fit.
const narrowMargin = 16

// paneLayout watches the article view's width: when the reader's measure
// and the panel no longer fit side by side, they take turns.
type paneLayout struct{ v *articleView }

func (l *paneLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	r := l.v.reader.MinSize()
	return fyne.NewSize(r.Width, r.Height)
}

func (l *paneLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	narrow := size.Width < l.v.reader.MinSize().Width+panelMinWidth+narrowMargin
	if narrow != l.v.narrow {
		l.v.narrow = narrow
		l.v.applyPanes()
	}
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// applyPanes shows the article, the panel or both, as the window's width
// and the user's choices allow.
func (v *articleView) applyPanes() {
	articleOn := !v.narrow || !v.showingPanel || v.panelOff
	panelOn := !v.panelOff && (!v.narrow || v.showingPanel)
	setVisible(v.left, articleOn)
	setVisible(v.panelBox, panelOn)
	switch {
	case v.panelOff:
		v.panelToggle.SetText("Show panel")
	case v.narrow && v.showingPanel:
		v.panelToggle.SetText("Article")
	case v.narrow:
		v.panelToggle.SetText("Claims")
	default:
		v.panelToggle.SetText("Hide panel")
	}
	v.split.Refresh()
}

func setVisible(o fyne.CanvasObject, on bool) {
	if on && !o.Visible() {
		o.Show()
	} else if !on && o.Visible() {
		o.Hide()
	}
}

// togglePanel hides or shows the annotation panel; in a narrow window it
// switches between the panel and the article.
func (v *articleView) togglePanel() {
	switch {
	case v.panelOff:
		v.panelOff, v.showingPanel = false, true
	case v.narrow:
		v.showingPanel = !v.showingPanel
	default:
		v.panelOff = true
	}
	v.ws.app.Preferences().SetBool(prefPanelOff, v.panelOff)
	v.applyPanes()
	if !v.panelOff && (v.showingPanel || !v.narrow) {
		return
	}
	v.ws.win.Canvas().Focus(v.reader)
}

// showPanel brings the panel into view for work in the editor.
func (v *articleView) showPanel() {
	if v.panelOff || (v.narrow && !v.showingPanel) {
		v.panelOff, v.showingPanel = false, true
		v.applyPanes()
	}
}

// showArticle brings the article into view in a narrow window.
func (v *articleView) showArticle() {
	if v.narrow && v.showingPanel {
		v.showingPanel = false
		v.applyPanes()
	}
}

// open loads an article and its claims into the view.
func (v *articleView) open(id int64) error {
	ctx := context.Background()
	a, err := v.ws.store.Article(ctx, id)
	if err != nil {
		return err
	}
	claims, err := v.ws.store.Claims(ctx, id)
	if err != nil {
		return err
	}
	blocks, removed, err := v.ws.store.Blocks(ctx, id)
	if err != nil {
		return err
	}
	v.article, v.claims, v.selected, v.blocks = a, claims, 0, blocks
	v.furniture.set(removed)
	v.ws.revs.seeClaims(claims)
	v.reader.SetArticle(a.Title, metaLine(a), a.Text)
	v.reader.SetParagraphNotes(paraNotes(blocks))
	v.reader.SetFolded(captionStarts(blocks))
	v.setHighlights()
	v.hideFind()
	v.panel.load()
	v.editor.show(nil)
	v.mark.Disable()
	v.banner.update()
	v.relayoutLeft()
	v.suggest.load(a)
	v.applyPanes()
	return nil
}

// reload shows the article again as stored, after a new version.
func (v *articleView) reload() error {
	if v.article == nil {
		return nil
	}
	v.editor.flush()
	v.ws.writes.wait()
	return v.open(v.article.ID)
}

// showSuggestions brings the claim assistant's list forward and gives it
// the keyboard.
func (v *articleView) showSuggestions() {
	v.tabs.Select(v.suggest.tab)
	v.ws.win.Canvas().Focus(v.suggest.list)
	// The best is selected, so that Enter accepts it at once.
	if v.suggest.selected < 0 && len(v.suggest.shown) > 0 {
		v.suggest.list.Select(0)
	}
}

// savePlace remembers the scroll position and the selected claim of the
// open article, for the next start.
func (v *articleView) savePlace() {
	p := v.ws.app.Preferences()
	if v.article == nil || v.ws.onShow != "article" {
		p.SetInt(prefLastScroll, 0)
		p.SetInt(prefLastClaim, 0)
		return
	}
	off, frac := v.reader.TopPlace()
	p.SetInt(prefLastScroll, off)
	p.SetFloat(prefLastScrollFrac, float64(frac))
	p.SetInt(prefLastClaim, int(v.selected))
}

// restorePlace brings back the place savePlace remembered.
func (v *articleView) restorePlace() {
	p := v.ws.app.Preferences()
	if id := int64(p.Int(prefLastClaim)); id != 0 {
		v.selectClaim(id, fromRestore)
	}
	v.reader.ScrollToPlace(p.Int(prefLastScroll), float32(p.Float(prefLastScrollFrac)))
}

// leave saves what is pending before another article or the library shows.
func (v *articleView) leave() {
	v.editor.flush()
	v.suggest.stop()
	v.editor.similar.stop()
	if v.article != nil {
		v.ws.app.Preferences().SetFloat(prefSplit, v.split.Offset)
		v.ws.app.Preferences().SetFloat(prefPanelSplit, v.right.Offset)
	}
}

// metaLine is "byline · publisher · date" with the parts that are known.
func metaLine(a *annotate.Article) string {
	var parts []string
	for _, s := range []string{a.Byline, a.Publisher} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	if !a.Published.IsZero() {
		parts = append(parts, a.Published.Format("2 January 2006"))
	}
	if a.ReportURL != "" {
		parts = append(parts, "fact-check published "+a.ReportPublished.Local().Format("2 January 2006"))
	}
	return strings.Join(parts, " · ")
}

// setHighlights gives the reader every claim's span with its number.
func (v *articleView) setHighlights() {
	hs := make([]Highlight, len(v.claims))
	for i, c := range v.claims {
		hs[i] = Highlight{
			ID:      c.ID,
			Start:   c.Start,
			End:     c.End,
			Color:   parseHex(annotate.ClaimColor(c.Verdict, c.Status)),
			Number:  c.Number,
			Tooltip: c.Statement + " — " + c.Verdict.Label(),
		}
	}
	v.reader.SetHighlights(hs)
}

// paraNotes are the margin notes of a document's blocks: a turn's speaker
// and time, a page's number where a page starts.
func paraNotes(blocks []annotate.Block) []ParaNote {
	var out []ParaNote
	page := 0
	for _, b := range blocks {
		switch {
		case b.Kind == annotate.BlockTurn && (b.Speaker != "" || b.Time != ""):
			out = append(out, ParaNote{At: b.Start, Text: strings.TrimSpace(b.Speaker + "\n" + b.Time)})
		case b.Kind == annotate.BlockCaption:
			out = append(out, ParaNote{At: b.Start, Text: "caption"})
		case b.Page > 0 && b.Page != page:
			out = append(out, ParaNote{At: b.Start, Text: fmt.Sprintf("p. %d", b.Page)})
		}
		page = b.Page
	}
	return out
}

// captionStarts are where the captions start: the reader folds them.
func captionStarts(blocks []annotate.Block) []int {
	var out []int
	for _, b := range blocks {
		if b.Kind == annotate.BlockCaption {
			out = append(out, b.Start)
		}
	}
	return out
}

// placeOf says where a claim stands in a document with pages or turns:
// "p. 12", or "at 00:12:03" in a speaker's turn; "" in an ordinary article.
func (v *articleView) placeOf(c *annotate.Claim) string {
	if p := annotate.PageAt(v.blocks, c.Start); p > 0 {
		return fmt.Sprintf("p. %d", p)
	}
	if _, at := annotate.TurnAt(v.blocks, c.Start); at != "" {
		return "at " + at
	}
	return ""
}

// claim returns the loaded claim with the id, or nil.
func (v *articleView) claim(id int64) *annotate.Claim {
	if i := v.index(id); i >= 0 {
		return v.claims[i]
	}
	return nil
}

func (v *articleView) index(id int64) int {
	return slices.IndexFunc(v.claims, func(c *annotate.Claim) bool { return c.ID == id })
}

// insert adds a claim in text order.
func (v *articleView) insert(c *annotate.Claim) {
	i, _ := slices.BinarySearchFunc(v.claims, c, compareClaims)
	v.claims = slices.Insert(v.claims, i, c)
}

func compareClaims(a, b *annotate.Claim) int {
	switch {
	case a.Start != b.Start:
		return a.Start - b.Start
	case a.End != b.End:
		return a.End - b.End
	case a.ID < b.ID:
		return -1
	case a.ID > b.ID:
		return 1
	}
	return 0
}

func (v *articleView) remove(id int64) {
	if i := v.index(id); i >= 0 {
		v.claims = slices.Delete(v.claims, i, i+1)
	}
}

// selectClaim makes a claim the current one in the reader, the list and the
// editor; 0 selects none.
func (v *articleView) selectClaim(id int64, from int) {
	if id != 0 && v.claim(id) == nil {
		id = 0
	}
	if id == v.selected {
		return
	}
	if id != 0 && (from == fromList || from == fromReader) {
		v.ws.traceInput("select-claim")
	}
	v.editor.flush()
	v.selected = id
	v.ws.desk.selected.Store(id)
	v.reader.SelectClaim(id)
	if id != 0 && from != fromReader && from != fromRestore {
		v.reader.ShowClaim(id)
	}
	if from != fromList {
		v.panel.selectRow(id)
	}
	v.editor.show(v.claim(id))
}

func (v *articleView) onClaimTapped(id int64) { v.selectClaim(id, fromReader) }

func (v *articleView) onSelectionChanged(start, end int) {
	if start != end {
		v.mark.Enable()
	} else {
		v.mark.Disable()
	}
}

// markClaim turns the reader's selection into a new claim, shows it at once
// and puts the cursor in its statement.
func (v *articleView) markClaim() {
	if v.article == nil {
		return
	}
	v.ws.traceInput("mark-claim")
	start, end := v.reader.Selection()
	start, end = trimSpan(v.article.Text, start, end)
	if start >= end {
		v.ws.showError(annotate.Errorf(annotate.EINVALID, "select a passage of the article first, then mark it as a claim"))
		return
	}
	c, err := annotate.NewClaim(v.article, start, end)
	if err != nil {
		v.ws.showError(err)
		return
	}
	// In a transcript the claim's speaker is the turn's; elsewhere the
	// speaker the assistant finds is filled in for the user to keep or
	// overwrite. The notice names it.
	if speaker, _ := annotate.TurnAt(v.blocks, start); speaker != "" {
		c.Claimant = speaker
	} else {
		c.Claimant = assist.ClaimantFor(v.article.Text, start, end)
	}
	if v.ws.exec(&createClaim{store: v.ws.store, claim: c}) != nil {
		return
	}
	v.reader.SetSelection(start, start)
	v.editor.focusStatement()
}

// trimSpan narrows a code-point span so that it does not start or end with
// white space; a selection dragged over a word boundary usually does.
func trimSpan(text string, start, end int) (int, int) {
	if start > end {
		start, end = end, start
	}
	rs := []rune(text)
	start, end = max(start, 0), min(end, len(rs))
	for start < end && unicode.IsSpace(rs[start]) {
		start++
	}
	for end > start && unicode.IsSpace(rs[end-1]) {
		end--
	}
	return start, end
}

// deleteSelected removes the current claim; undo brings it back.
func (v *articleView) deleteSelected() {
	if v.selected == 0 {
		return
	}
	v.editor.flush()
	v.ws.writes.wait()
	c, err := v.ws.store.Claim(context.Background(), v.selected)
	if err != nil {
		v.ws.showError(err)
		return
	}
	v.ws.exec(&deleteClaim{store: v.ws.store, claim: c})
}

// applied shows the effect of a command that was just done or undone.
func (v *articleView) applied(cmd command, undone bool) {
	aid, cid := cmd.target()
	if v.article == nil || v.article.ID != aid {
		return
	}
	switch c := cmd.(type) {
	case *editArticle:
		if undone {
			v.detailsChanged(c.before)
		} else {
			v.detailsChanged(c.after)
		}
		return
	case *publishArticle:
		if undone {
			v.published(c.articleID, c.oldURL, c.oldAt)
		} else {
			v.published(c.articleID, c.url, c.at)
		}
		return
	case *editClaim:
		state := c.after
		if undone {
			state = c.before
		}
		if cur := v.claim(cid); cur != nil {
			fresh := cloneClaim(state)
			fresh.Sources = cur.Sources
			*cur = *fresh
			if v.selected == cid {
				v.editor.sync(cur)
			}
		}
		v.setHighlights()
		v.panel.refresh()
		if undone {
			v.focusClaim(cid)
		}
		return
	case *createClaim:
		if undone {
			v.dropClaim(cid)
		} else {
			v.insert(cloneClaim(c.claim))
			v.changed(cid)
		}
	case *deleteClaim:
		if undone {
			v.insert(cloneClaim(c.claim))
			v.changed(cid)
		} else {
			v.dropClaim(cid)
		}
	default: // sources
		fresh, err := v.ws.store.Claim(context.Background(), cid)
		if err != nil {
			v.ws.showError(err)
			return
		}
		if cur := v.claim(cid); cur != nil {
			*cur = *fresh
		}
		if v.selected == cid {
			v.editor.show(v.claim(cid))
		} else {
			v.focusClaim(cid)
		}
	}
}

// changed redraws after a claim was added and selects it.
func (v *articleView) changed(id int64) {
	v.setHighlights()
	v.panel.load()
	v.suggest.refilter()
	v.selected = 0
	v.selectClaim(id, fromCode)
}

// dropClaim removes a claim from the view and selects its neighbour.
func (v *articleView) dropClaim(id int64) {
	i := v.index(id)
	v.remove(id)
	v.setHighlights()
	v.panel.load()
	v.suggest.refilter()
	if v.selected != id {
		return
	}
	v.selected = 0
	v.editor.show(nil)
	if len(v.claims) > 0 {
		v.selectClaim(v.claims[min(max(i, 0), len(v.claims)-1)].ID, fromCode)
	}
}

// focusClaim selects a claim that an undo or redo touched.
func (v *articleView) focusClaim(id int64) {
	if v.selected != id {
		v.selectClaim(id, fromCode)
	}
}

// step moves the selection to the next (+1) or previous (-1) claim shown in
// the list.
func (v *articleView) step(delta int) {
	shown := v.panel.visible
	if len(shown) == 0 {
		return
	}
	i := slices.IndexFunc(shown, func(c *annotate.Claim) bool { return c.ID == v.selected })
	switch {
	case i < 0 && delta > 0:
		i = 0
	case i < 0:
		i = len(shown) - 1
	default:
		i = min(max(i+delta, 0), len(shown)-1)
	}
	if shown[i].ID != v.selected {
		v.ws.traceInput("select-claim")
	}
	v.selectClaim(shown[i].ID, fromCode)
}

// setVerdict gives the current claim the n-th verdict of the default scale;
// 0 clears it.
func (v *articleView) setVerdict(n int) {
	verdict := annotate.VerdictNone
	if n > 0 {
		verdict = annotate.DefaultScale[n-1].Verdict
	}
	v.editor.setVerdict(verdict)
}

// cycleStatus moves the current claim to its next status, skipping done
// while it has no verdict.
func (v *articleView) cycleStatus() {
	c := v.claim(v.selected)
	if c == nil {
		return
	}
	next := c.Status.Next()
	if next == annotate.StatusDone && c.Verdict == annotate.VerdictNone {
		next = next.Next()
	}
	v.editor.setStatus(next)
}

// onRune handles the single-key commands of the reader and the list.
func (v *articleView) onRune(r rune) bool {
	if v.article == nil {
		return false
	}
	switch {
	case r == 'j':
		v.step(1)
	case r == 'k':
		v.step(-1)
	case r >= '1' && r <= '7':
		v.setVerdict(int(r - '0'))
	case r == '0':
		v.setVerdict(0)
	case r == 's':
		v.cycleStatus()
	case r == 't':
		v.editor.focusTags()
	default:
		return false
	}
	return true
}

// onKey handles Delete and Escape for the reader and the list.
func (v *articleView) onKey(k *fyne.KeyEvent) bool {
	if v.article == nil {
		return false
	}
	switch k.Name {
	case fyne.KeyDelete:
		v.deleteSelected()
	case fyne.KeyEscape:
		v.focusReader()
	default:
		return false
	}
	return true
}

func (v *articleView) focusReader() {
	v.editor.flush()
	v.showArticle()
	v.ws.win.Canvas().Focus(v.reader)
}

// showFind puts the find bar above the reader.
func (v *articleView) showFind() {
	v.findBox.Objects = []fyne.CanvasObject{v.find}
	v.find.Show()
	v.findBox.Refresh()
	v.relayoutLeft()
	if f, ok := any(v.find).(fyne.Focusable); ok {
		v.ws.win.Canvas().Focus(f)
	}
}

func (v *articleView) hideFind() {
	v.findBox.Objects = nil
	v.findBox.Refresh()
	v.relayoutLeft()
}

// relayoutLeft lays the reader's column out again after a bar above the
// reader (the version banner, the furniture line, the find bar) came or
// went, so that the reader takes or gives the room at once.
func (v *articleView) relayoutLeft() {
	if c, ok := v.left.(*fyne.Container); ok {
		c.Refresh()
	}
}
