package app

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/factdesk/factdesk/annotate/desk"
	"github.com/factdesk/factdesk/annotate/report"
)

// Scopes of an export.
const (
	scopeArticle = "This article"
	scopeLibrary = "Whole library"
)

// exportFormat is one of the formats the Export dialog offers: a desk
// format, and for PDF a page size.
type exportFormat struct {
	key      string // desk.Format's key, with the page size for PDF
	label    string
	ext      string
	library  bool // can hold the whole library
	format   string
	pageSize string
}

// exportFormats are desk.Formats with one PDF entry per page size.
var exportFormats = func() []exportFormat {
	var out []exportFormat
	for _, f := range desk.Formats {
		if f.Key != "pdf" {
			out = append(out, exportFormat{f.Key, f.Label, f.Ext, f.Library, f.Key, ""})
			continue
		}
		for _, size := range desk.PageSizes {
			out = append(out, exportFormat{"pdf-" + strings.ToLower(size), f.Label + " (" + size + ")", f.Ext, f.Library, f.Key, size})
		}
	}
	return out
}()

func formatByLabel(label string) (exportFormat, bool) {
	for _, f := range exportFormats {
		if f.label == label {
			return f, true
		}
	}
	return exportFormat{}, false
}

// exportJob says what to export: a format, one article or the library.
type exportJob struct {
	format    exportFormat
	articleID int64 // the article, when not all
	all       bool
	bom       bool     // CSV starts with a byte-order mark for spreadsheets
	notes     bool     // print the claims' internal notes in a report
	fullText  bool     // reprint the whole article in a report
	protect   []string // files never to write over: the open library
}

// write writes the loaded inputs in the job's format.
func (j exportJob) write(w io.Writer, ins []report.Input) error {
	opts := report.Options{BOM: j.bom, Collection: j.all && j.format.format == "w3c", PageSize: j.format.pageSize,
		IncludeNotes: j.notes, FullText: j.fullText}
	return report.Write(w, j.format.format, ins, opts)
}

// fileName is a sensible default name for the export.
func (j exportJob) fileName(title string) string {
	if j.all {
		return "factdesk-library" + j.format.ext
	}
	name := slug(title)
	if name == "" {
		name = fmt.Sprintf("article-%d", j.articleID)
	}
	if j.format.key == "claimreview" {
		name += "-claimreview"
	}
	return name + j.format.ext
}

// slug makes a title into a short file name: letters and digits joined by
// hyphens, at most 60 of them.
func slug(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(title) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
		if b.Len() >= 60 {
			break
		}
	}
	return strings.Trim(b.String(), "-")
}

// writeExport loads the job's articles, reporting progress per article, and
// writes them to path through a temporary file, so that a failed or
// cancelled export leaves no half-written file. It runs off the UI
// goroutine.
func writeExport(ctx context.Context, store Store, job exportJob, path string, progress progressFunc) error {
	ids := []int64{job.articleID}
	if job.all {
		list, err := store.Articles(ctx)
		if err != nil {
			return err
		}
		ids = desk.LibraryOrder(list)
	}
	ins, err := desk.LoadInputs(ctx, store, ids, desk.Progress(progress))
	if err != nil {
		return err
	}
	progress(len(ids), len(ids)+1, "Writing "+filepath.Base(path))
	err = report.WriteFileProtect(path, job.protect, func(w io.Writer) error {
		return job.write(ctxWriter{ctx, w}, ins)
	})
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return err
	}
	progress(len(ids)+1, len(ids)+1, "Done")
	return nil
}

// ctxWriter stops a long write when its context is cancelled.
type ctxWriter struct {
	ctx context.Context
	w   io.Writer
}

func (c ctxWriter) Write(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.w.Write(p)
}

