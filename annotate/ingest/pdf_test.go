package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/pdftext"
	"github.com/go-pdf/fpdf"
)

// TestMain lets the test binary serve as the PDF worker, as the factdesk
// binary does with its pdf-worker sub-command.
func TestMain(m *testing.M) {
	if pdftext.IsWorker() {
		os.Exit(pdftext.ServeWorker(os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// reportPDF makes a three-page report: a running head with the title and
// a foot with the page number on every page, a heading, paragraphs set
// with a word broken by a hyphen at a line's end, a table, a footnote.
func reportPDF(t testing.TB, protect func(*fpdf.Fpdf)) []byte {
	t.Helper()
	pdf := fpdf.New("P", "pt", "A4", "")
	if protect != nil {
		protect(pdf)
	}
	pdf.SetTitle("Budget Review 2025", true)
	pdf.SetHeaderFunc(func() {
		pdf.SetFont("Helvetica", "", 8)
		pdf.SetXY(40, 20)
		pdf.CellFormat(0, 10, "Riverton Budget Review 2025 - Draft for consultation", "", 0, "L", false, 0, "")
	})
	pdf.SetFooterFunc(func() {
		pdf.SetFont("Helvetica", "", 8)
		pdf.SetXY(40, 810)
		pdf.CellFormat(0, 10, fmt.Sprintf("Page %d of 3", pdf.PageNo()), "", 0, "C", false, 0, "")
	})
	pdf.SetMargins(60, 60, 60)
	for page := 1; page <= 3; page++ {
		pdf.AddPage()
		pdf.SetFont("Helvetica", "B", 20)
		pdf.CellFormat(0, 30, fmt.Sprintf("Chapter %d spending", page), "", 1, "L", false, 0, "")
		pdf.SetFont("Helvetica", "", 11)
		for p := 0; p < 3; p++ {
			pdf.MultiCell(0, 14, fmt.Sprintf("Paragraph %d of page %d: the city spent 14.2 million on buses, a rise of four percent over the year before, and the council says ridership grew by eighteen percent; the frontend team agrees.", p+1, page), "", "L", false)
			pdf.Ln(8)
		}
		// A word broken at the line's end, as typesetters do.
		pdf.CellFormat(0, 14, "The administration expects a sustain-", "", 1, "L", false, 0, "")
		pdf.CellFormat(0, 14, "able budget by 2027, with a frontend-", "", 1, "L", false, 0, "")
		pdf.CellFormat(0, 14, "oriented plan.", "", 1, "L", false, 0, "")
		pdf.Ln(10)
		if page == 2 {
			for _, row := range [][]string{{"Item", "2024", "2025"}, {"Buses", "12.1", "14.2"}, {"Roads", "30.5", "28.0"}} {
				for _, c := range row {
					pdf.CellFormat(120, 16, c, "", 0, "L", false, 0, "")
				}
				pdf.Ln(16)
			}
		}
		if page == 3 {
			pdf.SetFont("Helvetica", "", 7)
			pdf.SetXY(60, 740)
			pdf.CellFormat(0, 10, "1 Figures from the city's audited accounts.", "", 1, "L", false, 0, "")
		}
	}
	var b bytes.Buffer
	if err := pdf.Output(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// scannedPDF makes a PDF whose only page is an image.
func scannedPDF(t testing.TB) []byte {
	img := image.NewGray(image.Rect(0, 0, 200, 100))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	for x := 20; x < 180; x++ {
		img.Set(x, 50, color.Black)
	}
	var pb bytes.Buffer
	png.Encode(&pb, img)
	pdf := fpdf.New("P", "pt", "A4", "")
	pdf.AddPage()
	pdf.RegisterImageOptionsReader("scan", fpdf.ImageOptions{ImageType: "PNG"}, &pb)
	pdf.ImageOptions("scan", 40, 40, 500, 250, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
	var b bytes.Buffer
	if err := pdf.Output(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestParsePDF(t *testing.T) {
	d, err := Parse(reportPDF(t, nil), FormatAuto, "review.pdf", "")
	if err != nil {
		t.Fatal(err)
	}
	if d.Format != FormatPDF || d.Title != "Budget Review 2025" {
		t.Errorf("format %q, title %q; want pdf, Budget Review 2025", d.Format, d.Title)
	}
	for _, gone := range []string{"Draft for consultation", "Page 1 of 3", "Page 3"} {
		if strings.Contains(d.Text, gone) {
			t.Errorf("the running head or foot %q is left in the text", gone)
		}
	}
	for _, want := range []string{"sustainable budget", "frontend-oriented plan", "Paragraph 3 of page 2: the city spent"} {
		if !strings.Contains(d.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, d.Text)
		}
	}
	if Canonical(d.Text) != d.Text {
		t.Errorf("text is not canonical")
	}
	start, _, err := annotate.FindQuote(d.Text, "Paragraph 2 of page 3", 0)
	if err != nil {
		t.Fatal(err)
	}
	if p := annotate.PageAt(d.Blocks, start); p != 3 {
		t.Errorf("page of a paragraph on page 3 = %d", p)
	}
	kinds := map[annotate.BlockKind]int{}
	for _, b := range d.Blocks {
		kinds[b.Kind]++
	}
	if kinds[annotate.BlockHeading] != 3 || kinds[annotate.BlockRow] != 3 || kinds[annotate.BlockFootnote] != 1 {
		t.Errorf("blocks by kind = %v, want 3 headings, 3 rows, 1 footnote", kinds)
	}
	if last := d.Blocks[len(d.Blocks)-1]; last.Kind != annotate.BlockFootnote || last.Page != 3 {
		t.Errorf("last block = %+v, want the footnote of page 3", last)
	}
	if len(d.Removed) < 6 {
		t.Errorf("removed %d running heads and feet, want 6", len(d.Removed))
	}
}

func TestParsePDFRefusals(t *testing.T) {
	report := reportPDF(t, nil)
	locked := reportPDF(t, func(p *fpdf.Fpdf) { p.SetProtection(fpdf.CnProtectPrint, "open sesame", "owner") })
	ownerOnly := reportPDF(t, func(p *fpdf.Fpdf) { p.SetProtection(fpdf.CnProtectPrint, "", "owner") })
	tests := []struct {
		name, password string
		data           []byte
		is             error
		want           string
	}{
		{"scanned", "", scannedPDF(t), nil, "needs OCR"},
		{"encrypted", "", locked, pdftext.ErrPassword, "needs a password"},
		{"wrong password", "sesame", locked, pdftext.ErrPassword, "password is wrong"},
		{"corrupt", "", report[:len(report)/3], pdftext.ErrCorrupt, "damaged"},
		{"not a pdf at all", "", []byte("%PDF-1.7\nnonsense"), pdftext.ErrCorrupt, "damaged"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParsePDF(WithPassword(context.Background(), tt.password), tt.data, "x.pdf", "")
			if err == nil || !strings.Contains(annotate.ErrorMessage(err), tt.want) {
				t.Fatalf("error = %v, want one saying %q", err, tt.want)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %v is not %v", err, tt.is)
			}
			if annotate.ErrorCode(err) != annotate.EINVALID {
				t.Errorf("code = %s, want invalid", annotate.ErrorCode(err))
			}
		})
	}
	d, err := ParsePDF(WithPassword(context.Background(), "open sesame"), locked, "x.pdf", "")
	if err != nil || !strings.Contains(d.Text, "sustainable budget") {
		t.Errorf("with its password: %v", err)
	}
	if _, err := ParsePDF(context.Background(), ownerOnly, "x.pdf", ""); err != nil {
		t.Errorf("a PDF with only an owner password: %v", err)
	}
}

func TestFetchPDF(t *testing.T) {
	pdf := reportPDF(t, nil)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		w.Write(pdf)
	}))
	defer srv.Close()
	d, err := Fetch(context.Background(), srv.URL+"/review.pdf", nil)
	if err != nil {
		t.Fatal(err)
	}
	if d.Format != FormatPDF || d.URL != srv.URL+"/review.pdf" || !strings.Contains(d.Text, "sustainable budget") || !bytes.Equal(d.Source, pdf) {
		t.Errorf("format %q, URL %q, %d bytes kept; text %q", d.Format, d.URL, len(d.Source), d.Text)
	}
}
