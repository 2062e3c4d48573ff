package storage

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/outfile"
)

// backupLayout is the time stamp in a backup's name, in UTC so that names
// sort in time order whatever the clock's zone or daylight saving does.
const backupLayout = "2006-01-02T150405"

// backupPrefix and backupSuffix surround the time stamp of a backup's name:
// factdesk-2025-09-05T142300.db.
const (
	backupPrefix = "factdesk-"
	backupSuffix = ".db"
)

// BackupName is the file name of a backup made at t.
func BackupName(t time.Time) string {
	return backupPrefix + t.UTC().Format(backupLayout) + backupSuffix
}

// BackupTime is the time encoded in a backup's file name, and whether name is
// a backup's name at all.
func BackupTime(name string) (time.Time, bool) {
	s, ok := strings.CutPrefix(name, backupPrefix)
	if !ok {
		return time.Time{}, false
	}
	if s, ok = strings.CutSuffix(s, backupSuffix); !ok {
		return time.Time{}, false
	}
	t, err := time.Parse(backupLayout, s)
	return t, err == nil
}

// BackupDir is where the backups of the library at lib go: backups/ beside
// it, which for the default library is $XDG_DATA_HOME/factdesk/backups. A
// library of another name gets a folder of its own in there, so that two
// libraries in one directory never count, prune or offer each other's
// backups.
func BackupDir(lib string) string {
	dir := filepath.Join(filepath.Dir(lib), "backups")
	base := filepath.Base(lib)
	if base == "factdesk.db" {
		return dir
	}
	return filepath.Join(dir, strings.TrimSuffix(base, filepath.Ext(base)))
}

// Backup writes a consistent copy of the library to path, which must not
// exist yet or be a file that may be replaced without loss (an empty or
// ordinary file; never a database, a library's journal, a directory or a
// device; see outfile.Check). The copy is made with VACUUM INTO a temporary
// file beside path, checked with PRAGMA integrity_check, synced and renamed
// into place, so path is either the old file or a complete, checked backup.
func (db *DB) Backup(ctx context.Context, path string) error {
	return db.backup(ctx, path, false)
}

// ReplaceBackup is Backup onto an existing FactDesk backup, replaced on
// purpose (factdesk backup --force). A library in use, one with a log
// beside it, or the open library itself is still refused.
func (db *DB) ReplaceBackup(ctx context.Context, path string) error {
	return db.backup(ctx, path, true)
}

func (db *DB) backup(ctx context.Context, path string, force bool) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return annotate.Errorf(annotate.EINVALID, "backup path %q: %v", path, err)
	}
	o := outfile.Options{Protect: []string{db.path}, Force: force}
	dir := filepath.Dir(abs)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return annotate.Errorf(annotate.EINVALID, "cannot create the backup directory %s: %v", dir, unwrapPath(err))
	}
	if err := outfile.Check(abs, o); err != nil {
		return err
	}
	// A backup replaces only a FactDesk backup, and only on purpose: any
	// other file that is there is someone's work.
	if fi, err := os.Stat(abs); err == nil && fi.Size() > 0 {
		switch {
		case !hasSQLiteMagic(abs) || !hasFactDeskID(abs):
			return annotate.Errorf(annotate.EINVALID, "cannot back up to %s: the file exists and is not a FactDesk backup; choose another name", abs)
		case !force:
			return annotate.Errorf(annotate.EINVALID, "cannot back up to %s: the file exists; replace a FactDesk backup on purpose with --force, or choose another name", abs)
		}
	}
	return outfile.Place(abs, o, func(tmp *os.File) error {
		name := tmp.Name()
		tmp.Close()
		defer removeJournals(name)
		// VACUUM INTO reads one snapshot, so writers in this or other
		// processes may go on meanwhile. It writes into the empty temporary
		// file, named by a bound parameter.
		if _, err := db.sql.ExecContext(ctx, "VACUUM INTO ?", name); err != nil {
			return db.backupErr(abs, err)
		}
		// A backup is only reported done once it is known to be whole.
		if err := integrityCheck(ctx, name); err != nil {
			return annotate.Errorf(annotate.EINTERNAL, "the backup %s did not check out, so it was not kept: %s", abs, annotate.ErrorMessage(err))
		}
		return nil
	})
}

