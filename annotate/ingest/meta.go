package ingest

import (
	"encoding/json"
	"net/url"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// pageMeta is what a page says about itself in its markup, by source: the
// importer takes each field from schema.org JSON-LD first, then schema.org
// microdata, Open Graph, other meta tags, and last what readability found
// in the text.
type pageMeta struct {
	jsonld, microdata, og, meta metaFields
}

// metaFields are the fields one source gives.
type metaFields struct {
	publisher, byline, language, canonical string
	published, modified                    time.Time
}

// maxJSONLD bounds the JSON-LD read from one page.
const maxJSONLD = 1 << 20

// readMeta reads the page's metadata before readability changes the tree.
func readMeta(doc *html.Node, base *url.URL) pageMeta {
	var m pageMeta
	budget := maxJSONLD
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Html:
				m.meta.language = first(m.meta.language, attr(n, "lang"), attr(n, "xml:lang"))
			case atom.Script:
				if strings.EqualFold(strings.TrimSpace(attr(n, "type")), "application/ld+json") && n.FirstChild != nil && len(n.FirstChild.Data) <= budget {
					budget -= len(n.FirstChild.Data)
					m.jsonld.merge(readJSONLD(n.FirstChild.Data))
				}
				return
			case atom.Meta:
				m.readMetaTag(n)
			}
			if n.Attr != nil {
				if props := strings.Fields(strings.ToLower(attr(n, "itemprop"))); len(props) > 0 {
					m.microdata.readItemprop(n, props)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	for _, f := range []*metaFields{&m.jsonld, &m.microdata, &m.og, &m.meta} {
		f.canonical = resolveURL(f.canonical, base)
	}
	return m
}

// readMetaTag reads one <meta> element into the Open Graph or meta fields.
func (m *pageMeta) readMetaTag(n *html.Node) {
	content := strings.TrimSpace(attr(n, "content"))
	if content == "" {
		return
	}
	key := strings.ToLower(first(attr(n, "property"), attr(n, "name"), attr(n, "http-equiv")))
	switch key {
	case "og:site_name":
		m.og.publisher = first(m.og.publisher, content)
	case "og:locale":
		m.og.language = first(m.og.language, strings.ReplaceAll(content, "_", "-"))
	case "og:url":
		m.og.canonical = first(m.og.canonical, content)
	case "article:published_time", "og:published_time", "article:published":
		m.og.published = firstTime(m.og.published, content)
	case "article:modified_time", "og:updated_time", "article:modified":
		m.og.modified = firstTime(m.og.modified, content)
	case "article:author":
		if !strings.Contains(content, "://") {
			m.og.byline = first(m.og.byline, content)
		}
	case "publisher", "dc.publisher", "dcterms.publisher", "citation_publisher", "citation_journal_title", "cre", "application-name", "twitter:app:name:iphone":
		m.meta.publisher = first(m.meta.publisher, content)
	case "author", "dc.creator", "dcterms.creator", "citation_author", "byl", "sailthru.author", "parsely-author":
		m.meta.byline = first(m.meta.byline, strings.TrimPrefix(strings.TrimPrefix(content, "By "), "BY "))
	case "date", "pubdate", "publishdate", "publish-date", "dc.date", "dc.date.issued", "dcterms.created", "citation_publication_date",
		"sailthru.date", "parsely-pub-date", "article.published", "ptime", "datepublished":
		m.meta.published = firstTime(m.meta.published, content)
	case "last-modified", "dcterms.modified", "article.updated", "utime", "datemodified":
		m.meta.modified = firstTime(m.meta.modified, content)
	case "content-language", "language", "dc.language":
		m.meta.language = first(m.meta.language, content)
	}
}

// readItemprop reads schema.org microdata: a publisher item's name, an
// author's name, dates and language.
func (f *metaFields) readItemprop(n *html.Node, props []string) {
	for _, p := range props {
		switch p {
		case "publisher", "sourceorganization", "provider":
			if name := itemName(n); name != "" {
				f.publisher = first(f.publisher, name)
			}
		case "author", "creator":
			if name := itemName(n); name != "" && len(name) < 200 {
				f.byline = first(f.byline, name)
			}
		case "datepublished":
			f.published = firstTime(f.published, first(attr(n, "content"), attr(n, "datetime")))
		case "datemodified":
			f.modified = firstTime(f.modified, first(attr(n, "content"), attr(n, "datetime")))
		case "inlanguage":
			f.language = first(f.language, attr(n, "content"))
		}
	}
}

// itemName is the name of a microdata item: its itemprop=name, or the
// element's own content or text when it is not an item.
func itemName(n *html.Node) string {
	if _, scoped := attrOK(n, "itemscope"); !scoped {
		return foldLine(first(attr(n, "content"), nodeText(n, 200)))
	}
	var name string
	var walk func(*html.Node)
	walk = func(c *html.Node) {
		for c := c.FirstChild; c != nil && name == ""; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			for _, p := range strings.Fields(strings.ToLower(attr(c, "itemprop"))) {
				if p == "name" {
					name = foldLine(first(attr(c, "content"), nodeText(c, 200)))
				}
			}
			if _, scoped := attrOK(c, "itemscope"); !scoped {
				walk(c)
			}
		}
	}
	walk(n)
	return name
}

func attrOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// nodeText is the text under n, up to limit bytes.
func nodeText(n *html.Node, limit int) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil && b.Len() < limit; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				b.WriteString(c.Data)
			case html.ElementNode:
				if !skipElement(c) {
					walk(c)
				}
			}
		}
	}
	walk(n)
	return b.String()
}

