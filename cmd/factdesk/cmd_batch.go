package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/factdesk/factdesk/annotate"
)

// batchClaim is one line of `factdesk claim batch`.
type batchClaim struct {
	Quote      string   `json:"quote"`
	Occurrence int      `json:"occurrence"`
	Start      *int     `json:"start"`
	End        *int     `json:"end"`
	Statement  string   `json:"statement"`
	Claimant   string   `json:"claimant"`
	Date       string   `json:"date"`
	Status     string   `json:"status"`
	Verdict    string   `json:"verdict"`
	Tags       []string `json:"tags"`
	Note       string   `json:"note"`
}

// cmdClaimBatch reads one JSON claim a line from stdin and stores each in its
// own transaction, printing the new id only once it is committed, so that a
// script knows exactly which claims are safe.
func cmdClaimBatch(e *env, args []string) error {
	f := newFlags("claim batch")
	db, articleID, err := f.openID(e, args, "article")
	if err != nil {
		return err
	}
	defer db.Close()
	a, err := db.Article(e.ctx, articleID)
	if err != nil {
		return err
	}
	runes := []rune(a.Text)
	blocks, _, err := db.Blocks(e.ctx, a.ID)
	if err != nil {
		return err
	}
	out := bufio.NewWriter(e.stdout)
	sc := bufio.NewScanner(e.stdin)
	sc.Buffer(make([]byte, 64<<10), annotate.MaxNoteBytes*2)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		c, err := batchLine(a, runes, line)
		if err == nil && c.Claimant == "" {
			// A claim in a transcript's turn is its speaker's.
			c.Claimant, _ = annotate.TurnAt(blocks, c.Start)
		}
		if err == nil {
			err = db.CreateClaim(e.ctx, c)
		}
		if err != nil {
			out.Flush()
			return annotate.Errorf(annotate.ErrorCode(err), "line %d: %s", n, annotate.ErrorMessage(err))
		}
		fmt.Fprintln(out, c.ID)
		if err := out.Flush(); err != nil {
			return err
		}
	}
	if err := sc.Err(); errors.Is(err, bufio.ErrTooLong) {
		return annotate.Errorf(annotate.ETOOLARGE, "reading claims: a line is longer than %d MB", annotate.MaxNoteBytes*2>>20)
	} else if err != nil {
		return annotate.Errorf(annotate.EINVALID, "reading claims: %v", err)
	}
	return nil
}

func batchLine(a *annotate.Article, runes []rune, line string) (*annotate.Claim, error) {
	// The JSON decoder would quietly turn bad bytes into U+FFFD.
	if !utf8.ValidString(line) {
		return nil, annotate.Errorf(annotate.EINVALID, "not a claim: the line is not valid UTF-8")
	}
	var b batchClaim
	dec := json.NewDecoder(strings.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		return nil, annotate.Errorf(annotate.EINVALID, "not a claim: %v", err)
	}
	start, end := -1, -1
	switch {
	case b.Quote != "" && (b.Start != nil || b.End != nil):
		return nil, annotate.Errorf(annotate.EINVALID, "give quote or start and end, not both")
	case b.Quote != "":
		var err error
		if start, end, err = annotate.FindQuote(a.Text, b.Quote, b.Occurrence); err != nil {
			return nil, err
		}
	case b.Start != nil && b.End != nil:
		start, end = *b.Start, *b.End
	default:
		return nil, annotate.Errorf(annotate.EINVALID, "give a quote, or start and end")
	}
	c, err := annotate.NewClaimRunes(a, runes, start, end)
	if err != nil {
		return nil, err
	}
	if b.Statement != "" {
		c.Statement = b.Statement
	}
	c.Claimant, c.ClaimDate, c.Notes = b.Claimant, b.Date, b.Note
	v, err := annotate.ParseVerdict(b.Verdict)
	if err != nil {
		return nil, err
	}
	if err := c.SetVerdict(v); err != nil {
		return nil, err
	}
	if b.Status != "" {
		s, err := annotate.ParseStatus(b.Status)
		if err != nil {
			return nil, err
		}
		if err := c.SetStatus(s); err != nil {
			return nil, err
		}
	}
	for _, t := range b.Tags {
		if err := c.AddTag(t); err != nil {
			return nil, err
		}
	}
	return c, c.Validate()
}
