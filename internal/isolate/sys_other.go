//go:build !linux

package isolate

import (
	"os"
	"syscall"
)

// Elsewhere than Linux the reader child has no address-space ceiling: its
// memory is bounded by the Go runtime's soft limit and the watchdog that
// ends it past the limit, and its time by the parent, which kills it; a
// child whose parent dies first is not killed with it.

func limitAddressSpace(uint64) {}

// ChildAttr is nil here: a child is not killed with its parent.
func ChildAttr() *syscall.SysProcAttr { return nil }

// RusageKB is not known here.
func RusageKB(*os.ProcessState) int64 { return 0 }
