package report

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/factdesk/factdesk/annotate"
)

// Markdown writes the report as Markdown: the header, the counts, a
// summary table, a section per claim quoting it with a sentence of context,
// the whole article only when in.FullText (each claim in bold followed by
// its number linking to its section), and the methodology. User text is
// escaped so that it cannot become markup, and only http and https URLs
// become links.
func Markdown(w io.Writer, in Input) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	a := in.article()
	p := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }
	put := func(ss ...string) {
		for _, s := range ss {
			bw.WriteString(s)
		}
	}
	urls := safeURLs{}
	mdLink := urls.mdLink
	counts := Count(in.Claims)

	p("# Fact check: %s\n\n", md(a.Title))
	switch {
	case a.Byline != "" && a.Publisher != "":
		p("Article by %s · %s  \n", md(a.Byline), md(a.Publisher))
	case a.Byline != "":
		p("Article by %s  \n", md(a.Byline))
	case a.Publisher != "":
		p("Article from %s  \n", md(a.Publisher))
	}
	var dates []string
	if d := humanDate(a.Published); d != "" {
		dates = append(dates, "Published "+d)
	}
	if d := humanDate(a.Retrieved); d != "" {
		dates = append(dates, "Retrieved "+d)
	}
	if len(dates) > 0 {
		p("%s  \n", strings.Join(dates, " · "))
	}
	if a.URL != "" {
		p("Source: %s\n", mdLink(a.URL, a.URL))
	}
	p("\nFact check by %s, %s.\n\n", md(orDefault(in.Org.Name, "FactDesk")), humanDate(in.checkedDate()))

	p("## Summary\n\n")
	p("%s.\n\n", strings.Join(counts.Phrases(), " · "))
	if sum := summary(in.Claims); len(sum) > 0 {
		p("| Verdict | Claims | Share |\n|---|---:|---:|\n")
		for _, s := range sum {
			p("| %s | %d | %.0f%% |\n", mdEscape(s.Label), s.Count, s.Percent)
		}
		p("\n")
	}
	if counts.Claims > 0 {
		p("| # | Claim | Who said it | Verdict | Why |\n|---:|---|---|---|---|\n")
		for i, c := range in.Claims {
			if c == nil {
				continue
			}
			n := strconv.Itoa(i + 1)
			why := summaryLine(c.Rationale, 160)
			if why == "" {
				why = "–"
			}
			put("| [", n, "](#claim-", n, ") | ", md(oneLine(c.Statement)), " | ", md(c.Claimant), " | ", mdEscape(verdictLabel(c)), " | ", md(why), " |\n")
		}
		put("\n")
	}

	text := []rune(a.Text)
	paras := paragraphs(text)
	ctx := contexts(text, paras, in.Claims)
	if len(in.Claims) > 0 {
		p("## Claims\n\n")
	}
	for i, c := range in.Claims {
		if c == nil {
			continue
		}
		n := strconv.Itoa(i + 1)
		put(`<a id="claim-`, n, `"></a>`+"\n\n### Claim ", n, ": ", mdEscape(verdictLabel(c)))
		if c.Number > 0 {
			put(" <small>desk no. ", strconv.Itoa(c.Number), "</small>")
		}
		put("\n\n")
		q := ctx[i]
		put("> ")
		if q.Before != "" {
			if q.ClippedBefore {
				put("… ")
			}
			put(md(q.Before))
		}
		put("**", md(q.Quote), "**")
		if q.After != "" {
			put(md(q.After))
			if q.ClippedAfter {
				put(" …")
			}
		}
		put("\n\n")
		if c.AnchorBy == annotate.AnchorOrphan {
			p("*This quote could not be found in the current text of the article.*\n\n")
		}
		// The statement is shown only where it says more than the quote.
		if st := oneLine(c.Statement); st != oneLine(c.Exact) {
			put("**Claim:** ", md(st), "  \n")
		}
		if c.Claimant != "" {
			put("**Who said it:** ", md(c.Claimant), "  \n")
		}
		if c.ClaimDate != "" {
			put("**When:** ", mdEscape(claimDate(c.ClaimDate)), "  \n")
		}
		put("**Verdict:** ", mdEscape(verdictLabel(c)))
		if c.Status != annotate.StatusDone {
			put("  \n**Status:** ", mdEscape(c.Status.Label()))
		}
		put("\n")
		if tags := tagsOf(c); in.IncludeNotes && len(tags) > 0 {
			esc := make([]string, len(tags))
			for k, t := range tags {
				esc[k] = "`" + strings.ReplaceAll(balanceBidi(t), "`", "'") + "`"
			}
			put("**Tags:** " + strings.Join(esc, " ") + "\n")
		}
		put("\n")
		if ps := splitParagraphs(c.Rationale); len(ps) > 0 {
			put("**Rationale**\n\n")
			for _, r := range ps {
				put(md(oneLine(r)), "\n\n")
			}
		}
		if notes := splitParagraphs(c.Notes); in.IncludeNotes && len(notes) > 0 {
			put("**Internal notes**\n\n")
			for _, n := range notes {
				put(md(oneLine(n)) + "\n\n")
			}
		}
		if len(c.Sources) > 0 {
			put("**Sources**\n\n")
			for _, s := range c.Sources {
				title := s.Title
				if title == "" {
					title = s.URL
				}
				put("- *", stanceLabel(s.Stance), "*: ", mdLink(balanceBidi(title), s.URL))
				if s.Publisher != "" {
					put(", ", md(s.Publisher))
				}
				if d := humanDate(s.Accessed); d != "" {
					put(", accessed ", d)
				}
				switch {
				case s.ArchiveURL != "":
					put(" (", mdLink("archived copy", s.ArchiveURL), ")")
				case hasNoArchiveReason(s):
					put(" (not archived: " + md(strings.TrimSpace(strings.TrimSpace(s.Excerpt)[len(noArchivePrefix):])) + ")")
				}
				if s.Excerpt != "" && !hasNoArchiveReason(s) {
					put("  \n  > " + md(oneLine(s.Excerpt)))
				}
				put("\n")
			}
			put("\n")
		}
	}

	if in.FullText {
		p("## The article\n\n")
		segs := segments(text, paras, in.Claims)
		for pi := range paras {
			for _, s := range segs[pi] {
				chunk := strings.Join(strings.Fields(string(text[s.start:s.end])), " ")
				lead, trail := "", ""
				if s.start < s.end && isSpace(text[s.start]) {
					lead = " "
				}
				if s.start < s.end && isSpace(text[s.end-1]) {
					trail = " "
				}
				put(lead)
				if s.depth > 0 && chunk != "" {
					// Emphasis must not start or end with a space in
					// CommonMark, so the spaces go outside the markers.
					put("**" + mdEscape(chunk) + "**")
				} else {
					put(mdEscape(chunk))
				}
				put(trail)
				for _, e := range s.ends {
					n := strconv.Itoa(e + 1)
					put(" [\\[" + n + "\\]](#claim-" + n + ")")
				}
			}
			p("\n\n")
		}
	}

	p("## Methodology\n\n")
	p("Each claim is rated on this scale:\n\n")
	p("| Verdict | Rating | Meaning |\n|---|---:|---|\n")
	for _, r := range annotate.DefaultScale {
		val := "–"
		if r.Value != 0 {
			val = fmt.Sprintf("%d of %d", r.Value, annotate.BestRating)
		}
		p("| %s | %s | %s |\n", mdEscape(r.Label), val, mdEscape(r.Description))
	}
	p("\n")
	for _, para := range splitParagraphs(in.Org.Methodology) {
		p("%s\n\n", md(oneLine(para)))
	}
	if in.Org.CorrectionsURL != "" {
		p("Corrections policy: %s\n\n", mdLink(in.Org.CorrectionsURL, in.Org.CorrectionsURL))
	}
	p("Checked on %s. Generated by FactDesk.\n", humanDate(in.checkedDate()))
	return bw.Flush()
}

