package storage

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// A library's integrity check reads every page: a third of a second for a
// 20 MB library, seconds for a large one, on every start. A library this
// program closed cleanly is vouched for: its size, modification time, a
// checksum of its first page (the header and the root of the schema) and of
// its schema are recorded in the user's cache, and while the file still
// matches them and has no write-ahead log left over from a crash, the next
// Open skips the page scan (it still reads the header, application id and
// schema). A file changed by anything else, or left with a log, is checked
// in full; a change that keeps all of these is left to the quick check that
// the window runs in the background (QuickCheck).
//
// Beside the record, each process that has the library open keeps a session
// record with its process id, removed when it closes the library. One left
// by a process that is gone is an unclean shutdown: the log that process
// left is then expected beside the library, and its absence is reported.

// vouchFile is where the record for the library at path is kept, or "" when
// the user has no cache directory.
func vouchFile(path string) string {
	dir, err := os.UserCacheDir()
	if err != nil || dir == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(path))
	return filepath.Join(dir, "factdesk", "checked", hex.EncodeToString(sum[:12]))
}

// fingerprint describes the file's state, or "" when it cannot be read.
// schemaSum is the checksum of the schema as read from the file.
func fingerprint(path, schemaSum string) string {
	fi, err := os.Stat(path)
	if err != nil || fileExists(path+"-wal") || schemaSum == "" {
		return ""
	}
	page, err := firstPageSum(path)
	if err != nil {
		return ""
	}
	return fmt.Sprintf("%s\n%d %d\npage1 %s\nschema %s\n", path, fi.Size(), fi.ModTime().UnixNano(), page, schemaSum)
}

// firstPageSum is the SHA-256 of the file's first page: the header with its
// change counter and page count, and the root of sqlite_schema.
func firstPageSum(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	var h [100]byte
	if _, err := io.ReadFull(f, h[:]); err != nil {
		return "", err
	}
	size := int64(binary.BigEndian.Uint16(h[16:18]))
	if size == 1 {
		size = 65536
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return "", err
	}
	s := sha256.New()
	if _, err := io.CopyN(s, f, size); err != nil {
		return "", err
	}
	return hex.EncodeToString(s.Sum(nil)), nil
}

// schemaSum is the checksum of a schema as read by readSchema.
func schemaSum(objs []schemaObject) string {
	s := sha256.New()
	for _, o := range objs {
		fmt.Fprintf(s, "%q %q %q %q\n", o.kind, o.name, o.table, o.sql)
	}
	return hex.EncodeToString(s.Sum(nil))
}

// vouched reports whether the library at path is as this program last left
// it after a clean close.
func vouched(path, schemaSum string) bool {
	rec := vouchFile(path)
	fp := fingerprint(path, schemaSum)
	if rec == "" || fp == "" {
		return false
	}
	b, err := os.ReadFile(rec)
	return err == nil && string(b) == fp
}

// vouch records the state of the library at path after a clean close. It is
// best effort: without a record the next Open checks the file in full.
func vouch(path, schemaSum string) {
	rec := vouchFile(path)
	if rec == "" {
		return
	}
	fp := fingerprint(path, schemaSum)
	if fp == "" {
		os.Remove(rec)
		return
	}
	writeRecord(rec, fp)
}

// unvouch forgets the record of a library, so that its next Open checks it
// in full.
func unvouch(path string) {
	if rec := vouchFile(path); rec != "" {
		os.Remove(rec)
	}
}

func writeRecord(rec, content string) {
	if err := os.MkdirAll(filepath.Dir(rec), 0o700); err != nil {
		return
	}
	tmp := rec + ".tmp"
	if os.WriteFile(tmp, []byte(content), 0o600) == nil {
		if os.Rename(tmp, rec) != nil {
			os.Remove(tmp)
		}
	}
}

// sessionPrefix is the name of a session record of the library at path
// without its process id, or "" without a cache directory.
func sessionPrefix(path string) string {
	rec := vouchFile(path)
	if rec == "" {
		return ""
	}
	return rec + ".open."
}

// beginSession records that this process has the library at path open and
// returns whether a process that had it open before died without closing
// it (an unclean shutdown); the records of such processes are removed.
func beginSession(path string) (unclean bool) {
	prefix := sessionPrefix(path)
	if prefix == "" {
		return false
	}
	unclean = endDeadSessions(prefix)
	writeRecord(prefix+strconv.Itoa(os.Getpid()), time.Now().UTC().Format(time.RFC3339)+"\n")
	return unclean
}

// endSession removes this process's session record. When the library was
// closed with no log left, whatever a dead process committed has been
// folded into the file by the last close, so its records go too.
func endSession(path string) {
	prefix := sessionPrefix(path)
	if prefix == "" {
		return
	}
	os.Remove(prefix + strconv.Itoa(os.Getpid()))
	if !fileExists(path + "-wal") {
		endDeadSessions(prefix)
	}
}

// endDeadSessions removes the session records of processes that are gone
// and reports whether there were any.
func endDeadSessions(prefix string) bool {
	matches, _ := filepath.Glob(globEscape(prefix) + "*")
	dead := false
	for _, m := range matches {
		pid, err := strconv.Atoi(strings.TrimPrefix(m, prefix))
		if err != nil || pid == os.Getpid() || processAlive(pid) {
			continue
		}
		dead = true
		os.Remove(m)
	}
	return dead
}

func globEscape(s string) string {
	r := strings.NewReplacer(`*`, `\*`, `?`, `\?`, `[`, `\[`)
	return r.Replace(s)
}

// quickCheckFile records when the library at path last passed QuickCheck.
func quickCheckFile(path string) string {
	rec := vouchFile(path)
	if rec == "" {
		return ""
	}
	return rec + ".quick"
}

// lastQuickCheck is when the library at path last passed QuickCheck, or
// the zero time.
func lastQuickCheck(path string) time.Time {
	rec := quickCheckFile(path)
	if rec == "" {
		return time.Time{}
	}
	b, err := os.ReadFile(rec)
	if err != nil {
		return time.Time{}
	}
	t, _ := time.Parse(time.RFC3339, strings.TrimSpace(string(b)))
	return t
}

func recordQuickCheck(path string, at time.Time) {
	if rec := quickCheckFile(path); rec != "" {
		writeRecord(rec, at.UTC().Format(time.RFC3339)+"\n")
	}
}

// liveSession is the id of another process that has the library at path
// open, or 0.
func liveSession(path string) int {
	prefix := sessionPrefix(path)
	if prefix == "" {
		return 0
	}
	matches, _ := filepath.Glob(globEscape(prefix) + "*")
	for _, m := range matches {
		pid, err := strconv.Atoi(strings.TrimPrefix(m, prefix))
		if err == nil && pid != os.Getpid() && processAlive(pid) {
			return pid
		}
	}
	return 0
}
