package ingest

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/factdesk/factdesk/annotate/pdftext"
	"github.com/go-pdf/fpdf"
	"golang.org/x/net/html"
)

// pdfCorpus runs the PDF fidelity measurement: every expected.html of the
// readability corpus printed to PDF by Chromium, imported, and compared
// with its text. It takes minutes, so it runs only when asked:
//
//	go test ./annotate/ingest -run PDFCorpus -pdfcorpus -v
var pdfCorpus = flag.Bool("pdfcorpus", false, "measure PDF import on the readability corpus printed by Chromium")

// chromium returns Chromium's path, skipping the test when there is none
// (failing it under CI=true, where it must be installed).
func chromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("Chromium is not installed (apt-get install chromium): the PDF corpus cannot be printed")
	}
	t.Skip("Chromium is not installed (apt-get install chromium): the PDF corpus cannot be printed")
	return ""
}

// twoColumns is the style that sets a page in two columns: on the page's
// division, since Chromium prints a body in columns on one page, cutting
// off the rest.
const twoColumns = `<style>div.page{column-count:2;column-gap:2em}</style>`

// printPDF prints an HTML file to PDF with Chromium's default header and
// footer (date, title, address, page number), caching the result.
func printPDF(t *testing.T, chrome, htmlPath, out string, columns bool) {
	if _, err := os.Stat(out); err == nil {
		return
	}
	src, err := filepath.Abs(htmlPath)
	if err != nil {
		t.Fatal(err)
	}
	if columns {
		data, err := os.ReadFile(htmlPath)
		if err != nil {
			t.Fatal(err)
		}
		src = strings.TrimSuffix(out, ".pdf") + ".html" // out is absolute
		if err := os.WriteFile(src, append([]byte(twoColumns), data...), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, chrome, "--headless", "--no-sandbox", "--disable-gpu",
		// The pages name images and scripts on the web: nothing is fetched.
		"--host-resolver-rules=MAP * ~NOTFOUND", "--virtual-time-budget=5000",
		"--print-to-pdf="+out, "file://"+src)
	if _, err := cmd.CombinedOutput(); err != nil {
		// A page whose pictures Chromium waits for: printed without them.
		ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, chrome, append(cmd.Args[1:len(cmd.Args)-1], "--blink-settings=imagesEnabled=false", "file://"+src)...)
		if _, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("chromium %s: %v", htmlPath, err)
		}
	}
	if _, err := os.Stat(out); err != nil {
		t.Errorf("chromium printed no PDF of %s", htmlPath)
	}
}

// printedFurniture matches what Chromium prints in the margins: the date
// and time, the file's address, the page counter.
var printedFurniture = regexp.MustCompile(`\d{1,2}/\d{1,2}/\d{2}, \d{1,2}:\d{2} [AP]M|file:///\S*expected\.html|^\d+/\d+$`)

