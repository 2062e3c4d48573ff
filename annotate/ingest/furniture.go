package ingest

import (
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/factdesk/factdesk/annotate"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Page furniture is what a news page prints around the article that is not
// the article: photo placeholders and credits, "continue reading" and "read
// more" promos, share and newsletter prompts, related-article lists and
// bylines repeated in the body. It is recognised by the page's structure
// first (the element, its class and role, link density, lines repeated on
// the page, the metadata's byline and title) and by phrases only when the
// structure says nothing, and it is kept aside rather than dropped.

// hiddenClasses are class names that hide text from sighted readers while
// leaving it for screen readers: labels such as "Photo" or "Credit".
var hiddenClasses = map[string]bool{
	"visually-hidden": true, "visuallyhidden": true, "sr-only": true, "sr-only-focusable": false,
	"screen-reader-text": true, "screen-reader-only": true, "screenreader": true, "offscreen": true,
	"element-invisible": true, "hidden-visually": true, "u-hidden-visually": true, "a11y-hidden": true,
	"visually-hidden-focusable": false, "is-visually-hidden": true, "assistive-text": true, "sr-text": true,
}

// classWords maps a word of a class or id name to the furniture it marks.
var classWords = map[string]string{
	"credit": "credit", "credits": "credit", "photocredit": "credit", "copyright": "credit",
	"share": "share", "sharing": "share", "sharetools": "share", "sharebar": "share", "social": "share",
	"newsletter": "newsletter", "signup": "newsletter", "subscribe": "newsletter", "subscription": "newsletter",
	"related": "related", "recirc": "related", "recirculation": "related", "readmore": "related", "morestories": "related",
	"promo": "promo", "promos": "promo", "promotion": "promo", "teaser": "promo",
	"ad": "advertisement", "ads": "advertisement", "advert": "advertisement", "advertisement": "advertisement",
	"advertising": "advertisement", "sponsor": "advertisement", "sponsored": "advertisement",
	"outbrain": "advertisement", "taboola": "advertisement", "dfp": "advertisement",
	"nocontent": "furniture", "robots-nocontent": "furniture",
	"vjs": "player controls", "jwplayer": "player controls", "controls": "player controls",
	"date": "dateline", "timestamp": "dateline", "published": "dateline",
	"breadcrumb": "navigation", "breadcrumbs": "navigation", "kicker": "label", "eyebrow": "label", "byline": "byline", "comments": "comments",
}

// structuralReason says why element n is furniture by what it is, or "".
func structuralReason(n *html.Node, tag atom.Atom) string {
	switch tag {
	case atom.Aside:
		return "aside"
	case atom.Nav:
		return "navigation"
	case atom.Footer:
		if wordsUnder(n, maxFurnitureWords+1) <= maxFurnitureWords {
			return "footer"
		}
	case atom.Form, atom.Button:
		return "form"
	}
	switch strings.ToLower(attr(n, "role")) {
	case "complementary":
		return "aside"
	case "navigation":
		return "navigation"
	}
	// Class names, not ids: an id is often made from the text it marks
	// (a heading "CEO promotion" gets id="CEO_promotion").
	for _, name := range strings.Fields(strings.ToLower(attr(n, "class"))) {
		if hiddenClasses[name] {
			return "hidden label"
		}
		for _, w := range nameWords(name) {
			// A class name is a hint, not a proof: a container holding much
			// text ("comments-enabled article-body") is the article.
			// A caption element named for its credit ("lead-image__credit")
			// holds the caption too: its parts are judged one by one.
			if r := classWords[w]; r != "" && tag != atom.Figcaption && tag != atom.Caption && wordsUnder(n, maxFurnitureWords+1) <= maxFurnitureWords {
				return r
			}
		}
	}
	if strings.ToLower(attr(n, "itemprop")) == "copyrightholder" {
		return "credit"
	}
	return ""
}

// maxFurnitureWords is the most words an element that its class name marks
// as furniture may hold.
const maxFurnitureWords = 60

// wordsUnder counts the words of the text under n, stopping past limit.
func wordsUnder(n *html.Node, limit int) int {
	count := 0
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil && count < limit; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				count += len(strings.Fields(c.Data))
			case html.ElementNode:
				if !skipElement(c) {
					walk(c)
				}
			}
		}
	}
	walk(n)
	return count
}

