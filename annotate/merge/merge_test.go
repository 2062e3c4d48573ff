package merge

import (
	"reflect"
	"testing"

	"github.com/factdesk/factdesk/annotate"
)

func change(uuid string, ms int64, author, op string, fields ...annotate.FieldChange) annotate.Change {
	return annotate.Change{UUID: uuid, HLC: annotate.MakeHLC(ms, 0), Author: annotate.Person{UUID: author}, Kind: annotate.KindClaim,
		EntityUUID: "c1", Op: op, Fields: fields}
}

func set(field string, old, new any) annotate.FieldChange {
	return annotate.FieldChange{Field: field, Old: old, New: new}
}

func TestLastWriterPerField(t *testing.T) {
	created := change("a", 1, "ann", annotate.OpCreate, set("notes", nil, "x"), set("status", nil, "unchecked"))
	later := change("b", 3, "ben", annotate.OpUpdate, set("notes", "x", "later"))
	earlier := change("c", 2, "cho", annotate.OpUpdate, set("notes", "x", "earlier"), set("status", "unchecked", "in-progress"))

	// The earlier edit arrives after the later one: only its other field applies.
	d := Decide(earlier, StateOf([]annotate.Change{created, later}, true))
	if want := map[string]any{"status": "in-progress"}; !reflect.DeepEqual(d.Set, want) {
		t.Errorf("Set = %v, want %v", d.Set, want)
	}
	// The later edit arriving after the earlier one applies.
	d = Decide(later, StateOf([]annotate.Change{created, earlier}, true))
	if want := map[string]any{"notes": "later"}; !reflect.DeepEqual(d.Set, want) {
		t.Errorf("Set = %v, want %v", d.Set, want)
	}
	// Two changes at the same instant are ordered by UUID.
	same := change("z", 3, "cho", annotate.OpUpdate, set("notes", "x", "same time"))
	if d := Decide(same, StateOf([]annotate.Change{created, later}, true)); d.Set["notes"] != "same time" {
		t.Errorf("a tie did not go to the larger UUID: Set = %v", d.Set)
	}
}

func TestTagsMergeAsSets(t *testing.T) {
	created := change("a", 1, "ann", annotate.OpCreate, annotate.FieldChange{Field: "tags", New: []string{"economy"}})
	addHousing := change("b", 2, "ben", annotate.OpUpdate, annotate.FieldChange{Field: "tags", Added: []string{"housing"}})
	dropEconomy := change("c", 3, "cho", annotate.OpUpdate, annotate.FieldChange{Field: "tags", Removed: []string{"economy"}})

	st := StateOf([]annotate.Change{created, addHousing}, true)
	st.Tags = []string{"economy", "housing"}
	d := Decide(dropEconomy, st)
	if !d.TagsChanged || !reflect.DeepEqual(d.Tags, []string{"housing"}) {
		t.Errorf("Tags = %v (changed %v), want [housing]", d.Tags, d.TagsChanged)
	}
	// A removal older than the add of the same tag does not take it off.
	readd := change("d", 4, "ann", annotate.OpUpdate, annotate.FieldChange{Field: "tags", Added: []string{"economy"}})
	st = StateOf([]annotate.Change{created, readd}, true)
	st.Tags = []string{"economy"}
	if d := Decide(dropEconomy, st); d.TagsChanged {
		t.Errorf("an older removal took the tag off: %v", d.Tags)
	}
	// A whole list before and after counts as its difference.
	list := change("e", 5, "ben", annotate.OpUpdate, set("tags", []string{"economy"}, []string{"crime", "economy"}))
	st = StateOf([]annotate.Change{created}, true)
	st.Tags = []string{"economy", "housing"}
	if d := Decide(list, st); !reflect.DeepEqual(d.Tags, []string{"economy", "housing", "crime"}) {
		t.Errorf("Tags = %v, want [economy housing crime]", d.Tags)
	}
}

