package app

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/factdesk/factdesk/annotate"
)

// saveDelay is how long typing must pause before a text field is saved.
const saveDelay = 400 * time.Millisecond

// claimEditor edits the selected claim. Every change is saved at once, in
// its own transaction and undo step; text fields after a short pause in
// typing or when they lose focus.
type claimEditor struct {
	view  *articleView
	claim *annotate.Claim // the claim as stored

	loading  bool
	pending  map[string]bool
	gen      int
	stop     func() // cancels the pending save
	tagNames []string
	tagColor map[string]string
	lookups  bool        // tag and claimant suggestions are loaded
	srcForm  *sourceForm // the source dialog last shown
	similar  *similarSection
	history  *historySection

	heading   *widget.Label
	anchor    *widget.Label
	quote     *widget.Label
	statement *fieldEntry
	claimant  *suggestEntry
	date      *fieldEntry
	tagChips  *fyne.Container
	tagEntry  *suggestEntry
	status    *widget.Select
	verdicts  map[annotate.Verdict]*verdictButton
	conflict  *conflictBox // verdicts set at once on two desks
	review    *reviewBox   // who checked the verdict, who signed it off
	assignee  *suggestEntry
	rationale *fieldEntry
	notes     *fieldEntry
	sources   *fyne.Container
	problem   *widget.Label
	texts     []textField

	body  *fyne.Container
	form  fyne.CanvasObject
	empty fyne.CanvasObject
	page  *pageScroll
	root  fyne.CanvasObject
}

// textField ties a typed-in entry to the claim field it edits.
type textField struct {
	name string
	text func() string
	set  func(string)
	get  func(c *annotate.Claim) string
	put  func(c *annotate.Claim, s string) error
}

func newClaimEditor(v *articleView) *claimEditor {
	e := &claimEditor{view: v, pending: map[string]bool{}, tagColor: map[string]string{}}
	e.build()
	return e
}