// removeJournals removes the files SQLite may leave beside a file it wrote.
func removeJournals(path string) {
	for _, side := range []string{"-journal", "-wal", "-shm"} {
		os.Remove(path + side)
	}
}

// integrityCheck runs PRAGMA integrity_check on the file at path, opened
// immutable so that nothing is created beside it.
func integrityCheck(ctx context.Context, path string) error {
	ro, err := sql.Open("sqlite", dsn(path, url.Values{"mode": {"ro"}, "immutable": {"1"}}))
	if err != nil {
		return err
	}
	defer ro.Close()
	var verdict string
	if err := ro.QueryRowContext(ctx, "PRAGMA integrity_check(1)").Scan(&verdict); err != nil {
		return err
	}
	if verdict != "ok" {
		return annotate.Errorf(annotate.EINVALID, "the integrity check says %q", clip(verdict, 200))
	}
	return nil
}

// backupErr names the backup in a failure to write it.
func (db *DB) backupErr(path string, err error) error {
	if sqliteCode(err) == sqliteFull || errors.Is(err, syscall.ENOSPC) {
		return annotate.Errorf(annotate.EINTERNAL, "cannot write the backup %s: the disk is full", path)
	}
	if sqliteCode(err) == sqliteIOErr || errors.Is(err, syscall.EFBIG) {
		return annotate.Errorf(annotate.EINTERNAL, "cannot write the backup %s: the disk refused the write (full, failing, or over this process's file size limit, see ulimit -f)", path)
	}
	var ae *annotate.Error
	if errors.As(db.wrap(err), &ae) {
		return ae
	}
	return annotate.Errorf(annotate.EINTERNAL, "cannot write the backup %s: %v", path, unwrapPath(err))
}

// AutoBackup makes a backup in dir when the newest one there is a day older
// than now or there is none, and then deletes all but the newest keep
// backups. It returns the path of the backup it made, if it made one. Only
// files named like BackupName are counted or deleted.
func (db *DB) AutoBackup(ctx context.Context, dir string, keep int, now time.Time) (path string, made bool, err error) {
	if keep < 1 {
		return "", false, annotate.Errorf(annotate.EINVALID, "keep %d backups: want at least 1", keep)
	}
	list, err := backups(dir)
	if err != nil {
		return "", false, err
	}
	if len(list) == 0 || now.Sub(list[len(list)-1].at) >= 24*time.Hour {
		path = filepath.Join(dir, BackupName(now))
		if err := db.Backup(ctx, path); err != nil {
			return "", false, err
		}
		made = true
		if list, err = backups(dir); err != nil {
			return path, made, err
		}
	}
	for len(list) > keep {
		if err := os.Remove(list[0].path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return path, made, annotate.Errorf(annotate.EINTERNAL, "cannot delete the old backup %s: %v", list[0].path, unwrapPath(err))
		}
		list = list[1:]
	}
	return path, made, nil
}

// LatestBackup is the path of the newest backup in dir, or "" when there is
// none (a missing dir has none).
func LatestBackup(dir string) (string, error) {
	list, err := backups(dir)
	if err != nil || len(list) == 0 {
		return "", err
	}
	return list[len(list)-1].path, nil
}

type backupFile struct {
	path string
	at   time.Time
}

// backups lists the backups in dir, oldest first.
func backups(dir string) ([]backupFile, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, annotate.Errorf(annotate.EINVALID, "cannot list the backups in %s: %v", dir, unwrapPath(err))
	}
	var out []backupFile
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		if at, ok := BackupTime(e.Name()); ok {
			out = append(out, backupFile{filepath.Join(dir, e.Name()), at})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].at.Before(out[j].at) })
	return out, nil
}

// requiredTables are the tables every FactDesk schema has; a file without
// them is not a library, whatever its header says.
var requiredTables = []string{"articles", "article_versions", "claims", "tags", "claim_tags", "sources", "settings"}

