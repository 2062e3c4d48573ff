package storage

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/factdesk/factdesk/annotate"
)

// restoreSteps are the points at which a restore is killed in
// TestRestoreKilledAtEachStep: before and after every change it makes.
var restoreSteps = []string{"start", "copied", "checked", "checkpointed", "kept", "committed", "log-removed", "renamed"}

// TestRestoreHelperProcess is not a test: TestRestoreKilledAtEachStep runs
// the test binary again with it to restore and be killed (SIGKILL, no
// deferred clean-up) at one step.
func TestRestoreHelperProcess(t *testing.T) {
	step := os.Getenv("FACTDESK_RESTORE_KILL_AT")
	if step == "" {
		t.Skip("helper process for TestRestoreKilledAtEachStep")
	}
	restoreHook = func(s string) {
		if s == step {
			syscall.Kill(os.Getpid(), syscall.SIGKILL)
			select {}
		}
	}
	err := Restore(context.Background(), os.Getenv("FACTDESK_RESTORE_FROM"), os.Getenv("FACTDESK_RESTORE_TO"))
	fmt.Fprintf(os.Stderr, "restore was not killed at %s: %v\n", step, err)
	os.Exit(3)
}

// crashedLibrary makes a library at path holding n claims whose last
// commits are only in its write-ahead log, as a program killed before its
// checkpoint leaves it.
func crashedLibrary(t *testing.T, path string, n int) {
	t.Helper()
	ctx := context.Background()
	live := filepath.Join(t.TempDir(), "live.db")
	db, err := Open(ctx, live)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	a := newArticle(t, db, "Rents", sampleText)
	for i := range n {
		c, err := annotate.NewClaim(a, i%60, i%60+5)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.CreateClaim(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	for _, side := range []string{"", "-wal"} {
		b, err := os.ReadFile(live + side)
		if err != nil {
			t.Fatalf("read %s: %v", live+side, err)
		}
		if err := os.WriteFile(path+side, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if fileSize(path+"-wal") == 0 {
		t.Fatal("the crashed library has no log with its commits")
	}
}

// TestRestoreKilledAtEachStep kills a restore at every step over a library
// whose last 20 claims are only in its write-ahead log, then opens the
// library as the next start does: it must be the whole old library (20
// claims) or the whole backup (1 claim), and when it is the backup, the
// kept copy must hold the old 20. Nothing the restore made may be left.
func TestRestoreKilledAtEachStep(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a process per step")
	}
	ctx := context.Background()
	src := openTemp(t)
	newClaim(t, src, newArticle(t, src, "Backup", sampleText), "raised rents by 40 percent")
	backup := filepath.Join(t.TempDir(), "backup.db")
	if err := src.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	for _, step := range restoreSteps {
		t.Run(step, func(t *testing.T) {
			dir := t.TempDir()
			lib := filepath.Join(dir, "lib.db")
			crashedLibrary(t, lib, 20)
			cmd := exec.Command(os.Args[0], "-test.run=^TestRestoreHelperProcess$")
			cmd.Env = append(os.Environ(), "FACTDESK_RESTORE_KILL_AT="+step, "FACTDESK_RESTORE_FROM="+backup, "FACTDESK_RESTORE_TO="+lib)
			out, err := cmd.CombinedOutput()
			if ee, ok := err.(*exec.ExitError); !ok || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
				t.Fatalf("the restore was not killed at %s: %v\n%s", step, err, out)
			}
			db, err := Open(ctx, lib)
			if err != nil {
				t.Fatalf("Open after a restore killed at %s: %v", step, err)
			}
			_, claims, err := db.Counts(ctx)
			db.Close()
			if err != nil {
				t.Fatal(err)
			}
			switch claims {
			case 20:
				// The old library, whole.
			case 1:
				if got := claimsIn(t, lib+keptSuffix); got != 20 {
					t.Errorf("restored, but the kept copy holds %d claims, want 20", got)
				}
			default:
				t.Errorf("after a restore killed at %s the library holds %d claims, want 20 (old) or 1 (restored)", step, claims)
			}
			wantRestored := step == "committed" || step == "log-removed" || step == "renamed"
			if (claims == 1) != wantRestored {
				t.Errorf("killed at %s: restored = %v, want %v", step, claims == 1, wantRestored)
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				n := e.Name()
				if strings.Contains(n, ".tmp") || strings.HasSuffix(n, restoreNewSuffix) || strings.HasSuffix(n, restoreMarkerSuffix) {
					t.Errorf("killed at %s: %s left behind after the next start", step, n)
				}
			}
		})
	}
}

// TestRestoreCompleteKeepsARealCopy checks the end of an uninterrupted
// restore: the kept copy is not a link to anything that changes later.
func TestRestoreCompleteKeepsARealCopy(t *testing.T) {
	ctx := context.Background()
	src := openTemp(t)
	newClaim(t, src, newArticle(t, src, "Backup", sampleText), "raised rents by 40 percent")
	backup := filepath.Join(t.TempDir(), "backup.db")
	if err := src.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	lib := filepath.Join(t.TempDir(), "lib.db")
	crashedLibrary(t, lib, 20)
	if err := Restore(ctx, backup, lib); err != nil {
		t.Fatal(err)
	}
	db, err := Open(ctx, lib)
	if err != nil {
		t.Fatal(err)
	}
	// Later work on the restored library must not reach the kept copy.
	for range 5 {
		newClaim(t, db, newArticle(t, db, "Later", sampleText), "lowest in a decade")
	}
	db.Close()
	if got := claimsIn(t, lib+keptSuffix); got != 20 {
		t.Errorf("the kept copy holds %d claims after later work, want 20", got)
	}
	if got := claimsIn(t, lib); got != 6 {
		t.Errorf("the library holds %d claims, want 6", got)
	}
}
