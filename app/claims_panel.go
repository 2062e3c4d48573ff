package app

import (
	"fmt"
	"image/color"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/factdesk/factdesk/annotate"
)

// Labels of the "everything" choice of each filter.
const (
	allStatuses  = "All statuses"
	allVerdicts  = "All verdicts"
	allTags      = "All tags"
	allClaimants = "All claimants"
	allPeople    = "Everyone's claims"
	assignedToMe = "Assigned to me"
	waitingForMe = "Waiting for my review"
)

// claimsPanel lists the article's claims in text order, filtered by status,
// verdict, tag, claimant and the desk's person's share of the work.
type claimsPanel struct {
	view     *articleView
	status   *widget.Select
	verdict  *widget.Select
	tag      *widget.Select
	claimant *widget.Select
	people   *widget.Select
	me       string // the desk's person, whom the people filter is about
	list     *claimList
	count    *widget.Label
	hint     fyne.CanvasObject
	body     *fyne.Container
	root     fyne.CanvasObject

	visible []*annotate.Claim

	filters      *fyne.Container
	filterToggle *widget.Button
}

func newClaimsPanel(v *articleView) *claimsPanel {
	p := &claimsPanel{view: v}
	p.build()
	return p
}

func (p *claimsPanel) build() {
	statuses := []string{allStatuses}
	for _, s := range annotate.Statuses {
		statuses = append(statuses, s.Label())
	}
	verdicts := []string{allVerdicts, annotate.VerdictNone.Label()}
	for _, r := range annotate.DefaultScale {
		verdicts = append(verdicts, r.Label)
	}
	onFilter := func(string) { p.refilter() }
	p.status = widget.NewSelect(statuses, onFilter)
	p.status.SetSelected(allStatuses)
	p.verdict = widget.NewSelect(verdicts, onFilter)
	p.verdict.SetSelected(allVerdicts)
	p.tag = widget.NewSelect([]string{allTags}, onFilter)
	p.tag.SetSelected(allTags)
	p.claimant = widget.NewSelect([]string{allClaimants}, onFilter)
	p.claimant.SetSelected(allClaimants)
	p.people = widget.NewSelect([]string{allPeople, assignedToMe, waitingForMe}, func(string) {
		p.findMe()
		p.refilter()
	})
	p.people.SetSelected(allPeople)

	p.list = newClaimList(p)
	p.list.onRune = p.view.onRune
	p.list.onKey = p.view.onKey
	p.count = widget.NewLabel("")
	p.count.SizeName = theme.SizeNameCaptionText

	// Wrapping labels inside a Center container get no width and break
	// after every letter, so the hint is two short lines instead.
	hint := container.NewVBox(
		widget.NewLabelWithStyle("No claims yet", fyne.TextAlignCenter, fyne.TextStyle{Bold: true}),
		widget.NewLabelWithStyle("Select a passage and press Ctrl+M", fyne.TextAlignCenter, fyne.TextStyle{}),
		widget.NewLabelWithStyle("to mark it as a claim.", fyne.TextAlignCenter, fyne.TextStyle{}))
	p.hint = container.NewCenter(container.NewVBox(
		widget.NewIcon(theme.ContentAddIcon()), hint))
	p.body = container.NewStack(p.list)

	folding := &foldingGrid{max: 4}
	p.filters = container.New(folding, p.people, p.status, p.verdict, p.tag, p.claimant)
	p.filters.Hide() // shown on demand, so that a short window keeps room for the rows
	p.filterToggle = widget.NewButtonWithIcon("Filter", theme.MenuDropDownIcon(), guard(p.toggleFilters))
	p.filterToggle.Importance = widget.LowImportance
	p.count.Alignment = fyne.TextAlignTrailing
	head := container.NewBorder(nil, nil, nil, p.filterToggle, p.count)
	p.root = container.NewBorder(container.NewVBox(head, p.filters), nil, nil, nil, p.body)
	folding.changed = func() { p.root.Refresh() }
}

