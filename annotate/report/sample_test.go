package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/factdesk/factdesk/annotate"
)

var samples = flag.String("samples", "", "write sample reports of the sample article into this folder")

const sampleText = `The mayor of Riverton, Ana Duarte, told the city council on Tuesday that violent crime fell by 30 percent last year, the largest drop since records began in 1985. "Our streets are safer than they have been in a generation," she said.

Police figures released in January show 412 violent offences in 2024, against 531 the year before, a fall of about 22 percent. The department's annual report notes that the recording rules changed in March 2024.

Duarte also said the city had hired 120 new officers since she took office. The payroll records list 96 sworn officers hired over the period, and 24 civilian staff.

Council member Joe Park replied that the drop "had nothing to do with the mayor" and credited a state programme that funds youth centres. State data show that the programme began in Riverton in late 2023.

According to the mayor, Riverton now spends less per resident on policing than any city of its size in the state. Budget comparisons for 2024 are not yet published for three of the nine comparable cities.

The council will vote on next year's budget on 14 October.`

// sampleInput is a realistic checked article with every kind of claim: each
// verdict, one without verdict, nested and overlapping spans, sources with
// and without archives.
func sampleInput(t testing.TB) Input {
	t.Helper()
	a := &annotate.Article{
		ID: 7, Title: "Mayor says violent crime fell by 30% in Riverton", Byline: "Maria Lopes",
		Publisher: "Riverton Courier", URL: "https://courier.example/news/2025/mayor-crime-figures",
		Language:  "en",
		Published: time.Date(2025, 9, 3, 8, 0, 0, 0, time.UTC), Retrieved: time.Date(2025, 9, 4, 10, 30, 0, 0, time.UTC),
		Text: sampleText, Version: 1,
	}
	at := time.Date(2025, 9, 5, 14, 0, 0, 0, time.UTC)
	mk := func(quote string, v annotate.Verdict, st annotate.Status, claimant string, tags []string, notes string, srcs ...annotate.Source) *annotate.Claim {
		start, end, err := annotate.FindQuote(a.Text, quote, 0)
		if err != nil {
			t.Fatalf("FindQuote(%q): %v", quote, err)
		}
		c, err := annotate.NewClaim(a, start, end)
		if err != nil {
			t.Fatal(err)
		}
		c.Verdict, c.Status, c.Claimant, c.Tags, c.Notes = v, st, claimant, tags, notes
		c.ClaimDate = "2025-09-02"
		c.Sources = append(c.Sources, srcs...)
		c.Created, c.Updated = at, at.Add(time.Hour)
		return c
	}
	police := annotate.Source{URL: "https://police.riverton.example/reports/annual-2024.pdf", Title: "Annual crime report 2024", Publisher: "Riverton Police Department", Accessed: at, ArchiveURL: "https://web.archive.org/web/20250905/https://police.riverton.example/reports/annual-2024.pdf", Stance: annotate.StanceRefutes, Excerpt: "412 violent offences were recorded in 2024 (2023: 531)."}
	payroll := annotate.Source{URL: "https://data.riverton.example/payroll/police-hires", Title: "Police hires, 2021–2025", Publisher: "Riverton Open Data", Accessed: at, ArchiveURL: "https://archive.ph/abc12", Stance: annotate.StanceRefutes}
	state := annotate.Source{URL: "https://state.example/youth-centres/riverton", Title: "Youth centres programme: participating cities", Publisher: "State Department of Justice", Accessed: at, Stance: annotate.StanceSupports, Excerpt: "no archive: the page is an interactive map that archives cannot capture"}
	records := annotate.Source{URL: "https://police.riverton.example/history", Title: "Recorded crime since 1985", Publisher: "Riverton Police Department", Accessed: at, ArchiveURL: "https://web.archive.org/web/20250905/https://police.riverton.example/history", Stance: annotate.StanceContext}
	claims := []*annotate.Claim{
		mk("violent crime fell by 30 percent last year, the largest drop since records began in 1985", annotate.VerdictFalse, annotate.StatusDone, "Ana Duarte", []string{"crime", "statistics"},
			"The police figures show a fall of 22 percent, not 30.\n\nThe recording rules changed in March 2024, so part of the fall may be an artefact of the new rules.", police, records),
		mk("the largest drop since records began in 1985", annotate.VerdictUnverifiable, annotate.StatusDone, "Ana Duarte", []string{"crime"}, "The department could not provide comparable figures before 1998.", records),
		mk("Our streets are safer than they have been in a generation", annotate.VerdictMisleading, annotate.StatusNeedsReview, "Ana Duarte", []string{"crime"}, "A subjective claim built on the disputed figure."),
		mk("412 violent offences in 2024, against 531 the year before", annotate.VerdictTrue, annotate.StatusDone, "Riverton Police Department", []string{"statistics"}, "", police),
		mk("the city had hired 120 new officers since she took office", annotate.VerdictMostlyFalse, annotate.StatusDone, "Ana Duarte", []string{"policing", "staffing"}, "120 hires in total, but only 96 are officers; 24 are civilian staff.", payroll),
		mk("credited a state programme that funds youth centres", annotate.VerdictMixed, annotate.StatusInProgress, "Joe Park", []string{"youth"}, "", state),
		mk("the programme began in Riverton in late 2023", annotate.VerdictMostlyTrue, annotate.StatusDone, "State Department of Justice", nil, "", state),
		mk("Riverton now spends less per resident on policing than any city of its size in the state", annotate.VerdictNone, annotate.StatusUnchecked, "Ana Duarte", []string{"budget"}, ""),
	}
	rationales := []string{
		"Police figures show 412 violent offences in 2024 against 531 in 2023, a fall of about 22 percent, not 30. The recording rules also changed in March 2024.",
		"The police department holds comparable figures only from 1998, so a record since 1985 cannot be confirmed.",
		"The claim rests on the 30 percent figure, which the police data do not support.",
		"The figures match the police department's annual report for 2024.",
		"Payroll records show 120 hires, but only 96 of them are sworn officers; 24 are civilian staff.",
		"The programme funds youth centres in Riverton, but its effect on crime has not been measured.",
		"The state's list of participating cities dates Riverton's entry to November 2023.",
		"",
	}
	for i, c := range claims {
		c.Rationale = rationales[i]
	}
	a.ReportURL = "https://factdesk.example/checks/2025/riverton-crime-figures"
	a.ReportPublished = time.Date(2025, 9, 5, 16, 0, 0, 0, time.UTC)
	return Input{
		Article: a,
		Versions: []annotate.ArticleVersion{{ID: 1, ArticleID: 7, Number: 1, Text: sampleText, Format: "html",
			Source: []byte("<html><body><p>" + strings.ReplaceAll(sampleText, "\n\n", "</p><p>") + "</p></body></html>"), Created: a.Retrieved}},
		Claims: claims,
		Org: Org{Name: "Riverton Fact Desk", URL: "https://factdesk.example", CorrectionsURL: "https://factdesk.example/corrections",
			Methodology: "We check claims made by public figures in Riverton that can be verified against public records. Each claim is researched by one fact-checker and reviewed by an editor before publication.\n\nWe contact the claimant for comment before publishing."},
		Checked: time.Date(2025, 9, 5, 0, 0, 0, 0, time.UTC),
	}
}

