package connector

import (
	"bytes"
	"net/url"
	"regexp"
	"strings"
	"time"

	"golang.org/x/net/html"
)

// Sanitize returns the rendered DOM of a page with what could identify the
// reader taken out, ready to be kept as the raw source of an article or a
// source's snapshot: scripts, styles, frames, embedded objects, forms and
// their fields, hidden elements, comments, every meta tag but the page's own
// description of itself, every attribute but the few that say what the text
// is, and any attribute value or link parameter that looks like a token or
// an e-mail address. A subscriber's page carries their session in exactly
// those places.
//
// The page is read as a stream of tokens, so a large page costs little
// more memory than its own size. The result starts with a comment that says
// it came from the browser, from which address and when.
func Sanitize(page []byte, pageURL string, at time.Time) []byte {
	var out bytes.Buffer
	out.Grow(len(page) / 2)
	out.WriteString("<!DOCTYPE html>\n<!-- ")
	out.WriteString(provenance(pageURL, at))
	out.WriteString(" -->\n")
	s := sanitizer{z: html.NewTokenizer(bytes.NewReader(page)), out: &out}
	s.run()
	return out.Bytes()
}

// provenance is the note kept at the top of a sanitised page.
func provenance(pageURL string, at time.Time) string {
	u := CleanURL(pageURL)
	// A comment cannot hold "--"; an address rarely does, and escaped it
	// still names the same page.
	u = strings.ReplaceAll(u, "--", "%2D%2D")
	u = strings.ReplaceAll(u, ">", "%3E")
	return "Saved from the browser by the FactDesk connector at " + at.UTC().Format(time.RFC3339) + " from " + u
}

type sanitizer struct {
	z    *html.Tokenizer
	out  *bytes.Buffer
	open []string // elements written and not yet closed
	// skip is the element whose whole subtree is being left out, and
	// depth how many of that name are open inside the skipped subtree.
	skip      string
	skipDepth int
	skipAt    int // len(open) when the skip began
}

// maxOpen bounds the stack of open elements: past it, nesting is not
// tracked, which only loosens when a skipped subtree ends.
const maxOpen = 1024

// dropped elements are left out with everything in them.
var dropped = map[string]bool{
	"script": true, "style": true, "noscript": true, "template": true,
	"iframe": true, "frame": true, "frameset": true, "object": true, "embed": true, "applet": true,
	"input": true, "textarea": true, "select": true, "button": true, "option": true, "optgroup": true,
	"datalist": true, "output": true, "keygen": true,
	"canvas": true, "video": true, "audio": true, "source": true, "track": true, "picture": true,
	"svg": true, "math": true, "dialog": true, "base": true, "param": true, "portal": true,
}

// unwrapped elements lose their tag and keep their content: some sites
// wrap the whole page in a form.
var unwrapped = map[string]bool{"form": true, "fieldset": true, "legend": true, "label": true}

// void elements have no end tag.
var void = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "param": true, "source": true, "track": true, "wbr": true,
	"keygen": true,
}

// keptAttrs are the attributes kept on any element: what says what the
// text is, which the article extractor reads.
var keptAttrs = map[string]bool{
	"class": true, "id": true, "lang": true, "dir": true, "role": true,
	"itemprop": true, "itemscope": true, "itemtype": true,
}

// elementAttrs are attributes kept on particular elements.
var elementAttrs = map[string]map[string]bool{
	"a":          {"href": true, "rel": true},
	"img":        {"alt": true, "width": true, "height": true},
	"time":       {"datetime": true},
	"ins":        {"datetime": true},
	"del":        {"datetime": true},
	"td":         {"colspan": true, "rowspan": true},
	"th":         {"colspan": true, "rowspan": true, "scope": true},
	"ol":         {"start": true, "reversed": true, "type": true},
	"blockquote": {"cite": true},
	"q":          {"cite": true},
	"html":       {"lang": true},
}