// toggleFilters shows or hides the filters; hiding them clears them, so
// that no claim is left out of sight without a sign of why.
func (p *claimsPanel) toggleFilters() {
	if p.filters.Visible() {
		p.filters.Hide()
		for s, all := range map[*widget.Select]string{p.status: allStatuses, p.verdict: allVerdicts, p.tag: allTags, p.claimant: allClaimants, p.people: allPeople} {
			s.SetSelected(all)
		}
		p.filterToggle.SetIcon(theme.MenuDropDownIcon())
	} else {
		p.filters.Show()
		p.filterToggle.SetIcon(theme.MenuDropUpIcon())
	}
	p.root.Refresh()
}

// load rebuilds the filter choices and the list from the view's claims.
func (p *claimsPanel) load() {
	tags, claimants := map[string]bool{}, map[string]bool{}
	for _, c := range p.view.claims {
		for _, t := range c.Tags {
			tags[t] = true
		}
		if c.Claimant != "" {
			claimants[c.Claimant] = true
		}
	}
	setChoices(p.tag, allTags, tags)
	setChoices(p.claimant, allClaimants, claimants)
	p.findMe()
	p.refilter()
}

// findMe reads who the desk's person is now: the name can change in the
// settings.
func (p *claimsPanel) findMe() {
	if p.people == nil || p.people.Selected == allPeople || p.view == nil {
		return
	}
	me, err := p.view.ws.person(true)
	if err != nil {
		p.view.ws.showError(err)
		return
	}
	p.me = me
}

// setChoices replaces a filter's options, keeping its choice when it is
// still there.
func setChoices(s *widget.Select, all string, names map[string]bool) {
	opts := []string{all}
	for n := range names {
		opts = append(opts, n)
	}
	slices.Sort(opts[1:])
	keep := s.Selected
	s.SetOptions(opts)
	if !slices.Contains(opts, keep) {
		keep = all
	}
	s.SetSelected(keep)
}

// refilter recomputes the visible claims.
func (p *claimsPanel) refilter() {
	if p.list == nil || p.view == nil {
		return
	}
	p.visible = p.visible[:0]
	for _, c := range p.view.claims {
		if p.matches(c) {
			p.visible = append(p.visible, c)
		}
	}
	p.refresh()
}

func (p *claimsPanel) matches(c *annotate.Claim) bool {
	if s := p.status.Selected; s != allStatuses && s != "" && c.Status.Label() != s {
		return false
	}
	if s := p.verdict.Selected; s != allVerdicts && s != "" && c.Verdict.Label() != s {
		return false
	}
	if s := p.tag.Selected; s != allTags && s != "" && !slices.Contains(c.Tags, s) {
		return false
	}
	if s := p.claimant.Selected; s != allClaimants && s != "" && c.Claimant != s {
		return false
	}
	switch p.people.Selected {
	case assignedToMe:
		return c.AssignedTo(p.me)
	case waitingForMe:
		return c.WaitsForReviewBy(p.me)
	}
	return true
}

// refresh redraws the rows and keeps the selected claim's row selected.
func (p *claimsPanel) refresh() {
	n := len(p.view.claims)
	switch {
	case n == 0:
		p.count.SetText("")
	case len(p.visible) == n:
		p.count.SetText(plural(n, "claim"))
	default:
		p.count.SetText(fmt.Sprintf("%d of %s shown", len(p.visible), plural(n, "claim")))
	}
	if n == 0 {
		p.body.Objects = []fyne.CanvasObject{p.hint}
	} else {
		p.body.Objects = []fyne.CanvasObject{p.list}
	}
	p.body.Refresh()
	p.list.Refresh()
	p.selectRow(p.view.selected)
}

// selectRow selects the row of a claim without telling the view again.
func (p *claimsPanel) selectRow(id int64) {
	i := slices.IndexFunc(p.visible, func(c *annotate.Claim) bool { return c.ID == id })
	if i < 0 {
		p.list.UnselectAll()
		return
	}
	p.list.Select(i)
}

