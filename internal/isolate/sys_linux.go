package isolate

import (
	"os"
	"syscall"
)

// limitAddressSpace sets a hard ceiling on the child's address space.
func limitAddressSpace(ceiling uint64) {
	_ = syscall.Setrlimit(syscall.RLIMIT_AS, &syscall.Rlimit{Cur: ceiling, Max: ceiling})
}

// ChildAttr makes a child process die with its parent.
func ChildAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}

// RusageKB is a finished child's peak resident set in KB.
func RusageKB(ps *os.ProcessState) int64 {
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return ru.Maxrss
	}
	return 0
}