// Restore replaces the library at to with the library at from. from must be
// a FactDesk library: an SQLite file with the FactDesk application id,
// exactly a schema this program knows, and a clean integrity check;
// anything else is refused with an EINVALID *annotate.Error and nothing is
// changed.
//
// It survives being killed at any step. The new library is built beside
// the old one as to.restore-new, checked and synced with its folder; the
// old one's write-ahead log is checkpointed into it, and a real copy of it
// (not a link) is kept as to.before-restore, with its log if that could not
// be folded in. Only then does the marker to.restore commit the restore:
// the old log is removed and the new file renamed over to. Open (and the
// next Restore) finishes a committed restore that was killed, and removes
// what an uncommitted one left, so to is always the whole old library or
// the whole new one.
//
// The library at to must not be open meanwhile: a FactDesk process that
// has it open is detected and the restore refused.
func Restore(ctx context.Context, from, to string) error {
	src, err := filepath.Abs(from)
	if err != nil {
		return annotate.Errorf(annotate.EINVALID, "backup path %q: %v", from, err)
	}
	dst, err := filepath.Abs(to)
	if err != nil {
		return annotate.Errorf(annotate.EINVALID, "library path %q: %v", to, err)
	}
	if outfile.Same(src, dst) {
		return annotate.Errorf(annotate.EINVALID, "cannot restore %s onto itself", dst)
	}
	if pid := liveSession(dst); pid != 0 {
		return annotate.Errorf(annotate.ECONFLICT, "cannot restore over %s: it is open in another FactDesk (process %d); close it first", dst, pid)
	}
	if err := checkLibrary(ctx, src); err != nil {
		return err
	}
	dir := filepath.Dir(dst)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return annotate.Errorf(annotate.EINVALID, "cannot create the directory of %s: %v", dst, unwrapPath(err))
	}
	if err := checkWritableDir(dst); err != nil {
		return err
	}
	if err := recoverRestore(ctx, dst); err != nil {
		return err
	}
	fresh := dst + restoreNewSuffix
	restoreStep("start")
	if err := copyLibrary(ctx, src, fresh); err != nil {
		removeWithJournals(fresh)
		return err
	}
	restoreStep("copied")
	// The copy is judged again: a disk that filled up or a bad sector shows
	// here, before the library is touched.
	if err := checkLibrary(ctx, fresh); err != nil {
		removeWithJournals(fresh)
		return annotate.Errorf(annotate.EINTERNAL, "the copy of %s did not check out: %s", src, annotate.ErrorMessage(err))
	}
	syncDir(dir)
	restoreStep("checked")
	if fileExists(dst) {
		checkpoint(ctx, dst)
		restoreStep("checkpointed")
		if err := keepPrevious(dst); err != nil {
			removeWithJournals(fresh)
			return err
		}
		restoreStep("kept")
	}
	if err := writeSynced(dst+restoreMarkerSuffix, []byte("restore "+src+"\n")); err != nil {
		removeWithJournals(fresh)
		return annotate.Errorf(annotate.EINTERNAL, "cannot start the restore of %s: %v", dst, unwrapPath(err))
	}
	syncDir(dir)
	restoreStep("committed")
	return finishRestore(dst)
}

// The files of a restore in progress, beside the library.
const (
	restoreNewSuffix    = ".restore-new" // the new library being built
	restoreMarkerSuffix = ".restore"     // present once the restore is committed
	keptSuffix          = ".before-restore"
)

// restoreHook, when set by a test, is called at each step of Restore.
var restoreHook func(step string)

func restoreStep(step string) {
	if restoreHook != nil {
		restoreHook(step)
	}
}

// finishRestore puts the new library in place once the restore is
// committed. Every step may be done again after a crash.
func finishRestore(dst string) error {
	dir := filepath.Dir(dst)
	fresh := dst + restoreNewSuffix
	if fileExists(fresh) {
		// A log left beside the new file would be replayed into it.
		for _, side := range []string{"-wal", "-shm", "-journal"} {
			if err := os.Remove(dst + side); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return annotate.Errorf(annotate.EINTERNAL, "cannot finish the restore of %s: cannot remove its old %s: %v", dst, side, unwrapPath(err))
			}
		}
		restoreStep("log-removed")
		if err := os.Rename(fresh, dst); err != nil {
			return annotate.Errorf(annotate.EINTERNAL, "cannot put the restored library at %s: %v (it is ready in %s)", dst, unwrapPath(err), fresh)
		}
		syncDir(dir)
		restoreStep("renamed")
	}
	if err := os.Remove(dst + restoreMarkerSuffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return annotate.Errorf(annotate.EINTERNAL, "cannot finish the restore of %s: %v", dst, unwrapPath(err))
	}
	syncDir(dir)
	return nil
}