// readJSONLD reads the article fields of a JSON-LD block: the first
// article-like object's publisher, authors, dates, language and URL, and
// an organisation's name when no article names its publisher. A publisher
// given by reference ({"@id": "…#publisher"}) is looked up among the
// block's objects.
func readJSONLD(src string) metaFields {
	// Some pages wrap the JSON in a CDATA section, as for XHTML.
	src = strings.TrimSpace(src)
	src = strings.TrimPrefix(strings.TrimPrefix(src, "//"), "<![CDATA[")
	src = strings.TrimSuffix(strings.TrimSpace(src), "]]>")
	src = strings.TrimSuffix(strings.TrimSpace(src), "//")
	var v any
	if err := json.Unmarshal([]byte(strings.TrimSpace(src)), &v); err != nil {
		return metaFields{}
	}
	var f metaFields
	var org, publisherRef string
	names := map[string]string{} // @id → name
	seen := false                // an article-like object was read
	var visit func(v any, depth int)
	visit = func(v any, depth int) {
		if depth > 12 {
			return
		}
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				visit(e, depth+1)
			}
		case map[string]any:
			if id, name := jsonString(x["@id"]), jsonString(x["name"]); id != "" && name != "" {
				names[id] = foldLine(name)
			}
			types := jsonStrings(x["@type"])
			switch {
			case !seen && anyType(types, "Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
				"BlogPosting", "Report", "ScholarlyArticle", "TechArticle", "LiveBlogPosting", "WebPage", "CollectionPage", "CreativeWork", "VideoObject"):
				seen = true
				f.publisher = first(jsonName(x["publisher"]), jsonName(x["sourceOrganization"]))
				if f.publisher == "" {
					publisherRef = first(jsonID(x["publisher"]), jsonID(x["sourceOrganization"]))
				}
				f.byline = first(jsonNames(x["author"]), jsonNames(x["creator"]))
				f.published = firstTime(time.Time{}, jsonString(x["datePublished"]))
				f.modified = firstTime(time.Time{}, jsonString(x["dateModified"]))
				f.language = jsonString(x["inLanguage"])
				f.canonical = first(jsonString(x["url"]), jsonID(x["mainEntityOfPage"]))
			case anyType(types, "NewsMediaOrganization", "Organization", "Corporation"):
				org = first(org, jsonString(x["name"]))
			}
			for k, e := range x {
				if k != "@context" {
					visit(e, depth+1)
				}
			}
		}
	}
	visit(v, 0)
	if f.publisher == "" && publisherRef != "" {
		f.publisher = names[publisherRef]
	}
	f.publisher = first(f.publisher, foldLine(org))
	return f
}

