package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/factdesk/factdesk/annotate"
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

// Backup writes a consistent copy of the library to path. The copy is made
// with VACUUM INTO a temporary file in path's directory and renamed into
// place, so path is either the old file or a complete backup, never half of
// one. It refuses to write over the library itself and over a file that is
// not an SQLite database.
func (db *DB) Backup(ctx context.Context, path string) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return annotate.Errorf(annotate.EINVALID, "backup path %q: %v", path, err)
	}
	if sameFile(abs, db.path) {
		return annotate.Errorf(annotate.EINVALID, "cannot back up %s onto itself", db.path)
	}
	for _, side := range []string{"-wal", "-shm", "-journal"} {
		if sameFile(abs, db.path+side) {
			return annotate.Errorf(annotate.EINVALID, "cannot back up onto %s: it is a journal file of the library", abs)
		}
	}
	fi, err := os.Stat(abs)
	switch {
	case err == nil && fi.IsDir():
		return annotate.Errorf(annotate.EINVALID, "cannot back up to %s: it is a directory", abs)
	case err == nil && fi.Size() > 0 && !hasSQLiteMagic(abs):
		return annotate.Errorf(annotate.EINVALID, "cannot back up to %s: the file exists and is not a database; choose another name", abs)
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return annotate.Errorf(annotate.EINVALID, "cannot back up to %s: %v", abs, err)
	}
	dir := filepath.Dir(abs)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return annotate.Errorf(annotate.EINVALID, "cannot create the backup directory %s: %v", dir, unwrapPath(err))
	}
	tmp, err := tempName(dir, filepath.Base(abs))
	if err != nil {
		return annotate.Errorf(annotate.EINVALID, "cannot write in %s: %v", dir, unwrapPath(err))
	}
	defer os.Remove(tmp) // gone after the rename; left only on failure
	// VACUUM INTO reads one snapshot, so writers in this or other processes
	// may go on meanwhile. Its file name is a bound parameter.
	if _, err := db.sql.ExecContext(ctx, "VACUUM INTO ?", tmp); err != nil {
		return db.backupErr(abs, err)
	}
	if err := syncFile(tmp); err != nil {
		return db.backupErr(abs, err)
	}
	if err := os.Rename(tmp, abs); err != nil {
		return annotate.Errorf(annotate.EINVALID, "cannot put the backup at %s: %v", abs, unwrapPath(err))
	}
	return syncDir(dir)
}

// backupErr names the backup in a failure to write it.
func (db *DB) backupErr(path string, err error) error {
	if sqliteCode(err) == sqliteFull || errors.Is(err, syscall.ENOSPC) {
		return annotate.Errorf(annotate.EINTERNAL, "cannot write the backup %s: the disk is full", path)
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
// a FactDesk library: an SQLite file with the FactDesk application id, a
// schema this program knows, its tables, and a clean integrity check;
// anything else is refused with an EINVALID *annotate.Error and nothing is
// changed. The copy is written beside to, synced and renamed over it, so to
// is always either the old library or the new one. The old library, with its
// -wal and -shm files if it had them, is kept as to+".before-restore".
//
// The library at to must not be open in another program meanwhile.
func Restore(ctx context.Context, from, to string) error {
	src, err := filepath.Abs(from)
	if err != nil {
		return annotate.Errorf(annotate.EINVALID, "backup path %q: %v", from, err)
	}
	dst, err := filepath.Abs(to)
	if err != nil {
		return annotate.Errorf(annotate.EINVALID, "library path %q: %v", to, err)
	}
	if sameFile(src, dst) {
		return annotate.Errorf(annotate.EINVALID, "cannot restore %s onto itself", dst)
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
	tmp, err := tempName(dir, filepath.Base(dst))
	if err != nil {
		return annotate.Errorf(annotate.EINVALID, "cannot write in %s: %v", dir, unwrapPath(err))
	}
	defer os.Remove(tmp)
	if err := copyLibrary(ctx, src, tmp); err != nil {
		return err
	}
	// The copy is judged again: a disk that filled up or a bad sector shows
	// here, before the library is touched.
	if err := checkLibrary(ctx, tmp); err != nil {
		return annotate.Errorf(annotate.EINTERNAL, "the copy of %s did not check out: %s", src, annotate.ErrorMessage(err))
	}
	if err := keepPrevious(dst); err != nil {
		return err
	}
	if err := os.Rename(tmp, dst); err != nil {
		return annotate.Errorf(annotate.EINTERNAL, "cannot put the restored library at %s: %v (the previous library is in %s)", dst, unwrapPath(err), dst+".before-restore")
	}
	return syncDir(dir)
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
	if err := checkContents(ctx, path, fi.Size()); err != nil {
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
	if err := syncFile(dst); err != nil {
		return annotate.Errorf(annotate.EINTERNAL, "cannot copy %s: %v", src, unwrapPath(err))
	}
	return nil
}

// keepPrevious keeps the library at path, if there is one, as
// path+".before-restore", replacing an older one. The main file is linked
// (or copied) so that path itself stays in place until the rename over it;
// its -wal and -shm are moved along with it, because a log left beside the
// restored file would be replayed into it.
func keepPrevious(path string) error {
	if !fileExists(path) {
		return nil
	}
	kept := path + ".before-restore"
	for _, side := range []string{"", "-wal", "-shm"} {
		if err := os.Remove(kept + side); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return annotate.Errorf(annotate.EINVALID, "cannot replace the old %s: %v", kept+side, unwrapPath(err))
		}
	}
	if err := os.Link(path, kept); err != nil {
		if err := copyFile(path, kept); err != nil {
			return annotate.Errorf(annotate.EINVALID, "cannot keep the previous library as %s: %v", kept, unwrapPath(err))
		}
	}
	for _, side := range []string{"-wal", "-shm"} {
		if !fileExists(path + side) {
			continue
		}
		if err := os.Rename(path+side, kept+side); err != nil {
			return annotate.Errorf(annotate.EINVALID, "cannot move %s aside: %v", path+side, unwrapPath(err))
		}
	}
	return nil
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		os.Remove(to)
		return err
	}
	return syncFile(to)
}

// tempName is a fresh, unused file name in dir for a file that SQLite will
// create itself.
func tempName(dir, base string) (string, error) {
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return "", err
	}
	name := f.Name()
	f.Close()
	return name, os.Remove(name)
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
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

// sameFile reports whether a and b name the same existing file.
func sameFile(a, b string) bool {
	if filepath.Clean(a) == filepath.Clean(b) {
		return true
	}
	fa, err := os.Stat(a)
	if err != nil {
		return false
	}
	fb, err := os.Stat(b)
	return err == nil && os.SameFile(fa, fb)
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
