package app

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/desk"
)

// orgKeys are the settings of the publishing organisation, in the order
// of the dialog's fields.
var orgKeys = desk.OrgKeys

// settingsDialog edits who publishes the reports: the organisation's name
// and address, its corrections policy and its methodology statement.
type settingsDialog struct {
	ws          *Workspace
	name        *widget.Entry
	url         *widget.Entry
	corrections *widget.Entry
	methodology *widget.Entry
	problem     *widget.Label
	dlg         dialog.Dialog
	saved       func()
	read        map[string]annotate.Setting // as read, with their revisions
}

// showSettings opens the publishing settings; saved, if not nil, runs after
// they are stored.
func (ws *Workspace) showSettings(saved func()) *settingsDialog {
	s := &settingsDialog{ws: ws, saved: saved,
		name: widget.NewEntry(), url: widget.NewEntry(), corrections: widget.NewEntry(),
		methodology: widget.NewMultiLineEntry(), problem: widget.NewLabel("")}
	s.name.SetPlaceHolder("The Riverton Fact Desk")
	s.url.SetPlaceHolder("https://…")
	s.corrections.SetPlaceHolder("https://… (your corrections policy)")
	s.methodology.SetPlaceHolder("How you choose claims, check them and rate them")
	s.methodology.Wrapping = fyne.TextWrapWord
	s.methodology.SetMinRowsVisible(6)
	s.url.Validator = optionalURL("organisation URL")
	s.corrections.Validator = optionalURL("corrections-policy URL")
	s.problem.Importance = widget.DangerImportance
	s.problem.Wrapping = fyne.TextWrapWord
	s.problem.Hide()

	read, err := ws.store.Settings(context.Background(), orgKeys[:]...)
	if err != nil {
		ws.showError(err)
		return nil
	}
	s.read = read
	for i, e := range s.entries() {
		e.SetText(read[orgKeys[i]].Value)
	}
	form := widget.NewForm(
		widget.NewFormItem("Organisation", s.name),
		widget.NewFormItem("Website", s.url),
		widget.NewFormItem("Corrections policy", s.corrections),
		widget.NewFormItem("Methodology", s.methodology),
		widget.NewFormItem("", s.problem),
	)
	s.dlg = dialog.NewCustomConfirm("Publishing settings", "Save", "Cancel", form, s.onDone, ws.win)
	s.dlg.Resize(fyne.NewSize(640, 460))
	s.dlg.Show()
	return s
}

func (s *settingsDialog) entries() []*widget.Entry {
	return []*widget.Entry{s.name, s.url, s.corrections, s.methodology}
}

func optionalURL(what string) func(string) error {
	return func(v string) error {
		v = strings.TrimSpace(v)
		if v == "" {
			return nil
		}
		return annotate.ValidateURL(what, v)
	}
}

func (s *settingsDialog) onDone(ok bool) {
	if !ok {
		return
	}
	if err := s.save(); err != nil {
		s.problem.SetText(annotate.ErrorMessage(err))
		s.problem.Show()
		s.dlg.Show() // keep what was typed so that it can be corrected
		return
	}
	if s.saved != nil {
		s.saved()
	}
}

// save checks every field first and stores them only when all are valid,
// so that a bad address changes nothing.
func (s *settingsDialog) save() error {
	values := make([]string, len(orgKeys))
	for i, e := range s.entries() {
		values[i] = strings.TrimSpace(e.Text)
	}
	if err := checkOrgSettings(values); err != nil {
		return err
	}
	// One transaction, naming the revisions read: all are stored, or
	// none when another program changed one meanwhile.
	set := map[string]annotate.Setting{}
	for i, k := range orgKeys {
		set[k] = annotate.Setting{Value: values[i], Rev: s.read[k].Rev}
	}
	return s.ws.store.SetSettings(context.Background(), set)
}

// checkOrgSettings validates the organisation's settings, given in the
// order of orgKeys, as `factdesk config set` does.
func checkOrgSettings(values []string) error {
	for i, k := range orgKeys {
		if err := desk.CheckSetting(k, values[i]); err != nil {
			return err
		}
	}
	return nil
}
