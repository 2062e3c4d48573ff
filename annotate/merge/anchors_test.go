package merge

import (
	"strings"
	"testing"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/anchor"
)

// anchorChange is the change that gives claim c1 the anchor of c, at ms,
// recorded whole as annotate.ChangedClaimFields records a moved anchor.
func anchorChange(uuid string, ms int64, op string, old, c *annotate.Claim) annotate.Change {
	if op == annotate.OpCreate {
		return change(uuid, ms, "ann", op, annotate.CreatedFields(annotate.ClaimFields(c))...)
	}
	return change(uuid, ms, "ann", op, annotate.ChangedClaimFields(old, c)...)
}

func TestAnchorsPlaceTheLastAnchorOnTheCurrentText(t *testing.T) {
	base := "The council said rents rose by ten percent last year."
	marked, err := annotate.Describe(base, strings.Index(base, "rents rose"), strings.Index(base, "rents rose")+len("rents rose"))
	if err != nil {
		t.Fatal(err)
	}
	c0 := annotate.Claim{UUID: "c1", Anchor: marked, AnchorBy: annotate.AnchorMarked, AnchorScore: 1}
	// Two desks store a version at once, each placing the claim on its
	// own text. Ben's text is current; Ann's anchor is the later one.
	annText := "Wages stayed flat. " + base
	benText := base + "\n\nThe mayor promised new homes.\n\nIn March the council said rents rose by ten percent."
	benText = "Homes are scarce, and the mayor knows it. " + benText
	onAnn, onBen := c0, c0
	anchor.Reanchor(annText, []*annotate.Claim{&onAnn})
	anchor.Reanchor(benText, []*annotate.Claim{&onBen})
	create := anchorChange("a", 1, annotate.OpCreate, nil, &c0)
	byBen := anchorChange("b", 2, annotate.OpUpdate, &c0, &onBen)
	byAnn := anchorChange("c", 3, annotate.OpUpdate, &c0, &onAnn)
	history := map[string][]annotate.Change{"c1": {create, byBen, byAnn}}
	if anchor.Holds([]rune(benText), onAnn.Anchor) {
		t.Fatalf("Ann's anchor %+v holds on Ben's text: the test shows nothing", onAnn.Anchor)
	}

	// Whatever a library stores now, Ann's anchor as the changes left it
	// or one placed before, it ends with the same anchor, on the quote.
	var want *annotate.Claim
	for _, stored := range []annotate.Claim{onAnn, onBen, c0} {
		got := Anchors(benText, []annotate.Claim{stored}, history)
		placed := stored
		if len(got) == 1 {
			placed = got[0]
		} else if len(got) > 1 {
			t.Fatalf("Anchors returned %d claims for one", len(got))
		}
		if !anchor.Holds([]rune(benText), placed.Anchor) || placed.AnchorBy == annotate.AnchorOrphan {
			t.Errorf("stored %+v: placed at %+v (%s), which does not quote the current text", stored.Anchor, placed.Anchor, placed.AnchorBy)
		}
		if want == nil {
			want = &placed
			continue
		}
		if placed.Anchor != want.Anchor || placed.AnchorBy != want.AnchorBy || placed.AnchorScore != want.AnchorScore {
			t.Errorf("stored %+v: placed at %+v (%s %v), want %+v (%s %v) as from the other stored anchor",
				stored.Anchor, placed.Anchor, placed.AnchorBy, placed.AnchorScore, want.Anchor, want.AnchorBy, want.AnchorScore)
		}
	}
	// The claim's own words come first: not the later restatement.
	if got, at := want.Start, strings.Index(benText, "rents rose"); got != at {
		t.Errorf("Start = %d, want %d, the first place of the quote", got, at)
	}

	// A claim whose last anchor holds on the text is left as it is, even
	// where another anchor is stored.
	onlyBen := map[string][]annotate.Change{"c1": {create, byAnn, anchorChange("d", 4, annotate.OpUpdate, &onAnn, &onBen)}}
	got := Anchors(benText, []annotate.Claim{onBen}, onlyBen)
	if len(got) != 0 {
		t.Errorf("Anchors changed a claim whose anchor holds: %+v", got)
	}
	got = Anchors(benText, []annotate.Claim{onAnn}, onlyBen)
	if len(got) != 1 || got[0].Anchor != onBen.Anchor || got[0].AnchorBy != onBen.AnchorBy {
		t.Errorf("Anchors = %+v, want the last recorded anchor %+v (%s)", got, onBen.Anchor, onBen.AnchorBy)
	}
}

func TestAnchorsLeaveTheStatus(t *testing.T) {
	text := "The council said rents rose by ten percent last year."
	a, err := annotate.Describe(text, 4, 11)
	if err != nil {
		t.Fatal(err)
	}
	c := annotate.Claim{UUID: "c1", Anchor: a, AnchorBy: annotate.AnchorMarked, AnchorScore: 1, Status: annotate.StatusInProgress}
	history := map[string][]annotate.Change{"c1": {anchorChange("a", 1, annotate.OpCreate, nil, &c)}}
	other := "Nothing of the kind was said here at all, by anyone."
	got := Anchors(other, []annotate.Claim{c}, history)
	if len(got) != 1 || got[0].AnchorBy != annotate.AnchorOrphan {
		t.Fatalf("Anchors = %+v, want the claim an orphan", got)
	}
	if got[0].Status != annotate.StatusInProgress || got[0].Anchor != a {
		t.Errorf("orphan = %+v, want status %s and the anchor kept", got[0], annotate.StatusInProgress)
	}
	// Placed again on the same text, an orphan stays as it is.
	history["c1"] = append(history["c1"], anchorChange("b", 2, annotate.OpUpdate, &c, &got[0]))
	if again := Anchors(other, got, history); len(again) != 0 {
		t.Errorf("an orphan placed again changed: %+v", again)
	}
}

func TestMovesAnchors(t *testing.T) {
	for _, tc := range []struct {
		ch   annotate.Change
		want bool
	}{
		{change("a", 1, "ann", annotate.OpUpdate, set("notes", "", "x")), false},
		{change("b", 1, "ann", annotate.OpUpdate, set("end", int64(4), int64(9))), true},
		{change("c", 1, "ann", annotate.OpCreate), true},
		{change("d", 1, "ann", annotate.OpDelete), false},
		{annotate.Change{Kind: annotate.KindVersion, Op: annotate.OpUpdate, Fields: []annotate.FieldChange{set("number", int64(2), int64(3))}}, true},
		{annotate.Change{Kind: annotate.KindSource, Op: annotate.OpCreate}, false},
	} {
		if got := MovesAnchors(tc.ch); got != tc.want {
			t.Errorf("MovesAnchors(%s %s %v) = %v, want %v", tc.ch.Op, tc.ch.Kind, tc.ch.Fields, got, tc.want)
		}
	}
}
