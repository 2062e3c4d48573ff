package app

import (
	"context"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/anchor"
	"github.com/factdesk/factdesk/annotate/desk"
	"github.com/factdesk/factdesk/annotate/ingest"
)

// anchorNote says how a claim was placed on a later version of its article,
// or "" when it sits where it was marked or was found exactly.
func anchorNote(c *annotate.Claim) string {
	switch c.AnchorBy {
	case annotate.AnchorFuzzy:
		return fmt.Sprintf("found approximately (%.2f)", c.AnchorScore)
	case annotate.AnchorOrphan:
		return "⚠ not found in the new version — needs review"
	}
	return ""
}

// anchorAdvice is the editor's longer word on a claim placed approximately
// or not at all.
func anchorAdvice(c *annotate.Claim) string {
	switch c.AnchorBy {
	case annotate.AnchorFuzzy:
		return ": the article changed and the quote was placed on the closest match. Check that it is still what was claimed."
	case annotate.AnchorOrphan:
		return ". The old quote is kept; select the passage in the new text and mark it again, or delete the claim."
	}
	return ""
}

// plural is "1 claim" or "n claims".
func plural(n int, noun string) string { return desk.Plural(n, noun) }

// readDocument reads a new version of an article, reporting progress.
type readDocument func(ctx context.Context, progress progressFunc) (*ingest.Document, error)

// storeNewVersion reads the new text and stores it as the article's new
// version with its claims re-anchored, off the UI goroutine.
func storeNewVersion(ctx context.Context, store Store, a *annotate.Article, read readDocument, progress progressFunc) (desk.UpdateResult, error) {
	doc, err := read(ctx, progress)
	if err != nil {
		return desk.UpdateResult{}, err
	}
	return desk.Update(ctx, store, a, doc, desk.Progress(progress))
}

// showUpdate asks where the new version of the open article comes from: its
// address, or a file.
func (ws *Workspace) showUpdate() {
	a := ws.article.article
	if a == nil {
		return
	}
	ws.article.editor.flush()
	var d dialog.Dialog
	fromFile := widget.NewButtonWithIcon("Choose a file…", theme.FolderOpenIcon(), func() {
		d.Hide()
		ws.chooseUpdateFile()
	})
	fromURL := widget.NewButtonWithIcon("Fetch from its address", theme.DownloadIcon(), func() {
		d.Hide()
		ws.updateFromURL(a.URL)
	})
	fromURL.Importance = widget.HighImportance
	text := "Read the new text of “" + excerpt(a.Title, 80) + "” after the publisher changed it. " +
		"Its claims are placed on the new text; those that cannot be placed confidently are flagged for review."
	if a.URL == "" {
		fromURL.Disable()
		text += "\n\nThe article has no address, so the new version must come from a file."
	} else {
		text += "\n\nAddress: " + a.URL
	}
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	cancel := widget.NewButton("Cancel", func() { d.Hide() })
	content := container.NewVBox(l, container.NewHBox(cancel, fromFile, fromURL))
	d = dialog.NewCustomWithoutButtons("Update article", content, ws.win)
	d.Resize(fyne.NewSize(560, 0))
	d.Show()
}

func (ws *Workspace) chooseUpdateFile() {
	ws.chooseArticleFile(ws.updateFromReader)
}

// updateFromURL fetches the article's address again as its new version.
func (ws *Workspace) updateFromURL(rawURL string) {
	if err := annotate.ValidateURL("article URL", rawURL); err != nil {
		ws.showError(err)
		return
	}
	ws.updateArticle(func(ctx context.Context, progress progressFunc) (*ingest.Document, error) {
		progress(0, 0, "Fetching "+rawURL)
		return ingest.Fetch(ctx, rawURL, func(read, total int64) {
			progress(int(read>>10), int(total>>10), fmt.Sprintf("Fetching… %d KB", read>>10))
		})
	})
}

