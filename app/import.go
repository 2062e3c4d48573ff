package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/desk"
	"github.com/factdesk/factdesk/annotate/ingest"
	"github.com/factdesk/factdesk/assets"
)

// importSample stores the bundled sample article and returns its id.
func (ws *Workspace) importSample() (int64, error) {
	doc, err := ingest.Parse(assets.Sample, "markdown", assets.SampleName, "")
	if err != nil {
		return 0, err
	}
	return ws.storeDocument(doc, "")
}

// storeDocument saves a parsed article as a new library entry; title, when
// given, replaces the one found in the text.
func (ws *Workspace) storeDocument(doc *ingest.Document, title string) (int64, error) {
	a, v := doc.Article(), doc.Version()
	if t := strings.TrimSpace(title); t != "" {
		a.Title = t
	}
	if err := ws.store.CreateArticle(context.Background(), a, v); err != nil {
		return 0, err
	}
	return a.ID, nil
}

// imported stores a document parsed off the UI goroutine and opens it.
func (ws *Workspace) imported(doc *ingest.Document, title string, err error) {
	if err != nil {
		ws.showError(err)
		return
	}
	// The same bytes already in the library: say where, and let the user
	// open that article rather than keep two copies by mistake.
	if doc.SHA256 != "" {
		copies, err := ws.store.FindBySHA256(context.Background(), doc.SHA256)
		if err == nil && len(copies) > 0 {
			ws.offerDuplicate(doc, title, copies[0])
			return
		}
	}
	ws.storeImported(doc, title)
}

// storeImported stores a parsed document as a new article and opens it.
func (ws *Workspace) storeImported(doc *ingest.Document, title string) {
	id, err := ws.storeDocument(doc, title)
	if err != nil {
		ws.showError(err)
		return
	}
	ws.library.load()
	if err := ws.openArticle(id); err != nil {
		ws.showError(err)
	}
}

// offerDuplicate asks what to do with an import the library already holds.
func (ws *Workspace) offerDuplicate(doc *ingest.Document, title string, c annotate.StoredCopy) {
	where := fmt.Sprintf("“%s” (article %d", excerpt(c.Title, 80), c.ArticleID)
	if !c.Current {
		where += fmt.Sprintf(", an earlier version, %d", c.Version)
	}
	where += ")"
	msg := widget.NewLabel("This file or page is already in the library as " + where + ".")
	msg.Wrapping = fyne.TextWrapWord
	var d dialog.Dialog
	open := widget.NewButton("Open it", guard(func() {
		d.Hide()
		if err := ws.openArticle(c.ArticleID); err != nil {
			ws.showError(err)
		}
	}))
	open.Importance = widget.HighImportance
	again := widget.NewButton("Import anyway", guard(func() {
		d.Hide()
		ws.storeImported(doc, title)
	}))
	cancel := widget.NewButton("Cancel", func() { d.Hide() })
	d = dialog.NewCustomWithoutButtons("Already in the library", container.NewVBox(msg,
		container.NewHBox(layout.NewSpacer(), cancel, again, open)), ws.win)
	d.Resize(fyne.NewSize(min(560, ws.win.Canvas().Size().Width-40), 0))
	d.Show()
}

// importFile asks for an HTML, Markdown or text file and imports it.
func (ws *Workspace) importFile() {
	ws.chooseArticleFile(ws.importReader)
}

// chooseArticleFile asks for an HTML, Markdown or text file and hands it,
// open, to use.
func (ws *Workspace) chooseArticleFile(use func(r io.ReadCloser, name string)) {
	ws.chooseFile("Choose an article file", false, desk.ArticleExts, "", nil, func(path string) {
		f, err := os.Open(path)
		if err != nil {
			ws.showError(annotate.Errorf(annotate.EINVALID, "cannot open %s: %v", path, unwrapPath(err)))
			return
		}
		use(f, filepath.Base(path))
	})
}

// importReader reads and parses a file off the UI goroutine.
func (ws *Workspace) importReader(r io.ReadCloser, name string) {
	busy := dialog.NewCustomWithoutButtons("Importing "+name, widget.NewProgressBarInfinite(), ws.win)
	busy.Show()
	var doc *ingest.Document
	var err error
	ws.background(func() {
		defer r.Close()
		var data []byte
		if data, err = desk.ReadLimited(r, name, annotate.MaxInputBytes); err == nil {
			doc, err = ingest.Parse(data, desk.FormatOf(name), name, "")
		}
	}, func() {
		busy.Hide()
		ws.imported(doc, "", err)
	})
}

// pasteDialog asks for a title and the text of an article.
type pasteDialog struct {
	ws    *Workspace
	title *widget.Entry
	text  *widget.Entry
	dlg   dialog.Dialog
}

