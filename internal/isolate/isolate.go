// Package isolate runs a function of this binary in a child process of the
// same binary, with a time limit and a memory limit, so that input that
// makes the function panic, loop or allocate without bound is reported as
// an error and the caller goes on. PDF reading runs this way: a parser can
// be stopped from outside only if it is a process.
//
// A program registers its functions (Register, in an init function or
// before Run) and lets the child run them first thing in main:
//
//	if code, ok := isolate.Child(os.Exit); ok {
//		os.Exit(code)
//	}
//
// On Linux the child has a hard ceiling on its address space and dies
// with its parent; elsewhere its memory is bounded by the Go runtime's
// soft limit and a watchdog, and its time by the parent, which kills it
// (a child whose parent dies first is not killed with it there).
package isolate

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Limits set how a function is run.
type Limits struct {
	Enabled  bool          // in a child process; false runs it in this one
	Timeout  time.Duration // per run
	MemLimit int64         // bytes, per child
}

// Errors of a run that did not finish.
var (
	ErrTimeout = errors.New("timed out")
	ErrMemory  = errors.New("memory limit exceeded")
	ErrCrashed = errors.New("reader crashed")
)

// A Func reads its input and returns its output. Errors that match one of
// the function's registered errors (errors.Is) reach the caller as that
// error, with the message; others as the first registered error.
type Func func(input []byte) ([]byte, error)

type registered struct {
	fn   Func
	errs []error
}

var (
	mu    sync.Mutex
	funcs = map[string]registered{}
)

// Register makes fn runnable by name in a child; errs are the errors it
// returns that the caller tells apart (the first is the default).
func Register(name string, fn Func, errs ...error) {
	if len(errs) == 0 {
		panic("isolate: " + name + " registered with no errors")
	}
	mu.Lock()
	defer mu.Unlock()
	funcs[name] = registered{fn, errs}
}

// The environment of the child: which function, and its memory limit.
const (
	childEnv       = "SCRUTINEER_CHILD"
	childMemoryEnv = "SCRUTINEER_CHILD_MEM"
)

// Exit codes of the child.
const (
	childOK       = 0
	childFailed   = 10 // stderr ends "index\tmessage"
	childMemory   = 11
	childBadInput = 12
)

// Child runs the registered function the environment names, when this
// process is a child, and returns its exit code with ok true; otherwise it
// returns ok false at once. exit is how the child's memory watchdog ends
// the process (os.Exit).
func Child(exit func(code int)) (code int, ok bool) {
	name := os.Getenv(childEnv)
	if name == "" {
		return 0, false
	}
	return runChild(name, os.Stdin, os.Stdout, os.Stderr, exit), true
}

func runChild(name string, stdin io.Reader, stdout, stderr io.Writer, exit func(int)) int {
	mu.Lock()
	r, found := funcs[name]
	mu.Unlock()
	if !found {
		fmt.Fprintf(stderr, "0\tno function %q in this binary\n", name)
		return childFailed
	}
	limit := int64(1 << 30)
	if v := os.Getenv(childMemoryEnv); v != "" {
		fmt.Sscan(v, &limit)
	}
	// A hard ceiling on address space well above the limit (the Go runtime
	// reserves more address space than it uses), the collector working to
	// stay under the limit, and a watchdog that ends the child past it.
	limitAddressSpace(uint64(limit)*2 + 4<<30)
	debug.SetMemoryLimit(limit * 3 / 4)
	go watchMemory(limit, stderr, exit)
	input, err := io.ReadAll(io.LimitReader(stdin, 1<<31))
	if err != nil {
		fmt.Fprintf(stderr, "0\tread input: %v\n", err)
		return childBadInput
	}
	out, err := r.fn(input)
	if err != nil {
		fmt.Fprintf(stderr, "%d\t%v\n", errorIndex(r.errs, err), err)
		return childFailed
	}
	if _, err := stdout.Write(out); err != nil {
		fmt.Fprintf(stderr, "0\twrite result: %v\n", err)
		return childFailed
	}
	fmt.Fprintf(stderr, "peak\t%d\n", PeakRSS()>>10)
	return childOK
}

// errorIndex is the index of the first of errs that err is.
func errorIndex(errs []error, err error) int {
	for i, e := range errs {
		if errors.Is(err, e) {
			return i
		}
	}
	return 0
}

