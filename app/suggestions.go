package app

import (
	"context"
	"fmt"
	"math"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/assist"
)

const (
	// prefSuggestThreshold is the lowest score of a suggestion shown.
	prefSuggestThreshold    = "assist.threshold"
	defaultSuggestThreshold = assist.DefaultThreshold
	// suggestFloor is the lowest score kept from scoring, the bottom of the
	// slider: moving the slider filters, it does not score again.
	suggestFloor = 0.1
	// longArticle is the length (in bytes) from which scoring shows a
	// spinner; shorter articles score in a few milliseconds.
	longArticle = 30_000
)

// suggestion is a sentence the claim assistant proposes, with its text.
type suggestion struct {
	assist.Suggestion
	text string
}

// suggestionsPanel lists the check-worthy sentences of the open article that
// are not claims yet, best first. Enter accepts the selected one as a claim,
// with the proposed claimant; Delete dismisses it for good.
type suggestionsPanel struct {
	view    *articleView
	list    *suggestionList
	slider  *widget.Slider
	level   *widget.Label
	status  *widget.Label
	spinner *widget.ProgressBarInfinite
	// stopButton cancels the scoring of a long article.
	stopButton *widget.Button
	busy       *fyne.Container
	root       fyne.CanvasObject
	tab        *container.TabItem

	articleID int64
	all       []suggestion // every sentence scored at least suggestFloor, best first
	dismissed map[[2]int]bool
	shown     []suggestion
	selected  int // index in shown, -1 for none
	scoring   bool
	cancel    context.CancelFunc
	gen       int // which scoring is current; an older one is ignored
}

func newSuggestionsPanel(v *articleView) *suggestionsPanel {
	p := &suggestionsPanel{view: v, selected: -1, dismissed: map[[2]int]bool{}}
	p.build()
	return p
}

func (p *suggestionsPanel) build() {
	prefs := p.view.ws.app.Preferences()
	p.slider = widget.NewSlider(suggestFloor, 0.95)
	p.slider.Step = 0.05
	p.slider.Value = min(max(prefs.FloatWithFallback(prefSuggestThreshold, defaultSuggestThreshold), suggestFloor), 0.95)
	p.slider.OnChanged = func(float64) { p.showLevel(); p.refilter() }
	p.slider.OnChangeEnded = func(float64) { prefs.SetFloat(prefSuggestThreshold, p.threshold()) }
	p.level = widget.NewLabel("")
	p.level.TextStyle.Monospace = true
	p.showLevel()
	p.status = widget.NewLabel("")
	p.status.Wrapping = fyne.TextWrapWord
	p.status.Importance = widget.LowImportance
	p.spinner = widget.NewProgressBarInfinite()
	p.stopButton = widget.NewButtonWithIcon("", theme.CancelIcon(), func() {
		p.stop()
		p.say("Scoring stopped. Open the article again to score it.")
	})
	p.stopButton.Importance = widget.LowImportance
	p.busy = container.NewVBox()
	p.list = newSuggestionList(p)

	help := widget.NewLabel("Enter: mark as claim · Delete: dismiss")
	help.SizeName = theme.SizeNameCaptionText
	help.Importance = widget.LowImportance
	top := container.NewVBox(
		container.NewBorder(nil, nil, widget.NewLabel("Score at least"), p.level, p.slider),
		p.busy, p.status)
	p.root = container.NewBorder(top, help, nil, nil, p.list)
	p.tab = container.NewTabItem("Suggestions", p.root)
}

// threshold is the slider's value to two places: its steps add up with
// binary rounding errors (0.1 + 16 × 0.05 is not 0.9).
func (p *suggestionsPanel) threshold() float64 { return math.Round(p.slider.Value*100) / 100 }

func (p *suggestionsPanel) showLevel() { p.level.SetText(fmt.Sprintf("%.2f", p.threshold())) }