func (p *claimsPanel) onSelected(i widget.ListItemID) {
	if i >= 0 && i < len(p.visible) {
		p.view.selectClaim(p.visible[i].ID, fromList)
	}
}

// claimRow is one row of the list: number, verdict swatch, quote excerpt and
// a line of claimant, status and anchor warnings.
type claimRow struct {
	swatch *canvas.Rectangle
	number *widget.Label
	quote  *widget.Label
	meta   *widget.Label
	root   *fyne.Container
}

func newClaimRow() *claimRow {
	r := &claimRow{
		swatch: canvas.NewRectangle(color.Transparent),
		number: widget.NewLabel("000"),
		quote:  widget.NewLabel(""),
		meta:   widget.NewLabel(""),
	}
	r.swatch.SetMinSize(fyne.NewSize(8, 8))
	r.swatch.CornerRadius = 3
	r.number.TextStyle.Monospace = true
	r.quote.Truncation = fyne.TextTruncateEllipsis
	r.meta.Truncation = fyne.TextTruncateEllipsis
	r.meta.SizeName = theme.SizeNameCaptionText
	r.root = container.NewBorder(nil, nil,
		container.NewHBox(r.swatch, r.number), nil,
		container.NewVBox(r.quote, r.meta))
	return r
}

func (r *claimRow) set(number int, c *annotate.Claim, place string) {
	r.swatch.FillColor = parseHex(annotate.ClaimColor(c.Verdict, c.Status))
	r.swatch.Refresh()
	r.number.SetText(fmt.Sprintf("%d", number))
	r.quote.SetText("“" + excerpt(c.Exact, 120) + "”")
	meta := claimMeta(c)
	if place != "" {
		meta = place + " · " + meta
	}
	r.meta.SetText(meta)
}

// claimMeta is the row's second line.
func claimMeta(c *annotate.Claim) string {
	parts := []string{}
	if c.Claimant != "" {
		parts = append(parts, c.Claimant)
	}
	parts = append(parts, c.Status.Label())
	switch {
	case len(c.Conflict) > 0:
		parts = append(parts, "verdicts disagree")
	case c.Verdict != annotate.VerdictNone && c.ReviewedBy != "":
		parts = append(parts, c.Verdict.Label()+", reviewed")
	case c.Verdict != annotate.VerdictNone:
		parts = append(parts, c.Verdict.Label())
	}
	if c.Assignee != "" {
		parts = append(parts, "for "+c.Assignee)
	}
	if note := anchorNote(c); note != "" {
		parts = append(parts, note)
	}
	return strings.Join(parts, " · ")
}

// excerpt folds white space and clips s to n code points.
func excerpt(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// claimList is the claims list, focusable, with the single-key commands of
// the article view.
type claimList struct {
	widget.List
	panel  *claimsPanel
	rows   map[fyne.CanvasObject]*claimRow
	onRune func(rune) bool
	onKey  func(*fyne.KeyEvent) bool
}

func newClaimList(p *claimsPanel) *claimList {
	l := &claimList{panel: p, rows: map[fyne.CanvasObject]*claimRow{}}
	l.Length = func() int { return len(p.visible) }
	l.CreateItem = func() fyne.CanvasObject {
		r := newClaimRow()
		l.rows[r.root] = r
		return r.root
	}
	l.UpdateItem = func(i widget.ListItemID, o fyne.CanvasObject) {
		if r := l.rows[o]; r != nil && i < len(p.visible) {
			c := p.visible[i]
			r.set(c.Number, c, p.view.placeOf(c))
		}
	}
	l.OnSelected = p.onSelected
	l.ExtendBaseWidget(l)
	return l
}

func (l *claimList) TypedRune(r rune) {
	if l.onRune != nil && l.onRune(r) {
		return
	}
	l.List.TypedRune(r)
}

func (l *claimList) TypedKey(k *fyne.KeyEvent) {
	if l.onKey != nil && l.onKey(k) {
		return
	}
	l.List.TypedKey(k)
}
