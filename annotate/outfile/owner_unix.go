//go:build unix

package outfile

import (
	"io/fs"
	"os"
	"syscall"
)

// keepOwner gives name the owner and group of the file it replaces, when
// this process may (as root, say); otherwise the new file is the writer's.
func keepOwner(name string, old fs.FileInfo) {
	st, ok := old.Sys().(*syscall.Stat_t)
	if !ok || (int(st.Uid) == os.Getuid() && int(st.Gid) == os.Getgid()) {
		return
	}
	os.Chown(name, int(st.Uid), int(st.Gid))
}
