//go:build unix

package storage

import (
	"syscall"
	"time"
)

// processCPU is the CPU time this process has used, user and system. The
// benchmarks report it beside wall time because the machines they run on
// are often shared.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