// exportDialog chooses a format and a scope, shows what keeps the article's
// report from being ready to publish (without ever blocking the export),
// then asks where to save.
type exportDialog struct {
	ws        *Workspace
	articleID int64
	title     string
	format    *widget.Select
	scope     *widget.RadioGroup
	bom       *widget.Check
	notes     *widget.Check
	fullText  *widget.Check
	readiness *fyne.Container
	export    *widget.Button
	dlg       dialog.Dialog

	problems []report.Problem
}

// showExport opens the Export dialog for the open article, or for the
// library when none is open.
func (ws *Workspace) showExport() *exportDialog {
	ws.article.editor.flush()
	d := &exportDialog{ws: ws, articleID: ws.ArticleID()}
	if d.articleID != 0 {
		d.title = ws.article.article.Title
	}
	d.build()
	d.dlg.Show()
	return d
}

func (d *exportDialog) build() {
	var labels []string
	for _, f := range exportFormats {
		if d.articleID != 0 || f.library {
			labels = append(labels, f.label)
		}
	}
	d.format = widget.NewSelect(labels, func(string) { d.onFormat() })
	d.scope = widget.NewRadioGroup([]string{scopeArticle, scopeLibrary}, func(string) { d.onFormat() })
	d.scope.Horizontal = true
	d.scope.Required = true
	d.bom = widget.NewCheck("Start with a byte-order mark (for Excel)", nil)
	d.notes = widget.NewCheck("Include the internal notes (not for publication)", nil)
	d.fullText = widget.NewCheck("Reprint the whole article after the claims", nil)
	d.readiness = container.NewVBox()
	d.export = widget.NewButtonWithIcon("Export…", theme.DocumentSaveIcon(), d.onExport)
	d.export.Importance = widget.HighImportance
	settings := widget.NewButtonWithIcon("Publishing settings…", theme.SettingsIcon(), func() {
		d.ws.showSettings(d.checkReadiness)
	})
	settings.Importance = widget.LowImportance
	cancel := widget.NewButton("Cancel", func() { d.dlg.Hide() })

	what := "Export the library"
	if d.articleID != 0 {
		what = "Export “" + excerpt(d.title, 70) + "”"
	}
	head := widget.NewLabel(what)
	head.Truncation = fyne.TextTruncateEllipsis
	form := container.NewVBox(head,
		widget.NewForm(widget.NewFormItem("Format", d.format), widget.NewFormItem("Scope", d.scope)),
		d.bom, d.notes, d.fullText,
		widget.NewSeparator(),
		container.NewBorder(nil, nil, widget.NewLabelWithStyle("Ready to publish?", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), settings),
	)
	buttons := container.NewHBox(cancel, d.export)
	content := container.NewBorder(form, container.NewBorder(nil, nil, nil, buttons), nil, nil,
		container.NewVScroll(d.readiness))
	d.dlg = dialog.NewCustomWithoutButtons("Export", content, d.ws.win)
	d.dlg.Resize(fyne.NewSize(640, 520))

	if d.articleID == 0 {
		d.scope.SetSelected(scopeLibrary)
	} else {
		d.scope.SetSelected(scopeArticle)
	}
	d.format.SetSelected(labels[0])
	d.checkReadiness()
}

// job is what the dialog's choices say to export.
func (d *exportDialog) job() exportJob {
	f, _ := formatByLabel(d.format.Selected)
	return exportJob{format: f, articleID: d.articleID, all: d.scope.Selected == scopeLibrary && f.library,
		bom: d.bom.Checked, notes: d.notes.Checked, fullText: d.fullText.Checked}
}

// onFormat keeps the scope to what the format allows.
func (d *exportDialog) onFormat() {
	if d.export == nil {
		return // still building
	}
	f, _ := formatByLabel(d.format.Selected)
	switch {
	case d.articleID == 0:
		d.scope.Disable()
	case !f.library:
		if d.scope.Selected != scopeArticle {
			d.scope.SetSelected(scopeArticle)
		}
		d.scope.Disable()
	default:
		d.scope.Enable()
	}
	setVisible(d.bom, f.key == "csv")
	// Notes and the article's text are choices of the reports made to be
	// read; the data formats carry the notes always and the text never.
	report := f.format == "html" || f.format == "pdf" || f.format == "md"
	setVisible(d.notes, report)
	setVisible(d.fullText, report)
	d.showReadiness()
}

