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
	"syscall"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/prepare"
)

// applicationID marks a file as a FactDesk library ('FACT'); 001_init.sql
// sets it.
const applicationID = 0x46414354

// deferCheckBytes is the size from which a library not vouched for is not
// read whole before it opens: the check of an 8 MB file takes about a tenth
// of a second, of a newsroom's years tens of seconds, and the window is not
// to wait for it. Its header and schema are still checked here, and the
// page check is left to the background QuickCheck, due after an unclean
// shutdown, which makes the library read-only if it fails. Smaller files
// get the thorough PRAGMA integrity_check before they open.
const deferCheckBytes = 8 << 20

var sqliteMagic = []byte("SQLite format 3\x00")

// checkFile judges the file at path before any read-write connection may
// touch it. A missing or empty file is a new library.
func checkFile(ctx context.Context, path string) (fileCheck, error) {
	fc, err := checkExisting(ctx, path)
	if err != nil || fc.missing {
		return fc, err
	}
	if err := checkWritableFile(path); err != nil {
		return fc, err
	}
	return fc, checkWritableDir(path)
}

// fileCheck is what checking a library file found.
type fileCheck struct {
	missing bool // no file yet (or an empty one): a new library
	version int  // its schema version
	checked bool // its pages were checked now, not vouched for
	// deferred: too large to check before it opens; the background
	// QuickCheck is due at once.
	deferred bool
	schema   string // the checksum of its schema, for the clean-close record
}

// checkExisting judges the file at path as checkFile does, without asking
// whether it may be written.
func checkExisting(ctx context.Context, path string) (fileCheck, error) {
	var fc fileCheck
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if lfi, lerr := os.Lstat(path); lerr == nil && lfi.Mode()&fs.ModeSymlink != 0 {
			target, _ := os.Readlink(path)
			return fc, annotate.Errorf(annotate.EINVALID, "%s is a symbolic link to %s, which does not exist", path, target)
		}
		dir := filepath.Dir(path)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			if isReadOnlyErr(err) {
				return fc, annotate.Errorf(annotate.EINVALID, "cannot write to %s: read-only directory, cannot create %s", path, dir)
			}
			return fc, annotate.Errorf(annotate.EINVALID, "cannot create the directory of %s: %v", path, unwrapPath(err))
		}
		fc.missing = true
		return fc, checkWritableDir(path)
	case err != nil:
		return fc, annotate.Errorf(annotate.EINVALID, "cannot open %s: %v", path, unwrapPath(err))
	case fi.IsDir():
		return fc, annotate.Errorf(annotate.EINVALID, "%s is a directory, not a FactDesk library", path)
	case !fi.Mode().IsRegular():
		return fc, annotate.Errorf(annotate.EINVALID, "%s is not a regular file, not a FactDesk library", path)
	}
	if fi.Size() == 0 {
		fc.missing = true
		return fc, nil
	}
	if err := checkHeader(path, fi.Size()); err != nil {
		return fc, err
	}
	return checkContents(ctx, path, fi.Size())
}

// checkHeader reads the 100-byte SQLite header: the magic string, a page
// size SQLite could have written, and a file at least as long as the page
// count the header vouches for.
func checkHeader(path string, size int64) error {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrPermission) {
			return annotate.Errorf(annotate.EINVALID, "cannot read %s: permission denied", path)
		}
		return annotate.Errorf(annotate.EINVALID, "cannot read %s: %v", path, err)
	}
	defer f.Close()
	var h [100]byte
	n, err := io.ReadFull(f, h[:])
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return annotate.Errorf(annotate.EINVALID, "cannot read %s: %v", path, err)
	}
	if n < len(sqliteMagic) || string(h[:len(sqliteMagic)]) != string(sqliteMagic) {
		return annotate.Errorf(annotate.EINVALID, "%s is not a FactDesk library: not an SQLite database", path)
	}
	if n < len(h) {
		return annotate.Errorf(annotate.EINVALID, "%s is damaged: the SQLite file is truncated (%d bytes, shorter than its header)", path, size)
	}
	pageSize := int64(binary.BigEndian.Uint16(h[16:18]))
	if pageSize == 1 {
		pageSize = 65536
	}
	if pageSize < 512 || pageSize > 65536 || pageSize&(pageSize-1) != 0 {
		return annotate.Errorf(annotate.EINVALID, "%s is damaged: its header gives an impossible page size of %d", path, pageSize)
	}
	// The page count in the header is valid when the change counter matches
	// the version-valid-for number. While a write-ahead log exists the main
	// file may lag behind it, so the length is only judged without one.
	changeCounter := binary.BigEndian.Uint32(h[24:28])
	pages := int64(binary.BigEndian.Uint32(h[28:32]))
	validFor := binary.BigEndian.Uint32(h[92:96])
	if pages > 0 && changeCounter == validFor && !fileExists(path+"-wal") && size < pages*pageSize {
		return annotate.Errorf(annotate.EINVALID, "%s is damaged: the SQLite file is truncated (%d bytes, its header says %d)", path, size, pages*pageSize)
	}
	return nil
}

