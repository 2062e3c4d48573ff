package storage

import (
	"context"
	"fmt"
	"testing"

	"github.com/factdesk/factdesk/annotate"
)

// TestConflictWhateverTheOrder: three people set verdicts on one claim at
// once, and one changes her mind after seeing another's; libraries that
// receive these changes one by one in every possible order end with the
// same verdicts in conflict.
func TestConflictWhateverTheOrder(t *testing.T) {
	ctx := context.Background()
	ana := openTemp(t)
	a := newArticle(t, ana, "Rents", "The city raised rents by 40 percent in 2024, the mayor said.")
	c := newClaim(t, ana, a, "raised rents by 40 percent")
	base, err := ana.ChangesSince(ctx, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	desk := func(name string) *DB {
		db := openTemp(t)
		if err := db.SetAuthorName(ctx, name); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ApplyChanges(ctx, base); err != nil {
			t.Fatal(err)
		}
		return db
	}
	if err := ana.SetAuthorName(ctx, "Ana"); err != nil {
		t.Fatal(err)
	}
	bea, cai := desk("Bea"), desk("Cai")
	setVerdict := func(db *DB, v annotate.Verdict) []annotate.Change {
		t.Helper()
		from, err := db.LastSeq(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got := claimByUUID(t, db, c.UUID)
		if err := got.SetVerdict(v); err != nil {
			t.Fatal(err)
		}
		got.Rationale = "as " + string(v)
		if err := db.UpdateClaim(ctx, got); err != nil {
			t.Fatal(err)
		}
		made, err := db.ChangesSince(ctx, from, 10)
		if err != nil {
			t.Fatal(err)
		}
		return made
	}
	var changes []annotate.Change
	changes = append(changes, setVerdict(ana, annotate.VerdictTrue)...)
	changes = append(changes, setVerdict(bea, annotate.VerdictFalse)...)
	// Cai has seen Ana's verdict before setting hers.
	if _, err := cai.ApplyChanges(ctx, changes[:1]); err != nil {
		t.Fatal(err)
	}
	changes = append(changes, setVerdict(cai, annotate.VerdictMixed)...)
	changes = append(changes, setVerdict(cai, annotate.VerdictMisleading)...)
	if len(changes) != 4 {
		t.Fatalf("%d changes made, want 4", len(changes))
	}

	var want string
	for _, order := range permutations(len(changes)) {
		db := openTemp(t)
		if _, err := db.ApplyChanges(ctx, base); err != nil {
			t.Fatal(err)
		}
		for _, i := range order {
			if _, err := db.ApplyChanges(ctx, changes[i:i+1]); err != nil {
				t.Fatal(err)
			}
		}
		got := claimByUUID(t, db, c.UUID)
		shown := fmt.Sprintf("verdict %s, conflict %+v", got.Verdict, got.Conflict)
		if want == "" {
			want = shown
			if len(got.Conflict) < 2 {
				t.Fatalf("order %v: %s, want verdicts in conflict", order, shown)
			}
		} else if shown != want {
			t.Fatalf("order %v ends with %s\nwhere the first order ends with %s", order, shown, want)
		}
		db.Close()
	}
}

// permutations lists every order of 0..n-1.
func permutations(n int) [][]int {
	if n == 0 {
		return [][]int{{}}
	}
	var out [][]int
	for _, p := range permutations(n - 1) {
		for i := 0; i <= len(p); i++ {
			q := append(append(append([]int{}, p[:i]...), n-1), p[i:]...)
			out = append(out, q)
		}
	}
	return out
}

func claimByUUID(t *testing.T, db *DB, uuid string) *annotate.Claim {
	t.Helper()
	claims, err := db.Claims(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range claims {
		if c.UUID == uuid {
			return c
		}
	}
	t.Fatalf("no claim %s", uuid)
	return nil
}