// load scores the article's sentences off the UI goroutine. Opening another
// article cancels the scoring of this one.
func (p *suggestionsPanel) load(a *annotate.Article) {
	p.stop()
	p.gen++
	gen := p.gen
	p.articleID = a.ID
	p.all, p.shown, p.selected = nil, nil, -1
	clear(p.dismissed)
	p.view.reader.SetSuggestions(nil)
	p.list.UnselectAll()
	p.list.Refresh()
	ctx, cancel := context.WithCancel(context.Background())
	p.cancel = cancel
	p.scoring = true
	p.say("Scoring sentences…")
	if len(a.Text) >= longArticle {
		p.busy.Objects = []fyne.CanvasObject{container.NewBorder(nil, nil, nil, p.stopButton, p.spinner)}
		p.spinner.Start()
		p.busy.Refresh()
	}
	p.setCount()
	id, text, store := a.ID, a.Text, p.view.ws.store
	var all []suggestion
	var dismissed [][2]int
	var err error
	p.view.ws.background(func() {
		if dismissed, err = store.DismissedSuggestions(ctx, id); err != nil {
			return
		}
		var found []assist.Suggestion
		if found, err = assist.SuggestContext(ctx, text, suggestFloor); err != nil {
			return
		}
		runes := []rune(text)
		all = make([]suggestion, len(found))
		for i, s := range found {
			all[i] = suggestion{s, string(runes[s.Start:s.End])}
		}
	}, func() {
		cancel()
		if gen != p.gen {
			return // another article opened meanwhile
		}
		p.cancel = nil
		p.scoring = false
		p.spinner.Stop()
		p.busy.Objects = nil
		p.busy.Refresh()
		if err != nil {
			if !cancelled(err) {
				p.say("Suggestions are not available: " + annotate.ErrorMessage(err))
			}
			return
		}
		p.all = all
		for _, d := range dismissed {
			p.dismissed[d] = true
		}
		p.refilter()
	})
}

// stop cancels scoring under way.
func (p *suggestionsPanel) stop() {
	if p.cancel != nil {
		p.cancel()
		p.cancel = nil
	}
	p.gen++
	p.scoring = false
	p.spinner.Stop()
	p.busy.Objects = nil
	p.busy.Refresh()
}

// refilter recomputes the suggestions shown: above the threshold, not
// dismissed, and not overlapping a claim already marked.
func (p *suggestionsPanel) refilter() {
	if p.list == nil || p.scoring {
		return
	}
	var keep [2]int
	if p.selected >= 0 && p.selected < len(p.shown) {
		keep = [2]int{p.shown[p.selected].Start, p.shown[p.selected].End}
	}
	least := p.threshold()
	p.shown = p.shown[:0]
	for _, s := range p.all {
		if s.Score+1e-9 < least || p.dismissed[[2]int{s.Start, s.End}] || p.covered(s.Span) {
			continue
		}
		// A caption is the picture's, not the article's claim.
		if i := annotate.BlockAt(p.view.blocks, s.Start); i >= 0 && p.view.blocks[i].Kind == annotate.BlockCaption {
			continue
		}
		// In a transcript the speaker is the turn's, whatever the
		// sentence itself says.
		if speaker, _ := annotate.TurnAt(p.view.blocks, s.Start); speaker != "" {
			s.Claimant = speaker
		}
		p.shown = append(p.shown, s)
	}
	marks := make([]Suggestion, len(p.shown))
	for i, s := range p.shown {
		marks[i] = Suggestion{Start: s.Start, End: s.End, Score: s.Score}
	}
	p.view.reader.SetSuggestions(marks)
	switch {
	case len(p.all) == 0:
		p.say("No sentence looks worth checking.")
	case len(p.shown) == 0:
		p.say("No suggestion at this score. Lower it to see more.")
	default:
		p.say("")
	}
	p.setCount()
	p.list.Refresh()
	p.selected = slices.IndexFunc(p.shown, func(s suggestion) bool { return s.Start == keep[0] && s.End == keep[1] })
	if p.selected >= 0 {
		p.list.selectQuietly(p.selected)
	} else {
		p.list.UnselectAll()
	}
}

// covered reports whether a placed claim overlaps the span.
func (p *suggestionsPanel) covered(s assist.Span) bool {
	for _, c := range p.view.claims {
		if c.AnchorBy != annotate.AnchorOrphan && c.Start < s.End && s.Start < c.End {
			return true
		}
	}
	return false
}

func (p *suggestionsPanel) setCount() {
	text := "Suggestions"
	if len(p.shown) > 0 {
		text = fmt.Sprintf("Suggestions (%d)", len(p.shown))
	}
	if p.tab.Text != text {
		p.tab.Text = text
		if p.view.tabs != nil {
			p.view.tabs.Refresh()
		}
	}
}

// onSelected shows the sentence in the reader and selects it there, so
// that it can also be marked with a narrower span by hand.
func (p *suggestionsPanel) onSelected(i int) {
	if i < 0 || i >= len(p.shown) {
		return
	}
	p.selected = i
	s := p.shown[i]
	p.view.reader.ShowOffset(s.Start)
	p.view.reader.SetSelection(s.Start, s.End)
}

