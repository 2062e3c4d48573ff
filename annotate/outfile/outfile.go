// Package outfile is the one way FactDesk writes an output file (a report,
// an export, a backup), from the command line and from the window alike. It
// never writes onto the open library or its journal files, never onto
// another SQLite database unless it is a FactDesk backup replaced on
// purpose, never onto a directory or a device; and it writes through a
// temporary file in the same directory, synced and renamed over the target,
// so that the target is either its old self or the whole new file.
package outfile

import (
	"bufio"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/factdesk/factdesk/annotate"
)

// Options say what an output must not replace.
type Options struct {
	Protect []string // paths of the open library; its -wal and -shm are protected too
	Force   bool     // allow replacing a FactDesk backup file on purpose
}

// applicationID is the SQLite application id of FactDesk files ('FACT').
const applicationID = 0x46414354

// journalSuffixes are the files SQLite keeps beside a database.
var journalSuffixes = []string{"-wal", "-shm", "-journal"}

var sqliteMagic = []byte("SQLite format 3\x00")

// Check reports, with a clear error naming the problem, whether path may be
// written (without writing anything). "-" is standard output and may always
// be written.
func Check(path string, o Options) error {
	_, err := target(path, o)
	return err
}

// Write writes through a temporary file in the same directory as path,
// syncs it, and renames it over path: a failed or cancelled write leaves
// path as it was and no temporary file behind. An existing file keeps its
// mode; a symbolic link is written through, to its target. "-" means
// standard output.
func Write(path string, o Options, write func(io.Writer) error) error {
	if path == "-" {
		bw := bufio.NewWriterSize(os.Stdout, 64<<10)
		if err := write(bw); err != nil {
			return err
		}
		if err := bw.Flush(); err != nil {
			return writeErr("standard output", err)
		}
		return nil
	}
	return Place(path, o, func(tmp *os.File) error {
		bw := bufio.NewWriterSize(tmp, 64<<10)
		if err := write(bw); err != nil {
			return err
		}
		if err := bw.Flush(); err != nil {
			return writeErr(path, err)
		}
		return nil
	})
}

// Place is Write for a file that fill writes itself through its own means
// (an SQLite VACUUM INTO, say): fill gets the open, empty temporary file,
// which it may close and write by name; Place then syncs it, checks the
// target once more and renames the temporary file over it. "-" is refused:
// such a file is not a stream.
func Place(path string, o Options, fill func(tmp *os.File) error) error {
	if path == "-" {
		return annotate.Errorf(annotate.EINVALID, "this output cannot go to standard output; give a file name")
	}
	dst, err := target(path, o)
	if err != nil {
		return err
	}
	mode, exists := fs.FileMode(0o666), false
	fi, err := os.Stat(dst)
	if err == nil {
		mode, exists = fi.Mode().Perm(), true
	}
	dir := filepath.Dir(dst)
	tmp, err := createTemp(dir, filepath.Base(dst), mode)
	if err != nil {
		return createErr(path, dir, err)
	}
	name := tmp.Name()
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(name)
		}
	}()
	if err := fill(tmp); err != nil {
		return err
	}
	// fill may have closed the file to write it by name: sync what is on
	// the disk through a fresh descriptor either way.
	tmp.Close()
	if err := SyncFile(name); err != nil {
		return writeErr(path, err)
	}
	if exists {
		// The creating umask may have narrowed the mode; an existing file
		// keeps its own, and (when allowed) its owner.
		os.Chmod(name, mode)
		keepOwner(name, fi)
	}
	// The target is judged again just before it is replaced: another
	// program may have put something there meanwhile.
	if again, err := target(path, o); err != nil {
		return err
	} else if again != dst {
		return annotate.Errorf(annotate.ECONFLICT, "cannot write %s: it changed while it was being written; try again", path)
	}
	if err := os.Rename(name, dst); err != nil {
		return writeErr(path, err)
	}
	done = true
	syncDir(dir)
	return nil
}