func anyType(types []string, want ...string) bool {
	for _, t := range types {
		t = strings.TrimPrefix(strings.TrimPrefix(t, "schema:"), "http://schema.org/")
		t = strings.TrimPrefix(t, "https://schema.org/")
		for _, w := range want {
			if t == w {
				return true
			}
		}
	}
	return false
}

func jsonString(v any) string {
	switch x := v.(type) {
	case string:
		return strings.TrimSpace(x)
	case []any:
		if len(x) > 0 {
			return jsonString(x[0])
		}
	case map[string]any:
		return jsonString(x["@value"])
	}
	return ""
}

func jsonStrings(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// jsonName is the name of a thing given as a string or an object.
func jsonName(v any) string {
	switch x := v.(type) {
	case string:
		if strings.Contains(x, "://") {
			return ""
		}
		return foldLine(x)
	case []any:
		for _, e := range x {
			if n := jsonName(e); n != "" {
				return n
			}
		}
	case map[string]any:
		return foldLine(jsonString(x["name"]))
	}
	return ""
}

// jsonNames is the names of one or more people, joined with "and".
func jsonNames(v any) string {
	if list, ok := v.([]any); ok {
		var names []string
		for _, e := range list {
			if n := jsonName(e); n != "" {
				names = append(names, n)
			}
		}
		switch len(names) {
		case 0:
			return ""
		case 1:
			return names[0]
		}
		return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
	}
	return jsonName(v)
}

func jsonID(v any) string {
	if m, ok := v.(map[string]any); ok {
		return jsonString(m["@id"])
	}
	return jsonString(v)
}

// first returns the first of ss that is not blank, trimmed.
func first(ss ...string) string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}

// firstTime keeps t if set, else parses s in the layouts pages use.
func firstTime(t time.Time, s string) time.Time {
	if !t.IsZero() {
		return t
	}
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02",
		"2006/01/02", "20060102", time.RFC1123, time.RFC1123Z, "January 2, 2006", "2 January 2006", "Jan 2, 2006"} {
		if p, err := time.Parse(layout, s); err == nil && p.Year() > 1900 && p.Year() < 2200 {
			return p
		}
	}
	return t
}

func resolveURL(raw string, base *url.URL) string {
	if raw == "" {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if s := strings.ToLower(u.Scheme); s != "http" && s != "https" {
		return ""
	}
	return u.String()
}

// apply fills d's metadata from m, each field from the first source that
// gives it: JSON-LD, microdata, Open Graph, meta tags, and last what
// readability found in the text (already in d).
func (m pageMeta) apply(d *Document) {
	srcs := []metaFields{m.jsonld, m.microdata, m.og, m.meta}
	pick := func(get func(metaFields) string, fallback string) string {
		for _, s := range srcs {
			if v := get(s); v != "" {
				return foldLine(v)
			}
		}
		return fallback
	}
	d.Publisher = clipField(pick(func(f metaFields) string { return f.publisher }, d.Publisher))
	if d.Byline == "" {
		// Readability's byline is the one the page shows; the markup's
		// fills in where the page shows none.
		d.Byline = clipField(pick(func(f metaFields) string { return f.byline }, ""))
	}
	if lang := pick(func(f metaFields) string { return f.language }, ""); lang != "" && len(lang) <= 35 {
		d.Language = lang
	}
	for _, s := range srcs {
		if !s.published.IsZero() {
			d.Published = s.published
			break
		}
	}
	for _, s := range srcs {
		if !s.modified.IsZero() {
			d.Modified = s.modified
			break
		}
	}
	if d.URL == "" {
		for _, s := range srcs {
			if s.canonical != "" {
				d.URL = s.canonical
				break
			}
		}
	}
}

// merge fills f's empty fields from g: a page may have several JSON-LD
// blocks, the first to give a field wins.
func (f *metaFields) merge(g metaFields) {
	f.publisher = first(f.publisher, g.publisher)
	f.byline = first(f.byline, g.byline)
	f.language = first(f.language, g.language)
	f.canonical = first(f.canonical, g.canonical)
	if f.published.IsZero() {
		f.published = g.published
	}
	if f.modified.IsZero() {
		f.modified = g.modified
	}
}
