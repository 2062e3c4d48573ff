package app

import (
	"context"
	"fmt"
	"image/color"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/assist"
)

const (
	// similarLimit is how many candidates the full-text search proposes.
	similarLimit = 10
	// minSimilarity is the likeness under which a candidate is not shown:
	// below it the claims share a word or two and little else.
	minSimilarity = 0.2
)

// similarClaim is a claim of another article that looks like the one being
// edited.
type similarClaim struct {
	claim *annotate.Claim
	title string // of its article
	score float64
}

// similarSection is the "Previously checked" part of the claim editor:
// claims of other articles like the selected one, with their verdicts, to
// link or open.
type similarSection struct {
	editor *claimEditor
	title  *widget.Label
	status *widget.Label
	rows   *fyne.Container
	root   fyne.CanvasObject

	claimID   int64  // the claim looked up
	statement string // its statement when looked up
	found     []similarClaim
	links     []annotate.ClaimLink // the claims recorded as the same claim
	cancel    context.CancelFunc
	gen       int
}

func newSimilarSection(e *claimEditor) *similarSection {
	s := &similarSection{editor: e, status: widget.NewLabel(""), rows: container.NewVBox(),
		title: widget.NewLabelWithStyle("Previously checked", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})}
	s.status.Importance = widget.LowImportance
	s.status.Wrapping = fyne.TextWrapWord
	s.root = container.NewVBox(s.title, s.status, s.rows)
	return s
}

// update looks the claim up when it or its statement changed since the
// last lookup, and otherwise only redraws (a link may have been added).
func (s *similarSection) update(c *annotate.Claim) {
	s.loadLinks(c.ID)
	if c.ID == s.claimID && c.Statement == s.statement {
		s.draw()
		return
	}
	s.lookup(c)
}

// lookup searches the library off the UI goroutine and re-ranks what the
// full-text search found by likeness of statement and quote.
func (s *similarSection) lookup(c *annotate.Claim) {
	s.stop()
	s.gen++
	gen := s.gen
	s.claimID, s.statement = c.ID, c.Statement
	s.found = nil
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	s.status.SetText("Looking for similar claims…")
	s.draw()
	store := s.editor.view.ws.store
	statement, quote, articleID := c.Statement, c.Exact, c.ArticleID
	var found []similarClaim
	var err error
	s.editor.view.ws.background(func() {
		found, err = findSimilar(ctx, store, statement, quote, articleID)
	}, func() {
		cancel()
		if gen != s.gen {
			return // another claim is shown now
		}
		s.cancel = nil
		if err != nil {
			if !cancelled(err) {
				s.status.SetText("Cannot look for similar claims: " + annotate.ErrorMessage(err))
			}
			return
		}
		s.found = found
		s.draw()
	})
}

// findSimilar asks the store for candidates and keeps the alike ones, most
// alike first.
func findSimilar(ctx context.Context, store Store, statement, quote string, articleID int64) ([]similarClaim, error) {
	cands, err := store.SimilarClaims(ctx, statement, articleID, similarLimit)
	if err != nil || len(cands) == 0 {
		return nil, err
	}
	list, err := store.Articles(ctx)
	if err != nil {
		return nil, err
	}
	titles := make(map[int64]string, len(list))
	for _, a := range list {
		titles[a.ID] = a.Title
	}
	var out []similarClaim
	for _, c := range cands {
		score := max(assist.Similarity(statement, c.Statement), assist.Similarity(quote, c.Exact))
		if score < minSimilarity {
			continue
		}
		out = append(out, similarClaim{claim: c, title: titles[c.ArticleID], score: score})
	}
	slices.SortStableFunc(out, func(a, b similarClaim) int {
		switch {
		case a.score > b.score:
			return -1
		case a.score < b.score:
			return 1
		}
		return 0
	})
	return out, nil
}

// stop cancels a lookup under way.
func (s *similarSection) stop() {
	if s.cancel != nil {
		s.cancel()
		s.cancel = nil
	}
	s.gen++
}

// clear forgets the last lookup, when no claim is shown.
func (s *similarSection) clear() {
	s.stop()
	s.claimID, s.statement, s.found, s.links = 0, "", nil, nil
	s.rows.Objects = nil
	s.rows.Refresh()
}