// captionCreditWords are class words that, inside a caption, mark its
// credit: "caption__source", "photo-credit", "attribution".
var captionCreditWords = map[string]bool{"source": true, "credit": true, "credits": true, "copyright": true,
	"attribution": true, "photographer": true, "byline": true, "courtesy": true, "owner": true}

// captionCredit reports whether n, inside a caption, is its credit.
func captionCredit(n *html.Node) bool {
	switch strings.ToLower(attr(n, "itemprop")) {
	case "creator", "copyrightholder", "author", "creditText", "credittext":
		return true
	}
	for _, name := range strings.Fields(strings.ToLower(attr(n, "class"))) {
		for _, w := range nameWords(name) {
			if captionCreditWords[w] {
				return true
			}
		}
	}
	return false
}

// classKind is the block kind a class or id name gives an element: a
// caption (wp-caption-text, image-caption) or a footnote.
func classKind(n *html.Node) annotate.BlockKind {
	if r := strings.ToLower(attr(n, "role")); r == "doc-footnote" || r == "doc-endnotes" {
		return annotate.BlockFootnote
	}
	for _, name := range strings.Fields(strings.ToLower(attr(n, "class") + " " + attr(n, "id"))) {
		for _, w := range nameWords(name) {
			switch w {
			case "caption", "figcaption":
				return annotate.BlockCaption
			case "footnote", "footnotes", "endnote", "endnotes", "references", "reflist":
				return annotate.BlockFootnote
			}
		}
	}
	return ""
}

// nameWords splits a class or id name into its words at hyphens,
// underscores, digits and lower-to-upper case changes; "ad-slot" gives "ad"
// and "slot", "shareTools" gives "share" and "tools".
func nameWords(name string) []string {
	var out []string
	var cur []rune
	prevLower := false
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	for _, r := range name {
		switch {
		case r == '-' || r == '_' || r == '.' || r == ':' || unicode.IsDigit(r):
			flush()
			prevLower = false
		case unicode.IsUpper(r) && prevLower:
			flush()
			cur = append(cur, r)
			prevLower = false
		default:
			cur = append(cur, r)
			prevLower = unicode.IsLower(r)
		}
	}
	flush()
	// "readmore" and "morestories" also come as two words.
	for i := 0; i+1 < len(out); i++ {
		if j := out[i] + out[i+1]; j == "readmore" || j == "morestories" || j == "photocredit" || j == "signup" {
			out = append(out, j)
		}
	}
	return out
}

