package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-pdf/fpdf"
)

// writePDF writes a two-page report to dir/name: a running head, a page
// number at the foot, and a claim on page 2. edition changes the first
// paragraph, as a publisher's corrected edition would; password, if not
// "", is needed to open it.
func writePDF(t *testing.T, dir, name string, edition int, password string) string {
	t.Helper()
	pdf := fpdf.New("P", "pt", "A4", "")
	if password != "" {
		pdf.SetProtection(fpdf.CnProtectPrint, password, "owner")
	}
	pdf.SetTitle("Riverton transit report", true)
	pdf.SetHeaderFunc(func() {
		pdf.SetFont("Helvetica", "", 8)
		pdf.SetXY(40, 20)
		pdf.CellFormat(0, 10, "Riverton Transit Authority - annual report", "", 0, "L", false, 0, "")
		pdf.SetXY(60, 70)
		pdf.SetFont("Helvetica", "", 11)
	})
	pdf.SetFooterFunc(func() {
		pdf.SetFont("Helvetica", "", 8)
		pdf.SetXY(40, 810)
		pdf.CellFormat(0, 10, fmt.Sprint(pdf.PageNo()), "", 0, "C", false, 0, "")
	})
	pdf.SetMargins(60, 70, 60)
	pdf.AddPage()
	pdf.SetFont("Helvetica", "", 11)
	first := "The authority ran 212 buses this year."
	if edition > 1 {
		first = "The authority ran 214 buses this year, after a correction."
	}
	pdf.MultiCell(0, 14, first+" Its board met eleven times and published every decision.", "", "L", false)
	pdf.AddPage()
	pdf.MultiCell(0, 14, "Ridership rose 18% last year, the authority says, the largest rise since 1998.", "", "L", false)
	var b bytes.Buffer
	if err := pdf.Output(&b); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestImportPDF(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "lib.db")
	id := must(t, db, "import", writePDF(t, dir, "report.pdf", 1, ""))
	text := must(t, db, "text", id)
	if strings.Contains(text, "annual report") || !strings.Contains(text, "Ridership rose 18% last year") {
		t.Errorf("text = %q", text)
	}
	must(t, db, "claim", "add", id, "--quote", "Ridership rose 18% last year")
	var w3c struct {
		Items []struct {
			Target struct {
				Selector []struct{ Type, ConformsTo, Value string }
			}
		}
	}
	out := must(t, db, "export", id, "--format", "w3c", "-o", "-")
	if err := json.Unmarshal([]byte(out), &w3c); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, it := range w3c.Items {
		for _, s := range it.Target.Selector {
			if s.Type == "FragmentSelector" && s.Value == "page=2" && s.ConformsTo == "http://tools.ietf.org/rfc/rfc3778" {
				found = true
			}
		}
	}
	if !found {
		t.Errorf("W3C export has no FragmentSelector page=2:\n%s", out)
	}
	// A new edition: the claim on page 2 is re-anchored where it stands.
	must(t, db, "update", id, writePDF(t, dir, "report-2.pdf", 2, ""))
	claims := must(t, db, "claims", id)
	if !strings.Contains(claims, "Ridership rose 18% last year") || strings.Contains(claims, "needs-review") {
		t.Errorf("claims after the update:\n%s", claims)
	}
	if !strings.Contains(must(t, db, "text", id), "214 buses") {
		t.Errorf("the update did not store the new edition")
	}
}

