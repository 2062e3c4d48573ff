package app

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/factdesk/factdesk/annotate"
)

// sourceForm is the form of the add/edit source dialog. Its entries check
// themselves as the user types, so the dialog cannot be confirmed with a bad
// URL or date and the reason shows under the field.
type sourceForm struct {
	url, title, publisher, accessed, archive, excerpt *widget.Entry
	stance                                            *widget.Select
}

func newSourceForm(s *annotate.Source) *sourceForm {
	f := &sourceForm{
		url:       widget.NewEntry(),
		title:     widget.NewEntry(),
		publisher: widget.NewEntry(),
		accessed:  widget.NewEntry(),
		archive:   widget.NewEntry(),
		excerpt:   widget.NewMultiLineEntry(),
	}
	f.url.SetPlaceHolder("https://…")
	f.url.Validator = func(s string) error { return annotate.ValidateURL("source URL", strings.TrimSpace(s)) }
	f.archive.SetPlaceHolder("https://web.archive.org/…")
	f.archive.Validator = func(s string) error {
		if strings.TrimSpace(s) == "" {
			return nil
		}
		return annotate.ValidateURL("archive URL", strings.TrimSpace(s))
	}
	f.accessed.Validator = func(s string) error {
		if _, err := time.Parse(time.DateOnly, strings.TrimSpace(s)); err != nil {
			return annotate.Errorf(annotate.EINVALID, "accessed date %q is not a date like 2025-09-05", s)
		}
		return nil
	}
	f.excerpt.Wrapping = fyne.TextWrapWord
	f.excerpt.SetMinRowsVisible(3)
	var stances []string
	for _, st := range annotate.Stances {
		stances = append(stances, stanceLabel(st))
	}
	f.stance = widget.NewSelect(stances, nil)

	if s == nil {
		f.accessed.SetText(time.Now().Format(time.DateOnly))
		f.stance.SetSelected(stanceLabel(annotate.StanceSupports))
		return f
	}
	f.url.SetText(s.URL)
	f.title.SetText(s.Title)
	f.publisher.SetText(s.Publisher)
	accessed := s.Accessed
	if accessed.IsZero() {
		accessed = time.Now()
	}
	f.accessed.SetText(accessed.Format(time.DateOnly))
	f.archive.SetText(s.ArchiveURL)
	f.excerpt.SetText(s.Excerpt)
	f.stance.SetSelected(stanceLabel(s.Stance))
	return f
}

func (f *sourceForm) items() []*widget.FormItem {
	return []*widget.FormItem{
		{Text: "URL", Widget: f.url},
		{Text: "Title", Widget: f.title},
		{Text: "Publisher", Widget: f.publisher},
		{Text: "Accessed", Widget: f.accessed},
		{Text: "Archived copy", Widget: f.archive},
		{Text: "Stance", Widget: f.stance},
		{Text: "Excerpt", Widget: f.excerpt},
	}
}

// source reads the form; the error names the first field that is wrong.
func (f *sourceForm) source() (annotate.Source, error) {
	s := annotate.Source{
		URL:        strings.TrimSpace(f.url.Text),
		Title:      strings.TrimSpace(f.title.Text),
		Publisher:  strings.TrimSpace(f.publisher.Text),
		ArchiveURL: strings.TrimSpace(f.archive.Text),
		Excerpt:    strings.TrimSpace(f.excerpt.Text),
		Stance:     annotate.StanceContext,
	}
	for _, st := range annotate.Stances {
		if stanceLabel(st) == f.stance.Selected {
			s.Stance = st
		}
	}
	if err := f.accessed.Validator(f.accessed.Text); err != nil {
		return s, err
	}
	s.Accessed, _ = time.Parse(time.DateOnly, strings.TrimSpace(f.accessed.Text))
	return s, s.Validate()
}

// showSourceDialog asks for a source's fields; old is nil to add a new one.
// done is called with a valid source only.
func showSourceDialog(win fyne.Window, old *annotate.Source, done func(annotate.Source)) *sourceForm {
	f := newSourceForm(old)
	title, confirm := "Add source", "Add"
	if old != nil {
		title, confirm = "Edit source", "Save"
	}
	d := dialog.NewForm(title, confirm, "Cancel", f.items(), func(ok bool) {
		if !ok {
			return
		}
		s, err := f.source()
		if err != nil {
			dialog.ShowError(err, win)
			return
		}
		done(s)
	}, win)
	d.Resize(fyne.NewSize(560, 480))
	d.Show()
	win.Canvas().Focus(f.url)
	return f
}
