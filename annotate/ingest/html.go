package ingest

import (
	"bytes"
	"mime"
	"net/url"
	"strings"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"github.com/factdesk/factdesk/annotate"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
)

// declaredCharset returns the encoding named by the charset parameter of a
// Content-Type, or nil when there is none or it names no encoding known to
// the WHATWG Encoding standard.
func declaredCharset(contentType string) encoding.Encoding {
	if contentType == "" {
		return nil
	}
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil || params["charset"] == "" {
		return nil
	}
	e, err := htmlindex.Get(params["charset"])
	if err != nil {
		return nil
	}
	return e
}

// decodeHTML returns an HTML page as UTF-8. The encoding is, in order: the
// byte order mark; the charset of the Content-Type it was served with; UTF-8
// if the whole page is valid UTF-8; the page's own <meta charset>; else
// windows-1252, as browsers do. A charset label that names no known
// encoding is ignored, as browsers ignore it, and detection goes on.
//
// Valid UTF-8 is preferred to the <meta> declaration because pages saved
// from a browser are re-encoded as UTF-8 but keep their old declaration,
// while text in a legacy encoding is almost never valid UTF-8 by chance.
func decodeHTML(data []byte, contentType string) (string, error) {
	enc, name, certain := charset.DetermineEncoding(data, contentType)
	if !certain && utf8.Valid(data) {
		enc = encoding.Nop
	}
	if err := checkDeclaredUTF8(data, name, certain); err != nil {
		return "", err
	}
	if enc == encoding.Nop {
		return strings.ToValidUTF8(string(data), "\ufffd"), nil
	}
	dec, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return "", annotate.Errorf(annotate.EINVALID, "the page cannot be decoded: %v", err)
	}
	if i := bytes.IndexByte(dec, 0); i >= 0 && !certain {
		return "", annotate.Errorf(annotate.EINVALID, "the page is binary, not text (a NUL character at byte %d)", i)
	}
	return string(dec), nil
}

// parseHTML extracts the article of an HTML page with readability and
// renders it as canonical text.
func parseHTML(data []byte, baseURL, contentType string) (*Document, error) {
	if !hasUnicodeBOM(data) && declaredCharset(contentType) == nil {
		if err := checkBinary(data, "page"); err != nil {
			return nil, err
		}
	}
	src, err := decodeHTML(data, contentType)
	if err != nil {
		return nil, err
	}
	doc, err := parseBounded(src)
	if err != nil {
		return nil, err
	}
	src = ""
	var base *url.URL
	if baseURL != "" {
		base, _ = url.Parse(baseURL)
	}
	canonical := canonicalURL(doc, base)
	meta := readMeta(doc, base) // before readability changes the tree

	parser := readability.NewParser()
	parser.KeepClasses = true // renderBlocks reads class names for furniture
	art, err := parser.ParseAndMutate(doc, base)
	if err != nil || art.Node == nil {
		return nil, annotate.Errorf(annotate.EINVALID, "the page has no article text that could be extracted")
	}
	d := &Document{
		Title:     art.Title(),
		Byline:    art.Byline(),
		Publisher: art.SiteName(),
		URL:       canonical,
		Language:  foldLine(art.Language()),
	}
	meta.apply(d)
	if d.Text, d.Blocks, d.Removed, err = renderBlocks(art.Node, d.Title, d.Byline); err != nil {
		return nil, err
	}
	if t, err := art.PublishedTime(); err == nil && d.Published.IsZero() {
		d.Published = t
	}
	if d.Text == "" {
		return nil, annotate.Errorf(annotate.EINVALID, "the page has no article text that could be extracted")
	}
	return d, nil
}

