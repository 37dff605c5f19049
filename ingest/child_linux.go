package ingest

import "syscall"

// limitAddressSpace sets a hard ceiling on the child's address space.
func limitAddressSpace(ceiling uint64) {
	_ = syscall.Setrlimit(syscall.RLIMIT_AS, &syscall.Rlimit{Cur: ceiling, Max: ceiling})
}

// childProcAttr makes the child die with its parent.
func childProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
