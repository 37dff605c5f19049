//go:build !linux

package ingest

import (
	"os"
	"syscall"
)

// Elsewhere than Linux the reader child has no address-space ceiling: its
// memory is bounded by the Go runtime's soft limit and the watchdog that
// ends it past the limit, and its time by the parent, which kills it; a
// child whose parent dies first is not killed with it.

func limitAddressSpace(uint64) {}

func childProcAttr() *syscall.SysProcAttr { return nil }

// rusageKB is not known here.
func rusageKB(*os.ProcessState) int64 { return 0 }
