package ingest

import (
	"html"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// mdBlock is one paragraph of Markdown once its syntax is stripped.
type mdBlock struct {
	text    string
	heading int // 1 to 6 for a heading, else 0
}

// parseMarkdown makes a document of Markdown: headings, list items, table
// rows, quotations and code blocks become paragraphs of readable text;
// emphasis, link targets, images and HTML tags are dropped. A YAML front
// matter gives the title, author and date; otherwise a leading "# Title"
// is the title and is not repeated in the text.
func parseMarkdown(src string) *Document {
	src = strings.TrimPrefix(src, "\ufeff")
	lines := strings.Split(strings.ReplaceAll(strings.ReplaceAll(src, "\r\n", "\n"), "\r", "\n"), "\n")
	d := &Document{}
	lines = frontMatter(lines, d)
	p := &mdParser{refs: referenceLabels(lines)}
	blocks := p.blocks(lines)

	var keep []mdBlock
	firstLine := ""
	for _, b := range blocks {
		raw := b.text
		if b.text = Canonical(b.text); b.text != "" {
			if len(keep) == 0 {
				firstLine = firstLineTitle(raw)
			}
			keep = append(keep, b)
		}
	}
	if d.Title == "" && len(keep) > 0 {
		first := keep[0]
		switch {
		case first.heading == 1 && len(keep) > 1:
			d.Title = foldLine(first.text)
			keep = keep[1:]
		case first.heading > 0:
			d.Title = foldLine(first.text)
		default:
			d.Title = firstLine
		}
	}
	texts := make([]string, len(keep))
	for i, b := range keep {
		texts[i] = b.text
	}
	d.Text = Canonical(strings.Join(texts, "\n\n"))
	return d
}

// frontMatter reads a YAML front matter block ("---" lines around "key:
// value" lines) into d and returns the lines after it.
func frontMatter(lines []string, d *Document) []string {
	if len(lines) < 3 || strings.TrimSpace(lines[0]) != "---" || !yamlKey.MatchString(lines[1]) {
		return lines
	}
	end := -1
	for i := 1; i < len(lines) && i < 200; i++ {
		if s := strings.TrimSpace(lines[i]); s == "---" || s == "..." {
			end = i
			break
		}
	}
	if end < 0 {
		return lines
	}
	for _, l := range lines[1:end] {
		m := yamlKey.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		val := strings.Trim(strings.TrimSpace(m[2]), `"'`)
		switch strings.ToLower(m[1]) {
		case "title":
			d.Title = foldLine(val)
		case "author", "byline", "authors":
			d.Byline = foldLine(strings.Trim(val, "[]"))
		case "date", "published":
			for _, layout := range []string{time.RFC3339, "2006-01-02 15:04:05", time.DateOnly} {
				if t, err := time.Parse(layout, val); err == nil {
					d.Published = t
					break
				}
			}
		case "lang", "language":
			d.Language = foldLine(val)
		case "publisher", "site", "site_name":
			d.Publisher = foldLine(val)
		}
	}
	return lines[end+1:]
}

var (
	yamlKey     = regexp.MustCompile(`^([A-Za-z_][\w-]*):\s*(.*)$`)
	atxHeading  = regexp.MustCompile(`^(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$`)
	thematic    = regexp.MustCompile(`^(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$`)
	setextH1    = regexp.MustCompile(`^=+[ \t]*$`)
	setextH2    = regexp.MustCompile(`^-+[ \t]*$`)
	listMarker  = regexp.MustCompile(`^(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)`)
	taskBox     = regexp.MustCompile(`^\[[ xX]\][ \t]+`)
	fence       = regexp.MustCompile("^(`{3,}|~{3,})")
	refDef      = regexp.MustCompile(`^\[([^\]]+)\]:[ \t]*\S`)
	tableDelim  = regexp.MustCompile(`^\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$`)
	htmlTag     = regexp.MustCompile(`^(?:<!--[\s\S]*?-->|</?([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?/?>)`)
	autolink    = regexp.MustCompile(`^<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>@]+)>`)
	entityStart = regexp.MustCompile(`^&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});`)
)

// breaksText are the HTML tags in Markdown that separate words.
var breaksText = map[string]bool{"br": true, "p": true, "div": true, "li": true, "hr": true, "tr": true, "td": true, "th": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "blockquote": true}

// referenceLabels returns the labels of the link reference definitions in
// lines, lower-cased, so that "[text]" can be told from a shortcut link.
func referenceLabels(lines []string) map[string]bool {
	refs := map[string]bool{}
	for _, l := range lines {
		if m := refDef.FindStringSubmatch(strings.TrimLeft(l, " ")); m != nil {
			refs[strings.ToLower(strings.TrimSpace(m[1]))] = true
		}
	}
	return refs
}

type mdParser struct {
	refs  map[string]bool
	depth int // of block quotations, bounded against hostile nesting
}

// indentOf returns the width of the leading white space of l, a tab
// counting as four.
func indentOf(l string) int {
	n := 0
	for _, c := range l {
		switch c {
		case ' ':
			n++
		case '\t':
			n += 4
		default:
			return n
		}
	}
	return n
}

// blocks splits Markdown lines into paragraphs of plain text.
func (p *mdParser) blocks(lines []string) []mdBlock {
	var out []mdBlock
	var para []string
	inItem := false // the paragraph is a list item, which takes indented lines
	flush := func() {
		if len(para) > 0 {
			out = append(out, mdBlock{text: p.inline(strings.Join(para, "\n"))})
			para = para[:0]
		}
		inItem = false
	}
	afterItem := false // the last block was a list item
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		indent := indentOf(line)
		trimmed := strings.TrimLeft(line, " \t")
		switch {
		case trimmed == "":
			if inItem {
				afterItem = true
			}
			flush()
			continue

		case indent >= 4 && len(para) == 0 && !afterItem:
			// An indented code block, kept as it is written.
			var code []string
			for ; i < len(lines) && (indentOf(lines[i]) >= 4 || strings.TrimSpace(lines[i]) == ""); i++ {
				code = append(code, stripIndent(lines[i], 4))
			}
			i--
			out = append(out, mdBlock{text: strings.Join(code, "\n")})
			continue

		case indent < 4 && fence.MatchString(trimmed):
			flush()
			mark := fence.FindString(trimmed)
			var code []string
			for i++; i < len(lines); i++ {
				t := strings.TrimSpace(lines[i])
				if strings.HasPrefix(t, mark) && strings.Trim(t, mark[:1]) == "" {
					break
				}
				code = append(code, lines[i])
			}
			out = append(out, mdBlock{text: strings.Join(code, "\n")})
			afterItem = false
			continue

		case indent < 4 && strings.HasPrefix(trimmed, "<!--"):
			flush()
			for ; i < len(lines) && !strings.Contains(lines[i], "-->"); i++ {
			}
			if i < len(lines) {
				if _, rest, _ := strings.Cut(lines[i], "-->"); strings.TrimSpace(rest) != "" {
					para = append(para, rest)
				}
			}
			continue

		case indent < 4 && atxHeading.MatchString(trimmed):
			flush()
			m := atxHeading.FindStringSubmatch(trimmed)
			out = append(out, mdBlock{text: p.inline(m[2]), heading: len(m[1])})
			afterItem = false
			continue

		case indent < 4 && len(para) > 0 && !inItem && setextH1.MatchString(trimmed):
			text := p.inline(strings.Join(para, "\n"))
			para = para[:0]
			out = append(out, mdBlock{text: text, heading: 1})
			continue

		case indent < 4 && len(para) > 0 && !inItem && setextH2.MatchString(trimmed):
			text := p.inline(strings.Join(para, "\n"))
			para = para[:0]
			out = append(out, mdBlock{text: text, heading: 2})
			continue

		case indent < 4 && thematic.MatchString(trimmed):
			flush()
			afterItem = false
			continue

		case indent < 4 && strings.HasPrefix(trimmed, ">"):
			flush()
			var quote []string
			for ; i < len(lines); i++ {
				t := strings.TrimLeft(lines[i], " \t")
				if !strings.HasPrefix(t, ">") {
					break
				}
				t = strings.TrimPrefix(t[1:], " ")
				quote = append(quote, t)
			}
			i--
			if p.depth < 32 {
				p.depth++
				out = append(out, p.blocks(quote)...)
				p.depth--
			} else {
				out = append(out, mdBlock{text: p.inline(strings.Join(quote, "\n"))})
			}
			afterItem = false
			continue

		case listMarker.MatchString(trimmed) && (indent < 4 || inItem || afterItem):
			flush()
			item := trimmed[len(listMarker.FindString(trimmed)):]
			item = taskBox.ReplaceAllString(item, "")
			para = append(para, item)
			inItem = true
			afterItem = false
			continue

		case indent < 4 && len(para) == 0 && refDef.MatchString(trimmed):
			continue

		case indent < 4 && len(para) == 0 && strings.Contains(trimmed, "|") && i+1 < len(lines) &&
			strings.Contains(lines[i+1], "-") && tableDelim.MatchString(strings.TrimSpace(lines[i+1])):
			flush()
			out = append(out, mdBlock{text: p.tableRow(trimmed)})
			for i += 2; i < len(lines) && strings.TrimSpace(lines[i]) != "" && strings.Contains(lines[i], "|"); i++ {
				out = append(out, mdBlock{text: p.tableRow(strings.TrimSpace(lines[i]))})
			}
			i--
			continue
		}
		if len(para) == 0 && !afterItem {
			inItem = false
		}
		afterItem = false
		para = append(para, trimmed)
	}
	flush()
	return out
}