func (e *claimEditor) build() {
	e.heading = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	e.anchor = widget.NewLabel("")
	e.anchor.Importance = widget.WarningImportance
	e.anchor.Wrapping = fyne.TextWrapWord
	e.quote = widget.NewLabel("")
	e.quote.Wrapping = fyne.TextWrapWord
	e.quote.TextStyle.Italic = true

	e.statement = newFieldEntry(true)
	e.statement.minRows = 3
	e.statement.SetMinRowsVisible(3)
	e.statement.SetPlaceHolder("What is claimed, in a sentence")
	e.claimant = newSuggestEntry()
	e.claimant.SetPlaceHolder("Who said it")
	e.assignee = newSuggestEntry()
	e.assignee.SetPlaceHolder("Nobody yet")
	e.date = newFieldEntry(false)
	e.date.SetPlaceHolder("YYYY-MM-DD")
	e.date.Validator = validDate
	e.rationale = newFieldEntry(true)
	e.rationale.minRows = 3
	e.rationale.SetMinRowsVisible(3)
	e.rationale.SetPlaceHolder("Why this verdict, for readers: printed in the report")
	e.notes = newFieldEntry(true)
	e.notes.minRows = 4
	e.notes.SetMinRowsVisible(4)
	e.notes.SetPlaceHolder("Internal notes for the desk: not published unless asked")
	e.problem = widget.NewLabel("")
	e.problem.Importance = widget.DangerImportance
	e.problem.Wrapping = fyne.TextWrapWord
	e.problem.Hide()

	e.texts = []textField{
		{"statement", e.text(&e.statement.Entry), e.statement.SetText,
			func(c *annotate.Claim) string { return c.Statement },
			func(c *annotate.Claim, s string) error { c.Statement = s; return nil }},
		{"claimant", e.text(&e.claimant.Entry), e.claimant.SetText,
			func(c *annotate.Claim) string { return c.Claimant },
			func(c *annotate.Claim, s string) error { c.Claimant = strings.TrimSpace(s); return nil }},
		{"assignee", e.text(&e.assignee.Entry), e.assignee.SetText,
			func(c *annotate.Claim) string { return c.Assignee },
			func(c *annotate.Claim, s string) error { c.Assignee = strings.TrimSpace(s); return nil }},
		{"claim date", e.text(&e.date.Entry), e.date.SetText,
			func(c *annotate.Claim) string { return c.ClaimDate },
			func(c *annotate.Claim, s string) error {
				s = strings.TrimSpace(s)
				if err := validDate(s); err != nil {
					return err
				}
				c.ClaimDate = s
				return nil
			}},
		{"rationale", e.text(&e.rationale.Entry), e.rationale.SetText,
			func(c *annotate.Claim) string { return c.Rationale },
			func(c *annotate.Claim, s string) error { c.Rationale = s; return nil }},
		{"notes", e.text(&e.notes.Entry), e.notes.SetText,
			func(c *annotate.Claim) string { return c.Notes },
			func(c *annotate.Claim, s string) error { c.Notes = s; return nil }},
	}
	hook := func(name string, changed *func(string), lost, esc *func()) {
		*changed = func(string) { e.typed(name) }
		*lost = func() { e.saveField(name, true) }
		*esc = e.view.focusReader
	}
	hook("statement", &e.statement.OnChanged, &e.statement.onFocusLost, &e.statement.onEscape)
	hook("claimant", &e.claimant.OnChanged, &e.claimant.onFocusLost, &e.claimant.onEscape)
	hook("assignee", &e.assignee.OnChanged, &e.assignee.onFocusLost, &e.assignee.onEscape)
	hook("claim date", &e.date.OnChanged, &e.date.onFocusLost, &e.date.onEscape)
	hook("rationale", &e.rationale.OnChanged, &e.rationale.onFocusLost, &e.rationale.onEscape)
	hook("notes", &e.notes.OnChanged, &e.notes.onFocusLost, &e.notes.onEscape)

	e.tagChips = container.New(layout.NewRowWrapLayout())
	e.tagEntry = newSuggestEntry()
	e.tagEntry.SetPlaceHolder("Add a tag and press Enter")
	e.tagEntry.OnSubmitted = e.onAddTag
	e.tagEntry.OnChanged = e.onTagTyped
	e.tagEntry.onEscape = e.view.focusReader

	var labels []string
	for _, s := range annotate.Statuses {
		labels = append(labels, s.Label())
	}
	e.status = widget.NewSelect(labels, e.onStatusChosen)

	e.verdicts = map[annotate.Verdict]*verdictButton{}
	folding := &foldingGrid{max: 4}
	verdictGrid := container.New(folding)
	add := func(v annotate.Verdict, label, hex string) {
		b := newVerdictButton(label, hex, func() { e.setVerdict(v) })
		e.verdicts[v] = b
		verdictGrid.Add(b.root)
	}
	add(annotate.VerdictNone, "None (0)", "#9aa4b2")
	for i, r := range annotate.DefaultScale {
		add(r.Verdict, fmt.Sprintf("%s (%d)", r.Label, i+1), r.Color)
	}

	e.sources = container.NewVBox()
	e.similar = newSimilarSection(e)
	e.history = newHistorySection(e)
	addSource := widget.NewButtonWithIcon("Add source", theme.ContentAddIcon(), e.onAddSource)

	// Labels share one width, so that the two forms around the verdicts,
	// which take the editor's whole width, line up.
	labelW := widget.NewLabelWithStyle("Assigned to", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true}).MinSize().Width
	label := func(s string) fyne.CanvasObject {
		return container.New(minWidth{labelW}, widget.NewLabelWithStyle(s, fyne.TextAlignTrailing, fyne.TextStyle{Bold: true}))
	}
	// What a checker changes most comes first: where the check stands,
	// then what is claimed; the rest follows in the order it is filled in.
	top := container.New(layout.NewFormLayout(), label("Status"), e.status, label("Assigned to"), e.assignee)
	e.conflict = newConflictBox(e)
	e.review = newReviewBox(e)
	verdicts := container.NewVBox(e.conflict.root,
		widget.NewLabelWithStyle("Verdict", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), verdictGrid, e.review.root)
	fields := container.New(layout.NewFormLayout(),
		label("Rationale"), e.rationale,
		label("Statement"), e.statement,
		label("Claimant"), e.claimant,
		label("Claim date"), e.date,
		label("Tags"), container.NewVBox(e.tagChips, e.tagEntry),
		label("Notes"), e.notes,
	)
	e.form = container.NewVBox(
		e.heading, e.quote, e.anchor, e.problem, top, verdicts, fields,
		widget.NewSeparator(),
		container.NewBorder(nil, nil,
			widget.NewLabelWithStyle("Sources", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
			addSource),
		e.sources,
		widget.NewSeparator(),
		e.similar.root,
		widget.NewSeparator(),
		e.history.root,
	)
	for _, en := range []*fieldEntry{e.statement, e.date, e.rationale, e.notes} {
		en.onFocusGained = e.reveal(en)
	}
	e.claimant.onFocusGained = e.reveal(e.claimant)
	e.assignee.onFocusGained = e.reveal(e.assignee)
	e.tagEntry.onFocusGained = e.reveal(e.tagEntry)
	hint := widget.NewLabel("No claim selected.\nTap a highlight or a row, or press J and K to move between claims.")
	hint.Alignment = fyne.TextAlignCenter
	hint.Wrapping = fyne.TextWrapWord
	// Not centred in a Center container: a wrapping label there gets no
	// width and breaks after every word.
	e.empty = container.NewVBox(layout.NewSpacer(), hint, layout.NewSpacer())
	e.body = container.NewStack(e.empty)
	e.page = newPageScroll(container.NewPadded(e.body))
	e.root = e.page.root
	folding.changed = func() {
		verdictGrid.Refresh()
		verdicts.Refresh()
		e.page.scroll.Refresh()
	}
}

