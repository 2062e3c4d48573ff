package app

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/factdesk/factdesk/annotate"
)

// addClaim stores a claim on the first occurrence of quote.
func (f *fixture) addClaim(articleID int64, quote, claimant string, verdict annotate.Verdict) *annotate.Claim {
	f.t.Helper()
	ctx := context.Background()
	a, err := f.db.Article(ctx, articleID)
	if err != nil {
		f.t.Fatalf("Article(%d): %v", articleID, err)
	}
	start, end, err := annotate.FindQuote(a.Text, quote, 1)
	if err != nil {
		f.t.Fatalf("FindQuote(%q): %v", quote, err)
	}
	c, err := annotate.NewClaim(a, start, end)
	if err != nil {
		f.t.Fatalf("NewClaim: %v", err)
	}
	c.Claimant = claimant
	if err := c.SetVerdict(verdict); err != nil {
		f.t.Fatalf("SetVerdict: %v", err)
	}
	if err := f.db.CreateClaim(ctx, c); err != nil {
		f.t.Fatalf("CreateClaim: %v", err)
	}
	return c
}

// TestExportWritesFiles drives the Export dialog: the formats and scopes it
// allows, its readiness panel, and real HTML and CSV files written through
// it, with no temporary file left behind.
func TestExportWritesFiles(t *testing.T) {
	f := newFixture(t)
	bus := f.addArticle("Bus service", articleText)
	other := f.addArticle("Ferry fares", "Ferry fares doubled in 2024, the harbour board said.")
	f.addClaim(bus, "add three new bus routes", "Lena Okafor", annotate.VerdictFalse)
	f.addClaim(other, "Ferry fares doubled in 2024", "The harbour board", annotate.VerdictTrue)
	v := f.openArticle(bus)

	f.press(ctrl(fyne.KeyE))
	if got := f.overlayText(); !strings.Contains(got, "Ready to publish?") || !strings.Contains(got, "no methodology statement") {
		t.Fatalf("export dialog text = %q, want the readiness panel listing the missing methodology", got)
	}
	f.closeOverlays()

	d := f.ws.showExport()
	if got, want := d.export.Text, "Export anyway…"; got != want {
		t.Errorf("export button with problems = %q, want %q", got, want)
	}
	if d.export.Disabled() {
		t.Errorf("export button is disabled; readiness must never block")
	}
	dir := t.TempDir()
	tests := []struct {
		format   string
		scope    string
		wantAll  bool
		wantName string
		check    func(t *testing.T, data string)
	}{
		{"HTML report", scopeLibrary, false, "bus-service.html", func(t *testing.T, data string) {
			for _, want := range []string{"<html", "Bus service", "add three new bus routes", "Lena Okafor"} {
				if !strings.Contains(data, want) {
					t.Errorf("HTML report lacks %q", want)
				}
			}
			if strings.Contains(data, "Ferry fares") {
				t.Errorf("HTML report of one article holds the other article")
			}
		}},
		{"CSV (spreadsheet)", scopeLibrary, true, "factdesk-library.csv", func(t *testing.T, data string) {
			rows, err := csv.NewReader(strings.NewReader(data)).ReadAll()
			if err != nil {
				t.Fatalf("CSV does not parse: %v", err)
			}
			if got, want := len(rows), 3; got != want {
				t.Fatalf("CSV rows = %d, want %d (header and a claim of each article)", got, want)
			}
			for _, want := range []string{"add three new bus routes", "Ferry fares doubled in 2024"} {
				if !strings.Contains(data, want) {
					t.Errorf("library CSV lacks %q", want)
				}
			}
		}},
		{"CSV (spreadsheet)", scopeArticle, false, "bus-service.csv", func(t *testing.T, data string) {
			if strings.Contains(data, "Ferry") || !strings.Contains(data, "add three new bus routes") {
				t.Errorf("article CSV = %q, want the bus claim only", data)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.format+"/"+tt.scope, func(t *testing.T) {
			f.closeOverlays()
			d.format.SetSelected(tt.format)
			d.scope.SetSelected(tt.scope)
			job := d.job()
			if job.all != tt.wantAll {
				t.Errorf("job.all = %v, want %v", job.all, tt.wantAll)
			}
			name := job.fileName(v.article.Title)
			if name != tt.wantName {
				t.Errorf("file name = %q, want %q", name, tt.wantName)
			}
			path := filepath.Join(dir, name)
			f.ws.exportTo(job, path)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("export wrote no file: %v", err)
			}
			tt.check(t, string(data))
			if got := f.overlayText(); !strings.Contains(got, path) {
				t.Errorf("confirmation = %q, want it to name %s", got, path)
			}
		})
	}
	// CSV may hold the library; HTML may not.
	if d.scope.Disabled() {
		t.Errorf("scope disabled for CSV, want a choice")
	}
	d.scope.SetSelected(scopeLibrary)
	d.format.SetSelected("HTML report")
	if !d.scope.Disabled() || d.scope.Selected != scopeArticle {
		t.Errorf("HTML scope: disabled %v, selected %q; want disabled on %q", d.scope.Disabled(), d.scope.Selected, scopeArticle)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}

	// From the library, only the formats that hold the whole library.
	f.closeOverlays()
	f.ws.showLibrary()
	d = f.ws.showExport()
	if got, want := len(d.format.Options), 3; got != want || d.scope.Selected != scopeLibrary {
		t.Errorf("library export offers %d formats (%v) on %q, want %d on the whole library", got, d.format.Options, d.scope.Selected, want)
	}
}

// TestExportCancelLeavesNoFile cancels an export and finds neither the file
// nor a temporary one.
func TestExportCancelLeavesNoFile(t *testing.T) {
	f := newFixture(t)
	id := f.addArticle("Bus service", articleText)
	f.addClaim(id, "add three new bus routes", "Lena Okafor", annotate.VerdictFalse)
	dir := t.TempDir()
	path := filepath.Join(dir, "library.json")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := writeExport(ctx, f.db, exportJob{format: exportFormats[5], all: true}, path, func(int, int, string) {})
	if !cancelled(err) {
		t.Errorf("writeExport after cancel: err = %v, want context.Canceled", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("cancelled export left %d files, want none", len(entries))
	}
	// The same export, not cancelled, is complete JSON.
	if err := writeExport(context.Background(), f.db, exportJob{format: exportFormats[5], all: true}, path, func(int, int, string) {}); err != nil {
		t.Fatalf("writeExport: %v", err)
	}
	data, _ := os.ReadFile(path)
	if !strings.Contains(string(data), "add three new bus routes") || !strings.HasSuffix(strings.TrimSpace(string(data)), "}") {
		t.Errorf("JSON export = %.200q…, want the whole document with the claim", data)
	}
}

// TestPublishingSettingsSaved saves the organisation through the dialog,
// refuses a bad address without changing anything, and clears the
// organisation's problems from the readiness panel.
func TestPublishingSettingsSaved(t *testing.T) {
	f := newFixture(t)
	id := f.addArticle("Bus service", articleText)
	f.openArticle(id)
	ctx := context.Background()

	s := f.ws.showSettings(nil)
	s.name.SetText("Riverton Fact Desk")
	s.url.SetText("javascript:alert(1)")
	s.corrections.SetText("https://factdesk.example/corrections")
	s.methodology.SetText("We check what officials say.\n\nRatings follow our scale.")
	test.Tap(f.overlayButton("Save"))
	if got := f.overlayText(); !strings.Contains(got, "must start with http") {
		t.Errorf("dialog after a bad URL = %q, want the URL problem shown", got)
	}
	if got, _ := f.db.Setting(ctx, "org.name"); got != "" {
		t.Errorf("org.name after a refused save = %q, want nothing stored", got)
	}

	s.url.SetText("https://factdesk.example")
	test.Tap(f.overlayButton("Save"))
	want := map[string]string{
		"org.name":        "Riverton Fact Desk",
		"org.url":         "https://factdesk.example",
		"corrections.url": "https://factdesk.example/corrections",
		"methodology":     "We check what officials say.\n\nRatings follow our scale.",
	}
	for k, w := range want {
		if got, err := f.db.Setting(ctx, k); err != nil || got != w {
			t.Errorf("Setting(%q) = %q, %v; want %q", k, got, err, w)
		}
	}
	f.closeOverlays()
	d := f.ws.showExport()
	for _, p := range d.problems {
		if strings.Contains(p.Message, "organisation") {
			t.Errorf("readiness still lists %q after the settings were saved", p.Message)
		}
	}

	// Reopening the dialog shows what is stored.
	f.closeOverlays()
	s = f.ws.showSettings(nil)
	if s.corrections.Text != want["corrections.url"] {
		t.Errorf("corrections entry on reopening = %q, want %q", s.corrections.Text, want["corrections.url"])
	}
}

// TestExportEveryFormat writes the article in every format the dialog
// offers and checks that each file is what its format says.
func TestExportEveryFormat(t *testing.T) {
	f := newFixture(t)
	id := f.addArticle("Bus service", articleText)
	f.addClaim(id, "add three new bus routes", "Lena Okafor", annotate.VerdictFalse)
	want := map[string]string{
		"html":        "<!DOCTYPE html>",
		"pdf-a4":      "%PDF-",
		"pdf-letter":  "%PDF-",
		"md":          "add three new bus routes",
		"csv":         "add three new bus routes",
		"json":        `"statement"`,
		"w3c":         "AnnotationPage",
		"claimreview": "ClaimReview",
	}
	dir := t.TempDir()
	for _, ef := range exportFormats {
		job := exportJob{format: ef, articleID: id}
		path := filepath.Join(dir, ef.key+ef.ext)
		var steps int
		if err := writeExport(context.Background(), f.db, job, path, func(int, int, string) { steps++ }); err != nil {
			t.Errorf("%s: %v", ef.key, err)
			continue
		}
		data, _ := os.ReadFile(path)
		if w, ok := want[ef.key]; !ok || !strings.Contains(strings.ToUpper(string(data)), strings.ToUpper(w)) {
			t.Errorf("%s export (%d bytes) lacks %q", ef.key, len(data), want[ef.key])
		}
		if steps == 0 {
			t.Errorf("%s export reported no progress", ef.key)
		}
	}
}