// stripIndent removes up to n columns of leading white space.
func stripIndent(l string, n int) string {
	for n > 0 && l != "" {
		switch l[0] {
		case ' ':
			n--
		case '\t':
			n -= 4
		default:
			return l
		}
		l = l[1:]
	}
	return l
}

// tableRow returns the cells of a pipe table row joined by spaces.
func (p *mdParser) tableRow(row string) string {
	row = strings.TrimSuffix(strings.TrimPrefix(row, "|"), "|")
	var cells []string
	start := 0
	for i := 0; i < len(row); i++ {
		switch row[i] {
		case '\\':
			i++
		case '|':
			cells = append(cells, p.inline(strings.ReplaceAll(row[start:i], `\|`, "|")))
			start = i + 1
		}
	}
	cells = append(cells, p.inline(strings.ReplaceAll(row[start:], `\|`, "|")))
	return strings.Join(cells, " ")
}

// Code spans and links longer than these are read as plain text: the bound
// keeps hostile input with many unclosed brackets or backticks linear.
const (
	maxCodeSpan = 16 << 10
	maxLinkSpan = 4 << 10
)

// mdTok is a piece of inline text: literal text, or a run of emphasis
// delimiters that is dropped if it finds its partner.
type mdTok struct {
	text        string
	delim       byte // '*', '_' or '~' for a delimiter run, else 0
	open, close bool
	matched     bool
}

