package main

import (
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/factdesk/factdesk/annotate"
)

func cmdClaim(e *env, args []string) error {
	if len(args) == 0 {
		return usagef("claim: want a sub-command: add, set or rm")
	}
	switch args[0] {
	case "add":
		return cmdClaimAdd(e, args[1:])
	case "set":
		return cmdClaimSet(e, args[1:])
	case "rm":
		return cmdClaimRemove(e, args[1:])
	case "batch":
		return cmdClaimBatch(e, args[1:])
	}
	return usagef("claim: unknown sub-command %q (want add, set, rm or batch)", args[0])
}

// claimFlags are the flags that set a claim's fields.
type claimFlags struct {
	statement, claimant, status, verdict, note, date *string
	rationale, assign                                *string
	signOff, unsign                                  *bool
	tags, untags                                     multi
}

func addClaimFlags(f *flags) *claimFlags {
	c := &claimFlags{
		statement: f.String("statement", "", "claim statement"),
		claimant:  f.String("claimant", "", "who made the claim"),
		status:    f.String("status", "", "unchecked, in-progress, needs-review or done"),
		verdict:   f.String("verdict", "", "true, mostly-true, mixed, mostly-false, false, misleading, unverifiable or none"),
		note:      f.String("note", "", "internal notes, kept out of published reports"),
		rationale: f.String("rationale", "", "the public explanation of the verdict, printed in the report"),
		date:      f.String("date", "", "date of the claim, YYYY-MM-DD"),
		assign:    f.String("assign", "", "give the claim to a person, by name (\"\" to unassign)"),
		signOff:   f.Bool("sign-off", false, "sign the verdict off as its reviewer (not the person who set it)"),
		unsign:    f.Bool("unsign", false, "withdraw the verdict's sign-off"),
	}
	f.Var(&c.tags, "tag", "add a tag (repeatable)")
	f.Var(&c.untags, "untag", "remove a tag (repeatable)")
	return c
}

// apply sets the fields whose flags were given, verdict before status so
// that "--verdict false --status done" works in one call. me is who signs
// off with --sign-off.
func (cf *claimFlags) apply(f *flags, c *annotate.Claim, me string) error {
	set := map[string]bool{}
	f.Visit(func(fl *flagDef) { set[fl.Name] = true })
	if set["statement"] {
		c.Statement = *cf.statement
	}
	if set["claimant"] {
		c.Claimant = strings.TrimSpace(*cf.claimant)
	}
	if set["date"] {
		c.ClaimDate = strings.TrimSpace(*cf.date)
	}
	if set["note"] {
		c.Notes = *cf.note
	}
	if set["rationale"] {
		c.Rationale = strings.TrimSpace(*cf.rationale)
	}
	if set["verdict"] {
		v, err := annotate.ParseVerdict(*cf.verdict)
		if err != nil {
			return &usageError{annotate.ErrorMessage(err)}
		}
		if err := c.SetVerdict(v); err != nil {
			return err
		}
	}
	if set["status"] {
		s, err := annotate.ParseStatus(*cf.status)
		if err != nil {
			return &usageError{annotate.ErrorMessage(err)}
		}
		if err := c.SetStatus(s); err != nil {
			return err
		}
	}
	if set["assign"] {
		c.Assignee = strings.TrimSpace(*cf.assign)
	}
	switch {
	case *cf.signOff && *cf.unsign:
		return usagef("give --sign-off or --unsign, not both")
	case *cf.signOff:
		c.ReviewedBy = me
	case *cf.unsign:
		c.ReviewedBy = ""
	}
	for _, t := range cf.tags {
		if err := c.AddTag(t); err != nil {
			return err
		}
	}
	for _, t := range cf.untags {
		c.RemoveTag(t)
	}
	return c.Validate()
}

