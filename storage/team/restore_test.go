package team

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/storage"
)

// TestRestoreOnJoinedDesk restores a joined desk from a backup made before
// some of its own and a colleague's changes: the restore is local, and the
// next sync brings back everything the server got since the backup.
func TestRestoreOnJoinedDesk(t *testing.T) {
	ctx := context.Background()
	server, url := newTeam(t)
	path := filepath.Join(t.TempDir(), "ana.db")
	ana := openLibrary(t, path)
	ben := newDesk(t, "ben")
	if _, err := Join(ctx, ana, url, "Ana"); err != nil {
		t.Fatal(err)
	}
	_, c := addArticle(t, ana)
	mustSync(t, ana, server)
	if _, err := Join(ctx, ben, url, "Ben"); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(t.TempDir(), "ana-backup.db")
	if err := ana.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}

	// After the backup: Ana's verdict, synced, and Ben's note.
	mine := claimByUUID(t, ana, c.UUID)
	if err := mine.SetVerdict(annotate.VerdictFalse); err != nil {
		t.Fatal(err)
	}
	mine.Rationale = "The rise was 4%."
	if err := ana.UpdateClaim(ctx, mine); err != nil {
		t.Fatal(err)
	}
	mustSync(t, ana, server)
	theirs := claimByUUID(t, ben, c.UUID)
	theirs.Notes = "Called the council."
	if err := ben.UpdateClaim(ctx, theirs); err != nil {
		t.Fatal(err)
	}
	mustSync(t, ben, server)

	if err := ana.Close(); err != nil {
		t.Fatal(err)
	}
	if err := storage.Restore(ctx, backup, path); err != nil {
		t.Fatal(err)
	}
	ana = openLibrary(t, path)
	t.Cleanup(func() { ana.Close() })
	if got := claimByUUID(t, ana, c.UUID); got.Verdict != annotate.VerdictNone {
		t.Fatalf("the restored library already has the verdict made after its backup: %q", got.Verdict)
	}
	mustSync(t, ana, server)
	got := claimByUUID(t, ana, c.UUID)
	if got.Verdict != annotate.VerdictFalse || got.Rationale != "The rise was 4%." || got.Notes != "Called the council." {
		t.Errorf("after the restore and a sync: verdict %q, rationale %q, notes %q; want Ana's verdict and Ben's note back", got.Verdict, got.Rationale, got.Notes)
	}
	mustSync(t, ben, server)
	assertSame(t, map[string]annotate.Store{"ana": ana, "ben": ben, "server": server})
	st, err := Status(ctx, ana)
	if err != nil {
		t.Fatal(err)
	}
	if st.Waiting != 0 || st.Error != "" {
		t.Errorf("status after the restore and a sync: %+v, want nothing waiting and no error", st)
	}
}