// reveal returns a hook that scrolls o into view when it gets focus.
func (e *claimEditor) reveal(o fyne.CanvasObject) func() {
	return func() { e.page.reveal(o) }
}

func (e *claimEditor) text(en *widget.Entry) func() string {
	return func() string { return en.Text }
}

// validDate accepts "" or a date like 2025-09-05.
func validDate(s string) error {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		return annotate.Errorf(annotate.EINVALID, "claim date %q is not a date like 2025-09-05", s)
	}
	return nil
}

// show loads a claim into the editor; nil shows the empty state.
func (e *claimEditor) show(c *annotate.Claim) {
	e.stopTimer()
	clear(e.pending)
	e.problem.Hide()
	if c == nil {
		e.claim = nil
		e.similar.clear()
		e.body.Objects = []fyne.CanvasObject{e.empty}
		e.body.Refresh()
		return
	}
	e.loadLookups()
	e.body.Objects = []fyne.CanvasObject{e.form}
	same := e.claim != nil && e.claim.ID == c.ID
	e.claim = nil // so that sync sets every field
	e.sync(c)
	e.body.Refresh()
	if !same {
		e.page.top() // each claim opens at the top
	}
}

// sync shows the stored state of the claim. Text the user is still typing
// is left alone.
func (e *claimEditor) sync(c *annotate.Claim) {
	first := e.claim == nil || e.claim.ID != c.ID
	e.claim = cloneClaim(c)
	e.loading = true
	defer func() { e.loading = false }()

	head := fmt.Sprintf("Claim %d", c.Number)
	if place := e.view.placeOf(c); place != "" {
		head += " · " + place
	}
	e.heading.SetText(head)
	e.quote.SetText("“" + excerpt(c.Exact, 600) + "”")
	if note := anchorNote(c); note != "" {
		e.anchor.SetText(note + anchorAdvice(c))
		e.anchor.Show()
	} else {
		e.anchor.Hide()
	}
	for _, f := range e.texts {
		if first || (!e.pending[f.name] && f.text() != f.get(c)) {
			f.set(f.get(c))
		}
	}
	e.statement.fitRows()
	e.rationale.fitRows()
	e.notes.fitRows()
	e.status.SetSelected(c.Status.Label())
	for v, b := range e.verdicts {
		b.setChosen(v == c.Verdict)
	}
	e.conflict.update(c)
	e.review.update(c)
	e.syncTags()
	e.syncSources()
	e.similar.update(c)
	e.history.update()
}

