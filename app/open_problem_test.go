package app

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/factdesk/factdesk/annotate"
)

func TestOpenProblem(t *testing.T) {
	a := test.NewTempApp(t)
	backup := filepath.Join(t.TempDir(), "factdesk-2025-09-05T142300.db")
	if err := os.WriteFile(backup, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	openErr := annotate.Errorf(annotate.EINVALID, "/home/ana/factdesk.db is damaged: database disk image is malformed")

	t.Run("with a backup", func(t *testing.T) {
		w := a.NewWindow("problem")
		defer w.Close()
		calls, done := 0, 0
		p := newOpenProblem(w, openErr, backup, func() error { calls++; return nil })
		p.onDone = func() { done++ }
		w.SetContent(p.build())
		if got := p.message.Text; got != openErr.Message {
			t.Errorf("message = %q, want %q", got, openErr.Message)
		}
		if p.open == nil || !strings.HasPrefix(p.open.Text, "Open the latest backup (") {
			t.Fatalf("no button to open the backup")
		}
		test.Tap(p.open)
		if calls != 0 {
			t.Errorf("the backup was opened before the user confirmed")
		}
		p.onConfirm(false)
		if calls != 0 || done != 0 {
			t.Errorf("after cancel: %d opens, %d closes; want none", calls, done)
		}
		p.onConfirm(true)
		if calls != 1 || done != 1 {
			t.Errorf("after confirm: %d opens, %d closes; want 1 and 1", calls, done)
		}
	})
	t.Run("the backup fails", func(t *testing.T) {
		w := a.NewWindow("problem")
		defer w.Close()
		done := 0
		p := newOpenProblem(w, openErr, backup, func() error { return errors.New("the disk is full") })
		p.onDone = func() { done++ }
		w.SetContent(p.build())
		p.onConfirm(true)
		if done != 0 {
			t.Errorf("the window closed although opening the backup failed")
		}
	})
	t.Run("without a backup", func(t *testing.T) {
		w := a.NewWindow("problem")
		defer w.Close()
		done := 0
		p := newOpenProblem(w, openErr, "", nil)
		p.onDone = func() { done++ }
		w.SetContent(p.build())
		if p.open != nil {
			t.Errorf("a backup button without a backup")
		}
		test.Tap(p.quit)
		if done != 1 {
			t.Errorf("Quit closed %d times, want 1", done)
		}
	})
}
