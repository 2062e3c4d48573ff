package team

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/storage"
	"github.com/jackc/pgx/v5"
)

// addArticle stores a short article with one claim on the desk.
func addArticle(t testing.TB, db *storage.DB) (*annotate.Article, *annotate.Claim) {
	t.Helper()
	ctx := context.Background()
	a := &annotate.Article{Title: "Rents", Text: "The council said rents rose by ten percent last year."}
	if err := db.CreateArticle(ctx, a, nil); err != nil {
		t.Fatal(err)
	}
	c, err := annotate.NewClaim(a, 4, 30)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.CreateClaim(ctx, c); err != nil {
		t.Fatal(err)
	}
	return a, c
}

// claimByUUID finds the claim uuid in the store.
func claimByUUID(t testing.TB, s annotate.Store, uuid string) *annotate.Claim {
	t.Helper()
	ctx := context.Background()
	list, err := s.Articles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range list {
		claims, err := s.Claims(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range claims {
			if c.UUID == uuid {
				return c
			}
		}
	}
	t.Fatalf("no claim %s", uuid)
	return nil
}

// roleURL is the address url as the database role name, made if new: each
// person of a team connects as their own role.
func roleURL(t testing.TB, url, name string) string {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE ROLE "+name+" LOGIN SUPERUSER"); err != nil && !strings.Contains(err.Error(), "already exists") {
		t.Fatal(err)
	}
	return strings.Replace(url, "postgres@", name+"@", 1)
}

