package annotate

import "strconv"

// TurnAt returns the speaker and start time of the transcript turn that
// holds code point at, or "" for each when at lies in no turn. A claim
// marked in a turn is the speaker's: the window and the command line give
// it the speaker as its claimant, and show the time as "at 00:12:03".
func TurnAt(blocks []Block, at int) (speaker, time string) {
	i := BlockAt(blocks, at)
	if i < 0 || blocks[i].Kind != BlockTurn {
		return "", ""
	}
	return blocks[i].Speaker, blocks[i].Time
}

// PageAt returns the page, from 1, of the paragraph that holds code point
// at in a document with pages, or 0.
func PageAt(blocks []Block, at int) int {
	if i := BlockAt(blocks, at); i >= 0 {
		return blocks[i].Page
	}
	return 0
}

// SpanPages returns the first and last page of the span [start, end) of a
// document with pages, or 0, 0. A claim's span may run over a page break.
func SpanPages(blocks []Block, start, end int) (first, last int) {
	first = PageAt(blocks, start)
	if end > start {
		last = PageAt(blocks, end-1)
	}
	if first == 0 {
		first = last
	}
	if last == 0 {
		last = first
	}
	return first, last
}

// PageLabel writes the pages of a span as a reader cites them: "p. 12",
// "pp. 12–13", or "" without pages.
func PageLabel(first, last int) string {
	switch {
	case first == 0:
		return ""
	case last > first:
		return "pp. " + strconv.Itoa(first) + "–" + strconv.Itoa(last)
	default:
		return "p. " + strconv.Itoa(first)
	}
}
