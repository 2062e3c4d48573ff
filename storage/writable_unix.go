//go:build unix

package storage

import (
	"path/filepath"
	"syscall"

	"github.com/factdesk/factdesk/annotate"
)

// checkWritableDir makes sure SQLite can create the library's -wal and -shm
// files beside it, asking the kernel rather than creating a probe file.
func checkWritableDir(path string) error {
	const wOK = 0x2
	dir := filepath.Dir(path)
	if err := syscall.Access(dir, wOK); err != nil {
		return annotate.Errorf(annotate.EINVALID, "cannot write to %s: read-only directory %s (the library keeps its journal files beside it)", path, dir)
	}
	return nil
}