func (s *sanitizer) run() {
	for {
		tt := s.z.Next()
		switch tt {
		case html.ErrorToken:
			// The end, or a page cut short: what was read is kept.
			s.closeAll()
			return
		case html.TextToken:
			if s.skip == "" {
				s.out.WriteString(html.EscapeString(string(s.z.Text())))
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			s.start(s.z.Token(), tt == html.SelfClosingTagToken)
		case html.EndTagToken:
			name, _ := s.z.TagName()
			s.end(string(name))
		case html.CommentToken, html.DoctypeToken:
			// Comments carry build and session details; the doctype
			// is written once at the top.
		}
	}
}

func (s *sanitizer) start(t html.Token, selfClosing bool) {
	name := t.Data
	isVoid := void[name] || selfClosing
	if s.skip != "" {
		if name == s.skip && !isVoid {
			s.skipDepth++
		}
		return
	}
	if dropped[name] || hidden(t) || (name == "meta" && !keptMeta(t)) || (name == "link" && !canonicalLink(t)) {
		if !isVoid {
			s.skip, s.skipDepth, s.skipAt = name, 1, len(s.open)
		}
		return
	}
	if unwrapped[name] {
		return
	}
	s.out.WriteByte('<')
	s.out.WriteString(name)
	for _, a := range t.Attr {
		if a.Namespace != "" {
			continue
		}
		val, ok := keepAttr(name, strings.ToLower(a.Key), a.Val)
		if !ok {
			continue
		}
		s.out.WriteByte(' ')
		s.out.WriteString(strings.ToLower(a.Key))
		s.out.WriteString(`="`)
		s.out.WriteString(html.EscapeString(val))
		s.out.WriteByte('"')
	}
	s.out.WriteByte('>')
	if !isVoid && len(s.open) < maxOpen {
		s.open = append(s.open, name)
	}
}

func (s *sanitizer) end(name string) {
	if s.skip != "" {
		if name == s.skip {
			s.skipDepth--
			if s.skipDepth == 0 {
				s.skip = ""
			}
			return
		}
		// An end tag of an element that holds the skipped one ends
		// the skip too: the skipped element was never closed.
		if !s.isOpen(name, s.skipAt) {
			return
		}
		s.skip = ""
	}
	if unwrapped[name] || dropped[name] || void[name] {
		return
	}
	i := s.lastOpen(name)
	if i < 0 {
		return // a stray end tag
	}
	for len(s.open) > i {
		s.closeTop()
	}
}

func (s *sanitizer) isOpen(name string, below int) bool {
	for i := min(below, len(s.open)) - 1; i >= 0; i-- {
		if s.open[i] == name {
			return true
		}
	}
	return false
}

func (s *sanitizer) lastOpen(name string) int {
	for i := len(s.open) - 1; i >= 0; i-- {
		if s.open[i] == name {
			return i
		}
	}
	return -1
}

func (s *sanitizer) closeTop() {
	n := s.open[len(s.open)-1]
	s.open = s.open[:len(s.open)-1]
	s.out.WriteString("</")
	s.out.WriteString(n)
	s.out.WriteByte('>')
}

func (s *sanitizer) closeAll() {
	for len(s.open) > 0 {
		s.closeTop()
	}
}

func attrOf(t html.Token, key string) (string, bool) {
	for _, a := range t.Attr {
		if strings.EqualFold(a.Key, key) {
			return a.Val, true
		}
	}
	return "", false
}

// hidden reports whether an element is not shown: a hidden field, the
// hidden attribute, or an inline style that hides it.
func hidden(t html.Token) bool {
	if _, ok := attrOf(t, "hidden"); ok {
		return true
	}
	if v, _ := attrOf(t, "type"); strings.EqualFold(strings.TrimSpace(v), "hidden") {
		return true
	}
	if v, ok := attrOf(t, "style"); ok {
		st := strings.ToLower(strings.Join(strings.Fields(v), ""))
		if strings.Contains(st, "display:none") || strings.Contains(st, "visibility:hidden") {
			return true
		}
	}
	return false
}

// keptMetaNames are the meta names and properties that describe the page
// itself: its title, author, publisher, dates and address.
var keptMetaNames = map[string]bool{
	"description": true, "author": true, "byl": true, "date": true, "pubdate": true,
	"publish-date": true, "publication_date": true, "title": true, "keywords": true,
	"twitter:title": true, "twitter:description": true, "twitter:creator": true, "twitter:site": true,
}

var keptMetaPrefixes = []string{"og:", "article:", "dc.", "dcterms.", "citation_", "parsely-", "sailthru."}

func keptMeta(t html.Token) bool {
	if _, ok := attrOf(t, "charset"); ok {
		return false // the page is written out as UTF-8 whatever it said
	}
	for _, key := range []string{"name", "property", "itemprop"} {
		v, _ := attrOf(t, key)
		v = strings.ToLower(strings.TrimSpace(v))
		if v == "" {
			continue
		}
		if keptMetaNames[v] {
			return true
		}
		for _, p := range keptMetaPrefixes {
			if strings.HasPrefix(v, p) {
				return true
			}
		}
	}
	return false
}

func canonicalLink(t html.Token) bool {
	rel, _ := attrOf(t, "rel")
	for _, r := range strings.Fields(strings.ToLower(rel)) {
		if r == "canonical" {
			return true
		}
	}
	return false
}

// keepAttr returns the value to keep of attribute key on element el, or
// false to leave it out.
func keepAttr(el, key, val string) (string, bool) {
	switch {
	case el == "meta" && (key == "name" || key == "property" || key == "itemprop" || key == "content"):
	case el == "link" && (key == "rel" || key == "href"):
	case keptAttrs[key] || elementAttrs[el][key]:
	default:
		return "", false
	}
	switch key {
	case "href", "cite":
		return cleanLink(val)
	case "content":
		if strings.HasPrefix(val, "http://") || strings.HasPrefix(val, "https://") {
			return cleanLink(val)
		}
	case "class":
		// Class names are kept one by one: the extractor reads them.
		var kept []string
		for _, c := range strings.Fields(val) {
			if !secretLike(c) {
				kept = append(kept, c)
			}
		}
		if len(kept) == 0 {
			return "", false
		}
		return strings.Join(kept, " "), true
	}
	if secretLike(val) {
		return "", false
	}
	return val, true
}

// cleanLink keeps an http(s), relative or fragment link without its
// credentials and secret parameters; any other scheme is dropped.
func cleanLink(raw string) (string, bool) {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil {
		return "", false
	}
	switch strings.ToLower(u.Scheme) {
	case "", "http", "https":
	default:
		return "", false // javascript:, data:, mailto: (an address)...
	}
	u.User = nil
	u.RawQuery = cleanQuery(u.Query(), u.RawQuery)
	if secretLike(u.Fragment) {
		u.Fragment = ""
	}
	for _, seg := range strings.Split(u.Path, "/") {
		if secretLike(seg) {
			return "", false // /reset/4f3c9a1b7e... is a key itself
		}
	}
	return u.String(), true
}

// CleanURL returns the address of a page without what identifies its
// reader (credentials, session and token parameters, a fragment) and
// without tracking parameters, so that two visits to one page give the
// same address. An address that does not parse is returned as it is, for
// validation to refuse.
func CleanURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return raw
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	if (u.Scheme == "http" && strings.HasSuffix(u.Host, ":80")) || (u.Scheme == "https" && strings.HasSuffix(u.Host, ":443")) {
		u.Host = u.Host[:strings.LastIndexByte(u.Host, ':')]
	}
	u.User = nil
	u.Fragment, u.RawFragment = "", ""
	u.RawQuery = cleanQuery(u.Query(), u.RawQuery)
	return u.String()
}

