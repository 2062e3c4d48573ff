package annotate

// BlockKind says what a block of an article's text is.
type BlockKind string

const (
	BlockHeading   BlockKind = "heading"
	BlockBody      BlockKind = "body"
	BlockCaption   BlockKind = "caption"   // a figure's caption: it may hold a claim, so it stays in the text
	BlockFootnote  BlockKind = "footnote"  // a note at the foot of the text
	BlockQuotation BlockKind = "quotation" // a block quotation
	BlockRow       BlockKind = "row"       // one row of a table, its cells separated by spaces
	BlockTurn      BlockKind = "turn"      // one speaker's turn in a transcript
)

// Block is one paragraph of an article's canonical text with what it is.
// The canonical text is every block in order, separated by blank lines, so
// that a claim can anchor anywhere, a caption included. Start and End are
// code points into that text.
type Block struct {
	Kind    BlockKind `json:"kind"`
	Start   int       `json:"start"`
	End     int       `json:"end"`
	Page    int       `json:"page,omitempty"`    // from 1, for documents with pages
	Speaker string    `json:"speaker,omitempty"` // for a turn
	Time    string    `json:"time,omitempty"`    // for a turn: where it starts, as the source wrote it
}

// RemovedBlock is a piece of page furniture left out of an article's text
// on import: a photo credit, a "Continue reading" link, a share prompt. It
// is kept so that the user can see what was removed and put it back.
type RemovedBlock struct {
	Text string `json:"text"`
	// Reason names what marked it as furniture: "credit", "placeholder",
	// "promo", "share", "newsletter", "related", "advertisement", "byline",
	// "hidden label", "repeated line" and so on.
	Reason string `json:"reason"`
	// At is the code point of the article's text where it stood; putting
	// it back makes it a paragraph of its own there.
	At int `json:"at"`
}

// ParagraphBlocks returns the blocks of a text that has no recorded
// structure: each paragraph (a run of text between blank lines) is a body
// block. Articles stored before blocks existed read this way.
func ParagraphBlocks(text string) []Block {
	var out []Block
	start, end := -1, -1 // the current paragraph, from its first to past its last non-space
	newlines := 0
	pos := 0
	for _, r := range text {
		switch r {
		case '\n':
			newlines++
		case ' ', '\t', '\r':
		default:
			if start >= 0 && newlines >= 2 {
				out = append(out, Block{Kind: BlockBody, Start: start, End: end})
				start = -1
			}
			if start < 0 {
				start = pos
			}
			end = pos + 1
			newlines = 0
		}
		pos++
	}
	if start >= 0 {
		out = append(out, Block{Kind: BlockBody, Start: start, End: end})
	}
	return out
}

// BlockAt returns the index of the block that holds code point at, or -1.
func BlockAt(blocks []Block, at int) int {
	lo, hi := 0, len(blocks)
	for lo < hi {
		m := (lo + hi) / 2
		if blocks[m].End <= at {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(blocks) && blocks[lo].Start <= at {
		return lo
	}
	return -1
}