// watchMemory ends the child with a clear message when its memory passes
// the limit.
func watchMemory(limit int64, stderr io.Writer, exit func(int)) {
	sample := []metrics.Sample{{Name: "/memory/classes/total:bytes"}}
	for {
		time.Sleep(20 * time.Millisecond)
		metrics.Read(sample)
		if int64(sample[0].Value.Uint64()) > limit {
			fmt.Fprintf(stderr, "memory\tused more than %d MB\n", limit>>20)
			exit(childMemory)
		}
	}
}

// Run runs the function registered as name on input in a child process
// with the limits, or in this process when they are not enabled, and
// returns its output.
func Run(ctx context.Context, name string, input []byte, lim Limits) ([]byte, error) {
	mu.Lock()
	r, found := funcs[name]
	mu.Unlock()
	if !found {
		return nil, fmt.Errorf("isolate: no function %q", name)
	}
	if !lim.Enabled {
		return r.fn(input)
	}
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("find own executable: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, lim.Timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, exe)
	cmd.Env = append(os.Environ(), childEnv+"="+name, fmt.Sprintf("%s=%d", childMemoryEnv, lim.MemLimit))
	cmd.Stdin = bytes.NewReader(input)
	var stdout bytes.Buffer
	var stderr limitedBuffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.SysProcAttr = ChildAttr()
	err = cmd.Run()
	if ctx.Err() == context.DeadlineExceeded {
		return nil, fmt.Errorf("%w after %s", ErrTimeout, lim.Timeout)
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		return nil, ctxErr
	}
	msg := strings.TrimSpace(stderr.String())
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return nil, childError(exit.ExitCode(), msg, r.errs, lim)
	}
	if err != nil {
		return nil, fmt.Errorf("run %s child: %w", name, err)
	}
	if kind, kb, _ := strings.Cut(lastLine(msg), "\t"); kind == "peak" {
		n, _ := strconv.ParseInt(kb, 10, 64)
		childPeak.Note(n)
	}
	return stdout.Bytes(), nil
}

// childError is the error a child's exit code and last words stand for.
func childError(code int, msg string, errs []error, lim Limits) error {
	kind, detail, _ := strings.Cut(lastLine(msg), "\t")
	switch {
	case code == childMemory, strings.Contains(msg, "out of memory"):
		return fmt.Errorf("%w (%d MB)", ErrMemory, lim.MemLimit>>20)
	case code == childFailed:
		i, err := strconv.Atoi(kind)
		if err != nil || i < 0 || i >= len(errs) {
			i = 0
		}
		return fmt.Errorf("%w%s", errs[i], strings.TrimPrefix(detail, errs[i].Error()))
	default:
		return fmt.Errorf("%w: %s", ErrCrashed, firstLine(msg))
	}
}

func lastLine(s string) string {
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if s == "" {
		return "no message"
	}
	return s
}

// limitedBuffer keeps the first 64 KiB written to it.
type limitedBuffer struct{ bytes.Buffer }

func (b *limitedBuffer) Write(p []byte) (int, error) {
	if room := 64<<10 - b.Len(); room > 0 {
		b.Buffer.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}

// Peak is the largest of the resident sets, in KB, noted in it.
type Peak struct{ atomic.Int64 }

// Note records a resident set of kb.
func (p *Peak) Note(kb int64) {
	for {
		cur := p.Load()
		if kb <= cur || p.CompareAndSwap(cur, kb) {
			return
		}
	}
}

// childPeak is the largest resident set any child reported for itself,
// in KB. (The rusage of a child started with vfork also counts the
// parent's memory, so the child reports its own.)
var childPeak Peak

// MaxChildRSS is the peak resident memory of the children run so far, in
// bytes.
func MaxChildRSS() int64 { return childPeak.Load() << 10 }

// PeakRSS returns this process's peak resident memory (VmHWM) in bytes, or
// 0 where the system does not say.
func PeakRSS() int64 {
	raw, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb int64
			fmt.Sscan(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), &kb)
			return kb << 10
		}
	}
	return 0
}

// ResetPeaks starts the peak resident memory of this process and of the
// children afresh, so that one process can measure runs in turn.
func ResetPeaks() {
	childPeak.Store(0)
	// writing 5 to clear_refs resets VmHWM to the current resident set
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}
