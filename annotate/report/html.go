package report

import (
	"bufio"
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
	Counts                          Counts
	Summary                         []htmlCount
	SummaryLabel                    string
	Article                         template.HTML
	Claims, FullText                bool
	Scale                           []htmlRating
	VerdictCSS                      template.CSS
}

type htmlCount struct {
	Class, Label string
	Count        int
	Width        template.CSS
}

type htmlRating struct {
	Class, Label, Description string
	Value                     int
}

// verdictCSS defines, for each verdict and for claims without one, the
// colour variables the stylesheet draws with: the colour, the text colour
// that reads on it (WCAG AA, 4.5:1) and two tints. The colours come from
// the rating scale, never from user input.
var verdictCSS = func() template.CSS {
	var b strings.Builder
	rule := func(class, color string) {
		fmt.Fprintf(&b, ".%s{--vc:%s;--vfg:%s;--vbg:%s33;--vbg2:%s66}\n", class, color, textOn(color), color, color)
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
// them. Only http and https URLs become links. It opens with the counts and
// a summary table, then a card per claim quoting it in context, the whole
// article only when in.FullText, and the methodology.
func HTML(w io.Writer, in Input) error {
	a := in.article()
	r := htmlReport{
		Lang:       orDefault(a.Language, "en"),
		Title:      balanceBidi(orDefault(a.Title, "Untitled article")),
		Byline:     balanceBidi(a.Byline),
		Publisher:  balanceBidi(a.Publisher),
		URL:        a.URL,
		URLLink:    annotate.SafeURL(a.URL),
		Published:  humanDate(a.Published),
		Retrieved:  humanDate(a.Retrieved),
		Checked:    humanDate(in.checkedDate()),
		OrgName:    balanceBidi(in.Org.Name),
		Counts:     Count(in.Claims),
		VerdictCSS: verdictCSS,
		FullText:   in.FullText,
	}
	if annotate.SafeURL(in.Org.URL) {
		r.OrgURL = in.Org.URL
	}
	if annotate.SafeURL(in.Org.CorrectionsURL) {
		r.CorrectionsURL = in.Org.CorrectionsURL
	}
	for _, p := range splitParagraphs(in.Org.Methodology) {
		r.Methodology = append(r.Methodology, balanceBidi(p))
	}
	var label []string
	for _, s := range summary(in.Claims) {
		r.Summary = append(r.Summary, htmlCount{s.Class, s.Label, s.Count, template.CSS("width:" + strconv.FormatFloat(s.Percent, 'f', 3, 64) + "%")})
		label = append(label, s.Label+" "+strconv.Itoa(s.Count))
	}
	r.SummaryLabel = "Claims by verdict: " + strings.Join(label, ", ")
	for _, s := range annotate.DefaultScale {
		r.Scale = append(r.Scale, htmlRating{"v-" + string(s.Verdict), s.Label, s.Description, s.Value})
	}

	text := []rune(a.Text)
	paras := paragraphs(text)
	if in.FullText {
		segs := segments(text, paras, in.Claims)
		r.Article = template.HTML(articleHTML(text, paras, segs, in.Claims))
	}
	r.Claims = r.Counts.Claims > 0
	bw := bufio.NewWriterSize(w, 64<<10)
	if err := htmlTemplate.ExecuteTemplate(bw, "top", r); err != nil {
		return err
	}
	if r.Claims {
		urls := safeURLs{}
		writeTable(bw, in.Claims)
		bw.WriteString("</tbody>\n</table>\n\n<h2>The claims</h2>\n")
		writeCards(bw, text, contexts(text, paras, in.Claims), in, urls)
	}
	if err := htmlTemplate.ExecuteTemplate(bw, "bottom", r); err != nil {
		return err
	}
	return bw.Flush()
}

// stringWriter is where the hand-written parts of the HTML report go.
type stringWriter interface {
	WriteString(string) (int, error)
}

// safeURLs remembers which URLs are http(s): a report of thousands of
// claims cites the same few sources again and again.
type safeURLs map[string]bool

func (m safeURLs) ok(raw string) bool {
	ok, seen := m[raw]
	if !seen {
		ok = annotate.SafeURL(raw)
		m[raw] = ok
	}
	return ok
}

// writeTable writes the rows of the summary table: per claim, the claim as
// stated, who said it, the verdict and the first line of the rationale.
func writeTable(b stringWriter, claims []*annotate.Claim) {
	w := func(s string) { b.WriteString(s) }
	for i, c := range claims {
		if c == nil {
			continue
		}
		n := strconv.Itoa(i + 1)
		w(`<tr class="` + claimClass(c.Verdict, c.Status) + `"><td class="n"><a href="#claim-` + n + `" aria-label="Claim ` + n + `">` + n + `</a></td><td>`)
		w(bdi(oneLine(c.Statement)))
		w("</td><td>")
		w(bdi(c.Claimant))
		w(`</td><td><span class="chip">`)
		w(esc(verdictLabel(c)))
		w("</span></td><td>")
		if line := summaryLine(c.Rationale, 160); line != "" {
			w(bdi(line))
		} else {
			w(`<span class="none">–</span>`)
		}
		w("</td></tr>\n")
	}
}

// verdictLabel is the label a claim's verdict is shown with, never empty:
// "Not rated yet" for a claim without one.
func verdictLabel(c *annotate.Claim) string {
	if _, ok := c.Verdict.Rating(); ok {
		return c.Verdict.Label()
	}
	return "Not rated yet"
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

// writeCards writes a card per claim. It is written by hand rather than by
// the template because a transcript can have thousands of claims and the
// template's reflection would dominate the export; every user string goes
// through esc or bdi, and only http(s) URLs become links.
func writeCards(b stringWriter, text []rune, ctx []quoteContext, in Input, urls safeURLs) {
	claims := in.Claims
	w := func(s string) { b.WriteString(s) }
	for i, c := range claims {
		if c == nil {
			continue
		}
		n := strconv.Itoa(i + 1)
		w(`<article class="card `)
		w(claimClass(c.Verdict, c.Status))
		w(`" id="claim-`)
		w(n)
		w(`" aria-labelledby="claim-` + n + `-h">` + "\n" + `<header><h3 id="claim-` + n + `-h"><span class="num"><span class="sr">Claim </span>`)
		w(n)
		w(`</span> <span class="chip"><span class="sr">Verdict: </span>`)
		w(esc(verdictLabel(c)))
		w(`</span>`)
		if c.Number > 0 {
			// The desk's own number, for the fact-checkers; readers go by
			// the report's.
			w(` <small class="deskno">desk no. ` + strconv.Itoa(c.Number) + `</small>`)
		}
		w(`</h3>`)
		if c.Status != annotate.StatusDone {
			w(`<span class="badge">`)
			w(esc(c.Status.Label()))
			w(`</span>`)
		}
		if in.FullText && placed(text, c) {
			w(`<a class="back" href="#ref-` + n + `">↑ in the article</a>`)
		}
		w("</header>\n")
		if c.AnchorBy == annotate.AnchorOrphan {
			w(`<p class="orphan">This quote could not be found in the current text of the article.</p>` + "\n")
		}
		q := ctx[i]
		w(`<blockquote class="quote"><p>`)
		if q.Before != "" {
			w(`<span class="ctx">`)
			if q.ClippedBefore {
				w("… ")
			}
			w(escText(q.Before) + "</span>")
		}
		w(`<mark class="hl">` + escText(q.Quote) + "</mark>")
		if q.After != "" {
			w(`<span class="ctx">` + escText(q.After))
			if q.ClippedAfter {
				w(" …")
			}
			w("</span>")
		}
		w("</p></blockquote>\n")
		// The statement is shown only where it says more than the quote.
		if oneLine(c.Statement) != oneLine(c.Exact) {
			w(`<p class="statement">` + escText(c.Statement) + "</p>\n")
		}
		tags := tagsOf(c)
		if !in.IncludeNotes {
			tags = nil
		}
		if c.Claimant != "" || c.ClaimDate != "" || len(tags) > 0 {
			w("<dl>")
			if c.Claimant != "" {
				w("<dt>Who said it</dt><dd>" + bdi(c.Claimant) + "</dd>")
			}
			if c.ClaimDate != "" {
				w("<dt>When</dt><dd>" + esc(claimDate(c.ClaimDate)) + "</dd>")
			}
			if len(tags) > 0 {
				w("<dt>Tags</dt><dd>")
				for _, t := range tags {
					w(`<span class="tag">` + bdi(t) + "</span>")
				}
				w("</dd>")
			}
			w("</dl>\n")
		}
		if ps := splitParagraphs(c.Rationale); len(ps) > 0 {
			w(`<h4>Rationale</h4>` + "\n" + `<div class="rationale">`)
			for _, p := range ps {
				w("<p>" + escText(p) + "</p>")
			}
			w("</div>\n")
		}
		if notes := splitParagraphs(c.Notes); in.IncludeNotes && len(notes) > 0 {
			w(`<h4>Internal notes</h4>` + "\n" + `<div class="notes">`)
			for _, p := range notes {
				w("<p>" + escText(p) + "</p>")
			}
			w("</div>\n")
		}
		if len(c.Sources) > 0 {
			w("<h4>Sources</h4>\n" + `<ul class="sources">` + "\n")
			for _, s := range c.Sources {
				writeSource(b, s, urls)
			}
			w("</ul>\n")
		}
		w("</article>\n")
	}
}

func writeSource(b stringWriter, s annotate.Source, urls safeURLs) {
	w := func(s string) { b.WriteString(s) }
	st := s.Stance
	if st != annotate.StanceSupports && st != annotate.StanceRefutes {
		st = annotate.StanceContext
	}
	excerpt, reason := s.Excerpt, ""
	if hasNoArchiveReason(s) {
		excerpt, reason = "", strings.TrimSpace(strings.TrimSpace(s.Excerpt)[len(noArchivePrefix):])
	}
	w(`<li><span class="stance ` + string(st) + `">` + stanceLabel(st) + `</span><span class="src-title">`)
	w(urls.link(s.URL, orDefault(s.Title, s.URL)))
	w("</span>")
	if acc := humanDate(s.Accessed); s.Publisher != "" || acc != "" {
		w(`<br><span class="src-meta">` + bdi(s.Publisher))
		if s.Publisher != "" && acc != "" {
			w(" · ")
		}
		if acc != "" {
			w("accessed " + acc)
		}
		w("</span>")
	}
	w(`<br><span class="src-url">` + urls.link(s.URL, s.URL))
	switch {
	case s.ArchiveURL != "" && urls.ok(s.ArchiveURL):
		w(" · " + urls.link(s.ArchiveURL, "archived copy"))
	case s.ArchiveURL != "":
		w(" · archived copy: " + esc(s.ArchiveURL))
	case reason != "":
		w(" · not archived: " + bdi(reason))
	}
	w("</span>")
	if excerpt != "" {
		w(`<p class="excerpt">“` + escText(excerpt) + `”</p>`)
	}
	w("</li>\n")
}

// esc escapes s for HTML text and double-quoted attributes.
func esc(s string) string { return template.HTMLEscapeString(s) }

// link is an anchor to raw showing text when raw is an http or https URL,
// else the text alone.
func (m safeURLs) link(raw, text string) string {
	if !m.ok(raw) {
		return bdi(text)
	}
	return `<a href="` + esc(raw) + `" rel="noopener noreferrer">` + bdi(text) + "</a>"
}