func TestDeleteWins(t *testing.T) {
	created := change("a", 1, "ann", annotate.OpCreate, set("notes", nil, "x"))
	deleted := change("b", 2, "ben", annotate.OpDelete, set("notes", "x", nil))
	edit := change("c", 3, "cho", annotate.OpUpdate, set("notes", "x", "y"))
	if d := Decide(edit, StateOf([]annotate.Change{created, deleted}, false)); !d.Empty() {
		t.Errorf("an edit of a deleted claim decided %+v, want nothing", d)
	}
	if d := Decide(deleted, StateOf([]annotate.Change{created, edit}, true)); !d.Delete {
		t.Errorf("a delete after an edit decided %+v, want delete", d)
	}
	// The create of a thing already deleted here leaves it deleted.
	if d := Decide(created, StateOf([]annotate.Change{deleted}, false)); !d.Empty() {
		t.Errorf("a create older than the delete decided %+v, want nothing", d)
	}
	if d := Decide(created, StateOf(nil, false)); !d.Create || d.Set["notes"] != "x" {
		t.Errorf("a create decided %+v, want create with notes", d)
	}
}

func TestVerdictConflict(t *testing.T) {
	created := change("a", 1, "ann", annotate.OpCreate, set("status", nil, "unchecked"))
	annSays := change("b", 2, "ann", annotate.OpUpdate, set("verdict", nil, "false"), set("rationale", nil, "4%"))
	benSays := change("c", 3, "ben", annotate.OpUpdate, set("verdict", nil, "true"), set("rationale", nil, "10%"))

	st := StateOf([]annotate.Change{created, annSays}, true)
	st.Verdict, st.Rationale = "false", "4%"
	d := Decide(benSays, st)
	if len(d.Conflict) != 2 || d.Conflict[0].Verdict != "false" || d.Conflict[1].Verdict != "true" || d.Conflict[1].Rationale != "10%" {
		t.Fatalf("Conflict = %+v, want ann's false then ben's true", d.Conflict)
	}
	// The same person changing their mind is no conflict.
	annAgain := change("d", 3, "ann", annotate.OpUpdate, set("verdict", nil, "true"))
	if d := Decide(annAgain, st); d.Conflict != nil {
		t.Errorf("one person's two verdicts made a conflict: %+v", d.Conflict)
	}
	// A change from the verdict here is a plain edit.
	benEdits := change("e", 4, "ben", annotate.OpUpdate, set("verdict", "false", "mixed"))
	if d := Decide(benEdits, st); d.Conflict != nil || d.Set["verdict"] != "mixed" {
		t.Errorf("an edit of the verdict here decided %+v", d)
	}
	resolve := change("f", 5, "ben", annotate.OpUpdate, annotate.FieldChange{Field: annotate.ConflictField, Old: int64(2)})
	if d := Decide(resolve, st); !d.Resolve {
		t.Errorf("a resolving change decided %+v, want Resolve", d)
	}
}

func TestValue(t *testing.T) {
	for _, tc := range []struct {
		t    Type
		in   any
		want any
	}{
		{Int, int64(3), int64(3)}, {Int, nil, int64(0)}, {Int, float64(2), int64(2)},
		{Real, int64(1), float64(1)}, {Real, nil, float64(0)},
		{Text, "x", "x"}, {Text, nil, ""}, {Time, nil, ""},
	} {
		if got := Value(tc.t, tc.in); got != tc.want {
			t.Errorf("Value(%v, %v) = %v, want %v", tc.t, tc.in, got, tc.want)
		}
	}
}