// reloaded shows a claim read again after a conflict. The text field the
// user was saving keeps what they typed and is marked pending, so that it
// is saved again on top of the claim as it now stands.
func (e *claimEditor) reloaded(c *annotate.Claim, field string, retry bool) {
	var keep string
	var kept *textField
	for i := range e.texts {
		if e.texts[i].name == field {
			kept = &e.texts[i]
			keep = kept.text()
		}
	}
	e.sync(c)
	if kept != nil && keep != kept.get(c) {
		e.loading = true
		kept.set(keep)
		e.loading = false
		if retry {
			e.typed(field)
		}
	}
}

// loadLookups fills the tag and claimant suggestions once per change of
// them, not once per claim shown.
func (e *claimEditor) loadLookups() {
	if e.lookups {
		return
	}
	ctx := context.Background()
	tags, err := e.view.ws.store.Tags(ctx)
	if err != nil {
		e.view.ws.showError(err)
		return
	}
	names, err := e.view.ws.store.Claimants(ctx)
	if err != nil {
		e.view.ws.showError(err)
		return
	}
	e.tagNames = e.tagNames[:0]
	for _, t := range tags {
		e.tagNames = append(e.tagNames, t.Name)
		e.tagColor[t.Name] = t.Color
	}
	e.claimant.SetOptions(names)
	people, err := e.view.ws.store.People(ctx)
	if err != nil {
		e.view.ws.showError(err)
		return
	}
	var who []string
	for _, p := range people {
		who = append(who, p.Name)
	}
	e.assignee.SetOptions(who)
	e.tagEntry.SetOptions(e.tagNames)
	e.lookups = true
}

// syncTags draws a chip per tag, in the tag's colour, with a remove button.
func (e *claimEditor) syncTags() {
	e.tagChips.Objects = e.tagChips.Objects[:0]
	for _, t := range e.claim.Tags {
		hex := e.tagColor[t]
		if hex == "" {
			hex = annotate.TagColor(t)
		}
		bg := canvas.NewRectangle(withAlpha(parseHex(hex), 0x55))
		bg.CornerRadius = 10
		b := widget.NewButtonWithIcon(t, theme.CancelIcon(), func() { e.removeTag(t) })
		b.Importance = widget.LowImportance
		b.IconPlacement = widget.ButtonIconTrailingText
		e.tagChips.Objects = append(e.tagChips.Objects, container.NewStack(bg, b))
	}
	e.tagChips.Refresh()
}

func (e *claimEditor) syncSources() {
	e.sources.Objects = e.sources.Objects[:0]
	if len(e.claim.Sources) == 0 {
		l := widget.NewLabel("No sources yet.")
		l.Importance = widget.LowImportance
		e.sources.Objects = append(e.sources.Objects, l)
	}
	for _, s := range e.claim.Sources {
		title := s.Title
		if title == "" {
			title = s.URL
		}
		name := widget.NewLabel(title)
		name.Truncation = fyne.TextTruncateEllipsis
		meta := []string{stanceLabel(s.Stance)}
		if s.Publisher != "" {
			meta = append(meta, s.Publisher)
		}
		if !s.Accessed.IsZero() {
			meta = append(meta, "accessed "+s.Accessed.Format(time.DateOnly))
		}
		info := widget.NewLabel(strings.Join(meta, " · "))
		info.SizeName = theme.SizeNameCaptionText
		info.Importance = widget.LowImportance
		open := widget.NewButtonWithIcon("", theme.ComputerIcon(), func() { e.openSource(s) })
		edit := widget.NewButtonWithIcon("", theme.DocumentCreateIcon(), func() { e.onEditSource(s) })
		del := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() { e.removeSource(s) })
		for _, b := range []*widget.Button{open, edit, del} {
			b.Importance = widget.LowImportance
		}
		e.sources.Objects = append(e.sources.Objects, container.NewBorder(nil, nil, nil,
			container.NewHBox(open, edit, del), container.NewVBox(name, info)))
	}
	e.sources.Refresh()
}