// accept marks the selected suggestion as a claim with its claimant,
// through the same undoable step as marking a claim by hand, and moves on
// to the next suggestion.
func (p *suggestionsPanel) accept() {
	v := p.view
	i := p.selected
	if v.article == nil || i < 0 || i >= len(p.shown) {
		return
	}
	s := p.shown[i]
	c, err := annotate.NewClaim(v.article, s.Start, s.End)
	if err != nil {
		v.ws.showError(err)
		return
	}
	c.Claimant = s.Claimant
	if v.ws.exec(&createClaim{store: v.ws.store, claim: c}) != nil {
		return
	}
	v.reader.SetSelection(s.Start, s.Start)
	v.editor.lookups = false // a new claimant to suggest
	p.selectAt(i)
}

// dismiss turns the selected suggestion down; it is not offered again, in
// this session or the next.
func (p *suggestionsPanel) dismiss() {
	i := p.selected
	if i < 0 || i >= len(p.shown) {
		return
	}
	s := p.shown[i]
	if err := p.view.ws.store.DismissSuggestion(context.Background(), p.articleID, s.Start, s.End); err != nil {
		p.view.ws.showError(err)
		return
	}
	p.dismissed[[2]int{s.Start, s.End}] = true
	p.selected = -1
	p.refilter()
	p.selectAt(i)
}

// selectAt selects the suggestion now at index i, or the last one.
func (p *suggestionsPanel) selectAt(i int) {
	if len(p.shown) == 0 {
		p.selected = -1
		p.list.UnselectAll()
		return
	}
	p.list.Select(min(i, len(p.shown)-1))
}

// step selects the next (+1) or previous (-1) suggestion.
func (p *suggestionsPanel) step(delta int) {
	if len(p.shown) == 0 {
		return
	}
	i := p.selected + delta
	if p.selected < 0 {
		i = 0
	}
	p.list.Select(min(max(i, 0), len(p.shown)-1))
	p.list.ScrollTo(p.selected)
}

// suggestionRow is one row: the score, the sentence and the claimant.
type suggestionRow struct {
	score    *widget.Label
	sentence *widget.Label
	claimant *widget.Label
	root     fyne.CanvasObject
}

func newSuggestionRow() *suggestionRow {
	r := &suggestionRow{score: widget.NewLabel("0.00"), sentence: widget.NewLabel(""), claimant: widget.NewLabel("")}
	r.score.TextStyle.Monospace = true
	r.sentence.Truncation = fyne.TextTruncateEllipsis
	r.claimant.Truncation = fyne.TextTruncateEllipsis
	r.claimant.SizeName = theme.SizeNameCaptionText
	r.claimant.Importance = widget.LowImportance
	r.root = container.NewBorder(nil, nil, r.score, nil, container.NewVBox(r.sentence, r.claimant))
	return r
}

func (r *suggestionRow) set(s suggestion) {
	r.score.SetText(fmt.Sprintf("%.2f", s.Score))
	r.sentence.SetText(excerpt(s.text, 160))
	if s.Claimant != "" {
		r.claimant.SetText("Claimant: " + s.Claimant)
	} else {
		r.claimant.SetText("No claimant named")
	}
}

// suggestionList is the focusable list of suggestions with its keys.
type suggestionList struct {
	widget.List
	panel *suggestionsPanel
	rows  map[fyne.CanvasObject]*suggestionRow
	quiet bool // selecting without telling the panel
}

func newSuggestionList(p *suggestionsPanel) *suggestionList {
	l := &suggestionList{panel: p, rows: map[fyne.CanvasObject]*suggestionRow{}}
	l.Length = func() int { return len(p.shown) }
	l.CreateItem = func() fyne.CanvasObject {
		r := newSuggestionRow()
		l.rows[r.root] = r
		return r.root
	}
	l.UpdateItem = func(i widget.ListItemID, o fyne.CanvasObject) {
		if r := l.rows[o]; r != nil && i < len(p.shown) {
			r.set(p.shown[i])
		}
	}
	l.OnSelected = func(i widget.ListItemID) {
		if !l.quiet {
			p.onSelected(i)
		}
	}
	l.ExtendBaseWidget(l)
	return l
}

// selectQuietly selects row i without scrolling the reader to it again.
func (l *suggestionList) selectQuietly(i int) {
	l.quiet = true
	l.Select(i)
	l.quiet = false
}

func (l *suggestionList) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		l.panel.accept()
	case fyne.KeyDelete, fyne.KeyBackspace:
		l.panel.dismiss()
	case fyne.KeyDown:
		l.panel.step(1)
	case fyne.KeyUp:
		l.panel.step(-1)
	case fyne.KeyEscape:
		l.panel.view.focusReader()
	default:
		l.List.TypedKey(k)
	}
}

// say shows a line above the list; an empty one takes no room.
func (p *suggestionsPanel) say(s string) {
	p.status.SetText(s)
	if s == "" {
		p.status.Hide()
	} else {
		p.status.Show()
	}
}
