package ingest

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/factdesk/factdesk/annotate"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// unit is a paragraph-to-be of a rendered page, or a piece of furniture cut
// out of one: its raw text, what it is, and why it is furniture if it is.
type unit struct {
	text   string // raw; Canonical makes it one or more paragraphs
	kind   annotate.BlockKind
	reason string // furniture reason, "" for content
	// inline marks furniture cut out of a paragraph (a credit run into a
	// caption); it stood just before the paragraph that follows it.
	inline bool
	// figure says the text lies in a <figure> outside its caption.
	figure bool
	// letters and linked count the unit's letters, and those inside links
	// to other pages, for link density.
	letters, linked int
	// list numbers the <ul> or <ol> the unit is an item of, 0 for none.
	list int
	// bold counts the letters in <strong> or <b>; pre says the unit is
	// preformatted text (code).
	bold int
	pre  bool
}

// blockContext is what the enclosing elements say about the text.
type blockContext struct {
	kind   annotate.BlockKind
	reason string
	figure bool // inside a <figure>
	link   bool // inside an <a href> to another page
	pre    bool
	list   int // the list whose item this is, 0 outside lists
	bold   bool
}

// blockWriter renders an HTML tree as units, the way textWriter renders it
// as text: every block element starts and ends a paragraph.
type blockWriter struct {
	units   []unit
	cur     strings.Builder
	ctx     blockContext // the context of the paragraph being written
	letters int
	linked  int
	lists   int // lists seen, to number them
	bold    int
	// canonical counts the characters the canonical text will have, as
	// the text comes: past annotate.MaxArticleRunes the page cannot be
	// stored, and the walk stops rather than hold the rest in memory.
	canonical int
	spaced    bool // white space since the last character kept
}

// maxUnits is the most paragraphs whose furniture is judged one by one; a
// page with more (a hostile one, or a data dump) is rendered as plain
// paragraphs, as before blocks existed, to keep memory bounded.
const maxUnits = 100_000

// full reports whether the writer holds more than an article may, or more
// paragraphs than are judged.
func (w *blockWriter) full() bool {
	return w.canonical > annotate.MaxArticleRunes || len(w.units) > maxUnits
}

func (w *blockWriter) flush() {
	if strings.TrimSpace(w.cur.String()) != "" {
		w.canonical += 2 // the blank line before the next paragraph
		w.spaced = false
		w.units = append(w.units, unit{text: w.cur.String(), kind: w.ctx.kind, reason: w.ctx.reason,
			figure: w.ctx.figure && w.ctx.kind != annotate.BlockCaption, letters: w.letters, linked: w.linked, list: w.ctx.list, bold: w.bold, pre: w.ctx.pre})
	}
	w.cur.Reset()
	w.letters, w.linked, w.bold = 0, 0, 0
}

func (w *blockWriter) text(s string, ctx blockContext) {
	if !ctx.pre {
		s = lineBreaks.Replace(s)
	}
	w.cur.WriteString(s)
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			w.spaced = true
		case !ignorable(r):
			w.canonical++
			if w.spaced {
				w.canonical++
				w.spaced = false
			}
		}
		if r > ' ' && !strings.ContainsRune(".,;:!?\"'()[]{}-–—…’‘“”", r) {
			w.letters++
			if ctx.link {
				w.linked++
			}
			if ctx.bold {
				w.bold++
			}
		}
	}
}

