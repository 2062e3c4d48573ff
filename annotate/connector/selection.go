package connector

import (
	"strings"
	"unicode"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/anchor"
	"github.com/factdesk/factdesk/annotate/ingest"
)

// Selection is text selected on a page with some of the text before and
// after it, as the browser gives it (its white space is the page's, not the
// article's).
type Selection struct {
	Exact  string `json:"exact"`
	Prefix string `json:"prefix,omitempty"`
	Suffix string `json:"suffix,omitempty"`
}

// maxContextBytes bounds the context a selection may carry.
const maxContextBytes = 4096

// Locate places the selection on an article's canonical text by its quote,
// preferring the occurrence whose context matches, and forgiving small
// differences (the browser's line breaks, a word the extractor joined). The
// browser and the canonical text break lines and paragraphs differently,
// so both are compared with every run of white space as one space.
func (sel Selection) Locate(text string) (Span, error) {
	exact := foldSpace(ingest.Canonical(sel.Exact))
	if exact == "" {
		return Span{}, annotate.Errorf(annotate.EINVALID, "the selection is empty: select the passage to mark")
	}
	if len(sel.Exact) > annotate.MaxNoteBytes {
		return Span{}, annotate.Errorf(annotate.ETOOLARGE, "the selection is longer than %d bytes", annotate.MaxNoteBytes)
	}
	prefix := foldSpace(ingest.Canonical(clipEnd(sel.Prefix, maxContextBytes)))
	suffix := foldSpace(ingest.Canonical(clipStart(sel.Suffix, maxContextBytes)))
	// The space between the selection and its context is part of the
	// context.
	if prefix != "" && strings.TrimRightFunc(sel.Prefix, unicode.IsSpace) != sel.Prefix {
		prefix += " "
	}
	if suffix != "" && strings.TrimLeftFunc(sel.Suffix, unicode.IsSpace) != sel.Suffix {
		suffix = " " + suffix
	}
	folded, at := foldRunes(text)
	rp, rs := []rune(prefix), []rune(suffix)
	if len(rp) > annotate.ContextLen {
		rp = rp[len(rp)-annotate.ContextLen:]
	}
	if len(rs) > annotate.ContextLen {
		rs = rs[:annotate.ContextLen]
	}
	res := anchor.Locate(folded, annotate.Anchor{Start: -1, End: -1, Exact: exact, Prefix: string(rp), Suffix: string(rs)})
	if res.Method == annotate.AnchorOrphan || res.End <= res.Start {
		return Span{}, annotate.Errorf(annotate.ENOTFOUND, "the selection %q is not in the text FactDesk kept of this page (it may be in a part left out as page furniture)", clipRunes(strings.TrimSpace(sel.Exact), 60))
	}
	start, end := at[res.Start], at[res.End-1]+1
	// A fuzzy place may begin or end on the space between words.
	r := []rune(text)
	for start < end && unicode.IsSpace(r[start]) {
		start++
	}
	for end > start && unicode.IsSpace(r[end-1]) {
		end--
	}
	if start >= end {
		return Span{}, annotate.Errorf(annotate.ENOTFOUND, "the selection is not in the text FactDesk kept of this page")
	}
	return Span{start, end}, nil
}

// foldRunes returns text with every run of white space as one space, and
// for each of its code points the offset of that code point in text.
func foldRunes(text string) ([]rune, []int) {
	out := make([]rune, 0, len(text))
	at := make([]int, 0, len(text))
	i, space := 0, false
	for _, r := range text {
		if unicode.IsSpace(r) {
			if !space {
				out = append(out, ' ')
				at = append(at, i)
			}
			space = true
		} else {
			out = append(out, r)
			at = append(at, i)
			space = false
		}
		i++
	}
	return out, at
}

func foldSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

func clipEnd(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[len(s)-n:], "")
}

func clipStart(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "")
}

func clipRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