// recoverRestore finishes a committed restore of the library at dst that
// was killed, or removes what an uncommitted one left, so that the library
// is the whole new one or the whole old one.
func recoverRestore(ctx context.Context, dst string) error {
	if fileExists(dst + restoreMarkerSuffix) {
		fresh := dst + restoreNewSuffix
		if fileExists(fresh) {
			// It was checked before the marker was written; a file that
			// since went bad is not put in place.
			if err := checkHeader(fresh, fileSize(fresh)); err != nil {
				return annotate.Errorf(annotate.EINVALID, "a restore of %s was interrupted and its new library %s is damaged: %s; the previous library is kept as %s", dst, fresh, annotate.ErrorMessage(err), dst+keptSuffix)
			}
		}
		if err := finishRestore(dst); err != nil {
			return err
		}
	} else {
		removeWithJournals(dst + restoreNewSuffix)
	}
	for _, tmp := range []string{dst + keptSuffix + ".tmp", dst + keptSuffix + "-wal.tmp"} {
		os.Remove(tmp)
	}
	// Temporary copies of earlier versions of Restore.
	old, _ := filepath.Glob(filepath.Join(filepath.Dir(dst), globEscape("."+filepath.Base(dst)+".tmp-")+"*"))
	for _, name := range old {
		os.Remove(name)
	}
	return nil
}

func removeWithJournals(path string) {
	os.Remove(path)
	removeJournals(path)
}

func fileSize(path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return fi.Size()
}

// checkpoint folds the write-ahead log of the library at path into the
// file, so that the copy kept of it is whole without its log. It is best
// effort: a damaged library may refuse, and its log is then kept beside the
// copy.
func checkpoint(ctx context.Context, path string) {
	if !fileExists(path + "-wal") {
		return
	}
	db, err := sql.Open("sqlite", dsn(path, url.Values{"_pragma": {fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds())}}))
	if err != nil {
		return
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	var busy, logged, done int
	db.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &logged, &done)
}

// keepPrevious keeps a real copy of the library at path as
// path.before-restore, replacing an older one, synced before it is renamed
// into place: a link would share the file that is about to change. A log
// that the checkpoint could not fold in is copied beside it as its own.
func keepPrevious(path string) error {
	kept := path + keptSuffix
	for _, side := range []string{"-wal", "-shm", "-journal"} {
		if err := os.Remove(kept + side); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return annotate.Errorf(annotate.EINVALID, "cannot replace the old %s: %v", kept+side, unwrapPath(err))
		}
	}
	if err := copySynced(path, kept); err != nil {
		return annotate.Errorf(annotate.EINVALID, "cannot keep the previous library as %s: %v", kept, unwrapPath(err))
	}
	if fileSize(path+"-wal") > 0 {
		if err := copySynced(path+"-wal", kept+"-wal"); err != nil {
			return annotate.Errorf(annotate.EINVALID, "cannot keep the previous library's log as %s: %v", kept+"-wal", unwrapPath(err))
		}
	}
	syncDir(filepath.Dir(path))
	return nil
}

// copySynced copies from to to through to.tmp, synced and renamed.
func copySynced(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	tmp := to + ".tmp"
	out, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		os.Remove(tmp)
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		os.Remove(tmp)
		return err
	}
	if err := out.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, to)
}

