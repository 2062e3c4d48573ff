package annotate

import (
	"strings"
	"unicode/utf8"
)

// ContextLen is how many code points of prefix and suffix an anchor keeps.
const ContextLen = 32

// Anchor ties a claim to a span of its article's canonical text, both by
// position (code-point offsets, end exclusive) and by quote, so that it can
// be found again when the text changes.
type Anchor struct {
	Start  int    `json:"start"`
	End    int    `json:"end"`
	Exact  string `json:"exact"`
	Prefix string `json:"prefix"`
	Suffix string `json:"suffix"`
}

// Describe returns the anchor of the code-point span [start, end) of text.
func Describe(text string, start, end int) (Anchor, error) {
	return DescribeRunes([]rune(text), start, end)
}

// DescribeRunes is Describe for text already decoded to code points.
func DescribeRunes(text []rune, start, end int) (Anchor, error) {
	n := len(text)
	switch {
	case start < 0 || end < 0:
		return Anchor{}, Errorf(EINVALID, "span %d–%d has a negative offset", start, end)
	case start >= end:
		return Anchor{}, Errorf(EINVALID, "span %d–%d is empty: the start must be before the end", start, end)
	case end > n:
		return Anchor{}, Errorf(EINVALID, "span %d–%d is past the end of the text (%d characters)", start, end, n)
	}
	if strings.TrimSpace(string(text[start:end])) == "" {
		return Anchor{}, Errorf(EINVALID, "span %d–%d holds only white space", start, end)
	}
	return Anchor{
		Start:  start,
		End:    end,
		Exact:  string(text[start:end]),
		Prefix: string(text[max(0, start-ContextLen):start]),
		Suffix: string(text[end:min(n, end+ContextLen)]),
	}, nil
}

// FindQuote returns the code-point span of the occurrence-th (1-based)
// occurrence of quote in text. With occurrence 0 the quote must occur exactly
// once; more is an error asking for an occurrence.
func FindQuote(text, quote string, occurrence int) (start, end int, err error) {
	if quote == "" {
		return 0, 0, Errorf(EINVALID, "the quote is empty")
	}
	var at []int // byte offsets of occurrences
	for i := 0; ; {
		j := strings.Index(text[i:], quote)
		if j < 0 {
			break
		}
		at = append(at, i+j)
		_, size := utf8.DecodeRuneInString(text[i+j:])
		i += j + size
	}
	switch {
	case len(at) == 0:
		return 0, 0, Errorf(ENOTFOUND, "quote %q is not in the text", clip(quote, 60))
	case occurrence < 0 || occurrence > len(at):
		return 0, 0, Errorf(EINVALID, "quote %q occurs %d times; occurrence %d does not exist", clip(quote, 60), len(at), occurrence)
	case occurrence == 0 && len(at) > 1:
		return 0, 0, Errorf(EINVALID, "quote %q occurs %d times; say which with an occurrence from 1 to %d", clip(quote, 60), len(at), len(at))
	}
	if occurrence == 0 {
		occurrence = 1
	}
	b := at[occurrence-1]
	start = utf8.RuneCountInString(text[:b])
	return start, start + utf8.RuneCountInString(quote), nil
}

// clip shortens s to at most n code points for a message.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
