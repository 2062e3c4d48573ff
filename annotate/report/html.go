package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"

	"github.com/factdesk/factdesk/annotate"
)

//go:embed report.html.tmpl
var htmlText string

// htmlTemplate is parsed once; html/template escapes every value for the
// context it lands in, so user text cannot become markup.
var htmlTemplate = template.Must(template.New("report").Parse(htmlText))

type htmlReport struct {
	Lang                            string
	Title, Byline, Publisher        string
	URL                             string
	URLLink                         bool
	Published, Retrieved, Checked   string
	OrgName, OrgURL, CorrectionsURL string
	Methodology                     []string
	Total, Done                     int
	Summary                         []htmlCount
	Article                         template.HTML
	Claims                          []htmlClaim
	Scale                           []htmlRating
	VerdictCSS                      template.CSS
}

type htmlCount struct {
	Class, Label string
	Count        int
	Width        template.CSS
}

type htmlClaim struct {
	N                                     int
	Class, Verdict, Status                string
	Quote, Statement, Claimant, ClaimDate string
	Tags, Notes                           []string
	Sources                               []htmlSource
	Placed, Orphan                        bool
}

type htmlSource struct {
	Stance, StanceLabel        string
	Title, Publisher, Accessed string
	URL, Archive, Excerpt      string
	Link, ArchiveLink          bool
}

type htmlRating struct {
	Class, Label, Description string
	Value                     int
}

// verdictCSS defines, for each verdict and for claims without one, the
// colour variables the stylesheet draws with. The colours come from the
// rating scale, never from user input.
var verdictCSS = func() template.CSS {
	var b strings.Builder
	rule := func(class, color string) {
		fmt.Fprintf(&b, ".%s{--vc:%s;--vbg:%s33;--vbg2:%s66}\n", class, color, color, color)
	}
	for _, r := range annotate.DefaultScale {
		rule("v-"+string(r.Verdict), r.Color)
	}
	rule("v-progress", annotate.ColorInProgress)
	rule("v-none", annotate.ColorUnchecked)
	return template.CSS(b.String())
}()

// HTML writes the report as one self-contained HTML file: inline styles, no
// scripts, no external requests, and a Content-Security-Policy that forbids
// them. Only http and https URLs become links.
func HTML(w io.Writer, in Input) error {
	a := in.article()
	r := htmlReport{
		Lang:       orDefault(a.Language, "en"),
		Title:      orDefault(a.Title, "Untitled article"),
		Byline:     a.Byline,
		Publisher:  a.Publisher,
		URL:        a.URL,
		URLLink:    annotate.SafeURL(a.URL),
		Published:  humanDate(a.Published),
		Retrieved:  humanDate(a.Retrieved),
		Checked:    humanDate(in.checkedDate()),
		OrgName:    in.Org.Name,
		Total:      len(in.Claims),
		VerdictCSS: verdictCSS,
	}
	if annotate.SafeURL(in.Org.URL) {
		r.OrgURL = in.Org.URL
	}
	if annotate.SafeURL(in.Org.CorrectionsURL) {
		r.CorrectionsURL = in.Org.CorrectionsURL
	}
	r.Methodology = splitParagraphs(in.Org.Methodology)
	for _, s := range summary(in.Claims) {
		r.Summary = append(r.Summary, htmlCount{s.Class, s.Label, s.Count, template.CSS("width:" + strconv.FormatFloat(s.Percent, 'f', 3, 64) + "%")})
	}
	for _, s := range annotate.DefaultScale {
		r.Scale = append(r.Scale, htmlRating{"v-" + string(s.Verdict), s.Label, s.Description, s.Value})
	}

	text := []rune(a.Text)
	paras := paragraphs(text)
	segs := segments(text, paras, in.Claims)
	r.Article = template.HTML(articleHTML(text, paras, segs, in.Claims))

	r.Claims = make([]htmlClaim, 0, len(in.Claims))
	for i, c := range in.Claims {
		if c == nil {
			continue
		}
		if c.Status == annotate.StatusDone {
			r.Done++
		}
		hc := htmlClaim{
			N:         i + 1,
			Class:     claimClass(c.Verdict, c.Status),
			Verdict:   c.Verdict.Label(),
			Status:    c.Status.Label(),
			Quote:     c.Exact,
			Claimant:  c.Claimant,
			ClaimDate: claimDate(c.ClaimDate),
			Tags:      tagsOf(c),
			Notes:     splitParagraphs(c.Notes),
			Placed:    placed(text, c),
			Orphan:    c.AnchorBy == annotate.AnchorOrphan,
		}
		// The statement is shown only where it says more than the quote.
		if oneLine(c.Statement) != oneLine(c.Exact) {
			hc.Statement = c.Statement
		}
		for _, s := range c.Sources {
			st := s.Stance
			if st == "" {
				st = annotate.StanceContext
			}
			hs := htmlSource{
				Stance:      string(st),
				StanceLabel: stanceLabel(st),
				Title:       orDefault(s.Title, s.URL),
				Publisher:   s.Publisher,
				Accessed:    humanDate(s.Accessed),
				URL:         s.URL,
				Link:        annotate.SafeURL(s.URL),
				Archive:     s.ArchiveURL,
				ArchiveLink: annotate.SafeURL(s.ArchiveURL),
				Excerpt:     s.Excerpt,
			}
			hc.Sources = append(hc.Sources, hs)
		}
		r.Claims = append(r.Claims, hc)
	}
	return htmlTemplate.Execute(w, r)
}

// articleHTML renders the article's paragraphs with a <mark> per run of
// claimed text, coloured by the innermost claim, and a numbered link to each
// claim's card where the claim ends. Text is escaped here because the
// result is handed to the template as trusted HTML.
func articleHTML(text []rune, paras []paragraph, segs [][]segment, claims []*annotate.Claim) string {
	var b strings.Builder
	b.Grow(len(text) + len(claims)*120)
	for pi := range paras {
		b.WriteString("<p>")
		for _, s := range segs[pi] {
			chunk := template.HTMLEscapeString(string(text[s.start:s.end]))
			if s.depth == 0 {
				b.WriteString(chunk)
			} else {
				c := claims[s.top]
				b.WriteString(`<mark class="hl `)
				b.WriteString(claimClass(c.Verdict, c.Status))
				if s.depth > 1 {
					b.WriteString(" ov")
				}
				b.WriteString(`">`)
				b.WriteString(chunk)
				b.WriteString("</mark>")
			}
			for _, e := range s.ends {
				n := strconv.Itoa(e + 1)
				c := claims[e]
				b.WriteString(`<sup class="ref `)
				b.WriteString(claimClass(c.Verdict, c.Status))
				b.WriteString(`" id="ref-`)
				b.WriteString(n)
				b.WriteString(`"><a href="#claim-`)
				b.WriteString(n)
				b.WriteString(`" title="Claim `)
				b.WriteString(n)
				b.WriteString(`: `)
				b.WriteString(template.HTMLEscapeString(c.Verdict.Label()))
				b.WriteString(`">`)
				b.WriteString(n)
				b.WriteString("</a></sup>")
			}
		}
		b.WriteString("</p>\n")
	}
	return b.String()
}
