package app

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/factdesk/factdesk/annotate"
)

// TestVerdictConflictPickOne has another desk's verdict arrive, set at the
// same time as this desk's: the editor shows both, the claim's row says
// they disagree, and one click keeps one with its rationale.
func TestVerdictConflictPickOne(t *testing.T) {
	f := newFixture(t)
	ids := markThree(t, f)
	v := f.ws.article
	v.selectClaim(ids[0], fromCode)
	e := v.editor
	e.rationale.SetText("The minutes record the vote as 7–2.")
	e.flush()
	e.setVerdict(annotate.VerdictTrue)
	f.ws.writes.wait()

	ctx := context.Background()
	hist, err := f.db.History(ctx, annotate.KindClaim, ids[0])
	if err != nil {
		t.Fatal(err)
	}
	// The same edit made on Bob's desk, with another verdict, as a sync
	// would bring it.
	theirs := hist[len(hist)-1]
	theirs.UUID = annotate.NewUUID()
	theirs.Author = annotate.Person{UUID: annotate.NewUUID(), Name: "Bob"}
	theirs.Seq = 1
	found := false
	for i, fc := range theirs.Fields {
		if fc.Field == "verdict" {
			theirs.Fields[i].New = string(annotate.VerdictFalse)
			found = true
		}
	}
	if !found {
		t.Fatalf("the last change of claim %d sets no verdict: %+v", ids[0], theirs)
	}
	if _, err := f.db.ApplyPulled(ctx, []annotate.Change{theirs}); err != nil {
		t.Fatal(err)
	}
	f.ws.teamPulled()

	c := v.claim(ids[0])
	if len(c.Conflict) != 2 {
		t.Fatalf("claim after the pull has %d verdicts in conflict, want 2: %+v", len(c.Conflict), c.Conflict)
	}
	if !e.conflict.root.Visible() {
		t.Fatal("the editor does not show the verdicts in conflict")
	}
	if meta := claimMeta(c); !strings.Contains(meta, "verdicts disagree") {
		t.Errorf("the claim's row reads %q, want it to say the verdicts disagree", meta)
	}
	var keepFalse *widget.Button
	for _, o := range e.conflict.choices.Objects {
		if b, ok := o.(*widget.Button); ok && strings.Contains(b.Text, "Bob") {
			keepFalse = b
		}
	}
	if keepFalse == nil || !strings.Contains(keepFalse.Text, annotate.VerdictFalse.Label()) {
		t.Fatalf("no button keeps Bob's verdict: %v", e.conflict.choices.Objects)
	}
	test.Tap(keepFalse)

	stored, err := f.db.Claim(ctx, ids[0])
	if err != nil {
		t.Fatal(err)
	}
	if stored.Verdict != annotate.VerdictFalse || len(stored.Conflict) != 0 {
		t.Errorf("stored claim after picking Bob's verdict: verdict %q, %d in conflict; want false and none", stored.Verdict, len(stored.Conflict))
	}
	if e.conflict.root.Visible() {
		t.Error("the conflict still shows after one verdict was picked")
	}
	if e.verdicts[annotate.VerdictFalse].button.Icon == nil {
		t.Error("the editor does not show the kept verdict as chosen")
	}
}
