package app

import (
	"context"
	"slices"
	"time"

	"github.com/factdesk/factdesk/annotate"
)

// command is one undoable change to the library. Do is called first when the
// change is made and again on redo; Undo puts the library back.
type command interface {
	Do(ctx context.Context) error
	Undo(ctx context.Context) error
	Label() string
	// target names the article and claim the change is about, so that
	// undoing it can show them first.
	target() (articleID, claimID int64)
}

// coalescer is a command that can absorb the one made just after it, so
// that a burst of typing is a single undo step.
type coalescer interface {
	coalesce(next command) bool
}

// history is the workspace's undo and redo stacks. It spans articles.
type history struct {
	done   []command
	undone []command
	limit  int
}

func newHistory() *history { return &history{limit: 500} }

// push records a command that has just been done.
func (h *history) push(c command) {
	h.undone = nil
	if n := len(h.done); n > 0 {
		if top, ok := h.done[n-1].(coalescer); ok && top.coalesce(c) {
			return
		}
	}
	h.done = append(h.done, c)
	if len(h.done) > h.limit {
		h.done = slices.Delete(h.done, 0, len(h.done)-h.limit)
	}
}

// drop takes a command that failed out of the undo stack.
func (h *history) drop(c command) {
	h.done = slices.DeleteFunc(h.done, func(d command) bool { return d == c })
}

func (h *history) nextUndo() command {
	if len(h.done) == 0 {
		return nil
	}
	return h.done[len(h.done)-1]
}

func (h *history) nextRedo() command {
	if len(h.undone) == 0 {
		return nil
	}
	return h.undone[len(h.undone)-1]
}

// undid moves the top of the undo stack to the redo stack.
func (h *history) undid() {
	c := h.done[len(h.done)-1]
	h.done = h.done[:len(h.done)-1]
	h.undone = append(h.undone, c)
}

// redid moves the top of the redo stack back to the undo stack.
func (h *history) redid() {
	c := h.undone[len(h.undone)-1]
	h.undone = h.undone[:len(h.undone)-1]
	h.done = append(h.done, c)
}

// cloneClaim copies a claim deeply enough that editing the copy leaves the
// original alone.
func cloneClaim(c *annotate.Claim) *annotate.Claim {
	d := *c
	d.Tags = slices.Clone(c.Tags)
	if d.Tags == nil {
		d.Tags = []string{}
	}
	d.Sources = slices.Clone(c.Sources)
	if d.Sources == nil {
		d.Sources = []annotate.Source{}
	}
	return &d
}

// createClaim marks a new claim; redo restores it with the same id so that
// later steps on the stack still point at it.
type createClaim struct {
	store Store
	claim *annotate.Claim
}

func (c *createClaim) Do(ctx context.Context) error {
	if c.claim.ID == 0 {
		return c.store.CreateClaim(ctx, c.claim)
	}
	return c.store.RestoreClaim(ctx, cloneClaim(c.claim))
}
func (c *createClaim) Undo(ctx context.Context) error { return c.store.DeleteClaim(ctx, c.claim.ID) }
func (c *createClaim) Label() string                  { return "Mark claim" }
func (c *createClaim) target() (int64, int64)         { return c.claim.ArticleID, c.claim.ID }

// deleteClaim removes a claim; undo restores it whole, sources included.
type deleteClaim struct {
	store Store
	claim *annotate.Claim
}

func (c *deleteClaim) Do(ctx context.Context) error { return c.store.DeleteClaim(ctx, c.claim.ID) }
func (c *deleteClaim) Undo(ctx context.Context) error {
	return c.store.RestoreClaim(ctx, cloneClaim(c.claim))
}
func (c *deleteClaim) Label() string          { return "Delete claim" }
func (c *deleteClaim) target() (int64, int64) { return c.claim.ArticleID, c.claim.ID }

// editClaim changes one field of a claim. Edits of the same text field of
// the same claim that follow each other closely merge into one step.
type editClaim struct {
	store         Store
	field         string
	before, after *annotate.Claim
	at            time.Time
	// rev is the claim's revision as this step last left it (0 before it is
	// first done): undo and redo name it, so that they are refused rather
	// than overwrite a change made elsewhere meanwhile.
	rev int64
}

// coalesceWindow is how long a pause in typing must be to start a new undo step.
const coalesceWindow = 3 * time.Second