// updateFromReader reads a file (HTML, Markdown or text by its name) as the
// open article's new version.
func (ws *Workspace) updateFromReader(r io.ReadCloser, name string) {
	base := ""
	if a := ws.article.article; a != nil {
		base = a.URL
	}
	ws.updateArticle(func(ctx context.Context, progress progressFunc) (*ingest.Document, error) {
		defer r.Close()
		progress(0, 0, "Reading "+name)
		data, err := desk.ReadLimited(r, name, annotate.MaxInputBytes)
		if err != nil {
			return nil, err
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		return ingest.Parse(data, desk.FormatOf(name), name, base)
	})
}

// updateArticle stores a new version of the open article off the UI
// goroutine, then shows it and what happened to its claims.
func (ws *Workspace) updateArticle(read readDocument) {
	a := ws.article.article
	if a == nil {
		return
	}
	a = &annotate.Article{ID: a.ID, Text: a.Text}
	var r desk.UpdateResult
	ws.runTask("Updating article", func(ctx context.Context, progress progressFunc) error {
		var err error
		r, err = storeNewVersion(ctx, ws.store, a, read, progress)
		return err
	}, func(err error) {
		if err != nil {
			if !cancelled(err) {
				ws.showError(err)
			}
			return
		}
		if !r.Unchanged {
			// Undo steps of this article hold anchors on the old text, which
			// the new text would refuse; the new version is not undone either.
			ws.forgetArticle(a.ID)
			if ws.ArticleID() == a.ID {
				if err := ws.article.reload(); err != nil {
					ws.showError(err)
				}
			}
		}
		dialog.ShowInformation("Update article", r.String(), ws.win)
	})
}

// versionBanner tells, above the reader, that the article changed after its
// claims were made, and offers to show what changed.
type versionBanner struct {
	view  *articleView
	label *widget.Label
	root  *fyne.Container
}

func newVersionBanner(v *articleView) *versionBanner {
	b := &versionBanner{view: v, label: widget.NewLabel("")}
	b.label.Truncation = fyne.TextTruncateEllipsis
	show := widget.NewButton("Show changes", v.showChanges)
	show.Importance = widget.LowImportance
	b.root = container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), show, b.label)
	b.root.Hide()
	return b
}

// update shows the banner when the article has more than one version.
func (b *versionBanner) update() {
	a := b.view.article
	if a == nil || a.Version < 2 {
		b.root.Hide()
		return
	}
	text := fmt.Sprintf("Updated since claims were made — version %d of %d", a.Version, a.Version)
	review := 0
	for _, c := range b.view.claims {
		if c.AnchorBy == annotate.AnchorOrphan || c.AnchorBy == annotate.AnchorFuzzy {
			review++
		}
	}
	switch review {
	case 0:
	case 1:
		text += " · 1 claim to review"
	default:
		text += fmt.Sprintf(" · %d claims to review", review)
	}
	b.label.SetText(text)
	b.root.Show()
}

// Limits of the changes window: a few words of context around each change,
// and a cap on what is drawn so that it opens fast on long articles.
const (
	diffContextWords = 8
	diffMaxHunks     = 200
	diffMaxEditRunes = 1500
)

// showChanges opens a window with what changed between the last two
// versions, computed off the UI goroutine.
func (v *articleView) showChanges() {
	if v.article == nil {
		return
	}
	if v.article.Version < 2 {
		dialog.ShowInformation("Changes", "This article has one version; there is nothing to compare.", v.ws.win)
		return
	}
	id, title := v.article.ID, v.article.Title
	var segs []widget.RichTextSegment
	var from, to int
	v.ws.runTask("Comparing versions", func(ctx context.Context, progress progressFunc) error {
		vs, err := v.ws.store.Versions(ctx, id)
		if err != nil {
			return err
		}
		if len(vs) < 2 {
			return annotate.Errorf(annotate.ENOTFOUND, "article %d has only one version", id)
		}
		old, cur := vs[len(vs)-2], vs[len(vs)-1]
		from, to = old.Number, cur.Number
		progress(0, 0, fmt.Sprintf("Comparing version %d with version %d…", from, to))
		edits := anchor.Diff(old.Text, cur.Text)
		if err := ctx.Err(); err != nil {
			return err
		}
		segs = diffSegments(edits)
		return nil
	}, func(err error) {
		if err != nil {
			if !cancelled(err) {
				v.ws.showError(err)
			}
			return
		}
		v.changes = showDiff(v.ws.win, fmt.Sprintf("Changes in “%s”: version %d to %d", excerpt(title, 60), from, to), segs)
	})
}

// showDiff shows the segments of a diff in a dialog and returns its text.
func showDiff(win fyne.Window, title string, segs []widget.RichTextSegment) *widget.RichText {
	rt := widget.NewRichText(segs...)
	rt.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom(title, "Close", container.NewVScroll(rt), win)
	d.Resize(fyne.NewSize(820, 620))
	d.Show()
	return rt
}