// phrases are the furniture patterns of the last resort, tried on short
// paragraphs whose structure said nothing: the whole paragraph must match.
// They are compiled when first needed, not when every command starts.
var phrases = sync.OnceValue(func() []furniturePhrase {
	return []furniturePhrase{
		{"placeholder", regexp.MustCompile(`^(photo|photos|image|images|video|audio|graphic|gallery|illustration|slideshow|photograph|interactive|chart|map|enlarge this image|(photo|image|video|slide) \d+ of \d+|(view|watch|see|play) (the )?(photos?|video|gallery|slideshow)( \w+){0,4})$`)},
		{"credit", regexp.MustCompile(`^(\(?(photo|photograph|image|picture|illustration|video|graphic)s?( credit)?( by|:)\s.{1,120}|(photo |image )?(credit|credits|courtesy)\b.{0,120})$`)},
		{"credit", regexp.MustCompile(`^\(?([\p{L}.'-]+ ){0,3}[\p{L}.'-]+ ?/\s?(getty images|ap|afp|reuters|epa|shutterstock|alamy|the new york times|the washington post|bloomberg|ap photo|afp via getty images|getty)\)?$`)},
		{"promo", regexp.MustCompile(`^(continue reading( the (main )?story| below| the article)?|read more|read more: .{1,140}|\[?read( more| also)?: .{1,160}\]?|more|more: .{1,60}|more (stories|coverage|from .{1,40}|on this( story)?)|see also:? .{1,140}|also read:? .{1,140}|related: .{1,140}|related (articles|stories|coverage|content|links|reading)|what'?s next|related|recommended( for you)?|most (popular|read|viewed)|trending( now)?|top stories|editors'? picks|you (may|might) also like)$`)},
		{"share", regexp.MustCompile(`^(share|share this( article| story| page| post)?|share on (facebook|twitter|x|linkedin|whatsapp|email|reddit)|share via .{1,30}|tweet|email|print|pin it|copy link|(facebook|twitter|linkedin|whatsapp|reddit|email)( (facebook|twitter|linkedin|whatsapp|reddit|email|print))*)$`)},
		{"newsletter", regexp.MustCompile(`^((sign up|subscribe)\b.{0,160}\b(newsletter|updates|email|inbox|briefing)\b.{0,80}|(get|receive) (our|the) .{0,60}newsletter.{0,80}|newsletter( sign ?up)?|follow us( on .{1,40})?|follow .{1,40} on (twitter|facebook|instagram|x)\.?)$`)},
		{"promo", regexp.MustCompile(`^(.{0,160}\bcheck (it|them) out here|gallery: .{1,100}|.{1,100}\| \d+ photos)$`)},
		{"placeholder", regexp.MustCompile(`^(\d{1,3}|\d+ ?/ ?\d+|\d+ of \d+|_{2,}|-{3,}|\*{3,}|(map|graphic|chart|video|photos?|gallery|interactive|watch): .{1,80})$`)},
		{"newsletter", regexp.MustCompile(`^(sign up|subscribe|get|receive|keep up|join|never miss|don't miss)\b.{0,160}\b(newsletter|in your inbox|briefing)\b.{0,100}$`)},
		{"byline", regexp.MustCompile(`^(about the author|about the authors|by [\p{L} .'-]{2,40} staff)$`)},
		{"related", regexp.MustCompile(`^in "[^"]{1,40}"$`)},
		{"dateline", regexp.MustCompile(`^(((mon|tues|wednes|thurs|fri|satur|sun)day,? )?(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2},? \d{4}|\d{1,2} (jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*,? \d{4}|\d{1,2}:\d{2} ?(am|pm)( [a-z]{2,4})?|(updated|published|posted):? .{1,40}\d{4}.{0,20})$`)},
		{"label", regexp.MustCompile(`^(exclusive|breaking|breaking news|developing|live|updated|opinion|analysis|sponsored|[\p{L} &]{2,24} —)$`)},
		{"advertisement", regexp.MustCompile(`^(advertisement|advertising|ad|sponsored( content)?|(story|article) continues (below|after) (this )?(advertisement|ad))$`)},
		{"comments", regexp.MustCompile(`^((\d+ )?comments?|(leave|post|add|write) a comment|(show|view|read) (all )?comments)$`)},
	}
})

// furniturePhrase is a pattern and the furniture it marks.
type furniturePhrase struct {
	reason string
	re     *regexp.Regexp
}

// phraseReason returns the furniture a short paragraph's words say it is.
func phraseReason(text string) string {
	k := strings.TrimSpace(text)
	if utf8.RuneCountInString(k) <= 30 && (strings.HasSuffix(k, " —") || strings.HasSuffix(k, " |")) && !strings.ContainsAny(k, ".!?") && strings.ToUpper(k) != k {
		// A section name before the headline: "Biz & IT —"; "CAIRO —" in
		// capitals is the dateline of the first paragraph and stays.
		return "label"
	}
	if creditLine().MatchString(k) {
		return "credit"
	}
	t := normPhrase(text)
	if t == "" || len(strings.Fields(t)) > 30 {
		return ""
	}
	for _, p := range phrases() {
		if p.re.MatchString(t) {
			return p.reason
		}
	}
	return ""
}

// creditLine is a photo credit on a line of its own: capitalised names, a
// slash, an agency ("Devindra Hardawar/AOL", "JIM WATSON/AFP/Getty Images").
var creditLine = lazyRegexp(`^\(?[\p{Lu}][\p{L}.'-]*( [\p{Lu}][\p{L}.'-]*){0,3} ?/ ?[\p{Lu}][\p{L}.'&-]*([ /] ?[\p{Lu}&][\p{L}.'&-]*){0,5}\)?$`)

// trailingCredit is a credit run onto the end of a caption: "… in Paris
// Benoit Tessier/Reuters".
var trailingCredit = lazyRegexp(`\s((?:Photo(?:graph)?:? |Image:? )?(?:[\p{Lu}][\p{L}.'-]*\s){1,3}[\p{Lu}][\p{L}.'-]*\s?/\s?[\p{Lu}][\p{L}.'&-]*(?:[ /]\s?[\p{Lu}&][\p{L}.'&-]*){0,5})$`)

