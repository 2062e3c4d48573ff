// Package storage keeps a FactDesk library in one SQLite file: articles and
// their versions, claims, tags, sources, settings and a full-text index, with
// embedded migrations and one transaction per change.
package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/factdesk/factdesk/annotate"
	"modernc.org/sqlite"
)

// DB is an open library. It is safe for concurrent use; several DBs, in this
// process or others, may share one file.
type DB struct {
	sql  *sql.DB
	path string
	// wmu serialises this handle's write transactions so that they queue in
	// Go rather than spin on SQLite's busy handler; other handles on the same
	// file still meet at SQLite's lock.
	wmu sync.Mutex
	// stmts caches prepared statements of fixed text by their SQL: parsing
	// is a good part of the cost of a small query.
	stmts sync.Map // string -> *sql.Stmt
	// warning tells how a crash left the library, if it did.
	warning string
	// unclean is set when a process died with the library open.
	unclean bool
	// unchecked is set when the file was opened without its pages being
	// checked or vouched for; checked is set once QuickCheck passes. A
	// close vouches for the file only when it is not still unchecked, so
	// that an unchecked library stays due for its check.
	unchecked bool
	checked   atomic.Bool
	// readOnly says why this handle may not write, or is "".
	readOnly string
	// damaged is set when QuickCheck finds the library damaged: every
	// write is refused from then on.
	damaged atomic.Pointer[annotate.Error]
}

// busyTimeout is how long a connection waits for another writer's lock.
const busyTimeout = 10 * time.Second

// Open opens the library at path, creating it (and its directory) when
// missing. A file that is not a library, is damaged, was written by a newer
// FactDesk, or whose schema is not exactly what FactDesk made (an extra
// trigger, view, table or index) is refused with an EINVALID
// *annotate.Error, and is left untouched: it is judged from its header and
// through a read-only connection before anything may write to it. A restore
// that was killed half-way is finished or undone first.
//
// A library that was not closed cleanly and whose write-ahead log is
// missing or damaged still opens, with Warning saying what was lost and
// where the latest backup is.
func Open(ctx context.Context, path string) (*DB, error) {
	return open(ctx, path, len(migrations))
}

// open is Open migrating only up to schema version target, so that tests
// can build a library as an older program wrote it.
func open(ctx context.Context, path string, target int) (*DB, error) {
	if strings.TrimSpace(path) == "" {
		return nil, annotate.Errorf(annotate.EINVALID, "the library path is empty")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, annotate.Errorf(annotate.EINVALID, "library path %q: %v", path, err)
	}
	if err := recoverRestore(ctx, abs); err != nil {
		return nil, err
	}
	// What a crash left is judged before SQLite reads the log (and replays
	// or discards what it can).
	crashed := hadUncleanShutdown(abs)
	warning, err := logWarning(abs, crashed)
	if err != nil {
		return nil, err
	}
	fc, err := checkFile(ctx, abs)
	if err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", dsn(abs, url.Values{
		"_pragma": {
			fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()),
			// 32 MB of page cache per connection keeps an article with
			// thousands of claims in memory between loads.
			"cache_size(-32000)",
			"foreign_keys(1)",
			"journal_mode(WAL)",
			"synchronous(NORMAL)",
		},
		// Writers take the lock at BEGIN, so a transaction never fails with
		// SQLITE_BUSY half-way; read-only transactions stay deferred.
		"_txlock": {"immediate"},
	}))
	if err != nil {
		return nil, fmt.Errorf("open library %s: %w", abs, err)
	}
	// A library too large to check before it opens is checked in the
	// background at once, as after a crash.
	d := &DB{sql: db, path: abs, warning: warning, unclean: crashed || fc.deferred, unchecked: fc.deferred}
	if err := d.migrate(ctx, target); err != nil {
		db.Close()
		return nil, d.wrap(err)
	}
	if fc.checked {
		recordQuickCheck(abs, time.Now())
	}
	// From here on the file changes under this process: the record of its
	// clean close no longer holds.
	unvouch(abs)
	beginSession(abs)
	return d, nil
}

// OpenReadOnly opens the library at path for reading only, for exports and
// listings of a library on a read-only disk or in a read-only file. It is
// judged as Open judges it, and must be of this program's schema version:
// an older one needs to be opened once with Open to be upgraded.
func OpenReadOnly(ctx context.Context, path string) (*DB, error) {
	if strings.TrimSpace(path) == "" {
		return nil, annotate.Errorf(annotate.EINVALID, "the library path is empty")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, annotate.Errorf(annotate.EINVALID, "library path %q: %v", path, err)
	}
	if _, err := os.Stat(abs); err != nil {
		return nil, annotate.Errorf(annotate.EINVALID, "cannot open %s: %v", abs, unwrapPath(err))
	}
	fc, err := checkExisting(ctx, abs)
	if err != nil {
		return nil, err
	}
	if fc.missing {
		return nil, annotate.Errorf(annotate.EINVALID, "%s is empty, not a FactDesk library", abs)
	}
	if fc.version != len(migrations) {
		return nil, annotate.Errorf(annotate.EINVALID, "%s was written by an older FactDesk (schema %d); open it once where it can be written to upgrade it", abs, fc.version)
	}
	ro, err := openRO(abs, url.Values{"mode": {"ro"}, "_pragma": {"query_only(1)", "foreign_keys(1)", fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds())}})
	if err != nil {
		return nil, err
	}
	ro.SetMaxOpenConns(4)
	return &DB{sql: ro, path: abs, readOnly: "it was opened for reading only"}, nil
}