// diffSegments renders word edits as paragraphs, one per change (hunk),
// each with a few words of context on either side: deletions struck
// through in red, insertions in green. Unchanged stretches between hunks
// are left out, and the whole is capped.
func diffSegments(edits []anchor.Edit) []widget.RichTextSegment {
	var segs []widget.RichTextSegment
	inline := func(text string, color fyne.ThemeColorName, style fyne.TextStyle) {
		if text == "" {
			return
		}
		segs = append(segs, &widget.TextSegment{Text: text,
			Style: widget.RichTextStyle{Inline: true, ColorName: color, TextStyle: style}})
	}
	endHunk := func() {
		segs = append(segs, &widget.TextSegment{Text: "", Style: widget.RichTextStyleParagraph})
	}
	hunks, removed, added := 0, 0, 0
	for _, e := range edits {
		switch e.Op {
		case '-':
			removed += countWords(e.Text)
		case '+':
			added += countWords(e.Text)
		}
	}
	segs = append(segs, &widget.TextSegment{
		Text:  fmt.Sprintf("%d words removed, %d words added.", removed, added),
		Style: widget.RichTextStyleParagraph})

	open := false // a hunk is being written
	shown := 0
	for i, e := range edits {
		if e.Op == '=' {
			if !open {
				continue // its tail is written when the next change starts
			}
			next := i+1 < len(edits)
			if next && countWords(e.Text) <= 2*diffContextWords {
				inline(flat(e.Text), "", fyne.TextStyle{}) // short: the hunk goes on
				continue
			}
			head, cut := headWords(e.Text, diffContextWords)
			inline(flat(head), "", fyne.TextStyle{})
			if cut {
				inline(" …", theme.ColorNameDisabled, fyne.TextStyle{})
			}
			endHunk()
			open = false
			continue
		}
		if !open {
			if hunks == diffMaxHunks {
				break
			}
			hunks++
			open = true
			if i > 0 && edits[i-1].Op == '=' {
				tail, cut := tailWords(edits[i-1].Text, diffContextWords)
				if cut {
					inline("… ", theme.ColorNameDisabled, fyne.TextStyle{})
				}
				inline(flat(tail), "", fyne.TextStyle{})
			}
		}
		shown++
		text := flat(clipRunes(e.Text, diffMaxEditRunes))
		if e.Op == '-' {
			inline(text, theme.ColorNameError, fyne.TextStyle{Strikethrough: true})
		} else {
			inline(text, theme.ColorNameSuccess, fyne.TextStyle{Bold: true})
		}
	}
	if open {
		endHunk()
	}
	changes := 0
	for _, e := range edits {
		if e.Op != '=' {
			changes++
		}
	}
	if shown < changes {
		segs = append(segs, &widget.TextSegment{
			Text:  fmt.Sprintf("… and %d more changes not shown.", changes-shown),
			Style: widget.RichTextStyleParagraph})
	}
	if changes == 0 {
		segs = append(segs, &widget.TextSegment{Text: "The two versions have the same text.", Style: widget.RichTextStyleParagraph})
	}
	return segs
}

// flat folds paragraph breaks and runs of white space so that a hunk reads
// as one line; a paragraph break shows as ¶. White space at either end
// stays as one space, so that context and change do not run together.
func flat(s string) string {
	s = strings.ReplaceAll(s, "\n\n", " ¶ ")
	core := strings.Join(strings.Fields(s), " ")
	if core == "" {
		if s != "" {
			return " "
		}
		return ""
	}
	if first, _ := utf8.DecodeRuneInString(s); unicode.IsSpace(first) {
		core = " " + core
	}
	if last, _ := utf8.DecodeLastRuneInString(s); unicode.IsSpace(last) {
		core += " "
	}
	return core
}

// headWords returns the first n words of s with what lies between them, and
// whether anything was left out.
func headWords(s string, n int) (string, bool) {
	words := 0
	in := false
	for i, r := range s {
		if unicode.IsSpace(r) {
			if in {
				words++
				if words == n {
					return s[:i], strings.TrimSpace(s[i:]) != ""
				}
			}
			in = false
		} else {
			in = true
		}
	}
	return s, false
}

// tailWords returns the last n words of s, with the white space before the
// change, and whether anything was left out.
func tailWords(s string, n int) (string, bool) {
	words := 0
	in := false
	rs := []rune(s)
	for i := len(rs) - 1; i >= 0; i-- {
		if unicode.IsSpace(rs[i]) {
			if in {
				words++
				if words == n {
					return string(rs[i+1:]), strings.TrimSpace(string(rs[:i])) != ""
				}
			}
			in = false
		} else {
			in = true
		}
	}
	return s, false
}

func countWords(s string) int { return len(strings.Fields(s)) }

func clipRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