// typed notes that a text field changed and restarts the save timer.
func (e *claimEditor) typed(name string) {
	if name == "statement" && !e.loading {
		e.view.ws.traceInput("type-statement")
	}
	e.statement.fitRows()
	e.rationale.fitRows()
	e.notes.fitRows()
	if e.loading || e.claim == nil {
		return
	}
	e.pending[name] = true
	e.stopTimer()
	e.gen++
	gen := e.gen
	e.stop = e.view.ws.after(saveDelay, func() {
		if gen == e.gen {
			e.saveTyping()
		}
	})
}

func (e *claimEditor) stopTimer() {
	if e.stop != nil {
		e.stop()
		e.stop = nil
	}
	e.gen++
}

// saveTyping saves the fields typed in since the last save, leaving a field
// that is not valid yet for the user to finish.
func (e *claimEditor) saveTyping() {
	for _, f := range e.texts {
		if e.pending[f.name] {
			e.save(f, false)
		}
	}
}

// flush saves every text field that differs from the stored claim; a value
// that cannot be saved is reported and reverted.
func (e *claimEditor) flush() {
	e.stopTimer()
	if e.claim == nil {
		return
	}
	for _, f := range e.texts {
		e.save(f, true)
	}
}

func (e *claimEditor) saveField(name string, final bool) {
	e.stopTimer()
	for _, f := range e.texts {
		if f.name == name {
			e.save(f, final)
		}
	}
}

// save stores one text field. final is true when the user has left the field:
// a value that breaks a rule is then reported in a dialog and reverted;
// while typing it is only pointed out under the field.
func (e *claimEditor) save(f textField, final bool) {
	if e.claim == nil || e.loading {
		return
	}
	delete(e.pending, f.name)
	s := f.text()
	if s == f.get(e.claim) {
		e.problem.Hide()
		return
	}
	after := cloneClaim(e.claim)
	err := f.put(after, s)
	if err == nil {
		err = after.Validate()
	}
	if err != nil {
		if final {
			e.problem.Hide()
			e.revert(f)
			e.view.ws.showError(err)
			return
		}
		e.problem.SetText(annotate.ErrorMessage(err))
		e.problem.Show()
		return
	}
	e.problem.Hide()
	if f.get(after) == f.get(e.claim) {
		return // only white space differs
	}
	if err := e.view.ws.exec(&editClaim{store: e.view.ws.store, field: f.name,
		before: cloneClaim(e.claim), after: after, at: time.Now()}); err != nil && annotate.ErrorCode(err) != annotate.ECONFLICT {
		e.revert(f) // a conflict keeps the text, to be saved again on top
	}
	if f.name == "claimant" {
		e.lookups = false
	}
}

func (e *claimEditor) revert(f textField) {
	e.loading = true
	f.set(f.get(e.claim))
	e.loading = false
}

// change applies a non-text change (status, verdict, tags) as one step.
func (e *claimEditor) change(field string, mutate func(c *annotate.Claim) error) {
	if e.claim == nil {
		return
	}
	e.flush()
	if e.claim == nil {
		return
	}
	after := cloneClaim(e.claim)
	err := mutate(after)
	if err == nil {
		err = after.Validate()
	}
	if err != nil {
		e.view.ws.showError(err)
		e.sync(e.claim)
		return
	}
	if e.view.ws.exec(&editClaim{store: e.view.ws.store, field: field,
		before: cloneClaim(e.claim), after: after, at: time.Now()}) != nil {
		e.sync(e.claim)
	}
}

func (e *claimEditor) setVerdict(v annotate.Verdict) {
	if e.claim == nil || e.claim.Verdict == v {
		return
	}
	e.view.ws.traceInput("set-verdict")
	e.change("verdict", func(c *annotate.Claim) error { return c.SetVerdict(v) })
}

func (e *claimEditor) setStatus(s annotate.Status) {
	if e.claim == nil || e.claim.Status == s {
		return
	}
	e.change("status", func(c *annotate.Claim) error { return c.SetStatus(s) })
}

func (e *claimEditor) onStatusChosen(label string) {
	if e.loading {
		return
	}
	for _, s := range annotate.Statuses {
		if s.Label() == label {
			e.setStatus(s)
		}
	}
}