// md is mdEscape for user text, with its bidi controls balanced so that
// they cannot reorder the text after it.
func md(s string) string { return mdEscape(balanceBidi(s)) }

// mdSpecial holds the characters that can start or end Markdown markup.
const mdSpecial = "\\`*_{}[]<>()#+-.!|~&"

// mdSpecialByte marks the bytes of mdSpecial.
var mdSpecialByte = func() (t [256]bool) {
	for i := 0; i < len(mdSpecial); i++ {
		t[mdSpecial[i]] = true
	}
	return t
}()

// mdEscape backslash-escapes every Markdown special character of s, and
// writes &, < and > as entities so that no HTML can pass. All of them are
// ASCII, so s can be scanned byte by byte.
func mdEscape(s string) string {
	first := -1
	for i := 0; i < len(s); i++ {
		if mdSpecialByte[s[i]] {
			first = i
			break
		}
	}
	if first < 0 {
		return s
	}
	b := make([]byte, 0, len(s)+16)
	b = append(b, s[:first]...)
	for i := first; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '&':
			b = append(b, "&amp;"...)
		case c == '<':
			b = append(b, "&lt;"...)
		case c == '>':
			b = append(b, "&gt;"...)
		case mdSpecialByte[c]:
			b = append(b, '\\', c)
		default:
			b = append(b, c)
		}
	}
	return string(b)
}

// mdLink is a link to raw with the given text when raw is an http or https
// URL, else the text and the URL as plain escaped text.
func (m safeURLs) mdLink(text, raw string) string {
	if !m.ok(raw) {
		if text == raw {
			return mdEscape(raw)
		}
		return mdEscape(text) + " (" + mdEscape(raw) + ")"
	}
	dest := mdURLEscaper.Replace(raw)
	return "[" + mdEscape(text) + "](" + dest + ")"
}

// mdURLEscaper percent-encodes what would end a link destination early.
var mdURLEscaper = strings.NewReplacer("(", "%28", ")", "%29", "<", "%3C", ">", "%3E", " ", "%20")

// oneLine folds the white space of s, newlines included.
func oneLine(s string) string {
	folded := len(s) == 0 || (s[0] != ' ' && s[len(s)-1] != ' ')
	for i := 0; folded && i < len(s); i++ {
		switch c := s[i]; {
		case c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f' || c >= 0x80:
			folded = false // let strings.Fields judge other white space
		case c == ' ' && i+1 < len(s) && s[i+1] == ' ':
			folded = false
		}
	}
	if folded {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

func orDefault(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}

// stanceLabel is a source's stance as shown to people.
func stanceLabel(s annotate.Stance) string {
	switch s {
	case annotate.StanceSupports:
		return "Supports"
	case annotate.StanceRefutes:
		return "Refutes"
	}
	return "Context"
}