// sameURL is the form in which two addresses of one page compare equal.
func sameURL(raw string) string {
	c := CleanURL(raw)
	u, err := url.Parse(c)
	if err != nil {
		return c
	}
	if len(u.Path) > 1 {
		u.Path = strings.TrimSuffix(u.Path, "/")
		u.RawPath = ""
	}
	if u.Path == "" {
		u.Path = "/"
	}
	return u.String()
}

// secretParams are query parameter names (lower case) that carry who the
// reader is, or track where they came from.
var secretParams = regexp.MustCompile(`^(.*token.*|.*session.*|sid|ssid|auth.*|.*key|sig|signature|code|state|password|passwd|pass|pwd|email|e-mail|mail|user|username|userid|user_id|uid|login|jwt|ticket|csrf.*|xsrf.*|nonce|hash|otp|secret.*|utm_.*|fbclid|gclid|dclid|msclkid|mc_eid|mc_cid|_hsenc|_hsmi|oly_enc_id|oly_anon_id|ncid|cmpid)$`)

func cleanQuery(q url.Values, raw string) string {
	if raw == "" {
		return ""
	}
	for k, vs := range q {
		drop := secretParams.MatchString(strings.ToLower(k))
		for _, v := range vs {
			drop = drop || secretLike(v)
		}
		if drop {
			q.Del(k)
		}
	}
	return q.Encode()
}

