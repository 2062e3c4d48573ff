package app

import (
	"context"
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

// previouslyChecked is the note line that links a claim to a similar one
// checked before. A note, rather than a source, because it works whether or
// not the other article has an address, it keeps the link out of the
// published report's evidence (a source would have to be archived), and it
// needs nothing stored beyond the claim itself; "claim #ID" names the other
// claim unambiguously, so that the link can be recognised and followed.
func previouslyChecked(s similarClaim) string {
	verdict := s.claim.Verdict.Label()
	if s.claim.Verdict == annotate.VerdictNone {
		verdict = "no verdict yet"
	}
	return fmt.Sprintf("Previously checked: %s claim #%d — %s", s.title, s.claim.ID, verdict)
}

// linkedTo reports whether notes already link the claim id.
func linkedTo(notes string, id int64) bool {
	mark := fmt.Sprintf(" claim #%d — ", id)
	for _, line := range strings.Split(notes, "\n") {
		if strings.HasPrefix(line, "Previously checked: ") && strings.Contains(line, mark) {
			return true
		}
	}
	return false
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
	s.claimID, s.statement, s.found = 0, "", nil
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
	notes := ""
	if c := s.editor.claim; c != nil {
		notes = c.Notes
	}
	for _, sc := range s.found {
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

		link := widget.NewButtonWithIcon("Link", theme.ContentAddIcon(), func() { s.link(sc) })
		if linkedTo(notes, sc.claim.ID) {
			link.SetText("Linked")
			link.SetIcon(theme.ConfirmIcon())
			link.Disable()
		}
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

// link records in the claim's notes that it was checked before, as one
// undoable step.
func (s *similarSection) link(sc similarClaim) {
	e := s.editor
	if e.claim == nil || linkedTo(e.claim.Notes, sc.claim.ID) {
		return
	}
	line := previouslyChecked(sc)
	e.change("previously checked", func(c *annotate.Claim) error {
		if c.Notes != "" && !strings.HasSuffix(c.Notes, "\n") {
			c.Notes += "\n"
		}
		c.Notes += line
		return nil
	})
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
