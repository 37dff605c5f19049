package ingest

import (
	"os"
	"syscall"
)

// limitAddressSpace sets a hard ceiling on the child's address space.
func limitAddressSpace(ceiling uint64) {
	_ = syscall.Setrlimit(syscall.RLIMIT_AS, &syscall.Rlimit{Cur: ceiling, Max: ceiling})
}

// childProcAttr makes the child die with its parent.
func childProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}

// rusageKB is a finished child's peak resident set in KB.
func rusageKB(ps *os.ProcessState) int64 {
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return ru.Maxrss
	}
	return 0
}
