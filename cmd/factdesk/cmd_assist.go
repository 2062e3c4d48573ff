package main

import (
	"bufio"
	"fmt"
	"strconv"
	"text/tabwriter"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/assist"
)

func cmdSuggest(e *env, args []string) error {
	f := newFlags("suggest")
	minScore := f.Float64("min", 0.5, "lowest score to show, 0 to 1")
	all := f.Bool("dismissed", false, "also show dismissed suggestions")
	db, id, err := f.openID(e, args, "article")
	if err != nil {
		return err
	}
	defer db.Close()
	if *minScore < 0 || *minScore > 1 {
		return usagef("suggest: --min %v is not between 0 and 1", *minScore)
	}
	a, err := db.Article(e.ctx, id)
	if err != nil {
		return err
	}
	sugs, err := assist.SuggestContext(e.ctx, a.Text, *minScore)
	if err != nil {
		return err
	}
	blocks, _, err := db.Blocks(e.ctx, id)
	if err != nil {
		return err
	}
	for i := range sugs {
		// A sentence in a transcript's turn is its speaker's.
		if sp, _ := annotate.TurnAt(blocks, sugs[i].Start); sp != "" {
			sugs[i].Claimant = sp
		}
	}
	if !*all {
		dismissed, err := db.DismissedSuggestions(e.ctx, id)
		if err != nil {
			return err
		}
		gone := map[[2]int]bool{}
		for _, d := range dismissed {
			gone[d] = true
		}
		kept := sugs[:0]
		for _, s := range sugs {
			if !gone[[2]int{s.Start, s.End}] {
				kept = append(kept, s)
			}
		}
		sugs = kept
	}
	runes := []rune(a.Text)
	type row struct {
		assist.Suggestion
		Text string `json:"text"`
	}
	rows := make([]row, len(sugs))
	for i, s := range sugs {
		rows[i] = row{s, string(runes[s.Start:s.End])}
	}
	if f.json {
		return writeJSON(e.stdout, rows)
	}
	if len(rows) == 0 {
		fmt.Fprintf(e.stdout, "No sentence scores %.2f or more.\n", *minScore)
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SCORE\tSPAN\tCLAIMANT\tSENTENCE")
	for _, r := range rows {
		fmt.Fprintf(tw, "%.2f\t%d-%d\t%s\t%s\n", r.Score, r.Start, r.End, dash(r.Claimant), clip(r.Text, 90))
	}
	return tw.Flush()
}

// cmdScore reads one sentence a line and writes one score a line, in order.
func cmdScore(e *env, args []string) error {
	f := newFlags("score")
	if _, err := f.parse(args, 0, 0); err != nil {
		return err
	}
	sc := bufio.NewScanner(e.stdin)
	sc.Buffer(make([]byte, 64<<10), annotate.MaxNoteBytes)
	out := bufio.NewWriter(e.stdout)
	batch := make([]string, 0, 1024)
	flush := func() {
		for _, s := range assist.ScoreAll(batch) {
			out.WriteString(strconv.FormatFloat(s, 'f', 6, 64))
			out.WriteByte('\n')
		}
		batch = batch[:0]
	}
	for sc.Scan() {
		batch = append(batch, sc.Text())
		if len(batch) == cap(batch) {
			flush()
		}
	}
	flush()
	if err := sc.Err(); err != nil {
		return annotate.Errorf(annotate.EINVALID, "reading sentences: %v", err)
	}
	return out.Flush()
}
