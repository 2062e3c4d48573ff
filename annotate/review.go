package annotate

// A verdict is published once a second person has signed it off: the
// two-person rule of fact-checking desks. The rules below are applied by
// every store when a claim is updated, so that each library keeps them
// alike whichever desk made the change.

// ApplyReview fixes c, the claim about to be stored over old, by the rules
// of review, with me the person making the change:
//   - a new verdict or rationale is me's check: CheckedBy becomes me (or ""
//     with no verdict) and a sign-off is voided;
//   - CheckedBy changes no other way;
//   - a sign-off is made by the person signing, on a verdict, and not by
//     the person who checked it.
//
// Withdrawing a sign-off (ReviewedBy set to "") is open to anyone.
func ApplyReview(old, c *Claim, me string) error {
	if c.Verdict != old.Verdict || c.Rationale != old.Rationale {
		c.CheckedBy, c.ReviewedBy = me, ""
		if c.Verdict == VerdictNone {
			c.CheckedBy = ""
		}
		return nil
	}
	c.CheckedBy = old.CheckedBy
	if c.ReviewedBy == old.ReviewedBy || c.ReviewedBy == "" {
		return nil
	}
	switch {
	case c.ReviewedBy != me:
		return Errorf(EINVALID, "a sign-off is recorded as the person who makes it: %s, not %s", me, c.ReviewedBy)
	case c.Verdict == VerdictNone:
		return Errorf(EINVALID, "the claim has no verdict to sign off")
	case c.CheckedBy == me:
		return Errorf(EINVALID, "%s set this verdict; a second person must review it", me)
	}
	return nil
}

// AssignedTo reports whether the claim is given to the person named me.
func (c *Claim) AssignedTo(me string) bool {
	return me != "" && c.Assignee == me
}

// WaitsForReviewBy reports whether the claim waits for a review that the
// person named me can give: its verdicts are in conflict, or it has a
// verdict someone else checked and no one has signed off.
func (c *Claim) WaitsForReviewBy(me string) bool {
	if len(c.Conflict) > 0 {
		return true
	}
	return c.Verdict != VerdictNone && c.ReviewedBy == "" && c.CheckedBy != me
}