func TestImportPDFRefusals(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "lib.db")
	must(t, db, "sample")
	before, _ := counts(t, db)
	locked := writePDF(t, dir, "locked.pdf", 1, "open sesame")
	good := writePDF(t, dir, "good.pdf", 1, "")
	data, _ := os.ReadFile(good)
	corrupt := filepath.Join(dir, "corrupt.pdf")
	os.WriteFile(corrupt, data[:len(data)/2], 0o644)
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"import", locked}, "needs a password"},
		{[]string{"import", locked, "--password", "wrong"}, "password is wrong"},
		{[]string{"import", corrupt}, "damaged"},
	} {
		r := factdesk(t, db, nil, tt.args...)
		if r.code != 1 || !strings.Contains(r.stderr, tt.want) {
			t.Errorf("factdesk %s: exit %d, %q; want 1 and %q", strings.Join(tt.args, " "), r.code, r.stderr, tt.want)
		}
		if n, _ := counts(t, db); n != before {
			t.Errorf("factdesk %s wrote an article", strings.Join(tt.args, " "))
		}
	}
	locked2 := must(t, db, "import", locked, "--password", "open sesame")
	// A new edition behind the same password.
	if r := factdesk(t, db, nil, "update", locked2, writePDF(t, dir, "locked-2.pdf", 2, "open sesame")); r.code != 1 || !strings.Contains(r.stderr, "needs a password") {
		t.Errorf("update of an encrypted edition without its password: exit %d, %q", r.code, r.stderr)
	}
	must(t, db, "update", locked2, writePDF(t, dir, "locked-2.pdf", 2, "open sesame"), "--password", "open sesame")
	if !strings.Contains(must(t, db, "text", locked2), "214 buses") {
		t.Errorf("the encrypted edition was not stored")
	}
	if help := must(t, db, "help"); strings.Contains(help, "pdf-worker") {
		t.Errorf("help lists the PDF worker")
	}
	if r := factdesk(t, db, nil, "pdf-worker"); r.code != 2 {
		t.Errorf("pdf-worker run by hand: exit %d, want 2 (unknown command)", r.code)
	}
}

func TestImportTranscript(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "lib.db")
	vtt := filepath.Join(dir, "debate.vtt")
	os.WriteFile(vtt, []byte("WEBVTT\n\n00:12:03.000 --> 00:12:06.000\n<v Lena Okafor>Traffic deaths in the city\n\n00:12:06.000 --> 00:12:09.000\n<v Lena Okafor>have fallen by half since 2019.\n\n00:12:09.000 --> 00:12:12.000\n<v Mark Diaz>That is not what the state says.\n"), 0o644)
	id := must(t, db, "import", vtt)
	must(t, db, "claim", "add", id, "--quote", "Traffic deaths in the city have fallen by half", "--verdict", "false", "--status", "done", "--rationale", "State records show a fall of 36%.")
	must(t, db, "claim", "add", id, "--quote", "That is not what", "--claimant", "Someone Else")
	out := strings.ReplaceAll(must(t, db, "claims", id, "--json"), `": "`, `":"`)
	for _, want := range []string{`"claimant":"Lena Okafor"`, `"claimant":"Someone Else"`} {
		if !strings.Contains(out, want) {
			t.Errorf("claims lack %s:\n%s", want, out)
		}
	}
	cr := must(t, db, "export", id, "--format", "claimreview", "-o", "-")
	if !strings.Contains(strings.ReplaceAll(cr, `": "`, `":"`), `"author":{"@type":"Person","name":"Lena Okafor"}`) {
		t.Errorf("ClaimReview does not name the speaker as the claim's author:\n%s", cr)
	}
	// claim batch too.
	if r := factdesk(t, db, []byte(`{"quote": "what the state says"}`+"\n"), "claim", "batch", id); r.code != 0 {
		t.Fatalf("claim batch: %s", r.stderr)
	}
	if out := must(t, db, "claims", id); strings.Count(out, "Mark Diaz") != 1 {
		t.Errorf("a claim by batch in a turn lacks its speaker:\n%s", out)
	}
	// The assistant's suggestions carry the speaker.
	if out := must(t, db, "suggest", id, "--min", "0"); !strings.Contains(out, "Lena Okafor") {
		t.Errorf("suggestions on a transcript lack the speaker:\n%s", out)
	}
	// A plain transcript given by --format.
	txt := filepath.Join(dir, "speech.txt")
	os.WriteFile(txt, []byte("MAYOR OKAFOR: We built 40 km of bus lanes.\n"), 0o644)
	id2 := must(t, db, "import", txt, "--format", "transcript")
	must(t, db, "claim", "add", id2, "--quote", "We built 40 km of bus lanes")
	if out := must(t, db, "claims", id2); !strings.Contains(out, "MAYOR OKAFOR") {
		t.Errorf("claim in a plain transcript lacks its speaker:\n%s", out)
	}
}
