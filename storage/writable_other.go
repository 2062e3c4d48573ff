//go:build !unix

package storage

import (
	"os"
	"path/filepath"

	"github.com/factdesk/factdesk/annotate"
)

// checkWritableDir makes sure SQLite can create the library's -wal and -shm
// files beside it by creating and removing a probe file.
func checkWritableDir(path string) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, ".factdesk-probe-*")
	if err != nil {
		return annotate.Errorf(annotate.EINVALID, "cannot write to %s: read-only directory %s (the library keeps its journal files beside it)", path, dir)
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}