func cmdClaimAdd(e *env, args []string) error {
	f := newFlags("claim add")
	quote := f.String("quote", "", "the passage, verbatim from the text")
	occurrence := f.Int("occurrence", 0, "which occurrence of the quote (1 is the first)")
	startF := f.Int("start", -1, "start offset in code points")
	endF := f.Int("end", -1, "end offset in code points (exclusive)")
	cf := addClaimFlags(f)
	pos, err := f.parse(args, 1, 1)
	if err != nil {
		return err
	}
	articleID, err := parseID("article", pos[0])
	if err != nil {
		return err
	}
	byQuote, byPos := *quote != "", *startF >= 0 || *endF >= 0
	switch {
	case byQuote && byPos:
		return usagef("claim add: give either --quote or --start and --end, not both")
	case !byQuote && !byPos:
		return usagef("claim add: give --quote TEXT or --start N --end N")
	case byPos && (*startF < 0 || *endF < 0):
		return usagef("claim add: --start and --end go together")
	case *occurrence < 0:
		return usagef("claim add: --occurrence must be 1 or more")
	}
	db, err := f.open(e.ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	a, err := db.Article(e.ctx, articleID)
	if err != nil {
		return err
	}
	start, end := *startF, *endF
	if byQuote {
		if start, end, err = annotate.FindQuote(a.Text, *quote, *occurrence); err != nil {
			return err
		}
	}
	c, err := annotate.NewClaim(a, start, end)
	if err != nil {
		return err
	}
	me, err := db.Author(e.ctx)
	if err != nil {
		return err
	}
	if *cf.signOff {
		return usagef("claim add: a verdict is signed off by a second person, once the claim is added")
	}
	if err := cf.apply(f, c, me.Name); err != nil {
		return err
	}
	if c.Verdict != annotate.VerdictNone {
		c.CheckedBy = me.Name
	}
	if c.Claimant == "" && *cf.claimant == "" {
		// A claim in a transcript's turn is its speaker's.
		blocks, _, err := db.Blocks(e.ctx, articleID)
		if err != nil {
			return err
		}
		c.Claimant, _ = annotate.TurnAt(blocks, start)
	}
	if err := db.CreateClaim(e.ctx, c); err != nil {
		return err
	}
	if f.json {
		return writeJSON(e.stdout, c)
	}
	fmt.Fprintln(e.stdout, c.ID)
	return nil
}

func cmdClaimSet(e *env, args []string) error {
	f := newFlags("claim set")
	cf := addClaimFlags(f)
	pos, err := f.parse(args, 1, 1)
	if err != nil {
		return err
	}
	ref, err := parseClaimRef(pos[0])
	if err != nil {
		return err
	}
	if f.NFlag() == 0 || (f.NFlag() == 1 && (f.json || f.db != "")) {
		return usagef("claim set: nothing to change; give --statement, --claimant, --status, --verdict, --tag, --untag, --note, --rationale, --date, --assign, --sign-off or --unsign")
	}
	db, err := f.open(e.ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	id, err := ref.resolve(e.ctx, db)
	if err != nil {
		return err
	}
	c, err := db.Claim(e.ctx, id)
	if err != nil {
		return err
	}
	me, err := db.Author(e.ctx)
	if err != nil {
		return err
	}
	if err := cf.apply(f, c, me.Name); err != nil {
		return err
	}
	if err := db.UpdateClaim(e.ctx, c); err != nil {
		return err
	}
	if f.json {
		return writeJSON(e.stdout, c)
	}
	return nil
}

func cmdClaimRemove(e *env, args []string) error {
	f := newFlags("claim rm")
	db, id, err := f.openID(e, args, "claim")
	if err != nil {
		return err
	}
	defer db.Close()
	return db.DeleteClaim(e.ctx, id)
}

func cmdClaims(e *env, args []string) error {
	f := newFlags("claims")
	mine := f.Bool("mine", false, "only the claims assigned to me")
	toReview := f.Bool("to-review", false, "only the claims waiting for my review: someone else's verdict not yet signed off, or verdicts in conflict")
	db, id, err := f.openID(e, args, "article")
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Article(e.ctx, id); err != nil {
		return err
	}
	claims, err := db.Claims(e.ctx, id)
	if err != nil {
		return err
	}
	if *mine || *toReview {
		me, err := db.Author(e.ctx)
		if err != nil {
			return err
		}
		claims = slices.DeleteFunc(claims, func(c *annotate.Claim) bool {
			return (*mine && !c.AssignedTo(me.Name)) || (*toReview && !c.WaitsForReviewBy(me.Name))
		})
	}
	if f.json {
		if claims == nil {
			claims = []*annotate.Claim{}
		}
		return writeJSON(e.stdout, claims)
	}
	if len(claims) == 0 && (*mine || *toReview) {
		fmt.Fprintln(e.stdout, "No claims of this article are assigned to you or waiting for your review, as asked.")
		return nil
	}
	if len(claims) == 0 {
		fmt.Fprintln(e.stdout, "No claims yet. Add one with 'factdesk claim add ARTICLE --quote TEXT'.")
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NO\tID\tSPAN\tSTATUS\tVERDICT\tCLAIMANT\tTAGS\tSOURCES\tASSIGNED\tREVIEWED\tQUOTE")
	for _, c := range claims {
		fmt.Fprintf(tw, "%d/%d\t%d\t%d-%d\t%s\t%s\t%s\t%s\t%d\t%s\t%s\t%s\n", c.ArticleID, c.Number, c.ID, c.Start, c.End, c.Status,
			dash(string(c.Verdict)), dash(c.Claimant), dash(strings.Join(c.Tags, ",")), len(c.Sources), dash(c.Assignee), dash(c.ReviewedBy), clip(c.Exact, 60))
	}
	return tw.Flush()
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