func (e *claimEditor) onAddTag(text string) {
	if e.claim == nil || strings.TrimSpace(text) == "" {
		return
	}
	name, err := annotate.NormalizeTag(text)
	if err != nil {
		e.view.ws.showError(err)
		return
	}
	e.tagEntry.SetText("")
	if slices.Contains(e.claim.Tags, name) {
		return
	}
	e.change("tags", func(c *annotate.Claim) error { return c.AddTag(name) })
	e.lookups = false
}

// onTagTyped narrows the suggestions to tags containing what is typed.
func (e *claimEditor) onTagTyped(s string) {
	if e.claim == nil {
		return
	}
	s = strings.ToLower(strings.TrimSpace(s))
	var opts []string
	for _, n := range e.tagNames {
		if strings.Contains(n, s) && !slices.Contains(e.claim.Tags, n) {
			opts = append(opts, n)
		}
		if len(opts) == 20 {
			break
		}
	}
	e.tagEntry.SetOptions(opts)
}

func (e *claimEditor) removeTag(name string) {
	e.change("tags", func(c *annotate.Claim) error { c.RemoveTag(name); return nil })
}

func (e *claimEditor) onAddSource() {
	if e.claim == nil {
		return
	}
	e.srcForm = showSourceDialog(e.view.ws.win, nil, func(s annotate.Source) {
		s.ClaimID = e.claim.ID
		e.flush()
		e.view.ws.exec(&addSource{store: e.view.ws.store, articleID: e.claim.ArticleID, source: s})
	})
}

func (e *claimEditor) onEditSource(old annotate.Source) {
	e.srcForm = showSourceDialog(e.view.ws.win, &old, func(s annotate.Source) {
		s.ID, s.ClaimID, s.UUID, s.Rev = old.ID, old.ClaimID, old.UUID, old.Rev
		if s == old {
			return
		}
		e.view.ws.exec(&editSource{store: e.view.ws.store, articleID: e.claim.ArticleID, before: old, after: s})
	})
}

func (e *claimEditor) removeSource(s annotate.Source) {
	if e.claim == nil {
		return
	}
	e.view.ws.exec(&removeSource{store: e.view.ws.store, articleID: e.claim.ArticleID, source: s})
}

// openSource opens a source in the system browser.
func (e *claimEditor) openSource(s annotate.Source) {
	if err := annotate.ValidateURL("source URL", s.URL); err != nil {
		e.view.ws.showError(err)
		return
	}
	u, err := url.Parse(s.URL)
	if err == nil {
		err = e.view.ws.app.OpenURL(u)
	}
	if err != nil {
		e.view.ws.showError(err)
	}
}

func (e *claimEditor) focusStatement() {
	if e.claim != nil {
		e.view.showPanel()
		e.view.ws.win.Canvas().Focus(e.statement)
		e.page.reveal(e.statement)
	}
}

func (e *claimEditor) focusTags() {
	if e.claim != nil {
		e.view.showPanel()
		e.view.ws.win.Canvas().Focus(e.tagEntry)
		e.page.reveal(e.tagEntry)
	}
}

// verdictButton is a verdict choice drawn in the verdict's colour, solid
// when chosen.
type verdictButton struct {
	bg     *canvas.Rectangle
	button *widget.Button
	color  string
	root   fyne.CanvasObject
}

func newVerdictButton(label, hex string, tapped func()) *verdictButton {
	b := &verdictButton{color: hex}
	b.bg = canvas.NewRectangle(withAlpha(parseHex(hex), 0x30))
	b.bg.CornerRadius = 4
	b.button = widget.NewButton(label, tapped)
	b.button.Importance = widget.LowImportance
	b.root = container.NewStack(b.bg, b.button)
	return b
}

func (b *verdictButton) setChosen(on bool) {
	a := uint8(0x30)
	if on {
		a = 0xc0
		b.button.SetIcon(theme.ConfirmIcon())
	} else {
		b.button.SetIcon(nil)
	}
	b.bg.FillColor = withAlpha(parseHex(b.color), a)
	b.bg.Refresh()
}

func stanceLabel(s annotate.Stance) string {
	switch s {
	case annotate.StanceSupports:
		return "Supports"
	case annotate.StanceRefutes:
		return "Refutes"
	}
	return "Context"
}
