package pgtest

import "syscall"

// dieWithParent has the kernel send the server (or runuser, which passes
// it on) SIGTERM when the test binary dies, so that a test that times out
// leaves no server behind.
func dieWithParent() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
}
