package storage

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/factdesk/factdesk/annotate"
)

// walState is what a write-ahead log left by a crash holds, judged as SQLite
// will judge it when it replays the log: frames are read in order while
// their salt matches the header and their running checksum is right, and
// the last commit among them is where the library will stand.
type walState struct {
	valid     bool // the header is intact
	commits   int  // commits SQLite will replay
	lost      int  // commits of this log after a damaged frame, which SQLite will drop
	truncated bool // the log ends inside a frame
}

// readWAL reads the log at path. A missing or empty log has no commits.
func readWAL(path string) (walState, error) {
	var st walState
	f, err := os.Open(path)
	if err != nil {
		if os.IsNotExist(err) {
			return st, nil
		}
		return st, err
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<16)
	var h [32]byte
	if _, err := io.ReadFull(r, h[:]); err != nil {
		// Shorter than a header: SQLite ignores it, and it cannot hold a
		// commit.
		return st, nil
	}
	magic := binary.BigEndian.Uint32(h[0:4])
	if magic != 0x377f0682 && magic != 0x377f0683 {
		return st, nil
	}
	bigEndian := magic&1 == 1
	pageSize := int(binary.BigEndian.Uint32(h[8:12]))
	if pageSize == 1 {
		pageSize = 65536
	}
	s0, s1 := walChecksum(bigEndian, h[:24], 0, 0)
	if pageSize < 512 || pageSize > 65536 || pageSize&(pageSize-1) != 0 ||
		s0 != binary.BigEndian.Uint32(h[24:28]) || s1 != binary.BigEndian.Uint32(h[28:32]) {
		// A damaged header makes SQLite ignore the whole log: any frame
		// in it that carries a commit is lost.
		st.lost = countCommits(r, pageSize, h[16:24])
		return st, nil
	}
	st.valid = true
	salt := h[16:24]
	frame := make([]byte, 24+pageSize)
	broken := false
	for {
		n, err := io.ReadFull(r, frame)
		if err != nil {
			st.truncated = n > 0
			return st, nil
		}
		fh := frame[:24]
		sameSalt := string(fh[8:16]) == string(salt)
		commit := binary.BigEndian.Uint32(fh[4:8]) != 0
		if broken {
			if sameSalt && commit {
				st.lost++
			}
			continue
		}
		if !sameSalt {
			// Frames of an earlier round of the log: the end of this one.
			broken = true
			continue
		}
		c0, c1 := walChecksum(bigEndian, fh[:8], s0, s1)
		c0, c1 = walChecksum(bigEndian, frame[24:], c0, c1)
		if c0 != binary.BigEndian.Uint32(fh[16:20]) || c1 != binary.BigEndian.Uint32(fh[20:24]) {
			broken = true
			continue
		}
		s0, s1 = c0, c1
		if commit {
			st.commits++
		}
	}
}

// countCommits counts the frames that carry a commit in a log whose header
// cannot be trusted, by the header's salt when it is still readable.
func countCommits(r io.Reader, pageSize int, salt []byte) int {
	if pageSize < 512 || pageSize > 65536 {
		return 0
	}
	frame := make([]byte, 24+pageSize)
	n := 0
	for {
		if _, err := io.ReadFull(r, frame); err != nil {
			return n
		}
		if string(frame[8:16]) == string(salt) && binary.BigEndian.Uint32(frame[4:8]) != 0 {
			n++
		}
	}
}

// walChecksum is SQLite's log checksum of b (a multiple of 8 bytes),
// continued from s0, s1.
func walChecksum(bigEndian bool, b []byte, s0, s1 uint32) (uint32, uint32) {
	order := binary.ByteOrder(binary.LittleEndian)
	if bigEndian {
		order = binary.BigEndian
	}
	for i := 0; i+8 <= len(b); i += 8 {
		s0 += order.Uint32(b[i:]) + s1
		s1 += order.Uint32(b[i+4:]) + s0
	}
	return s0, s1
}

// hadUncleanShutdown reports whether a process that had the library at
// path open died without closing it.
func hadUncleanShutdown(path string) bool {
	prefix := sessionPrefix(path)
	if prefix == "" {
		return false
	}
	matches, _ := filepath.Glob(globEscape(prefix) + "*")
	for _, m := range matches {
		pid, err := strconv.Atoi(strings.TrimPrefix(m, prefix))
		if err == nil && pid != os.Getpid() && !processAlive(pid) {
			return true
		}
	}
	return false
}

// logWarning judges the write-ahead log of the library at path before
// SQLite reads it, and says what a crash lost: the log missing after an
// unclean shutdown (deleted, or never written back), or commits in it that
// follow a damaged frame and that SQLite will drop. A damaged log is copied
// to path-wal.damaged first, as evidence and for recovery by hand.
func logWarning(path string, crashed bool) (string, error) {
	if !fileExists(path) {
		return "", nil
	}
	backup := ""
	if latest, _ := LatestBackup(BackupDir(path)); latest != "" {
		backup = "; the latest backup is " + latest
	}
	wal := path + "-wal"
	if !fileExists(wal) {
		if crashed {
			return fmt.Sprintf("%s was not closed cleanly and its write-ahead log %s is missing: the changes made last before that may be lost%s", path, filepath.Base(wal), backup), nil
		}
		return "", nil
	}
	st, err := readWAL(wal)
	if err != nil || st.lost == 0 {
		return "", nil
	}
	kept := wal + ".damaged"
	if err := copyFile(wal, kept); err != nil {
		return "", annotate.Errorf(annotate.EINTERNAL, "the write-ahead log %s is damaged and cannot be kept aside before it is read: %v", wal, unwrapPath(err))
	}
	return fmt.Sprintf("the write-ahead log %s is damaged: %d recent commits after the damage cannot be read and are lost (a copy of the log is kept as %s)%s", wal, st.lost, filepath.Base(kept), backup), nil
}