// OpenForReading opens the library at path with Open, or with OpenReadOnly
// when the file or its folder cannot be written: what a command that only
// reads (an export, say) needs.
func OpenForReading(ctx context.Context, path string) (*DB, error) {
	db, err := Open(ctx, path)
	if err == nil || !strings.HasPrefix(annotate.ErrorMessage(err), "cannot write to ") {
		return db, err
	}
	return OpenReadOnly(ctx, path)
}

// Warning is what the user should know about how the library was found
// when it was opened (a log lost in a crash), or "" when all was well.
func (db *DB) Warning() string { return db.warning }

// Close closes the library. The last connection to close folds the
// write-ahead log back into the file.
func (db *DB) Close() error {
	var sum string
	if db.readOnly == "" {
		if objs, err := readSchema(context.Background(), db.sql); err == nil {
			sum = schemaSum(objs)
		}
	}
	db.stmts.Range(func(_, s any) bool {
		s.(*sql.Stmt).Close()
		return true
	})
	if err := db.sql.Close(); err != nil {
		return err
	}
	if db.readOnly == "" {
		if db.damaged.Load() == nil && (!db.unchecked || db.checked.Load()) {
			vouch(db.path, sum)
		}
		endSession(db.path)
	}
	return nil
}

// stmt returns the cached statement of query, bound to tx. Only queries of
// fixed text may be cached; the cache is never pruned.
func (db *DB) stmt(ctx context.Context, tx *sql.Tx, query string) (*sql.Stmt, error) {
	s, ok := db.stmts.Load(query)
	if !ok {
		prepared, err := db.sql.PrepareContext(ctx, query)
		if err != nil {
			return nil, err
		}
		var loaded bool
		if s, loaded = db.stmts.LoadOrStore(query, prepared); loaded {
			prepared.Close()
		}
	}
	return tx.StmtContext(ctx, s.(*sql.Stmt)), nil
}

// Path is the absolute path of the library file.
func (db *DB) Path() string { return db.path }

// Counts returns how many articles and claims the library holds.
func (db *DB) Counts(ctx context.Context) (articles, claims int, err error) {
	err = db.sql.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM claims)`).Scan(&articles, &claims)
	return articles, claims, db.wrap(err)
}

// dsn is the modernc URI for the file at path with the given parameters.
func dsn(path string, q url.Values) string {
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // a Windows drive letter
	}
	u := url.URL{Scheme: "file", Path: p, RawQuery: q.Encode()}
	return u.String()
}

// write runs fn in one immediate transaction and commits it. A transaction
// that still meets SQLITE_BUSY (another process holding the lock past the
// busy timeout, or a checkpoint) is retried a few times from the start, so
// fn must only set the caller's values once it is known to have committed.
func (db *DB) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if err := db.writable(); err != nil {
		return err
	}
	db.wmu.Lock()
	defer db.wmu.Unlock()
	var err error
	for attempt := 0; ; attempt++ {
		err = db.writeOnce(ctx, fn)
		if !isBusy(err) || attempt == 4 {
			break
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Duration(attempt+1) * 20 * time.Millisecond):
		}
	}
	return db.wrap(err)
}

func (db *DB) writeOnce(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// read runs fn in a deferred, read-only transaction so that its queries see
// one snapshot of the library.
func (db *DB) read(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.sql.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return db.wrap(err)
	}
	defer tx.Rollback()
	return db.wrap(fn(tx))
}

// SQLite primary result codes that the storage layer tells apart.
const (
	sqliteBusy     = 5
	sqliteLocked   = 6
	sqliteReadOnly = 8
	sqliteIOErr    = 10
	sqliteCorrupt  = 11
	sqliteFull     = 13
	sqliteNotADB   = 26
)

// sqliteCode is the primary result code of a driver error in err's chain, or 0.
func sqliteCode(err error) int {
	var e *sqlite.Error
	if errors.As(err, &e) {
		return e.Code() & 0xff
	}
	return 0
}

func isBusy(err error) bool {
	c := sqliteCode(err)
	return c == sqliteBusy || c == sqliteLocked
}

// wrap turns driver failures the user can act on into *annotate.Error and
// leaves *annotate.Error and others as they are.
func (db *DB) wrap(err error) error {
	if err == nil {
		return nil
	}
	var ae *annotate.Error
	if errors.As(err, &ae) {
		return err
	}
	switch sqliteCode(err) {
	case sqliteReadOnly:
		return annotate.Wrapf(err, annotate.EINVALID, "cannot write to %s: read-only (%v)", db.path, err)
	case sqliteFull:
		return annotate.Wrapf(err, annotate.ENOSPACE, "cannot write to %s: the disk is full", db.path)
	case sqliteIOErr:
		// SQLite does not say which system error it met; these are the
		// ones a user can do something about.
		return annotate.Wrapf(err, annotate.EINTERNAL, "cannot write to %s: the disk refused the write (full, failing, or over this process's file size limit, see ulimit -f); nothing was saved (%v)", db.path, err)
	case sqliteCorrupt, sqliteNotADB:
		return annotate.Wrapf(err, annotate.EINTERNAL, "%s is damaged: %v", db.path, err)
	case sqliteBusy, sqliteLocked:
		return annotate.Wrapf(err, annotate.EBUSY, "%s is busy in another program; try again (%v)", db.path, err)
	}
	return fmt.Errorf("library %s: %w", db.path, err)
}

// Times are stored as RFC 3339 text with nanoseconds and the original
// offset; the zero time is stored as the empty string.
func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339Nano)
}

func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("stored time %q: %w", s, err)
	}
	return t, nil
}

// now is the time stamp of a change: UTC, without a monotonic reading, so
// that it reads back equal.
func now() time.Time { return time.Now().UTC() }

// fileExists reports whether name exists (a sibling -wal, say).
func fileExists(name string) bool {
	_, err := os.Lstat(name)
	return err == nil
}
