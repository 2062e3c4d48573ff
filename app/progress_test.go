package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
)

// deferBackground holds the workspace's background work until run is
// called, as a slow worker would.
func deferBackground(f *fixture) (run func()) {
	var jobs [][2]func()
	f.ws.background = func(work, done func()) { jobs = append(jobs, [2]func(){work, done}) }
	return func() {
		for len(jobs) > 0 {
			j := jobs[0]
			jobs = jobs[1:]
			j[0]()
			j[1]()
		}
	}
}

// TestExportCancelButton presses Cancel in the progress dialog of a library
// export before the work runs: no file is written and nothing is reported
// as failed.
func TestExportCancelButton(t *testing.T) {
	f := newFixture(t)
	f.addArticle("Bus service", articleText)
	run := deferBackground(f)
	path := filepath.Join(t.TempDir(), "library.csv")
	f.ws.exportTo(exportJob{format: exportFormats[4], all: true}, path)
	if got := f.overlayText(); !strings.Contains(got, "Exporting") {
		t.Fatalf("progress dialog = %q, want Exporting", got)
	}
	test.Tap(f.overlayButton("Cancel"))
	if top := f.ws.win.Canvas().Overlays().Top(); top != nil {
		t.Errorf("a dialog is still showing after Cancel: %q", f.overlayText())
	}
	run()
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("file after a cancelled export: stat err = %v, want none written", err)
	}
	if got := f.overlayText(); got != "" {
		t.Errorf("dialog after a cancelled export = %q, want none", got)
	}
}

// TestSuggestionScoringFollowsArticle opens a long article, sees the
// spinner, opens another before the scoring ends and finds the first
// scoring cancelled and its result not shown.
func TestSuggestionScoringFollowsArticle(t *testing.T) {
	f := newFixture(t)
	long := strings.Repeat("The minister said unemployment fell to 3.5% in 2024, the lowest since 1969.\n\n", 600)
	first := f.addArticle("Long speech", long)
	second := f.addArticle("Bus service", articleText)
	run := deferBackground(f)

	v := f.openArticle(first)
	if len(v.suggest.busy.Objects) == 0 {
		t.Errorf("no spinner while a long article is scored")
	}
	if got := v.suggest.status.Text; !strings.Contains(got, "Scoring") {
		t.Errorf("status while scoring = %q, want Scoring…", got)
	}
	f.openArticle(second)
	run()
	if len(v.suggest.busy.Objects) != 0 {
		t.Errorf("spinner still shown after scoring ended")
	}
	for _, s := range v.suggest.shown {
		if strings.Contains(s.text, "minister") {
			t.Fatalf("a suggestion of the first article shows on the second: %q", s.text)
		}
	}
	if len(v.suggest.shown) == 0 {
		t.Errorf("no suggestions for the second article")
	}
}