// TestSamples writes the sample article in every format into the folder
// given by -samples, to be looked at; without the flag it only checks that
// every format can be written.
func TestSamples(t *testing.T) {
	dir := *samples
	if dir == "" {
		dir = t.TempDir()
	}
	in := sampleInput(t)
	writers := map[string]func(f *os.File) error{
		"report.html":        func(f *os.File) error { return HTML(f, in) },
		"report.md":          func(f *os.File) error { return Markdown(f, in) },
		"report.pdf":         func(f *os.File) error { return PDF(f, in) },
		"report.csv":         func(f *os.File) error { return CSV(f, []Input{in}, false) },
		"report.json":        func(f *os.File) error { return JSON(f, []Input{in}) },
		"report.w3c.jsonld":  func(f *os.File) error { return W3C(f, in) },
		"report.claimreview": func(f *os.File) error { return ClaimReview(f, in) },
	}
	if *samples != "" {
		if _, err := os.Stat(filepath.Join(sharedDir, "corpus")); err == nil {
			long := corpusArticle(t, "aclu", 20)
			writers["long-report.html"] = func(f *os.File) error { return HTML(f, long) }
			writers["long-report.pdf"] = func(f *os.File) error { return PDF(f, long) }
		}
	}
	for name, write := range writers {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := write(f); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil || fi.Size() == 0 {
			t.Errorf("%s is empty (%v)", name, err)
		}
	}
}

// TestDeskNumberInSmallPrint: reports number claims 1, 2, 3 in reading
// order and show each claim's working number beside it for the desk.
func TestDeskNumberInSmallPrint(t *testing.T) {
	in := sampleInput(t)
	if len(in.Claims) == 0 {
		t.Fatal("the sample has no claims")
	}
	in.Claims[0].Number = 7
	for _, format := range []string{"html", "md"} {
		var b bytes.Buffer
		if err := Write(&b, format, []Input{in}, Options{}); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		if !strings.Contains(out, "desk no. 7") {
			t.Errorf("%s report lacks the desk's number of claim 1", format)
		}
		if format == "md" && !strings.Contains(out, "### Claim 1:") {
			t.Errorf("markdown report does not number the first claim 1")
		}
	}
}
