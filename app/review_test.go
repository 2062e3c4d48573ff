package app

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/factdesk/factdesk/annotate"
)

// TestReviewSignOff follows a verdict from its checker to a second person:
// the checker cannot sign it off, the reviewer can with one click, the
// filters find the claim for each, and a new rationale voids the sign-off.
func TestReviewSignOff(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	ids := markThree(t, f)
	v := f.ws.article
	e := v.editor
	if err := f.db.SetAuthorName(ctx, "Ana"); err != nil {
		t.Fatal(err)
	}
	v.selectClaim(ids[0], fromCode)
	e.assignee.SetText("Bea")
	e.flush()
	e.rationale.SetText("The minutes record the vote as 7–2.")
	e.flush()
	e.setVerdict(annotate.VerdictFalse)
	f.ws.writes.wait()

	if !e.review.root.Visible() || e.review.action.Visible() || !strings.Contains(e.review.text.Text, "Checked by you") {
		t.Fatalf("the checker sees %q (button shown: %v); want her own check, and no sign-off button", e.review.text.Text, e.review.action.Visible())
	}
	p := v.panel
	p.people.SetSelected(waitingForMe)
	if len(p.visible) != 0 {
		t.Errorf("Ana's own verdict is listed as waiting for her review")
	}

	// The same desk, now Bea's.
	if err := f.db.SetAuthorName(ctx, "Bea"); err != nil {
		t.Fatal(err)
	}
	p.people.SetSelected(allPeople)
	p.people.SetSelected(waitingForMe)
	if len(p.visible) != 1 || p.visible[0].ID != ids[0] {
		t.Fatalf("waiting for Bea's review: %d claims, want claim %d only", len(p.visible), ids[0])
	}
	p.people.SetSelected(assignedToMe)
	if len(p.visible) != 1 || p.visible[0].ID != ids[0] {
		t.Fatalf("assigned to Bea: %d claims, want claim %d only", len(p.visible), ids[0])
	}
	p.people.SetSelected(allPeople)
	v.selectClaim(ids[1], fromCode)
	v.selectClaim(ids[0], fromCode)
	if !e.review.action.Visible() || e.review.action.Text != "Sign off as reviewer" || !strings.Contains(e.review.text.Text, "Checked by Ana") {
		t.Fatalf("Bea sees %q with button %q (shown: %v); want Ana's check and a sign-off button", e.review.text.Text, e.review.action.Text, e.review.action.Visible())
	}
	test.Tap(e.review.action)
	f.ws.writes.wait()
	stored, err := f.db.Claim(ctx, ids[0])
	if err != nil {
		t.Fatal(err)
	}
	if stored.ReviewedBy != "Bea" || stored.CheckedBy != "Ana" || stored.Assignee != "Bea" {
		t.Fatalf("stored after Bea's sign-off: reviewed by %q, checked by %q, assigned to %q", stored.ReviewedBy, stored.CheckedBy, stored.Assignee)
	}
	if !strings.Contains(e.review.text.Text, "signed off by you") || e.review.action.Text != "Withdraw sign-off" {
		t.Errorf("after the sign-off the editor reads %q, button %q", e.review.text.Text, e.review.action.Text)
	}
	if meta := claimMeta(stored); !strings.Contains(meta, "reviewed") || !strings.Contains(meta, "for Bea") {
		t.Errorf("the claim's row reads %q, want it reviewed and for Bea", meta)
	}

	e.rationale.SetText("The minutes record the vote as 7–2; the mayor voted no.")
	e.flush()
	f.ws.writes.wait()
	if stored, _ = f.db.Claim(ctx, ids[0]); stored.ReviewedBy != "" || stored.CheckedBy != "Bea" {
		t.Errorf("a new rationale should void the sign-off: reviewed by %q, checked by %q", stored.ReviewedBy, stored.CheckedBy)
	}
	if e.review.action.Visible() {
		t.Errorf("Bea's own new check offers her a sign-off: %q", e.review.text.Text)
	}
}
