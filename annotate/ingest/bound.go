package ingest

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/factdesk/factdesk/annotate"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Limits on the HTML tree an import builds. The HTML parser and the
// readability extractor hold every node in memory, several times over, so
// a page is bounded as it is tokenised, before any tree exists: past these
// limits its markup is flattened into its text rather than refused, as a
// browser still shows a page nested deeper than it can style.
const (
	// maxElements is the number of elements kept; a long article page
	// has a few thousand, a long transcript or encyclopedia page ten or
	// twenty thousand.
	maxElements = 50_000
	// maxDepth is how deeply elements may nest; the parser refuses more
	// than 512, and it may add elements of its own (html, body, tbody,
	// reopened formatting).
	maxDepth = 128
)

// parseBounded parses a page into a tree of at most maxElements elements
// nested at most maxDepth deep (see boundHTML). Should the parser still
// find the nesting too deep (it reopens formatting elements of its own), the
// page is bounded again more tightly, and at last flattened to its text.
func parseBounded(src string) (*html.Node, error) {
	var err error
	for _, depth := range []int{maxDepth, 16, 0} {
		bounded, _ := boundHTML(src, maxElements, depth)
		var doc *html.Node
		doc, err = html.Parse(strings.NewReader(bounded))
		if err == nil {
			return doc, nil
		}
	}
	return nil, annotate.Errorf(annotate.EINVALID, "the page is not HTML: %v", err)
}

// checkDeclaredUTF8 refuses a page that says it is UTF-8 (by its byte
// order mark or the type it was served with) and is not: it would be stored
// with replacement characters in place of its text. A local file with
// invalid UTF-8 is refused the same way.
func checkDeclaredUTF8(data []byte, name string, certain bool) error {
	if !certain || name != "utf-8" {
		return nil
	}
	body := bytes.TrimPrefix(data, bomUTF8)
	if utf8.Valid(body) {
		return nil
	}
	return annotate.Errorf(annotate.EINVALID, "the page says it is UTF-8 but is not valid UTF-8 at byte %d", len(data)-len(body)+invalidUTF8At(body))
}

// boundHTML rewrites an HTML page so that its tree stays within limit
// elements nested at most depth deep, and reports whether it changed
// anything. Start tags past a limit are dropped (with their end tags),
// leaving their text in place with a space where the tag was; the contents
// of dropped scripts, styles and the like are dropped with them. Comments
// are dropped always: nothing reads them.
func boundHTML(src string, limit, depth int) (string, bool) {
	z := html.NewTokenizer(strings.NewReader(src))
	var out bytes.Buffer
	out.Grow(len(src))
	var stack []atomName
	dropped := map[string]int{} // end tags still to drop, by name
	elements := 0
	changed := false
	skipping := "" // a dropped element whose raw content is dropped too
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		raw := z.Raw()
		switch tt {
		case html.CommentToken:
			changed = true
			continue
		case html.TextToken:
			if skipping == "" {
				out.Write(raw)
			}
			continue
		case html.DoctypeToken:
			out.Write(raw)
			continue
		}
		name, _ := z.TagName()
		n := atomName{atom.Lookup(name), string(name)}
		switch tt {
		case html.StartTagToken, html.SelfClosingTagToken:
			void := tt == html.SelfClosingTagToken || isVoid(n.a)
			if !void {
				stack = closeImplied(stack, n.a)
			}
			if elements >= limit || (!void && len(stack) >= depth) {
				changed = true
				space(&out)
				if !void {
					dropped[n.s]++
					if hasRawContent(n.a) {
						skipping = n.s
					}
				}
				continue
			}
			elements++
			out.Write(raw)
			if !void {
				stack = append(stack, n)
			}
		case html.EndTagToken:
			if skipping != "" {
				if n.s == skipping {
					skipping = ""
					dropped[n.s]--
				}
				continue
			}
			if dropped[n.s] > 0 {
				dropped[n.s]--
				space(&out)
				continue
			}
			for i := len(stack) - 1; i >= 0; i-- {
				if stack[i].s == n.s {
					stack = stack[:i]
					break
				}
			}
			out.Write(raw)
		}
	}
	if !changed {
		return src, false
	}
	return out.String(), true
}

// space keeps a dropped tag from joining the words on either side of it,
// writing one space where a run of dropped tags was.
func space(out *bytes.Buffer) {
	if b := out.Bytes(); len(b) == 0 || b[len(b)-1] != ' ' {
		out.WriteByte(' ')
	}
}

type atomName struct {
	a atom.Atom
	s string
}

// closeImplied pops the elements that a start tag of a closes without an
// end tag, as the HTML parser does for the common cases: a block closes an
// open paragraph, an item closes the item before it, a cell the cell.
func closeImplied(stack []atomName, a atom.Atom) []atomName {
	popTo := func(names ...atom.Atom) {
		for i := len(stack) - 1; i >= 0 && i >= len(stack)-4; i-- {
			for _, n := range names {
				if stack[i].a == n {
					stack = stack[:i]
					return
				}
			}
		}
	}
	switch a {
	case atom.Li:
		popTo(atom.Li)
	case atom.Dt, atom.Dd:
		popTo(atom.Dt, atom.Dd)
	case atom.Tr:
		popTo(atom.Tr)
	case atom.Td, atom.Th:
		popTo(atom.Td, atom.Th)
	case atom.Option:
		popTo(atom.Option)
	}
	if closesParagraph(a) {
		popTo(atom.P)
	}
	return stack
}

func closesParagraph(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.Ul, atom.Ol, atom.Dl, atom.Li, atom.H1, atom.H2, atom.H3, atom.H4,
		atom.H5, atom.H6, atom.Blockquote, atom.Pre, atom.Table, atom.Section, atom.Article,
		atom.Aside, atom.Header, atom.Footer, atom.Nav, atom.Figure, atom.Hr, atom.Form,
		atom.Address, atom.Details, atom.Fieldset, atom.Main, atom.Menu:
		return true
	}
	return false
}

// isVoid reports whether an element never has content or an end tag.
func isVoid(a atom.Atom) bool {
	switch a {
	case atom.Area, atom.Base, atom.Br, atom.Col, atom.Embed, atom.Hr, atom.Img, atom.Input,
		atom.Link, atom.Meta, atom.Param, atom.Source, atom.Track, atom.Wbr, atom.Keygen:
		return true
	}
	return false
}

// hasRawContent reports whether the tokenizer reads an element's content
// as raw text, which must go with the element when it is dropped.
func hasRawContent(a atom.Atom) bool {
	switch a {
	case atom.Script, atom.Style, atom.Textarea, atom.Title, atom.Xmp, atom.Iframe,
		atom.Noembed, atom.Noframes, atom.Noscript, atom.Plaintext:
		return true
	}
	return false
}
