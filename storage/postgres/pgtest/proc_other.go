//go:build !linux

package pgtest

import "syscall"

// dieWithParent is Linux's only; elsewhere Run stops the server.
func dieWithParent() *syscall.SysProcAttr { return nil }
