package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/factdesk/factdesk/annotate"
)

// QuickCheckInterval is how often the window checks a library that was
// closed cleanly.
const QuickCheckInterval = 24 * time.Hour

// QuickCheckDue reports whether the library should get a QuickCheck now:
// a process died with it open, or it last passed one more than
// QuickCheckInterval ago (or never).
func (db *DB) QuickCheckDue() bool {
	if db.readOnly != "" {
		return false
	}
	return db.unclean || time.Since(lastQuickCheck(db.path)) >= QuickCheckInterval
}

// QuickCheck runs SQLite's quick_check over every page of the library,
// reading one snapshot through the pool, so that other readers and writers
// go on meanwhile: the window calls it in the background when
// QuickCheckDue says so, after its first frame. It honours ctx.
//
// When the check fails the library becomes read-only for this handle:
// every later write fails with the same EINVALID *annotate.Error that
// QuickCheck returns, which names the problem and the latest backup, and
// ReadOnly returns its message. A pass is recorded, so that the next one is
// due a day later.
func (db *DB) QuickCheck(ctx context.Context) error {
	var verdict string
	if err := db.sql.QueryRowContext(ctx, "PRAGMA quick_check(1)").Scan(&verdict); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		switch sqliteCode(err) {
		case sqliteCorrupt, sqliteNotADB:
			verdict = err.Error()
		default:
			return db.wrap(err)
		}
	}
	if verdict == "ok" {
		db.checked.Store(true)
		recordQuickCheck(db.path, time.Now())
		return nil
	}
	msg := fmt.Sprintf("%s is damaged (the quick check says %q); it is read-only now so that nothing more is written into it", db.path, clip(verdict, 200))
	if latest, _ := LatestBackup(BackupDir(db.path)); latest != "" {
		msg += "; restore the latest backup, " + latest
	}
	e := annotate.Errorf(annotate.EINVALID, "%s", msg)
	db.damaged.Store(e)
	unvouch(db.path)
	return e
}

// ReadOnly says why the library may not be written to, or is "" when it
// may: it was opened with OpenReadOnly, or QuickCheck found it damaged.
func (db *DB) ReadOnly() string {
	if e := db.damaged.Load(); e != nil {
		return e.Message
	}
	return db.readOnly
}

// writable refuses a write to a library that may not be written to.
func (db *DB) writable() error {
	if e := db.damaged.Load(); e != nil {
		return e
	}
	if db.readOnly != "" {
		return annotate.Errorf(annotate.EINVALID, "cannot write to %s: %s", db.path, db.readOnly)
	}
	return nil
}