// normPhrase lower-cases s, folds its spaces and curly quotes, and trims
// the punctuation that ends a label ("Read more:", "Share ›").
var quoteFolder = strings.NewReplacer("’", "'", "‘", "'", "“", `"`, "”", `"`, "\u00a0", " ")

func normPhrase(s string) string {
	s = strings.ToLower(strings.Join(strings.Fields(quoteFolder.Replace(s)), " "))
	return strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(".:;,-–—›»>|•·*", r)
	})
}

// markFurniture marks furniture among units that their elements left
// unmarked: text in a figure outside its caption, the phrases of last
// resort, lists of links to other pages and lone links, lines repeated on
// the page, and the headline or byline repeated in the body.
func markFurniture(units []unit, title, byline string) {
	dense := func(u *unit, share int) bool { return u.letters > 0 && u.linked*100 >= u.letters*share }
	// Lists most of whose short items are links away from the page.
	type listStat struct{ items, linked, words int }
	lists := map[int]*listStat{}
	counts := map[string]int{}
	headings := map[string]bool{}
	for i := range units {
		u := &units[i]
		if u.reason != "" {
			continue
		}
		t := normPhrase(Canonical(u.text))
		if u.bold*10 >= u.letters*9 && u.letters > 0 && len(strings.Fields(t)) <= 12 && u.kind == annotate.BlockBody {
			// A short paragraph all in bold is a subheading.
			u.kind = annotate.BlockHeading
		}
		if u.list > 0 {
			st := lists[u.list]
			if st == nil {
				st = &listStat{}
				lists[u.list] = st
			}
			st.items++
			st.words += len(strings.Fields(t))
			if dense(u, 70) {
				st.linked++
			}
		}
		if t == "" {
			continue
		}
		if u.kind == annotate.BlockHeading {
			headings[t] = true
		} else if len(strings.Fields(t)) <= 6 {
			counts[t]++
		}
	}
	linkList := func(u *unit) bool {
		st := lists[u.list]
		// Headlines of other articles: items of four words and more on
		// average (a list of product or section names is not a promo).
		return u.list > 0 && st != nil && st.items >= 2 && st.linked*10 >= st.items*7 && st.words <= 12*st.items && st.words >= 4*st.items
	}
	nt, nb := normPhrase(title), normPhrase(byline)
	seen := 0                     // content units so far, for the head of the article
	section, sectionLeft := "", 0 // furniture announced by a heading, for the units under it
	for i := range units {
		u := &units[i]
		if r := sectionReason(Canonical(u.text)); r != "" && (u.kind == annotate.BlockHeading || len(strings.Fields(u.text)) <= 3) {
			// A heading, or a short line standing as one ("Related").
			section, sectionLeft = r, 12
			if u.reason == "" {
				u.reason = r
			}
			continue
		} else if u.kind == annotate.BlockHeading && !(section != "" && dense(u, 70)) {
			// A heading ends the section, unless it is a link to another
			// article listed in it.
			section, sectionLeft = "", 0
		} else if section != "" && u.reason == "" && sectionLeft > 0 && len(strings.Fields(u.text)) <= 60 {
			u.reason = section
			sectionLeft--
			continue
		}
		if u.reason != "" {
			continue
		}
		text := Canonical(u.text)
		t := normPhrase(text)
		if t == "" {
			continue
		}
		words := len(strings.Fields(t))
		seen++
		if u.figure {
			// Text in a figure is its caption, unless it is a short
			// label or a credit.
			if u.reason = phraseReason(text); u.reason == "" && words <= 6 {
				u.reason = "placeholder"
			}
			if u.reason == "" {
				u.kind = annotate.BlockCaption
			}
			continue
		}
		prose := u.kind != annotate.BlockHeading && u.kind != annotate.BlockRow && u.kind != annotate.BlockFootnote && u.kind != annotate.BlockCaption
		switch {
		case u.kind == annotate.BlockHeading && headingPhrase(text) != "":
			u.reason = headingPhrase(text)
		case u.kind == annotate.BlockCaption:
			// A caption is content; only a caption that is all credit goes
			// (a credit run onto a caption is cut off by splitCredits).
			switch r := phraseReason(text); r {
			case "credit", "placeholder":
				u.reason = r
			}
		case u.kind != annotate.BlockRow && u.kind != annotate.BlockHeading && phraseReason(text) != "":
			u.reason = phraseReason(text)
		case strings.HasPrefix(t, "[") && strings.HasSuffix(text, "]") && u.linked > 0 && words <= 40:
			// "[Read: …]": a bracketed link to another article.
			u.reason = "promo"
		case prose && !strings.HasPrefix(t, "^") && dense(u, 70) && linkList(u):
			u.reason = "related"
		case prose && u.list == 0 && words >= 4 && words <= 15 && dense(u, 95):
			// A paragraph that is one link: "[Read: ...]", "Next".
			u.reason = "related"
		case u.kind == annotate.BlockBody && u.list == 0 && !u.pre && counts[t] >= 2 && !headings[t] && !endsSentenceText(text):
			u.reason = "repeated line"
		case words <= 60 && authorBio().MatchString(text):
			u.reason = "byline"
		case seen <= 4 && nt != "" && t == nt:
			u.reason = "headline"
		case seen <= 6 && nb != "" && words <= 16 && isBylineLine(t, nb):
			u.reason = "byline"
		}
	}
}