func (c *editClaim) Do(ctx context.Context) error {
	x := cloneClaim(c.after)
	if c.rev != 0 {
		x.Rev = c.rev
	}
	if err := c.store.UpdateClaim(ctx, x); err != nil {
		return err
	}
	c.rev, c.after.Rev = x.Rev, x.Rev
	// The store decides who checked and who reviewed the claim.
	c.after.CheckedBy, c.after.ReviewedBy = x.CheckedBy, x.ReviewedBy
	return nil
}
func (c *editClaim) Undo(ctx context.Context) error {
	x := cloneClaim(c.before)
	x.Rev = c.rev
	if err := c.store.UpdateClaim(ctx, x); err != nil {
		return err
	}
	c.rev, c.before.Rev = x.Rev, x.Rev
	c.before.CheckedBy, c.before.ReviewedBy = x.CheckedBy, x.ReviewedBy
	return nil
}
func (c *editClaim) Label() string          { return "Edit " + c.field }
func (c *editClaim) target() (int64, int64) { return c.before.ArticleID, c.before.ID }

func (c *editClaim) coalesce(next command) bool {
	n, ok := next.(*editClaim)
	if !ok || n.before.ID != c.before.ID || n.field != c.field || !typedField(c.field) {
		return false
	}
	if n.at.Sub(c.at) > coalesceWindow {
		return false
	}
	c.after, c.at, c.rev = n.after, n.at, n.rev
	return true
}

// typedField reports whether a field is typed into, and so worth coalescing.
func typedField(f string) bool {
	switch f {
	case "statement", "claimant", "assignee", "claim date", "rationale", "notes":
		return true
	}
	return false
}

// addSource links a new source; redo restores it with the same id.
type addSource struct {
	store     Store
	articleID int64
	source    annotate.Source
}

func (c *addSource) Do(ctx context.Context) error {
	if c.source.ID == 0 {
		return c.store.AddSource(ctx, &c.source)
	}
	s := c.source
	return c.store.RestoreSource(ctx, &s)
}
func (c *addSource) Undo(ctx context.Context) error { return c.store.DeleteSource(ctx, c.source.ID) }
func (c *addSource) Label() string                  { return "Add source" }
func (c *addSource) target() (int64, int64)         { return c.articleID, c.source.ClaimID }

// editSource changes a source's fields.
type editSource struct {
	store         Store
	articleID     int64
	before, after annotate.Source
	rev           int64 // as editClaim's
}

func (c *editSource) Do(ctx context.Context) error {
	s := c.after
	if c.rev != 0 {
		s.Rev = c.rev
	}
	if err := c.store.UpdateSource(ctx, &s); err != nil {
		return err
	}
	c.rev, c.after.Rev = s.Rev, s.Rev
	return nil
}
func (c *editSource) Undo(ctx context.Context) error {
	s := c.before
	s.Rev = c.rev
	if err := c.store.UpdateSource(ctx, &s); err != nil {
		return err
	}
	c.rev, c.before.Rev = s.Rev, s.Rev
	return nil
}
func (c *editSource) Label() string          { return "Edit source" }
func (c *editSource) target() (int64, int64) { return c.articleID, c.before.ClaimID }

// removeSource unlinks a source; undo restores it with its id.
type removeSource struct {
	store     Store
	articleID int64
	source    annotate.Source
}

func (c *removeSource) Do(ctx context.Context) error {
	return c.store.DeleteSource(ctx, c.source.ID)
}
func (c *removeSource) Undo(ctx context.Context) error {
	s := c.source
	return c.store.RestoreSource(ctx, &s)
}
func (c *removeSource) Label() string          { return "Remove source" }
func (c *removeSource) target() (int64, int64) { return c.articleID, c.source.ClaimID }

// linkClaims records that two claims are the same claim seen in two
// places, or with unlink takes that back; undo does the opposite.
type linkClaims struct {
	store          Store
	articleID      int64
	claimID, other int64
	unlink         bool
	created        annotate.ClaimLink // the link as stored, for undoing an unlink
}

func (c *linkClaims) apply(ctx context.Context, on bool) error {
	if on {
		if c.created.ClaimID != 0 {
			_, err := c.store.RestoreLink(ctx, c.created)
			return err
		}
		l, err := c.store.Link(ctx, c.claimID, c.other)
		c.created = l
		return err
	}
	l, err := c.store.Unlink(ctx, c.claimID, c.other)
	if err == nil && c.created.ClaimID == 0 {
		c.created = l
	}
	return err
}

func (c *linkClaims) Do(ctx context.Context) error   { return c.apply(ctx, !c.unlink) }
func (c *linkClaims) Undo(ctx context.Context) error { return c.apply(ctx, c.unlink) }
func (c *linkClaims) Label() string {
	if c.unlink {
		return "Unlink claims"
	}
	return "Link claims"
}
func (c *linkClaims) target() (int64, int64) { return c.articleID, c.claimID }