// checkContents opens the file read-only and checks its integrity, its
// application id and its schema version. Without a write-ahead log the file
// is opened immutable, so that SQLite creates no -wal or -shm file beside
// it; with one the log must be read, and it belongs to this library anyway.
func checkContents(ctx context.Context, path string, size int64) (fileCheck, error) {
	if fileExists(path + "-wal") {
		return checkContentsWith(ctx, path, size, false)
	}
	return checkContentsImmutable(ctx, path, size)
}

// checkContentsImmutable checks a file that had no -wal when it was looked at: as
// immutable, which a read-only folder needs. Another program may open it and
// write meanwhile, and an immutable read does not see that happen: what
// looks damaged is checked again with SQLite's locks before it is believed.
func checkContentsImmutable(ctx context.Context, path string, size int64) (fileCheck, error) {
	fc, err := checkContentsWith(ctx, path, size, true)
	if err == nil {
		return fc, nil
	}
	// A -wal now is another program's, live: read through it, with locks.
	// With none, whatever changed the file is done with it; look again.
	return checkContentsWith(ctx, path, size, !fileExists(path+"-wal"))
}

// checkContentsWith is checkContents reading the file as immutable or not.
func checkContentsWith(ctx context.Context, path string, size int64, immutable bool) (fileCheck, error) {
	var fc fileCheck
	// The busy timeout matters when another program is writing: reading a
	// live -wal may have to wait for its checkpoint.
	q := url.Values{"mode": {"ro"}, "_pragma": {"query_only(1)", fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds())}}
	if immutable {
		q.Set("immutable", "1")
	}
	ro, err := sql.Open("sqlite", dsn(path, q))
	if err != nil {
		return fc, fmt.Errorf("check library %s: %w", path, err)
	}
	defer ro.Close()
	ro.SetMaxOpenConns(1)

	damaged := func(err error) error {
		switch sqliteCode(err) {
		case sqliteCorrupt, sqliteNotADB:
			return annotate.Errorf(annotate.EINVALID, "%s is damaged: %v", path, err)
		}
		return annotate.Errorf(annotate.EINVALID, "cannot read %s: %v", path, err)
	}
	var appID, version, tables int
	err = ro.QueryRowContext(ctx, `SELECT application_id, user_version, (SELECT count(*) FROM sqlite_schema WHERE name NOT LIKE 'sqlite!_%' ESCAPE '!') FROM pragma_application_id, pragma_user_version`).Scan(&appID, &version, &tables)
	if err != nil {
		return fc, damaged(err)
	}
	if appID != 0 && appID != applicationID {
		return fc, annotate.Errorf(annotate.EINVALID, "%s is not a FactDesk library: it is an SQLite database of another program (application id %#x)", path, appID)
	}
	if version > len(migrations) {
		return fc, annotate.Errorf(annotate.EINVALID, "%s was written by a newer FactDesk (schema %d, this program knows %d)", path, version, len(migrations))
	}
	if version == 0 && tables > 0 {
		return fc, annotate.Errorf(annotate.EINVALID, "%s is not a FactDesk library: it is an SQLite database of another program", path)
	}
	fc.version = version
	got, err := readSchema(ctx, ro)
	if err != nil {
		return fc, damaged(err)
	}
	want, err := expectedSchema(ctx, version)
	if err != nil {
		return fc, fmt.Errorf("check library %s: %w", path, err)
	}
	if diff := schemaDifference(got, want); diff != "" {
		return fc, annotate.Errorf(annotate.EINVALID, "%s is not a FactDesk library as this program made it: %s (schema %d)", path, diff, version)
	}
	fc.schema = schemaSum(got)
	if vouched(path, fc.schema) {
		return fc, nil
	}
	if size >= deferCheckBytes {
		fc.deferred = true
		return fc, nil
	}
	var verdict string
	if err := ro.QueryRowContext(ctx, "PRAGMA integrity_check(1)").Scan(&verdict); err != nil {
		return fc, damaged(err)
	}
	if verdict != "ok" {
		return fc, annotate.Errorf(annotate.EINVALID, "%s is damaged: the integrity check says %q", path, clip(verdict, 200))
	}
	fc.checked = true
	return fc, nil
}

// checkWritableFile opens the file for writing without changing it.
func checkWritableFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		if isReadOnlyErr(err) {
			return annotate.Errorf(annotate.EINVALID, "cannot write to %s: read-only file", path)
		}
		return annotate.Errorf(annotate.EINVALID, "cannot open %s for writing: %v", path, err)
	}
	return f.Close()
}

func isReadOnlyErr(err error) bool {
	return errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS)
}

// clip shortens s to at most n bytes on a rune boundary for a message.
var clip = prepare.Clip