// inline strips the inline syntax of a paragraph: code spans keep their
// content, links keep their text, images and HTML tags go, backslash
// escapes and entities become the characters they stand for, and paired
// emphasis markers are dropped.
func (p *mdParser) inline(s string) string {
	var toks []mdTok
	var lit strings.Builder
	emit := func() {
		if lit.Len() > 0 {
			toks = append(toks, mdTok{text: lit.String()})
			lit.Reset()
		}
	}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && s[i+1] == '\n':
			i++ // a hard line break
			continue
		case c == '\\' && i+1 < len(s) && isASCIIPunct(s[i+1]):
			lit.WriteByte(s[i+1])
			i += 2
			continue
		case c == '`':
			n := runLen(s[i:], '`')
			if end := findBackticks(s, i+n, n); end >= 0 {
				code := strings.ReplaceAll(s[i+n:end], "\n", " ")
				if len(code) > 2 && code[0] == ' ' && code[len(code)-1] == ' ' && strings.Trim(code, " ") != "" {
					code = code[1 : len(code)-1]
				}
				lit.WriteString(code)
				i = end + n
				continue
			}
			lit.WriteString(s[i : i+n])
			i += n
			continue
		case c == '!' && strings.HasPrefix(s[i:], "!["):
			if end, ok := linkEnd(s, i+1, p.refs); ok {
				i = end // images are dropped
				continue
			}
		case c == '[':
			if end, ok := linkEnd(s, i, p.refs); ok {
				closeText := matchingBracket(s, i)
				emit()
				toks = append(toks, mdTok{text: p.inline(s[i+1 : closeText])})
				i = end
				continue
			}
		case c == '<':
			window := s[i:min(len(s), i+maxLinkSpan)]
			if m := autolink.FindStringSubmatch(window); m != nil {
				lit.WriteString(m[1])
				i += len(m[0])
				continue
			}
			if m := htmlTag.FindStringSubmatch(window); m != nil {
				if breaksText[strings.ToLower(m[1])] {
					lit.WriteByte(' ')
				}
				i += len(m[0])
				continue
			}
		case c == '&':
			if m := entityStart.FindString(s[i:]); m != "" {
				lit.WriteString(html.UnescapeString(m))
				i += len(m)
				continue
			}
		case c == '*' || c == '_' || (c == '~' && strings.HasPrefix(s[i:], "~~")):
			n := runLen(s[i:], c)
			before, _ := utf8.DecodeLastRuneInString(s[:i])
			if i == 0 {
				before = ' '
			}
			after, _ := utf8.DecodeRuneInString(s[i+n:])
			if i+n == len(s) {
				after = ' '
			}
			left := !unicode.IsSpace(after) && (!unicode.IsPunct(after) && !unicode.IsSymbol(after) || unicode.IsSpace(before) || unicode.IsPunct(before) || unicode.IsSymbol(before))
			right := !unicode.IsSpace(before) && (!unicode.IsPunct(before) && !unicode.IsSymbol(before) || unicode.IsSpace(after) || unicode.IsPunct(after) || unicode.IsSymbol(after))
			open, close := left, right
			if c == '_' { // no emphasis inside words with underscores
				open = left && (!right || unicode.IsPunct(before))
				close = right && (!left || unicode.IsPunct(after))
			}
			emit()
			toks = append(toks, mdTok{text: s[i : i+n], delim: c, open: open, close: close})
			i += n
			continue
		}
		lit.WriteByte(c)
		i++
	}
	emit()

	// Pair each closer with the nearest unpaired opener of the same kind.
	openers := map[byte][]int{}
	for j, t := range toks {
		if t.delim == 0 {
			continue
		}
		if stack := openers[t.delim]; t.close && len(stack) > 0 {
			k := stack[len(stack)-1]
			openers[t.delim] = stack[:len(stack)-1]
			toks[k].matched, toks[j].matched = true, true
			continue
		}
		if t.open {
			openers[t.delim] = append(openers[t.delim], j)
		}
	}
	var b strings.Builder
	for _, t := range toks {
		if !t.matched {
			b.WriteString(t.text)
		}
	}
	return b.String()
}