// writeSynced writes a small file and syncs it.
func writeSynced(path string, b []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// checkLibrary refuses a file that is not a FactDesk library, reading it
// only through Open's own read-only checks and then its table list.
func checkLibrary(ctx context.Context, path string) error {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return annotate.Errorf(annotate.EINVALID, "%s does not exist", path)
	case err != nil:
		return annotate.Errorf(annotate.EINVALID, "cannot read %s: %v", path, unwrapPath(err))
	case !fi.Mode().IsRegular():
		return annotate.Errorf(annotate.EINVALID, "%s is not a regular file, not a FactDesk library", path)
	case fi.Size() == 0:
		return annotate.Errorf(annotate.EINVALID, "%s is empty, not a FactDesk library", path)
	}
	if err := checkHeader(path, fi.Size()); err != nil {
		return err
	}
	if _, err := checkContents(ctx, path, fi.Size()); err != nil {
		return err
	}
	ro, err := openReadOnly(path)
	if err != nil {
		return err
	}
	defer ro.Close()
	var appID, version int
	if err := ro.QueryRowContext(ctx, "SELECT application_id, user_version FROM pragma_application_id, pragma_user_version").Scan(&appID, &version); err != nil {
		return annotate.Errorf(annotate.EINVALID, "cannot read %s: %v", path, err)
	}
	if appID != applicationID || version < 1 {
		return annotate.Errorf(annotate.EINVALID, "%s is not a FactDesk library: it has no FactDesk schema", path)
	}
	for _, t := range requiredTables {
		var n int
		if err := ro.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?", t).Scan(&n); err != nil {
			return annotate.Errorf(annotate.EINVALID, "cannot read %s: %v", path, err)
		}
		if n == 0 {
			return annotate.Errorf(annotate.EINVALID, "%s is not a FactDesk library: it has no %s table", path, t)
		}
	}
	return nil
}

// openReadOnly opens path for reading only, as checkContents does, so that
// no -wal or -shm file appears beside a file that has none.
func openReadOnly(path string) (*sql.DB, error) {
	return openRO(path, url.Values{"mode": {"ro"}, "_pragma": {"query_only(1)", fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds())}})
}

func openRO(path string, q url.Values) (*sql.DB, error) {
	if !fileExists(path + "-wal") {
		q.Set("immutable", "1")
	}
	ro, err := sql.Open("sqlite", dsn(path, q))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	ro.SetMaxOpenConns(1)
	return ro, nil
}

// copyLibrary writes a compact copy of the library at src to dst (which must
// not exist) and syncs it. VACUUM INTO takes the pages of a write-ahead log
// into account, which a byte copy of the main file would miss.
func copyLibrary(ctx context.Context, src, dst string) error {
	// VACUUM INTO counts as a write for query_only, so this connection is
	// only opened read-only; dst is another file.
	ro, err := openRO(src, url.Values{"mode": {"ro"}, "_pragma": {fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds())}})
	if err != nil {
		return err
	}
	defer ro.Close()
	if _, err := ro.ExecContext(ctx, "VACUUM INTO ?", dst); err != nil {
		if sqliteCode(err) == sqliteFull {
			return annotate.Errorf(annotate.EINTERNAL, "cannot copy %s: the disk is full", src)
		}
		return annotate.Errorf(annotate.EINTERNAL, "cannot copy %s: %v", src, err)
	}
	if err := outfile.SyncFile(dst); err != nil {
		return annotate.Errorf(annotate.EINTERNAL, "cannot copy %s: %v", src, unwrapPath(err))
	}
	return nil
}

// copyFile copies a small file (a log kept as evidence) and syncs it.
func copyFile(from, to string) error {
	return copySynced(from, to)
}

// syncDir makes a rename in dir durable. Some systems cannot sync a
// directory; the rename is done all the same, so that is not an error.
func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return nil
	}
	f.Sync()
	return f.Close()
}

// hasFactDeskID reports whether the SQLite header of the file at path
// carries FactDesk's application id.
func hasFactDeskID(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	var h [72]byte
	if _, err := io.ReadFull(f, h[:]); err != nil {
		return false
	}
	return binary.BigEndian.Uint32(h[68:72]) == applicationID
}

func hasSQLiteMagic(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	b := make([]byte, len(sqliteMagic))
	n, _ := f.Read(b)
	return n == len(b) && string(b) == string(sqliteMagic)
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