func TestPDFCorpus(t *testing.T) {
	if !*pdfCorpus {
		t.Skip("the PDF corpus runs with -pdfcorpus")
	}
	chrome := chromium(t)
	root := filepath.Join("..", "..", "..", "shared", "corpus", "readability")
	dirs, err := filepath.Glob(filepath.Join(root, "*", "expected.html"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no corpus at %s", root)
	}
	sort.Strings(dirs)
	cache := os.Getenv("FACTDESK_PDFCORPUS_DIR")
	if cache == "" {
		base, _ := os.UserCacheDir()
		cache = filepath.Join(base, "factdesk-test", "pdfcorpus")
	}
	if !filepath.IsAbs(cache) {
		t.Fatalf("FACTDESK_PDFCORPUS_DIR %q is not an absolute path", cache)
	}
	os.MkdirAll(cache, 0o755)

	// PDFium's start, cold (no compilation cache) and warm.
	coldDir := t.TempDir()
	t.Setenv("FACTDESK_PDF_CACHE", coldDir)
	var sample []byte
	type row struct {
		name           string
		pages          int
		f1             float64
		left           []string
		elapsed        time.Duration
		peak           int64
		columns, bytes int
	}
	var rows []row
	var cold, warm pdftext.Stats
	var reading time.Duration // the workers' time once PDFium was ready
	for i, htmlPath := range dirs {
		name := filepath.Base(filepath.Dir(htmlPath))
		columns := i%10 == 5 // eleven or twelve pages in two columns
		out := filepath.Join(cache, name+map[bool]string{true: "-2col", false: ""}[columns]+".pdf")
		printPDF(t, chrome, htmlPath, out, columns)
		data, err := os.ReadFile(out)
		if err != nil {
			continue // reported by printPDF
		}
		if sample == nil {
			sample = data
			_, cold, err = pdftext.Extract(context.Background(), data, pdftext.Options{})
			if err != nil {
				t.Fatal(err)
			}
			_, warm, _ = pdftext.Extract(context.Background(), data, pdftext.Options{})
		}
		began := time.Now()
		raw, st, err := pdftext.Extract(context.Background(), data, pdftext.Options{})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		reading += st.Total - st.Start
		d, err := Parse(data, FormatAuto, name+".pdf", "")
		_ = d
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		elapsed := time.Since(began) / 2 // Parse extracts again
		src, _ := os.ReadFile(htmlPath)
		doc, err := html.Parse(bytes.NewReader(src))
		if err != nil {
			t.Fatal(err)
		}
		want := renderText(doc)
		var left []string
		for _, p := range strings.Split(d.Text, "\n\n") {
			if printedFurniture.MatchString(p) {
				left = append(left, p)
			}
		}
		rows = append(rows, row{name: name, pages: len(raw.Pages), f1: wordF1(words(d.Text), words(want)), left: left, elapsed: elapsed, peak: st.PeakRSS, columns: map[bool]int{true: 2, false: 1}[columns], bytes: len(data)})
	}
	var sum, sum2 float64
	pages, n2, withLeft := 0, 0, 0
	var total time.Duration
	var worst []row
	for _, r := range rows {
		sum += r.f1
		pages += r.pages
		total += r.elapsed
		if r.columns == 2 {
			sum2 += r.f1
			n2++
		}
		if len(r.left) > 0 {
			withLeft++
			t.Errorf("%s: header or footer left: %q", r.name, r.left)
		}
		worst = append(worst, r)
	}
	sort.Slice(worst, func(i, j int) bool { return worst[i].f1 < worst[j].f1 })
	for _, r := range worst[:min(8, len(worst))] {
		t.Logf("lowest: %s (%d pages, %d columns) F1 %.4f", r.name, r.pages, r.columns, r.f1)
	}
	sort.Slice(worst, func(i, j int) bool { return worst[i].bytes > worst[j].bytes })
	for _, r := range worst[:min(3, len(worst))] {
		t.Logf("largest: %s %.1f KB, %d pages: %.2f s, worker peak RSS %d MB", r.name, float64(r.bytes)/1024, r.pages, r.elapsed.Seconds(), r.peak>>20)
	}
	mean := sum / float64(len(rows))
	fmt.Printf("PDF corpus: %d documents, %d pages; word F1 mean %.4f (two columns: %d documents, %.4f); documents with a header or footer left: %d\n",
		len(rows), pages, mean, n2, sum2/float64(max(n2, 1)), withLeft)
	fmt.Printf("PDFium start: cold %.2f s (peak RSS %d MB), warm %.2f s (peak RSS %d MB); reading %.1f ms a page once started; import %.1f ms a page, a worker's start each document included\n",
		cold.Start.Seconds(), cold.PeakRSS>>20, warm.Start.Seconds(), warm.PeakRSS>>20,
		float64(reading.Microseconds())/1000/float64(max(pages, 1)), float64(total.Milliseconds())/float64(max(pages, 1)))
	if mean < 0.97 {
		t.Errorf("mean word F1 %.4f, want at least 0.97", mean)
	}
}

// TestPDFLarge measures the worker on a long report, made here: 1,000
// pages of text in two sizes, with running heads and page numbers.
func TestPDFLarge(t *testing.T) {
	if !*pdfCorpus {
		t.Skip("the large PDF runs with -pdfcorpus")
	}
	for _, pages := range []int{40, 200, 1000} {
		images := pages == 40 // 40 pages with a photograph each: a 14 MB file
		pdf := fpdf.New("P", "pt", "A4", "")
		pdf.SetHeaderFunc(func() {
			pdf.SetFont("Helvetica", "", 8)
			pdf.SetXY(40, 20)
			pdf.CellFormat(0, 10, "Annual budget statement - volume 2", "", 0, "L", false, 0, "")
			pdf.SetXY(60, 70)
			pdf.SetFont("Times", "", 10)
		})
		pdf.SetFooterFunc(func() {
			pdf.SetFont("Helvetica", "", 8)
			pdf.SetXY(40, 810)
			pdf.CellFormat(0, 10, fmt.Sprintf("Page %d", pdf.PageNo()), "", 0, "C", false, 0, "")
		})
		pdf.SetMargins(60, 70, 60)
		for p := 0; p < pages; p++ {
			pdf.AddPage()
			if images {
				pdf.RegisterImageOptionsReader(fmt.Sprint("photo", p), fpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(noisePNG(p)))
				pdf.ImageOptions(fmt.Sprint("photo", p), 60, 300, 470, 470, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
				pdf.SetXY(60, 80)
			}
			for k := 0; k < 8; k++ {
				pdf.MultiCell(0, 12, strings.Repeat(fmt.Sprintf("Line item %d.%d: the department spent %d thousand on services, %d more than planned. ", p, k, 100+p%900, k*7), 3), "", "J", false)
				pdf.Ln(6)
			}
		}
		var b bytes.Buffer
		if err := pdf.Output(&b); err != nil {
			t.Fatal(err)
		}
		_, st, err := pdftext.Extract(context.Background(), b.Bytes(), pdftext.Options{})
		if err != nil {
			t.Fatal(err)
		}
		began := time.Now()
		d, err := Parse(b.Bytes(), FormatAuto, "statement.pdf", "")
		if err != nil {
			t.Fatal(err)
		}
		fmt.Printf("PDF of %d pages, %.1f MB: worker %.2f s (PDFium ready after %.2f s), peak RSS %d MB; import with layout %.2f s, %d characters\n",
			pages, float64(b.Len())/(1<<20), st.Total.Seconds(), st.Start.Seconds(), st.PeakRSS>>20, time.Since(began).Seconds(), len([]rune(d.Text)))
	}
}

// noisePNG is a 600 by 600 picture of noise, which no compression shrinks.
func noisePNG(seed int) []byte {
	img := image.NewGray(image.Rect(0, 0, 600, 600))
	x := uint32(seed*2654435761 + 1)
	for i := range img.Pix {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		img.Pix[i] = byte(x)
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}