func isASCIIPunct(c byte) bool {
	return c < 0x80 && (unicode.IsPunct(rune(c)) || unicode.IsSymbol(rune(c)))
}

// runLen returns how many times c repeats at the start of s.
func runLen(s string, c byte) int {
	n := 0
	for n < len(s) && s[n] == c {
		n++
	}
	return n
}

// findBackticks returns the start of the next run of exactly n backticks in
// s from i, or -1.
func findBackticks(s string, i, n int) int {
	limit := min(len(s), i+maxCodeSpan)
	for i < limit {
		j := strings.IndexByte(s[i:], '`')
		if j < 0 {
			return -1
		}
		j += i
		m := runLen(s[j:], '`')
		if m == n && j < limit {
			return j
		}
		i = j + m
	}
	return -1
}

// matchingBracket returns the index of the "]" closing the "[" at i, or -1.
func matchingBracket(s string, i int) int {
	depth := 0
	for j := i; j < len(s) && j < i+maxLinkSpan; j++ {
		switch s[j] {
		case '\\':
			j++
		case '[':
			depth++
		case ']':
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return -1
}

// linkEnd reports whether a link starts with the "[" at i and returns the
// index just past it: "[text](target)", "[text][label]", "[text][]" or
// "[text]" when text is a defined label.
func linkEnd(s string, i int, refs map[string]bool) (int, bool) {
	j := matchingBracket(s, i)
	if j < 0 {
		return 0, false
	}
	rest := s[j+1:]
	switch {
	case strings.HasPrefix(rest, "("):
		depth := 0
		for k := j + 1; k < len(s) && k < j+maxLinkSpan; k++ {
			switch s[k] {
			case '\\':
				k++
			case '(':
				depth++
			case ')':
				depth--
				if depth == 0 {
					return k + 1, true
				}
			}
		}
		return 0, false
	case strings.HasPrefix(rest, "["):
		if k := strings.IndexByte(rest, ']'); k >= 0 {
			label := strings.ToLower(strings.TrimSpace(rest[1:k]))
			if label == "" || refs[label] {
				return j + 1 + k + 1, true
			}
		}
	}
	if refs[strings.ToLower(strings.TrimSpace(s[i+1:j]))] {
		return j + 1, true
	}
	return 0, false
}

// looksLikeMarkdown reports whether text shows at least two kinds of
// Markdown syntax, so that plain text with a stray asterisk stays text.
func looksLikeMarkdown(data []byte) bool {
	s := string(data[:min(len(data), 64<<10)])
	kinds := 0
	for _, re := range markdownSigns {
		if re.MatchString(s) {
			kinds++
		}
	}
	return kinds >= 2
}

// markdownSigns are kinds of syntax seldom found in plain text.
var markdownSigns = []*regexp.Regexp{
	regexp.MustCompile(`(?m)^#{1,6} \S`),
	regexp.MustCompile("(?m)^(```|~~~)"),
	regexp.MustCompile(`\[[^\]\n]+\]\([^)\s]+\)`),
	regexp.MustCompile(`(?m)^[-*+] \S`),
	regexp.MustCompile(`\*\*[^*\n]+\*\*|__[^_\n]+__`),
	regexp.MustCompile(`(?m)^> \S`),
	regexp.MustCompile("`[^`\n]+`"),
}