// target resolves path to the file that will be replaced (through any
// symbolic links) and judges it.
func target(path string, o Options) (string, error) {
	if path == "-" {
		return path, nil
	}
	if strings.TrimSpace(path) == "" {
		return "", annotate.Errorf(annotate.EINVALID, "the output file name is empty")
	}
	if strings.IndexByte(path, 0) >= 0 {
		return "", annotate.Errorf(annotate.EINVALID, "the output file name %q contains a NUL character", path)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", annotate.Errorf(annotate.EINVALID, "output file %q: %v", path, err)
	}
	dst, err := resolve(abs)
	if err != nil {
		return "", annotate.Errorf(annotate.EINVALID, "cannot write %s: %v", path, err)
	}
	shown := path
	if dst != abs {
		shown = fmt.Sprintf("%s (a link to %s)", path, dst)
	}
	for _, p := range o.Protect {
		if p == "" {
			continue
		}
		pabs, err := filepath.Abs(p)
		if err != nil {
			continue
		}
		if r, err := resolve(pabs); err == nil {
			pabs = r
		}
		if Same(dst, pabs) {
			return "", annotate.Errorf(annotate.EINVALID, "cannot write %s: it is the open library; choose another file name", shown)
		}
		for _, s := range journalSuffixes {
			if Same(dst, pabs+s) {
				return "", annotate.Errorf(annotate.EINVALID, "cannot write %s: it is the %s file of the open library; choose another file name", shown, s)
			}
		}
	}
	fi, err := os.Stat(dst)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return "", annotate.Errorf(annotate.EINVALID, "cannot write %s: %v", shown, unwrap(err))
	case fi.IsDir():
		return "", annotate.Errorf(annotate.EINVALID, "cannot write %s: it is a directory; give a file name", shown)
	case !fi.Mode().IsRegular():
		return "", annotate.Errorf(annotate.EINVALID, "cannot write %s: it is a device or special file, not a regular file (use -o - for standard output)", shown)
	}
	// A journal of a database beside it is refused whatever its content: a
	// report written there would be replayed into that database.
	for _, s := range journalSuffixes {
		if base, ok := strings.CutSuffix(dst, s); ok && isSQLite(base) {
			return "", annotate.Errorf(annotate.EINVALID, "cannot write %s: it is the %s file of the database %s; choose another file name", shown, s, base)
		}
	}
	if err == nil && fi.Size() > 0 {
		if kind := journalKind(dst); kind != "" {
			return "", annotate.Errorf(annotate.EINVALID, "cannot write %s: it is %s; choose another file name", shown, kind)
		}
		if isSQLite(dst) {
			switch factDeskKind(dst) {
			case "":
				return "", annotate.Errorf(annotate.EINVALID, "cannot write %s: it is an SQLite database of another program; choose another file name", shown)
			case "library":
				return "", annotate.Errorf(annotate.EINVALID, "cannot write %s: it is a FactDesk library; choose another file name", shown)
			}
			if !o.Force {
				return "", annotate.Errorf(annotate.EINVALID, "cannot write %s: it is a FactDesk backup; replace it on purpose with --force, or choose another file name", shown)
			}
			for _, s := range []string{"-wal", "-shm"} {
				if fileExists(dst + s) {
					return "", annotate.Errorf(annotate.EINVALID, "cannot replace %s: it has a %s file beside it, so it is a library in use (or one that was not closed cleanly), not a backup", shown, s)
				}
			}
		}
	}
	// A log left beside a file that is about to appear would be read as
	// that file's own: whatever is written here would be damaged by it.
	for _, s := range []string{"-wal", "-journal"} {
		if fileExists(dst + s) {
			return "", annotate.Errorf(annotate.EINVALID, "cannot write %s: a stale %s file is beside it and would be read into it; move %s away first", shown, s, dst+s)
		}
	}
	dir := filepath.Dir(dst)
	if di, err := os.Stat(dir); err != nil {
		return "", annotate.Errorf(annotate.EINVALID, "cannot write %s: the folder %s does not exist", shown, dir)
	} else if !di.IsDir() {
		return "", annotate.Errorf(annotate.EINVALID, "cannot write %s: %s is not a folder", shown, dir)
	}
	return dst, nil
}

// resolve follows symbolic links in the last element of path (and the
// links they lead to) to the file that is really written; a dangling link
// resolves to the file it would create. The directories on the way are
// resolved too, so that two names of one file compare equal.
func resolve(path string) (string, error) {
	for hops := 0; ; hops++ {
		if hops > 40 {
			return "", errors.New("too many levels of symbolic links")
		}
		dir, base := filepath.Split(path)
		if d, err := filepath.EvalSymlinks(dir); err == nil {
			dir = d
		}
		path = filepath.Join(dir, base)
		fi, err := os.Lstat(path)
		if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
			return path, nil
		}
		link, err := os.Readlink(path)
		if err != nil {
			return "", unwrap(err)
		}
		if !filepath.IsAbs(link) {
			link = filepath.Join(dir, link)
		}
		path = filepath.Clean(link)
	}
}