func (w *blockWriter) node(n *html.Node, ctx blockContext) {
	if w.full() {
		return
	}
	switch n.Type {
	case html.TextNode:
		w.text(n.Data, ctx)
		return
	case html.DocumentNode:
	case html.ElementNode:
		if skipElement(n) {
			return
		}
	default:
		return
	}
	tag := elementAtom(n)
	inner := ctx
	if n.Type == html.ElementNode {
		inner = elementContext(n, tag, ctx)
		if tag == atom.Ul || tag == atom.Ol {
			w.lists++
			inner.list = -w.lists // an item of it takes the number
		} else if tag == atom.Li && ctx.list < 0 {
			inner.list = -ctx.list
		} else if ctx.list < 0 {
			inner.list = 0
		}
	}
	switch tag {
	case atom.Br:
		w.cur.WriteByte('\n')
		return
	case atom.Td, atom.Th:
		w.cur.WriteByte(' ')
	case atom.Math:
		if tex := texAnnotation(n); tex != "" {
			w.text(" "+tex+" ", ctx)
			return
		}
	}
	block := n.Type == html.ElementNode && isBlock(tag)
	if !block && inner.reason != "" && ctx.reason == "" {
		// Inline furniture (a credit or a label for screen readers inside
		// a caption or a paragraph) is cut out of its paragraph, so that
		// it is never run into a sentence, and kept aside.
		var sub blockWriter
		sub.ctx = inner
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			sub.node(c, inner)
		}
		sub.flush()
		w.canonical += sub.canonical
		for _, u := range sub.units {
			u.inline = true
			w.units = append(w.units, u)
		}
		w.cur.WriteByte(' ')
		return
	}
	if block {
		w.flush()
		saved := w.ctx
		w.ctx = inner
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			w.node(c, inner)
		}
		w.flush()
		w.ctx = saved
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.node(c, inner)
	}
	if tag == atom.Td || tag == atom.Th {
		w.cur.WriteByte(' ')
	}
}

// elementContext is the context inside element n.
func elementContext(n *html.Node, tag atom.Atom, ctx blockContext) blockContext {
	switch tag {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		ctx.kind = annotate.BlockHeading
	case atom.Figcaption, atom.Caption:
		ctx.kind = annotate.BlockCaption
	case atom.Figure:
		ctx.figure = true
	case atom.Blockquote:
		ctx.kind = annotate.BlockQuotation
	case atom.Tr:
		if ctx.kind == "" || ctx.kind == annotate.BlockBody {
			ctx.kind = annotate.BlockRow
		}
	case atom.A:
		// Links within the page (a table of contents, footnote marks) are
		// part of the article; links away from it may be promos.
		h := strings.ToLower(strings.TrimSpace(attr(n, "href")))
		if h != "" && !strings.HasPrefix(h, "#") && !strings.HasPrefix(h, "mailto:") {
			ctx.link = true
		}
	case atom.Strong, atom.B:
		ctx.bold = true
	case atom.Pre, atom.Textarea, atom.Listing, atom.Plaintext:
		ctx.pre = true
	case atom.P, atom.Div, atom.Li, atom.Section, atom.Article, atom.Main:
		if ctx.kind == annotate.BlockHeading {
			ctx.kind = annotate.BlockBody
		}
	}
	if ctx.reason == "" {
		ctx.reason = structuralReason(n, tag)
	}
	if ctx.reason == "" && ctx.kind == annotate.BlockCaption && tag != atom.Figcaption && tag != atom.Caption && captionCredit(n) {
		ctx.reason = "credit"
	}
	if ctx.reason == "" {
		switch classKind(n) {
		case annotate.BlockCaption:
			ctx.kind = annotate.BlockCaption
		case annotate.BlockFootnote:
			ctx.kind = annotate.BlockFootnote
		}
	}
	return ctx
}

// renderBlocks renders the article tree n as canonical text with its blocks,
// leaving page furniture out of the text and in the removed list. title and
// byline, from the page's metadata, find a headline or byline repeated in
// the body.
func renderBlocks(n *html.Node, title, byline string) (string, []annotate.Block, []annotate.RemovedBlock, error) {
	w := &blockWriter{ctx: blockContext{kind: annotate.BlockBody}}
	w.node(n, w.ctx)
	w.flush()
	switch {
	case w.canonical > annotate.MaxArticleRunes:
		return "", nil, nil, annotate.Errorf(annotate.ETOOLARGE, "the article text has more than %d characters, the limit", annotate.MaxArticleRunes)
	case len(w.units) > maxUnits:
		w = nil
		return renderText(n), nil, nil, nil
	}
	text, blocks, removed := assemble(w.units, title, byline)
	return text, blocks, removed, nil
}