// canonicalURL returns the page's own idea of its address, from <link
// rel=canonical> or og:url, resolved against base; "" if it has none that
// is an http or https URL.
func canonicalURL(doc *html.Node, base *url.URL) string {
	var link, og string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Link:
				for _, rel := range strings.Fields(strings.ToLower(attr(n, "rel"))) {
					if rel == "canonical" && link == "" {
						link = attr(n, "href")
					}
				}
			case atom.Meta:
				if p := attr(n, "property"); og == "" && strings.EqualFold(p, "og:url") {
					og = attr(n, "content")
				}
			case atom.Body:
				return // the head is enough, and pages are large
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	for _, raw := range []string{link, og} {
		raw = strings.TrimSpace(raw)
		if raw == "" {
			continue
		}
		u, err := url.Parse(raw)
		if err != nil {
			continue
		}
		if base != nil {
			u = base.ResolveReference(u)
		}
		s := u.String()
		if annotate.ValidateURL("canonical URL", s) == nil {
			return s
		}
	}
	return ""
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// renderText returns the canonical text of an HTML tree: every block
// element (paragraph, heading, list item, quotation, table row, division...)
// is a paragraph of its own, inline text within it is joined, a line break
// is a space and two line breaks end a paragraph. Scripts, styles, hidden
// elements and embedded media contribute nothing.
func renderText(n *html.Node) string {
	var w textWriter
	w.node(n, false)
	return Canonical(w.b.String())
}

// textWriter collects text with "\n\n" at block boundaries for Canonical
// to turn into paragraphs.
type textWriter struct{ b strings.Builder }

// lineBreaks are the characters Canonical reads as line or paragraph
// breaks; outside <pre> they are only white space in HTML.
var lineBreaks = strings.NewReplacer("\r", " ", "\n", " ", "\u2028", " ", "\u2029", " ")

func (w *textWriter) node(n *html.Node, pre bool) {
	switch n.Type {
	case html.TextNode:
		if pre {
			w.b.WriteString(n.Data)
		} else {
			w.b.WriteString(lineBreaks.Replace(n.Data))
		}
		return
	case html.DocumentNode:
	case html.ElementNode:
		if skipElement(n) {
			return
		}
	default: // comments, doctypes
		return
	}
	tag := elementAtom(n)
	switch tag {
	case atom.Br:
		w.b.WriteByte('\n')
		return
	case atom.Td, atom.Th:
		w.b.WriteByte(' ')
	case atom.Math:
		if tex := texAnnotation(n); tex != "" {
			w.b.WriteString(" " + lineBreaks.Replace(tex) + " ")
			return
		}
	case atom.Pre, atom.Textarea, atom.Listing, atom.Plaintext:
		pre = true
	}
	block := n.Type == html.ElementNode && isBlock(tag)
	if block {
		w.b.WriteString("\n\n")
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.node(c, pre)
	}
	if block {
		w.b.WriteString("\n\n")
	} else if tag == atom.Td || tag == atom.Th {
		w.b.WriteByte(' ')
	}
}

// skipElement reports whether an element never holds text a reader sees.
func skipElement(n *html.Node) bool {
	switch elementAtom(n) {
	case atom.Head, atom.Title, atom.Meta, atom.Link, atom.Style, atom.Script, atom.Noscript,
		atom.Template, atom.Iframe, atom.Frame, atom.Frameset, atom.Object, atom.Embed,
		atom.Audio, atom.Video, atom.Track, atom.Source, atom.Canvas, atom.Svg,
		atom.Map, atom.Area, atom.Img, atom.Input, atom.Select:
		return true
	}
	for _, a := range n.Attr {
		switch {
		case a.Key == "hidden":
			return true
		case a.Key == "aria-hidden" && (a.Val == "" || a.Val == "true"):
			return true
		}
	}
	return false
}

// elementAtom returns the tag of an element. Readability renames elements
// (a <div> used as a paragraph becomes a <p>) and creates new ones by
// changing or setting only their Data, so DataAtom cannot be trusted.
func elementAtom(n *html.Node) atom.Atom {
	if n.Type != html.ElementNode {
		return 0
	}
	return atom.Lookup([]byte(n.Data))
}

// isBlock reports whether an element starts and ends a paragraph.
func isBlock(tag atom.Atom) bool {
	switch tag {
	case atom.Address, atom.Article, atom.Aside, atom.Blockquote, atom.Caption, atom.Center,
		atom.Details, atom.Dialog, atom.Dd, atom.Div, atom.Dl, atom.Dt, atom.Fieldset,
		atom.Figcaption, atom.Figure, atom.Footer, atom.Form, atom.H1, atom.H2, atom.H3,
		atom.H4, atom.H5, atom.H6, atom.Header, atom.Hgroup, atom.Hr, atom.Legend, atom.Li,
		atom.Main, atom.Menu, atom.Nav, atom.Ol, atom.P, atom.Picture, atom.Pre, atom.Section,
		atom.Summary, atom.Table, atom.Tbody, atom.Tfoot, atom.Thead, atom.Tr, atom.Ul,
		atom.Body, atom.Html, atom.Listing, atom.Plaintext, atom.Textarea, atom.Option:
		return true
	}
	return false
}

// texAnnotation returns the TeX source a MathML element carries, if any.
func texAnnotation(n *html.Node) string {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		if c.Data == "annotation" && attr(c, "encoding") == "application/x-tex" {
			var b strings.Builder
			for t := c.FirstChild; t != nil; t = t.NextSibling {
				if t.Type == html.TextNode {
					b.WriteString(t.Data)
				}
			}
			return strings.TrimSpace(b.String())
		}
		if tex := texAnnotation(c); tex != "" {
			return tex
		}
	}
	return ""
}