// draw shows a row per similar claim: its verdict in colour, its statement,
// its article, and Link and Open.
func (s *similarSection) draw() {
	s.rows.Objects = s.rows.Objects[:0]
	if len(s.found) > 0 {
		s.title.SetText(fmt.Sprintf("Previously checked (%d)", len(s.found)))
	} else {
		s.title.SetText("Previously checked")
	}
	if s.cancel == nil {
		if len(s.found) == 0 {
			s.status.SetText("No similar claim in other articles.")
		} else {
			s.status.SetText("")
		}
	}
	for _, l := range s.links {
		s.rows.Objects = append(s.rows.Objects, s.linkedRow(l))
	}
	for _, sc := range s.found {
		if s.linked(sc.claim.ID) {
			continue // shown above as linked
		}
		swatch := canvas.NewRectangle(color.Transparent)
		swatch.FillColor = parseHex(annotate.ClaimColor(sc.claim.Verdict, sc.claim.Status))
		swatch.SetMinSize(fyne.NewSize(8, 8))
		swatch.CornerRadius = 3
		verdict := widget.NewLabelWithStyle(sc.claim.Verdict.Label(), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		if sc.claim.Verdict == annotate.VerdictNone {
			verdict.SetText("No verdict yet · " + sc.claim.Status.Label())
		}
		statement := widget.NewLabel("“" + excerpt(sc.claim.Statement, 200) + "”")
		statement.Wrapping = fyne.TextWrapWord
		where := widget.NewLabel(fmt.Sprintf("in %s · %.0f%% alike", excerpt(sc.title, 80), sc.score*100))
		where.SizeName = theme.SizeNameCaptionText
		where.Importance = widget.LowImportance
		where.Truncation = fyne.TextTruncateEllipsis

		link := widget.NewButtonWithIcon("Link", theme.ContentAddIcon(), guard(func() { s.link(sc.claim.ID) }))
		open := widget.NewButtonWithIcon("Open", theme.NavigateNextIcon(), func() { s.open(sc) })
		for _, b := range []*widget.Button{link, open} {
			b.Importance = widget.LowImportance
		}
		s.rows.Objects = append(s.rows.Objects, container.NewBorder(nil, nil,
			container.NewCenter(swatch), container.NewHBox(link, open),
			container.NewVBox(verdict, statement, where)))
	}
	s.rows.Refresh()
}

// loadLinks reads the claims recorded as the same claim as id.
func (s *similarSection) loadLinks(id int64) {
	links, err := s.editor.view.ws.store.Links(context.Background(), id)
	if err != nil {
		s.status.SetText("Cannot read the linked claims: " + annotate.ErrorMessage(err))
		return
	}
	s.links = links
}

func (s *similarSection) linked(id int64) bool {
	return slices.ContainsFunc(s.links, func(l annotate.ClaimLink) bool { return l.OtherID == id })
}

// linkedRow shows a claim recorded as the same claim, with Unlink and Open.
func (s *similarSection) linkedRow(l annotate.ClaimLink) fyne.CanvasObject {
	swatch := canvas.NewRectangle(parseHex(annotate.ClaimColor(l.OtherVerdict, annotate.StatusDone)))
	swatch.SetMinSize(fyne.NewSize(8, 8))
	swatch.CornerRadius = 3
	head := fmt.Sprintf("Same claim · %s", l.OtherVerdict.Label())
	if l.OtherVerdict == annotate.VerdictNone {
		head = "Same claim · no verdict yet"
	}
	verdict := widget.NewLabelWithStyle(head, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	statement := widget.NewLabel("“" + excerpt(l.OtherStatement, 200) + "”")
	statement.Wrapping = fyne.TextWrapWord
	where := widget.NewLabel(fmt.Sprintf("claim %d in %s", l.OtherNumber, excerpt(l.OtherTitle, 80)))
	where.SizeName = theme.SizeNameCaptionText
	where.Importance = widget.LowImportance
	where.Truncation = fyne.TextTruncateEllipsis
	other := l.OtherID
	unlink := widget.NewButtonWithIcon("Unlink", theme.ContentRemoveIcon(), guard(func() { s.unlink(other) }))
	open := widget.NewButtonWithIcon("Open", theme.NavigateNextIcon(), guard(func() {
		s.open(similarClaim{claim: &annotate.Claim{ID: other, ArticleID: l.OtherArticleID}})
	}))
	for _, b := range []*widget.Button{unlink, open} {
		b.Importance = widget.LowImportance
	}
	return container.NewBorder(nil, nil, container.NewCenter(swatch), container.NewHBox(unlink, open),
		container.NewVBox(verdict, statement, where))
}

// link records that the selected claim and other are the same claim seen in
// two places, as one undoable step.
func (s *similarSection) link(other int64) {
	e := s.editor
	if e.claim == nil || s.linked(other) {
		return
	}
	e.view.ws.exec(&linkClaims{store: e.view.ws.store, articleID: e.claim.ArticleID, claimID: e.claim.ID, other: other})
}

func (s *similarSection) unlink(other int64) {
	e := s.editor
	if e.claim == nil {
		return
	}
	e.view.ws.exec(&linkClaims{store: e.view.ws.store, articleID: e.claim.ArticleID, claimID: e.claim.ID, other: other, unlink: true})
}

// open jumps to the similar claim in its article.
func (s *similarSection) open(sc similarClaim) {
	ws := s.editor.view.ws
	if err := ws.openArticle(sc.claim.ArticleID); err != nil {
		ws.showError(err)
		return
	}
	ws.article.selectClaim(sc.claim.ID, fromCode)
}