func (ws *Workspace) pasteText() {
	p := &pasteDialog{ws: ws, title: widget.NewEntry(), text: widget.NewMultiLineEntry()}
	p.title.SetPlaceHolder("Title (optional: the first line is used otherwise)")
	p.text.SetPlaceHolder("Paste the article text here (Ctrl+V), or use the button below")
	p.text.Wrapping = fyne.TextWrapWord
	p.text.SetMinRowsVisible(12)
	fromClip := widget.NewButtonWithIcon("Paste from clipboard", theme.ContentPasteIcon(), func() {
		if clip := ws.app.Clipboard(); clip != nil {
			p.text.SetText(clip.Content())
		}
	})
	content := container.NewBorder(p.title, container.NewHBox(fromClip), nil, nil, p.text)
	p.dlg = dialog.NewCustomConfirm("Paste text", "Import", "Cancel", content, p.onDone, ws.win)
	p.dlg.Resize(fyne.NewSize(760, 560))
	p.dlg.Show()
	ws.win.Canvas().Focus(p.title)
}

func (p *pasteDialog) onDone(ok bool) {
	if !ok {
		return
	}
	text, title := p.text.Text, strings.TrimSpace(p.title.Text)
	if title == "" {
		title, text = splitTitle(text)
	}
	name := title
	if name == "" {
		name = "Pasted text"
	}
	var doc *ingest.Document
	var err error
	p.ws.background(func() {
		doc, err = ingest.Parse([]byte(text), "text", name, "")
	}, func() {
		p.ws.imported(doc, title, err)
	})
}

// urlDialog fetches an article from the web with a progress bar and a way
// to cancel.
type urlDialog struct {
	ws       *Workspace
	entry    *widget.Entry
	progress *widget.ProgressBar
	status   *widget.Label
	fetch    *widget.Button
	cancel   context.CancelFunc
	gen      int // which fetch is current; a cancelled one is ignored
	dlg      dialog.Dialog
}

func (ws *Workspace) importURL() {
	u := &urlDialog{ws: ws, entry: widget.NewEntry(), progress: widget.NewProgressBar(), status: widget.NewLabel("")}
	u.entry.SetPlaceHolder("https://…")
	u.entry.OnSubmitted = func(string) { u.onFetch() }
	u.status.Wrapping = fyne.TextWrapWord
	u.progress.Hide()
	u.fetch = widget.NewButton("Fetch", u.onFetch)
	u.fetch.Importance = widget.HighImportance
	cancel := widget.NewButton("Cancel", u.onCancel)
	content := container.NewVBox(
		widget.NewLabel("Address of the article"),
		u.entry, u.progress, u.status,
		container.NewGridWithColumns(2, cancel, u.fetch))
	u.dlg = dialog.NewCustomWithoutButtons("Import from URL", content, ws.win)
	u.dlg.Resize(fyne.NewSize(560, 0))
	u.dlg.Show()
	ws.win.Canvas().Focus(u.entry)
}

func (u *urlDialog) onFetch() {
	if u.cancel != nil {
		return // already fetching
	}
	raw := strings.TrimSpace(u.entry.Text)
	if err := annotate.ValidateURL("article URL", raw); err != nil {
		u.fail(err)
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	u.cancel = cancel
	u.gen++
	gen := u.gen
	u.fetch.Disable()
	u.entry.Disable()
	u.progress.SetValue(0)
	u.progress.Show()
	u.status.Importance = widget.MediumImportance
	u.status.SetText("Fetching…")
	var doc *ingest.Document
	var err error
	u.ws.background(func() {
		doc, err = ingest.Fetch(ctx, raw, func(read, total int64) {
			fyne.Do(func() { u.onProgress(read, total) })
		})
	}, func() {
		cancel()
		if gen != u.gen {
			return // cancelled
		}
		u.idle()
		if err != nil {
			if !errors.Is(err, context.Canceled) {
				u.fail(err)
			}
			return
		}
		u.dlg.Hide()
		u.ws.imported(doc, "", nil)
	})
}

func (u *urlDialog) onProgress(read, total int64) {
	if total > 0 {
		u.progress.SetValue(float64(read) / float64(total))
		u.status.SetText(fmt.Sprintf("Fetching… %d of %d KB", read>>10, total>>10))
	} else {
		u.status.SetText(fmt.Sprintf("Fetching… %d KB", read>>10))
	}
}

// onCancel stops a fetch under way, or closes the dialog.
func (u *urlDialog) onCancel() {
	if u.cancel != nil {
		u.cancel()
		u.gen++
		u.idle()
		u.status.SetText("Cancelled.")
		return
	}
	u.dlg.Hide()
}

// fail shows why the address could not be imported, as an error.
func (u *urlDialog) fail(err error) {
	u.status.Importance = widget.DangerImportance
	u.status.SetText(annotate.ErrorMessage(err))
}

// idle makes the dialog ready for another address.
func (u *urlDialog) idle() {
	u.cancel = nil
	u.fetch.Enable()
	u.entry.Enable()
	u.progress.Hide()
}

// splitTitle takes a short first line of pasted text as the title and
// leaves it out of the body, so that it is not read twice. A first line that
// reads like a paragraph stays in the body, and the title is left to the
// importer.
func splitTitle(text string) (title, body string) {
	trimmed := strings.TrimLeft(text, " \t\r\n")
	first, rest, ok := strings.Cut(trimmed, "\n")
	first = strings.TrimSpace(first)
	if !ok || first == "" || strings.TrimSpace(rest) == "" || utf8.RuneCountInString(first) > 200 {
		return "", text
	}
	if strings.HasSuffix(first, ".") && strings.Count(first, " ") > 12 {
		return "", text
	}
	return first, rest
}
