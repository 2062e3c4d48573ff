package annotate

import (
	"reflect"
	"testing"
)

func TestChangedClaimFieldsRecordTheWholeAnchor(t *testing.T) {
	text := "The council said rents rose by ten percent last year."
	a, err := Describe(text, 17, 27)
	if err != nil {
		t.Fatal(err)
	}
	old := &Claim{Anchor: a, AnchorBy: AnchorMarked, AnchorScore: 1, Notes: "call the council"}

	notes := *old
	notes.Notes = "called"
	if got, want := ChangedClaimFields(old, &notes), []FieldChange{{Field: "notes", Old: "call the council", New: "called"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("notes edit = %+v, want %+v", got, want)
	}

	// Only the end moves; the start, the prefix and the rest are recorded
	// with it, as they are.
	longer := *old
	if longer.Anchor, err = Describe(text, 17, 42); err != nil {
		t.Fatal(err)
	}
	longer.Notes = "called"
	got := ChangedClaimFields(old, &longer)
	var names []string
	for _, f := range got {
		names = append(names, f.Field)
	}
	if want := []string{"start", "end", "exact", "prefix", "suffix", "anchor_method", "anchor_score", "notes"}; !reflect.DeepEqual(names, want) {
		t.Fatalf("fields = %v, want %v", names, want)
	}
	for _, f := range got {
		switch f.Field {
		case "start":
			if f.Old != int64(17) || f.New != int64(17) {
				t.Errorf("start = %v → %v, want 17 → 17", f.Old, f.New)
			}
		case "end":
			if f.Old != int64(27) || f.New != int64(42) {
				t.Errorf("end = %v → %v, want 27 → 42", f.Old, f.New)
			}
		case "anchor_method":
			if f.New != string(AnchorMarked) {
				t.Errorf("anchor_method = %v, want %s", f.New, AnchorMarked)
			}
		}
	}
}
