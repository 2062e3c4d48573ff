package postgres

import (
	"context"
	"strings"
	"testing"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/storage/postgres/pgtest"
)

// TestTeamRoles sets up a team library's roles and logs in as two members
// and an editor who only reads: a member cannot record a change as another
// member's, and the editor can read but not write.
func TestTeamRoles(t *testing.T) {
	ctx := context.Background()
	url := pgtest.Start(t).NewDatabase(t)
	owner, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer owner.Close()
	roles, err := owner.InitTeam(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := owner.InitTeam(ctx); err != nil {
		t.Fatalf("InitTeam a second time: %v", err)
	}
	// Roles are the server's, not the database's: named after it here so
	// that tests sharing the server do not meet.
	dbname := url[strings.LastIndex(url, "/")+1 : strings.Index(url, "?")]
	login := func(who, group string) *DB {
		t.Helper()
		role := who + "_" + dbname
		if _, err := owner.pool.Exec(ctx, "CREATE ROLE "+role+" LOGIN IN ROLE "+group); err != nil {
			t.Fatal(err)
		}
		db, err := Open(ctx, strings.Replace(url, "postgres@", role+"@", 1))
		if err != nil {
			t.Fatalf("open as %s: %v", role, err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	alice := login("alice", roles.Members)
	bob := login("bob", roles.Members)
	editor := login("editor", roles.Readers)

	a := newArticle(t, alice, "Rents", text)
	if me, err := alice.Author(ctx); err != nil || me.Name != "alice_"+dbname {
		t.Errorf("Alice's author = %+v, %v; want the person of her role", me, err)
	}
	bobAs, err := bob.Author(ctx)
	if err != nil {
		t.Fatal(err)
	}
	newArticle(t, bob, "Buses", text)

	// Alice's desk sends a change that says Bob made it.
	hist, err := alice.History(ctx, annotate.KindArticle, a.ID)
	if err != nil || len(hist) == 0 {
		t.Fatalf("history of Alice's article: %v, %v", hist, err)
	}
	forged := hist[0]
	forged.UUID, forged.EntityUUID = annotate.NewUUID(), annotate.NewUUID()
	forged.Author = bobAs
	if _, err := alice.ApplyChanges(ctx, []annotate.Change{forged}); err == nil || !strings.Contains(err.Error(), "recorded as by") {
		t.Errorf("Alice pushing a change by Bob: %v, want it refused", err)
	}
	// Her own change, sent again as a sync would, is taken (and skipped).
	if _, err := alice.ApplyChanges(ctx, hist[:1]); err != nil {
		t.Errorf("Alice sending her own change again: %v", err)
	}

	list, err := editor.Articles(ctx)
	if err != nil || len(list) != 2 {
		t.Errorf("the editor lists %d articles (%v), want 2", len(list), err)
	}
	err = editor.CreateArticle(ctx, &annotate.Article{Title: "Nope", Text: text}, &annotate.ArticleVersion{Format: "text"})
	if err == nil || !strings.Contains(err.Error(), "permission denied") {
		t.Errorf("the editor creating an article: %v, want permission denied", err)
	}
	if list, _ := owner.Articles(ctx); len(list) != 2 {
		t.Errorf("the library holds %d articles after the refused writes, want 2", len(list))
	}
}
