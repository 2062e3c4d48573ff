package storage

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
)

// A library's integrity check reads every page: a third of a second for a
// 20 MB library, seconds for a large one, on every start. A library this
// program closed cleanly is vouched for: its size and modification time are
// recorded in the user's cache, and while the file still matches them and
// has no write-ahead log left over from a crash, the next Open skips the page
// scan (it still reads the header, application id and schema version). A file
// changed by anything else, or left with a log, is checked in full.

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
func fingerprint(path string) string {
	fi, err := os.Stat(path)
	if err != nil || fileExists(path+"-wal") {
		return ""
	}
	return fmt.Sprintf("%s\n%d %d\n", path, fi.Size(), fi.ModTime().UnixNano())
}

// vouched reports whether the library at path is as this program last left
// it after a clean close.
func vouched(path string) bool {
	rec := vouchFile(path)
	fp := fingerprint(path)
	if rec == "" || fp == "" {
		return false
	}
	b, err := os.ReadFile(rec)
	return err == nil && string(b) == fp
}

// vouch records the state of the library at path after a clean close. It is
// best effort: without a record the next Open checks the file in full.
func vouch(path string) {
	rec := vouchFile(path)
	fp := fingerprint(path)
	if rec == "" {
		return
	}
	if fp == "" {
		os.Remove(rec)
		return
	}
	if err := os.MkdirAll(filepath.Dir(rec), 0o700); err != nil {
		return
	}
	tmp := rec + ".tmp"
	if os.WriteFile(tmp, []byte(fp), 0o600) == nil {
		if os.Rename(tmp, rec) != nil {
			os.Remove(tmp)
		}
	}
}
