package report

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// requireTool returns the path of a program the test needs, skipping the
// test when it is missing, except under CI=true, where a missing tool is a
// failure: there make test-deps installs it.
func requireTool(t *testing.T, name, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not installed (apt-get install %s); make test-deps installs it", name, pkg)
		}
		t.Skipf("%s is not installed (apt-get install %s)", name, pkg)
	}
	return p
}

// checkGolden compares got with testdata/golden/name, or rewrites the file
// with -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./annotate/report -update to write it)", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := 0; i < max(len(gl), len(wl)); i++ {
			g, w := "", ""
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Errorf("%s differs from the golden file at line %d:\n got: %.300s\nwant: %.300s\n(go test ./annotate/report -update rewrites it on purpose)", name, i+1, g, w)
				return
			}
		}
	}
}

// TestGolden writes the sample article, with its fixed clock, in every
// format through Write, as published (no notes, no full text) and with
// both options, and compares each with its golden file.
func TestGolden(t *testing.T) {
	for _, tc := range []struct {
		name, format string
		opts         Options
	}{
		{"report.html", "html", Options{}},
		{"report-full.html", "html", Options{IncludeNotes: true, FullText: true}},
		{"report.md", "md", Options{}},
		{"report-full.md", "md", Options{IncludeNotes: true, FullText: true}},
		{"report.csv", "csv", Options{}},
		{"report.json", "json", Options{}},
		{"report.w3c.jsonld", "w3c", Options{}},
		{"report.claimreview.jsonld", "claimreview", Options{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := Write(&b, tc.format, []Input{sampleInput(t)}, tc.opts); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, tc.name, b.Bytes())
		})
	}
}

// TestGoldenPDF compares the sample PDF's text, as poppler's pdftotext
// extracts it, and its page count with the golden file.
func TestGoldenPDF(t *testing.T) {
	pdftotext := requireTool(t, "pdftotext", "poppler-utils")
	pdfinfo := requireTool(t, "pdfinfo", "poppler-utils")
	for _, tc := range []struct {
		name string
		opts Options
	}{
		{"report.pdf.txt", Options{}},
		{"report-full.pdf.txt", Options{IncludeNotes: true, FullText: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := Write(&b, "pdf", []Input{sampleInput(t)}, tc.opts); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), "report.pdf")
			if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			info, err := exec.Command(pdfinfo, path).CombinedOutput()
			if err != nil {
				t.Fatalf("pdfinfo: %v\n%s", err, info)
			}
			pages := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindSubmatch(info)
			if pages == nil {
				t.Fatalf("pdfinfo gives no page count:\n%s", info)
			}
			text, err := exec.Command(pdftotext, "-layout", "-enc", "UTF-8", path, "-").Output()
			if err != nil {
				t.Fatalf("pdftotext: %v", err)
			}
			// Trailing spaces depend on poppler's layout, not on the report.
			lines := strings.Split(string(text), "\n")
			for i, l := range lines {
				lines[i] = strings.TrimRight(l, " ")
			}
			got := "pages: " + string(pages[1]) + "\n\n" + strings.Join(lines, "\n")
			checkGolden(t, tc.name, []byte(got))
		})
	}
}
