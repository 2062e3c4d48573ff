package storage

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/factdesk/factdesk/annotate"
)

// UndoClaim undoes the latest change to the claim id's own fields (an edit,
// or an earlier undo, which it redoes), as a new change of op "undo" in the
// history, and returns that change. Each field must still hold the value the
// change gave it; if the claim was changed again since, nothing is written
// and the error is an ECONFLICT. A claim's creation is undone by deleting it.
func (db *DB) UndoClaim(ctx context.Context, id int64) (annotate.Change, error) {
	var made annotate.Change
	err := db.write(ctx, func(tx *sql.Tx) error {
		old, article, err := db.claimRow(ctx, tx, id)
		if err != nil {
			return err
		}
		changes, err := queryChanges(ctx, tx, `c.entity_uuid = ? AND c.op IN ('update', 'undo')`, old.UUID)
		if err != nil {
			return err
		}
		what := fmt.Sprintf("claim %d/%d", old.ArticleID, old.Number)
		if len(changes) == 0 {
			return annotate.Errorf(annotate.EINVALID, "%s has no recorded edit to undo", what)
		}
		last := changes[len(changes)-1]
		p := old
		p.Tags = append([]string(nil), old.Tags...)
		for _, f := range last.Fields {
			if f.Added != nil || f.Removed != nil {
				if err := undoSetChange(&p, f); err != nil {
					return annotate.Wrapf(err, annotate.ErrorCode(err), "%s%s", what, annotate.ErrorMessage(err))
				}
				continue
			}
			cur, ok := claimField(&old, f.Field)
			if !ok {
				return annotate.Errorf(annotate.EINVALID, "%s: the change %s touches %q, which undo cannot put back", what, last.UUID, f.Field)
			}
			if !annotate.SameFieldValue(cur, f.New) {
				return annotate.Errorf(annotate.ECONFLICT, "%s's %s was changed again since; nothing was undone", what, f.Field)
			}
			if err := setClaimField(&p, f.Field, f.Old); err != nil {
				return err
			}
		}
		if err := p.Validate(); err != nil {
			return err
		}
		wrote, err := db.updateClaimTx(ctx, tx, &old, article, &p, now(), annotate.OpUndo)
		if err != nil {
			return err
		}
		if !wrote {
			return annotate.Errorf(annotate.EINVALID, "%s is already as it was before its last edit", what)
		}
		recorded, err := queryChanges(ctx, tx, `c.seq = (SELECT max(seq) FROM changes WHERE entity_uuid = ?)`, old.UUID)
		if err != nil || len(recorded) == 0 {
			return err
		}
		made = recorded[0]
		return nil
	})
	return made, err
}

// undoSetChange takes back the members f added to the claim's tags and
// puts back those it removed, if the tags still show f.
func undoSetChange(c *annotate.Claim, f annotate.FieldChange) error {
	if f.Field != "tags" {
		return annotate.Errorf(annotate.EINVALID, ": undo cannot put back the set %q", f.Field)
	}
	for _, t := range f.Added {
		if !slices.Contains(c.Tags, t) {
			return annotate.Errorf(annotate.ECONFLICT, "'s tag %q was taken off again since; nothing was undone", t)
		}
	}
	for _, t := range f.Removed {
		if slices.Contains(c.Tags, t) {
			return annotate.Errorf(annotate.ECONFLICT, "'s tag %q was put back since; nothing was undone", t)
		}
	}
	tags := []string{}
	for _, t := range c.Tags {
		if !slices.Contains(f.Added, t) {
			tags = append(tags, t)
		}
	}
	c.Tags = append(tags, f.Removed...)
	return nil
}

// claimField is the recorded field name of c, as annotate.ClaimFields names it.
func claimField(c *annotate.Claim, name string) (any, bool) {
	for _, f := range annotate.ClaimFields(c) {
		if f.Name == name {
			return f.Value, true
		}
	}
	return nil, false
}

// setClaimField sets the recorded field name of c to v, a value as the
// history reads it back; nil is the field's zero value.
func setClaimField(c *annotate.Claim, name string, v any) error {
	str := func() string { s, _ := v.(string); return s }
	num := func() int {
		switch x := v.(type) {
		case int64:
			return int(x)
		case float64:
			return int(x)
		}
		return 0
	}
	switch name {
	case "start":
		c.Start = num()
	case "end":
		c.End = num()
	case "exact":
		c.Exact = str()
	case "prefix":
		c.Prefix = str()
	case "suffix":
		c.Suffix = str()
	case "anchor_method":
		c.AnchorBy = annotate.AnchorMethod(str())
	case "anchor_score":
		switch x := v.(type) {
		case int64:
			c.AnchorScore = float64(x)
		case float64:
			c.AnchorScore = x
		default:
			c.AnchorScore = 0
		}
	case "statement":
		c.Statement = str()
	case "claimant":
		c.Claimant = str()
	case "claim_date":
		c.ClaimDate = str()
	case "tags":
		tags, _ := v.([]string)
		c.Tags = append([]string{}, tags...)
	case "status":
		c.Status = annotate.Status(str())
	case "verdict":
		c.Verdict = annotate.Verdict(str())
	case "rationale":
		c.Rationale = str()
	case "notes":
		c.Notes = str()
	case "assignee":
		c.Assignee = str()
	case "checked_by":
		c.CheckedBy = str()
	case "reviewed_by":
		c.ReviewedBy = str()
	default:
		return annotate.Errorf(annotate.EINVALID, "undo cannot put back the claim's %q", name)
	}
	return nil
}