// TestOfflineDesk has a desk make 1,000 changes offline and then sync.
func TestOfflineDesk(t *testing.T) {
	ctx := context.Background()
	server, url := newTeam(t)
	a, b := newDesk(t, "a"), newDesk(t, "b")
	for _, d := range []*storage.DB{a, b} {
		if _, err := Join(ctx, d, url, ""); err != nil {
			t.Fatal(err)
		}
	}
	_, c := addArticle(t, a)
	mustSync(t, a, server)
	mustSync(t, b, server)
	made := 0
	for made < 1000 {
		c.Notes = strings.Repeat("n", made%7+1)
		if err := a.UpdateClaim(ctx, c); err != nil {
			t.Fatal(err)
		}
		made++
		if made%100 == 0 {
			if err := a.AddSource(ctx, &annotate.Source{ClaimID: c.ID, URL: "https://example.org/" + strings.Repeat("x", made/100)}); err != nil {
				t.Fatal(err)
			}
			made++
		}
	}
	st, err := Status(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	if st.Waiting < 1000 {
		t.Errorf("waiting = %d, want at least 1000", st.Waiting)
	}
	start := time.Now()
	res := mustSync(t, a, server)
	t.Logf("pushed %d changes in %v", res.Pushed, time.Since(start))
	if res.Pushed != made {
		t.Errorf("pushed %d, want %d", res.Pushed, made)
	}
	start = time.Now()
	res = mustSync(t, b, server)
	t.Logf("pulled %d changes in %v", res.Pulled, time.Since(start))
	if res.Pulled != made {
		t.Errorf("pulled %d, want %d", res.Pulled, made)
	}
	assertSame(t, map[string]annotate.Store{"a": a, "b": b, "server": server})
}

// TestPushIdempotent pushes the same batch twice, and pulls it back onto
// the desk that made it: nothing is duplicated.
func TestPushIdempotent(t *testing.T) {
	ctx := context.Background()
	server, _ := newTeam(t)
	desk := newDesk(t, "a")
	addArticle(t, desk)
	batch, err := desk.ChangesSince(ctx, 0, Batch)
	if err != nil {
		t.Fatal(err)
	}
	n1, err := server.ApplyChanges(ctx, batch)
	if err != nil {
		t.Fatal(err)
	}
	n2, err := server.ApplyChanges(ctx, batch)
	if err != nil {
		t.Fatal(err)
	}
	if n1 != len(batch) || n2 != 0 {
		t.Errorf("applied %d then %d of %d, want all then none", n1, n2, len(batch))
	}
	last, err := server.LastSeq(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if last != int64(len(batch)) {
		t.Errorf("server log holds %d changes, want %d", last, len(batch))
	}
	pulled, err := server.ChangesSince(ctx, 0, Batch)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := desk.ApplyPulled(ctx, pulled); err != nil || n != 0 {
		t.Errorf("pulling its own changes back applied %d (%v), want 0", n, err)
	}
	if got, _ := desk.LastSeq(ctx); got != int64(len(batch)) {
		t.Errorf("desk log holds %d changes, want %d", got, len(batch))
	}
	assertSame(t, map[string]annotate.Store{"desk": desk, "server": server})
}

// TestVerdictConflict has two people set different verdicts on one claim
// at once: both desks and the server show the conflict, and picking one
// clears it everywhere.
func TestVerdictConflict(t *testing.T) {
	ctx := context.Background()
	server, url := newTeam(t)
	alice, bob := newDesk(t, "alice"), newDesk(t, "bob")
	if _, err := Join(ctx, alice, roleURL(t, url, "alice"), "Alice"); err != nil {
		t.Fatal(err)
	}
	if _, err := Join(ctx, bob, roleURL(t, url, "bob"), "Bob"); err != nil {
		t.Fatal(err)
	}
	_, c := addArticle(t, alice)
	mustSync(t, alice, server)
	mustSync(t, bob, server)

	set := func(db *storage.DB, v annotate.Verdict, why string) {
		t.Helper()
		c := claimByUUID(t, db, c.UUID)
		if err := c.SetVerdict(v); err != nil {
			t.Fatal(err)
		}
		c.Rationale = why
		if err := db.UpdateClaim(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	set(alice, annotate.VerdictFalse, "The rise was 4%.")
	set(bob, annotate.VerdictTrue, "The council's figures say 10%.")
	for range 2 {
		mustSync(t, alice, server)
		mustSync(t, bob, server)
	}
	stores := map[string]annotate.Store{"alice": alice, "bob": bob, "server": server}
	var first []annotate.VerdictChoice
	for name, s := range stores {
		got := claimByUUID(t, s, c.UUID)
		if len(got.Conflict) != 2 || !got.NeedsReview() {
			t.Fatalf("%s: conflict = %+v, want two verdicts and needs review", name, got.Conflict)
		}
		if first == nil {
			first = got.Conflict
		}
		for i, ch := range got.Conflict {
			if ch.Verdict != first[i].Verdict || ch.Rationale != first[i].Rationale || ch.Author.Name != first[i].Author.Name {
				t.Errorf("%s: choice %d = %+v, want %+v", name, i, ch, first[i])
			}
		}
	}
	names := []string{first[0].Author.Name, first[1].Author.Name}
	if !(names[0] == "Alice" && names[1] == "Bob") {
		t.Errorf("the choices are by %v, want Alice then Bob", names)
	}
	assertSame(t, stores)

	// Alice changes her mind: her choice follows on every library.
	set(alice, annotate.VerdictMixed, "Partly.")
	for range 2 {
		mustSync(t, alice, server)
		mustSync(t, bob, server)
	}
	for name, s := range stores {
		got := claimByUUID(t, s, c.UUID)
		if len(got.Conflict) != 2 || got.Conflict[1].Author.Name != "Alice" || got.Conflict[1].Verdict != annotate.VerdictMixed || got.Conflict[1].Rationale != "Partly." {
			t.Fatalf("%s: conflict after Alice's new verdict = %+v, want Bob's true and Alice's mixed", name, got.Conflict)
		}
		first = got.Conflict
	}
	assertSame(t, stores)

	// Bob picks Alice's verdict.
	pick := first[1]
	if err := bob.ResolveConflict(ctx, claimByUUID(t, bob, c.UUID).ID, pick); err != nil {
		t.Fatal(err)
	}
	mustSync(t, bob, server)
	mustSync(t, alice, server)
	for name, s := range stores {
		got := claimByUUID(t, s, c.UUID)
		if len(got.Conflict) != 0 || got.Verdict != pick.Verdict || got.Rationale != pick.Rationale {
			t.Errorf("%s after resolving: verdict %q %q, conflict %+v; want %q %q and none", name, got.Verdict, got.Rationale, got.Conflict, pick.Verdict, pick.Rationale)
		}
	}
	assertSame(t, stores)
}

// TestJoinKeepsPasswordOut checks that the password is kept in the
// credentials file and not in the library.
func TestJoinKeepsPasswordOut(t *testing.T) {
	ctx := context.Background()
	_, url := newTeam(t)
	desk := newDesk(t, "a")
	a, _ := addArticle(t, desk) // before joining
	secret := strings.Replace(url, "postgres@", "postgres:s3cret-pw@", 1)
	if _, err := Join(ctx, desk, secret, "Dana"); err != nil {
		t.Fatal(err)
	}
	me, err := desk.Author(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if me.Name != "Dana" {
		t.Errorf("the desk's person after joining as Dana = %+v", me)
	}
	history, err := desk.History(ctx, annotate.KindArticle, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, ch := range history {
		if ch.Author.UUID != me.UUID {
			t.Errorf("a change made before joining is by %+v, want the team member %+v", ch.Author, me)
		}
	}
	stored, err := desk.Setting(ctx, storage.TeamURLKey)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(stored, "s3cret") || stored == "" {
		t.Errorf("stored address = %q, want it without the password", stored)
	}
	full, err := withPassword(stored)
	if err != nil || !strings.Contains(full, "s3cret-pw") {
		t.Errorf("address with the saved password = %q (%v)", full, err)
	}
	server, err := Open(ctx, desk)
	if err != nil {
		t.Fatal(err)
	}
	server.Close()
}

// TestInterruptedSync stops syncs part-way, again and again, at whatever
// point they reached: the next sync completes the work, nothing is lost and
// no change is recorded twice.
func TestInterruptedSync(t *testing.T) {
	ctx := context.Background()
	server, url := newTeam(t)
	a, b := newDesk(t, "a"), newDesk(t, "b")
	for _, d := range []*storage.DB{a, b} {
		if _, err := Join(ctx, d, url, ""); err != nil {
			t.Fatal(err)
		}
	}
	for range 4 {
		_, c := addArticle(t, a)
		for i := range 150 {
			c.Notes = strings.Repeat("n", i%9+1)
			if err := a.UpdateClaim(ctx, c); err != nil {
				t.Fatal(err)
			}
		}
	}
	stopped := 0
	for _, d := range []*storage.DB{a, b, a, b} {
		for wait := time.Millisecond; ; wait *= 2 {
			cut, cancel := context.WithTimeout(ctx, wait)
			_, err := Sync(cut, d, server)
			cancel()
			if err == nil {
				break
			}
			stopped++
		}
	}
	t.Logf("%d syncs stopped part-way", stopped)
	// Stopped pushes leave gaps in the server's seq; count its changes.
	logged, err := server.ChangesSince(ctx, 0, 1_000_000)
	if err != nil {
		t.Fatal(err)
	}
	for name, d := range map[string]*storage.DB{"a": a, "b": b} {
		n, err := d.ChangesAfter(ctx, 0)
		if err != nil {
			t.Fatal(err)
		}
		if n != len(logged) {
			t.Errorf("desk %s holds %d changes, the server %d", name, n, len(logged))
		}
	}
	assertSame(t, map[string]annotate.Store{"a": a, "b": b, "server": server})
}