var emailLike = regexp.MustCompile(`[^\s@<>"']+@[^\s@<>"']+\.[a-zA-Z]{2,}`)

// secretLike reports whether s looks like a credential or an e-mail
// address: a long run of letters mixed with digits (a session id, a hex
// digest, a JWT, a UUID), a long run of digits, or name@host. The words
// and numbers of an article's slug ("2024-05-12-council-votes") are not.
func secretLike(s string) bool {
	if s == "" {
		return false
	}
	if emailLike.MatchString(s) {
		return true
	}
	run := func(r rune) bool {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '+' || r == '/' || r == '=' || r == '%'
	}
	// Runs of token characters; '-', '_' and '.' join the parts of
	// UUIDs, JWTs and base64url, so a run is checked part by part too.
	for _, tok := range strings.FieldsFunc(s, func(r rune) bool { return !run(r) && r != '-' && r != '_' && r != '.' }) {
		mixedParts, digits := 0, 0
		for _, part := range strings.FieldsFunc(tok, func(r rune) bool { return !run(r) }) {
			letters, ds, upper, lower := 0, 0, 0, 0
			for _, r := range part {
				switch {
				case r >= '0' && r <= '9':
					ds++
				case r >= 'A' && r <= 'Z':
					letters++
					upper++
				case r >= 'a' && r <= 'z':
					letters++
					lower++
				}
			}
			digits += ds
			switch {
			case ds >= 10 && letters == 0:
				return true // an account or order number
			case len(part) >= 6 && letters > 0 && ds > 0:
				mixedParts++
				if len(part) >= 16 {
					return true
				}
			case len(part) >= 20 && upper > 0 && lower > 0 && !wordLike(part):
				return true // base64 without digits
			}
		}
		if mixedParts >= 2 && len(tok) >= 16 {
			return true
		}
		if len(tok) >= 16 && digits >= 3 && strings.ToLower(tok) != tok && strings.ToUpper(tok) != tok && !wordLike(tok) {
			return true // base64url: mixed case and digits across its parts
		}
	}
	return false
}

// wordLike reports whether s reads as CamelCase words (a class name such
// as "ArticleBodyParagraph") rather than random letters: random base64
// changes case far more often.
func wordLike(s string) bool {
	changes := 0
	for i := 1; i < len(s); i++ {
		a, b := s[i-1], s[i]
		if (a >= 'a' && a <= 'z') && (b >= 'A' && b <= 'Z') || (a >= 'A' && a <= 'Z') && (b >= 'a' && b <= 'z') {
			changes++
		}
	}
	return changes*4 < len(s)
}