// assemble marks the furniture among units that their elements did not
// already mark, and lays the rest out as canonical text with blocks.
func assemble(units []unit, title, byline string) (string, []annotate.Block, []annotate.RemovedBlock) {
	for i := range units {
		if units[i].kind == "" {
			units[i].kind = annotate.BlockBody
		}
	}
	markFurniture(units, title, byline)
	units = splitCredits(units)
	content := false
	for _, u := range units {
		if u.reason == "" && strings.TrimSpace(u.text) != "" {
			content = true
			break
		}
	}
	if !content {
		// A page that is all furniture by these rules is better shown
		// whole than refused as empty.
		for i := range units {
			units[i].reason = ""
		}
	}
	var b strings.Builder
	var blocks []annotate.Block
	var removed []annotate.RemovedBlock
	pos := 0 // code points written
	for i := range units {
		u := &units[i]
		canon := Canonical(u.text)
		u.text = "" // let a long page's pieces go as they are laid out
		for canon != "" {
			p, rest, _ := strings.Cut(canon, "\n\n")
			canon = rest
			if p == "" {
				continue
			}
			if u.reason != "" {
				removed = append(removed, annotate.RemovedBlock{Text: p, Reason: u.reason, At: pos})
				continue
			}
			if b.Len() > 0 {
				b.WriteString("\n\n")
				pos += 2
			}
			n := utf8.RuneCountInString(p)
			blocks = append(blocks, annotate.Block{Kind: u.kind, Start: pos, End: pos + n})
			b.WriteString(p)
			pos += n
		}
		if pos > annotate.MaxArticleRunes {
			// Too long to be stored: Parse refuses it by its length, so the
			// rest need not be laid out.
			break
		}
	}
	// Each paragraph is canonical and they are joined by one blank line,
	// so the text is canonical as a whole (Canonical(text) == text).
	return b.String(), blocks, removed
}

// RestoreRemoved puts the removed blocks numbered which back into an
// article's text, each as a body paragraph of its own where it stood, and
// returns the new text, blocks and removed list. Claims on the old text are
// then re-anchored on the new one as for any new version.
func RestoreRemoved(text string, blocks []annotate.Block, removed []annotate.RemovedBlock, which ...int) (string, []annotate.Block, []annotate.RemovedBlock) {
	if len(blocks) == 0 {
		blocks = annotate.ParagraphBlocks(text)
	}
	put := map[int]bool{}
	for _, i := range which {
		if i >= 0 && i < len(removed) {
			put[i] = true
		}
	}
	if len(put) == 0 {
		return text, blocks, removed
	}
	runes := []rune(text)
	type piece struct {
		text    string
		kind    annotate.BlockKind
		at      int
		removed int // index into removed of a block that stays removed, else -1
		first   bool
	}
	var pieces []piece
	for i, r := range removed {
		// A removed block stood before the block that starts at its At.
		if put[i] {
			pieces = append(pieces, piece{text: r.Text, kind: annotate.BlockBody, at: r.At, removed: -1, first: true})
		} else {
			pieces = append(pieces, piece{at: r.At, removed: i, first: true})
		}
	}
	for _, bl := range blocks {
		if bl.Start < 0 || bl.End > len(runes) || bl.Start > bl.End {
			continue
		}
		pieces = append(pieces, piece{text: string(runes[bl.Start:bl.End]), kind: bl.Kind, at: bl.Start, removed: -1})
	}
	sort.SliceStable(pieces, func(i, j int) bool {
		if pieces[i].at != pieces[j].at {
			return pieces[i].at < pieces[j].at
		}
		return pieces[i].first && !pieces[j].first
	})
	var b strings.Builder
	var out []annotate.Block
	var keep []annotate.RemovedBlock
	pos := 0
	for _, p := range pieces {
		if p.removed >= 0 {
			r := removed[p.removed]
			r.At = pos // the end of the text before it, as assemble records it
			keep = append(keep, r)
			continue
		}
		for _, para := range strings.Split(Canonical(p.text), "\n\n") {
			if para == "" {
				continue
			}
			if b.Len() > 0 {
				b.WriteString("\n\n")
				pos += 2
			}
			n := utf8.RuneCountInString(para)
			out = append(out, annotate.Block{Kind: p.kind, Start: pos, End: pos + n})
			b.WriteString(para)
			pos += n
		}
	}
	return b.String(), out, keep
}