// Same reports whether a and b name the same file: the same path, or two
// names of one existing file.
func Same(a, b string) bool {
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

func header(path string, n int) []byte {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	b := make([]byte, n)
	m, _ := io.ReadFull(f, b)
	return b[:m]
}

func isSQLite(path string) bool {
	h := header(path, len(sqliteMagic))
	return len(h) == len(sqliteMagic) && string(h) == string(sqliteMagic)
}

// factDeskKind tells a FactDesk library from a FactDesk backup by the
// SQLite header of the file at path: both carry FactDesk's application id,
// but a library is in WAL mode (read and write versions 2) and a backup,
// written by VACUUM INTO, is not. It returns "" for any other file.
func factDeskKind(path string) string {
	h := header(path, 72)
	if len(h) < 72 || binary.BigEndian.Uint32(h[68:72]) != applicationID {
		return ""
	}
	if h[18] == 2 || h[19] == 2 {
		return "library"
	}
	return "backup"
}

// journalKind names an SQLite write-ahead log or rollback journal by its
// content, whatever its name, or returns "".
func journalKind(path string) string {
	h := header(path, 8)
	if len(h) < 8 {
		return ""
	}
	switch m := binary.BigEndian.Uint32(h[:4]); {
	case m == 0x377f0682 || m == 0x377f0683:
		return "an SQLite write-ahead log"
	case string(h) == "\xd9\xd5\x05\xf9\x20\xa1\x63\xd7":
		return "an SQLite rollback journal"
	}
	return ""
}

// createTemp creates a new file in dir for base, with mode (the umask
// applies, as for any new file).
func createTemp(dir, base string, mode fs.FileMode) (*os.File, error) {
	for i := 0; ; i++ {
		var r [6]byte
		rand.Read(r[:])
		name := filepath.Join(dir, "."+base+".tmp-"+hex.EncodeToString(r[:]))
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, mode)
		if errors.Is(err, fs.ErrExist) && i < 10 {
			continue
		}
		return f, err
	}
}

// SyncFile makes a written file's contents durable.
func SyncFile(name string) error {
	f, err := os.OpenFile(name, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// syncDir makes a rename durable; systems that cannot sync a directory
// still did the rename.
func syncDir(dir string) {
	if f, err := os.Open(dir); err == nil {
		f.Sync()
		f.Close()
	}
}

func fileExists(name string) bool {
	_, err := os.Lstat(name)
	return err == nil
}

func createErr(path, dir string, err error) error {
	err = unwrap(err)
	switch {
	case errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS):
		return annotate.Errorf(annotate.EINVALID, "cannot write %s: the folder %s is read-only", path, dir)
	}
	return writeErr(path, err)
}

// writeErr names what went wrong in words a user can act on.
func writeErr(path string, err error) error {
	err = unwrap(err)
	switch {
	case errors.Is(err, syscall.ENOSPC):
		return annotate.Errorf(annotate.EINTERNAL, "cannot write %s: the disk is full", path)
	case errors.Is(err, syscall.EDQUOT):
		return annotate.Errorf(annotate.EINTERNAL, "cannot write %s: the disk quota is used up", path)
	case errors.Is(err, syscall.EFBIG):
		return annotate.Errorf(annotate.EINTERNAL, "cannot write %s: the file is larger than this process may write (see ulimit -f)", path)
	case errors.Is(err, syscall.EPIPE):
		return annotate.Errorf(annotate.EINTERNAL, "cannot write %s: the reader went away", path)
	case errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS):
		return annotate.Errorf(annotate.EINVALID, "cannot write %s: permission denied or read-only", path)
	}
	return annotate.Errorf(annotate.EINTERNAL, "cannot write %s: %v", path, err)
}

// WriteError is writeErr for callers that write a stream of their own
// (standard output): the same words for the same failures.
func WriteError(what string, err error) error {
	var ae *annotate.Error
	if errors.As(err, &ae) {
		return ae
	}
	return writeErr(what, err)
}

func unwrap(err error) error {
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