// headingPhrase is phraseReason for a heading, which only a gallery,
// placeholder or promo pattern can make furniture.
func headingPhrase(text string) string {
	switch r := phraseReason(text); r {
	case "promo", "placeholder", "newsletter", "comments", "byline":
		return r
	}
	return ""
}

// sectionReason is the furniture a heading announces for the section under
// it: "Related", "More from …", "Read more" head a list of other articles,
// "About the author" a biography.
func sectionReason(heading string) string {
	t := normPhrase(heading)
	switch {
	case t == "about the author" || t == "about the authors":
		return "byline"
	case sectionHeads().MatchString(t):
		return "related"
	}
	return ""
}

var sectionHeads = lazyRegexp(`^(related|related (articles|stories|coverage|content|links|reading|posts)|more (stories|from .{1,40}|on this( story)?)|read more|recommended( for you)?|you (may|might) also like|most (popular|read|viewed)|trending( now)?|top stories|editors'? picks)$`)

// authorBio matches an author's biography line at the foot of an article.
var authorBio = lazyRegexp(`(?i)\bfollow (him|her|them) on (twitter|x|facebook|instagram|mastodon|bluesky)\b`)

// splitCredits cuts a credit run onto the end of a caption into a removed
// piece of its own, so that the caption keeps only what it says.
func splitCredits(units []unit) []unit {
	var out []unit
	for _, u := range units {
		if u.reason == "" && u.kind == annotate.BlockCaption {
			text := Canonical(u.text)
			if m := trailingCredit().FindStringSubmatchIndex(text); m != nil && m[2] > 0 {
				out = append(out, unit{text: text[:m[2]], kind: u.kind, letters: u.letters})
				out = append(out, unit{text: text[m[2]:m[3]], kind: u.kind, reason: "credit", inline: true})
				continue
			}
		}
		out = append(out, u)
	}
	return out
}

// isBylineLine reports whether t (normalised) restates the byline b.
func isBylineLine(t, b string) bool {
	t = strings.TrimPrefix(t, "by ")
	b = strings.TrimPrefix(b, "by ")
	if t == b || (strings.HasPrefix(t, b) && len(t)-len(b) < 40 && !strings.ContainsAny(t[len(b):], ".!?")) {
		return true
	}
	// "2/26/2015 7:11 am pst by tmz staff": a date and the byline.
	return strings.HasSuffix(t, " by "+b) && len(strings.Fields(t)) <= 12
}

// endsSentenceText reports whether text ends like a sentence.
func endsSentenceText(text string) bool {
	text = strings.TrimRight(text, " \"'”’)")
	if strings.HasSuffix(text, ".") || strings.HasSuffix(text, "?") || strings.HasSuffix(text, "!") || strings.HasSuffix(text, ":") {
		return true
	}
	// A line that starts in lower case goes on from the text before it.
	for _, r := range text {
		return unicode.IsLower(r)
	}
	return false
}

// removeFurnitureText finds the furniture among the paragraphs of a plain
// text or Markdown import, where there is no structure: only lines
// repeated in the text, a repeated byline or headline, and the phrases.
func removeFurnitureText(text, title, byline string) (string, []annotate.Block, []annotate.RemovedBlock) {
	var units []unit
	for _, p := range strings.Split(text, "\n\n") {
		if p != "" {
			units = append(units, unit{text: p, kind: annotate.BlockBody})
		}
	}
	return assemble(units, title, byline)
}

// lazyRegexp compiles expr on its first use.
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