func TestConflictChoices(t *testing.T) {
	ann := annotate.Person{UUID: "ann"}
	ben := annotate.Person{UUID: "ben"}
	had := []annotate.VerdictChoice{{Verdict: "false", Author: ann, Time: annotate.MakeHLC(1, 0).Time()}, {Verdict: "true", Author: ben, Time: annotate.MakeHLC(2, 0).Time()}}
	// Ben changes his mind: his choice is replaced.
	got, ok := ConflictChoices(had, Decision{Verdict: &annotate.VerdictChoice{Verdict: "mixed", Author: ben, Time: annotate.MakeHLC(3, 0).Time()}})
	if !ok || len(got) != 2 || got[1].Verdict != "mixed" {
		t.Errorf("choices = %+v (%v), want ann's false and ben's mixed", got, ok)
	}
	// Someone not in the conflict setting a verdict changes nothing here.
	if _, ok := ConflictChoices(had, Decision{Verdict: &annotate.VerdictChoice{Verdict: "mixed", Author: annotate.Person{UUID: "cho"}}}); ok {
		t.Error("a verdict by someone outside the conflict changed its choices")
	}
	// Nothing in conflict: nothing to do.
	if _, ok := ConflictChoices(nil, Decision{Verdict: &annotate.VerdictChoice{Verdict: "mixed", Author: ben}}); ok {
		t.Error("a verdict on a claim not in conflict made choices")
	}
}

func TestRationaleOf(t *testing.T) {
	history := []annotate.Change{
		change("a", 1, "ann", annotate.OpUpdate, set("rationale", nil, "first")),
		change("b", 2, "ben", annotate.OpUpdate, set("rationale", "first", "ben's")),
		change("c", 3, "ann", annotate.OpUpdate, set("verdict", nil, "false")),
		change("d", 4, "ann", annotate.OpUpdate, set("rationale", "ben's", "later")),
	}
	if got := RationaleOf(history, "ann", ClockOf(history[2])); got != "first" {
		t.Errorf("ann's rationale as of her verdict = %q, want first", got)
	}
	if got := RationaleOf(history, "ann", ClockOf(history[3])); got != "later" {
		t.Errorf("ann's latest rationale = %q, want later", got)
	}
}

func TestSharedSetting(t *testing.T) {
	for key, want := range map[string]bool{"org.name": true, "methodology": true, "user.name": false, "user.team.url": false, "": false} {
		ch := annotate.Change{Kind: annotate.KindSetting, EntityKey: key, Op: annotate.OpUpdate}
		if got := SharedSetting(ch); got != want {
			t.Errorf("SharedSetting(%q) = %v, want %v", key, got, want)
		}
	}
}

func TestRestoredClaim(t *testing.T) {
	created := change("a", 1, "ann", annotate.OpCreate, set("notes", nil, "x"), annotate.FieldChange{Field: "tags", New: []string{"crime"}})
	deleted := change("b", 2, "ann", annotate.OpDelete, set("notes", "x", nil))
	restored := change("c", 3, "ann", annotate.OpCreate, set("notes", nil, "x"), annotate.FieldChange{Field: "tags", New: []string{"crime"}})
	laterEdit := change("d", 4, "ben", annotate.OpUpdate, set("notes", "x", "ben's"), annotate.FieldChange{Field: "tags", Added: []string{"health"}})
	history := []annotate.Change{created, deleted, laterEdit, restored}

	// The restore arrives after an edit made after it: the edit stays.
	d := Recreate(Decide(restored, StateOf(history[:3], false)), history)
	if !d.Create || d.Set["notes"] != "ben's" || !reflect.DeepEqual(d.Tags, []string{"crime", "health"}) {
		t.Errorf("Recreate = %+v, want notes ben's and tags crime, health", d)
	}
	// A source made before the claim's delete went with it; one made
	// after survives the restore.
	claim := StateOf(history, true)
	before := change("s1", 1, "ben", annotate.OpCreate, set("url", nil, "https://a.example"))
	after := change("s2", 5, "ben", annotate.OpCreate, set("url", nil, "https://b.example"))
	if !Orphaned(ClockOf(before), claim) || Orphaned(ClockOf(after), claim) {
		t.Error("Orphaned: want the source made before the delete orphaned, the one after not")
	}
	if Survives([]annotate.Change{before}, claim) || !Survives([]annotate.Change{after}, claim) {
		t.Error("Survives: want only the source made after the delete to survive")
	}
}
