package report

import (
	"strconv"

	"github.com/factdesk/factdesk/annotate"
)

// currentBlocks returns the blocks of the article's current text, from its
// current version, or nil when the input carries none.
func currentBlocks(in Input) []annotate.Block {
	if in.Article == nil {
		return nil
	}
	for i := len(in.Versions) - 1; i >= 0; i-- {
		if in.Versions[i].Number == in.Article.Version {
			return in.Versions[i].Blocks
		}
	}
	return nil
}

// ClaimPages returns the first and last page of a document with pages
// (a PDF) that a claim's quote stands on, or 0, 0.
func ClaimPages(in Input, c *annotate.Claim) (first, last int) {
	if c.AnchorBy == annotate.AnchorOrphan || c.End <= c.Start {
		return 0, 0
	}
	return annotate.SpanPages(currentBlocks(in), c.Start, c.End)
}

// ClaimTurn returns the speaker and time of the transcript turn a claim's
// quote starts in, or "", "".
func ClaimTurn(in Input, c *annotate.Claim) (speaker, time string) {
	if c.AnchorBy == annotate.AnchorOrphan || c.End <= c.Start {
		return "", ""
	}
	return annotate.TurnAt(currentBlocks(in), c.Start)
}

// pageFragment is the FragmentSelector of a page of a PDF (RFC 3778).
func pageFragment(page int) w3cSelector {
	return w3cSelector{Type: "FragmentSelector", ConformsTo: "http://tools.ietf.org/rfc/rfc3778", Value: "page=" + strconv.Itoa(page)}
}