// checkReadiness runs report.Check on the open article as it stands now.
func (d *exportDialog) checkReadiness() {
	if d.articleID == 0 {
		d.showReadiness()
		return
	}
	org, err := desk.LoadOrg(context.Background(), d.ws.store)
	if err != nil {
		d.ws.showError(err)
	}
	v := d.ws.article
	team, err := desk.IsTeam(context.Background(), d.ws.store)
	if err != nil {
		d.ws.showError(err)
	}
	d.problems = report.Check(report.Input{Article: v.article, Claims: v.claims, Org: org, Team: team})
	d.showReadiness()
}

func (d *exportDialog) showReadiness() {
	d.readiness.Objects = d.readiness.Objects[:0]
	add := func(o fyne.CanvasObject) { d.readiness.Objects = append(d.readiness.Objects, o) }
	job := d.job()
	switch {
	case job.all || d.articleID == 0:
		l := widget.NewLabel("Readiness is checked per article; open an article and export it to see what is missing.")
		l.Wrapping = fyne.TextWrapWord
		l.Importance = widget.LowImportance
		add(l)
		d.export.SetText("Export…")
	case len(d.problems) == 0:
		add(container.NewHBox(widget.NewIcon(theme.ConfirmIcon()),
			widget.NewLabel(fmt.Sprintf("Ready: %s, nothing missing.", plural(len(d.ws.article.claims), "claim")))))
		d.export.SetText("Export…")
	default:
		text := fmt.Sprintf("%d things to fix before publishing. You can export anyway.", len(d.problems))
		if report.Ready(d.problems) {
			text = fmt.Sprintf("Ready: %s, with %s.", plural(len(d.ws.article.claims), "claim"), plural(len(d.problems), "warning"))
		}
		l := widget.NewLabel(text)
		l.Wrapping = fyne.TextWrapWord
		add(l)
		for _, p := range d.problems {
			msg := widget.NewLabel(p.Message)
			msg.Wrapping = fyne.TextWrapWord
			var show fyne.CanvasObject
			if p.ClaimID != 0 {
				id := p.ClaimID
				b := widget.NewButton("Show", func() {
					d.dlg.Hide()
					d.ws.article.selectClaim(id, fromCode)
				})
				b.Importance = widget.LowImportance
				show = b
			}
			icon := theme.WarningIcon()
			if p.Warning {
				icon = theme.InfoIcon()
			}
			add(container.NewBorder(nil, nil, widget.NewIcon(icon), show, msg))
		}
		d.export.SetText("Export anyway…")
		if report.Ready(d.problems) {
			d.export.SetText("Export…")
		}
	}
	d.readiness.Refresh()
}

// onExport asks where to save, then writes there.
func (d *exportDialog) onExport() {
	job := d.job()
	d.ws.chooseFile("Export "+job.format.label, true, []string{job.format.ext}, job.fileName(d.title),
		d.ws.checkOutput, func(path string) {
			d.dlg.Hide()
			d.ws.exportTo(job, path)
		})
}

// exportTo writes the job to path off the UI goroutine, with a progress bar
// and Cancel, then says where the file is.
func (ws *Workspace) exportTo(job exportJob, path string) {
	if ws.opts.DBPath != "" {
		job.protect = []string{ws.opts.DBPath}
	}
	ws.runTask("Exporting", func(ctx context.Context, progress progressFunc) error {
		return writeExport(ctx, ws.store, job, path, progress)
	}, func(err error) {
		if err != nil {
			if !cancelled(err) {
				ws.showError(err)
			}
			return
		}
		dialog.ShowInformation("Exported", "Saved "+job.format.label+" to\n"+path, ws.win)
	})
}
