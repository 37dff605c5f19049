package ingest

import (
	"bytes"
	"context"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"sync/atomic"
	"time"
)

// The PDF reader runs in a child process of the same binary: ledongthuc/pdf
// can panic, loop or allocate without bound on a hostile file, and only a
// process can be stopped from outside. The child reads the PDF on standard
// input and writes a gob-encoded pdfResult on standard output; it limits its
// own memory, and the parent kills it after a time limit.

// ChildEnv is the environment variable that makes the binary act as the
// PDF reader child. Programs that use Isolated call MaybeRunChild first
// thing in main (and in TestMain).
const ChildEnv = "SCRUTINEER_PDF_CHILD"

// Exit codes of the child.
const (
	childOK        = 0
	childFailed    = 10 // stderr says "kind\tmessage"
	childMemory    = 11
	childBadInput  = 12
	childMemoryEnv = "SCRUTINEER_PDF_CHILD_MEM"
)

// Isolation sets how PDFs are read.
type Isolation struct {
	Enabled  bool          // read in a child process (the default for the CLI)
	Timeout  time.Duration // per file
	MemLimit int64         // bytes, per child
}

// DefaultIsolation is what the CLI uses.
var DefaultIsolation = Isolation{Enabled: true, Timeout: 90 * time.Second, MemLimit: 512 << 20}

// MaybeRunChild runs the PDF reader child and exits when the environment
// asks for it, and returns otherwise.
func MaybeRunChild() {
	if os.Getenv(ChildEnv) == "" {
		return
	}
	os.Exit(runChild(os.Stdin, os.Stdout, os.Stderr))
}

func runChild(stdin io.Reader, stdout, stderr io.Writer) int {
	limit := int64(1 << 30)
	if v := os.Getenv(childMemoryEnv); v != "" {
		fmt.Sscan(v, &limit)
	}
	// A hard ceiling on address space well above the limit (the Go runtime
	// reserves more address space than it uses), the collector working to
	// stay under the limit, and a watchdog that ends the child past it.
	ceiling := uint64(limit)*2 + 4<<30
	limitAddressSpace(ceiling)
	debug.SetMemoryLimit(limit * 3 / 4)
	go watchMemory(limit, stderr)
	data, err := io.ReadAll(io.LimitReader(stdin, 1<<31))
	if err != nil {
		fmt.Fprintf(stderr, "malformed\tread input: %v\n", err)
		return childBadInput
	}
	res, err := extractPDF(data)
	if err != nil {
		fmt.Fprintf(stderr, "%s\t%v\n", errorKind(err), err)
		return childFailed
	}
	res.PeakRSS = PeakRSS() >> 10
	if err := gob.NewEncoder(stdout).Encode(res); err != nil {
		fmt.Fprintf(stderr, "malformed\twrite result: %v\n", err)
		return childFailed
	}
	return childOK
}

// watchMemory ends the child with a clear message when the heap passes the limit.
func watchMemory(limit int64, stderr io.Writer) {
	sample := []metrics.Sample{{Name: "/memory/classes/total:bytes"}}
	for {
		time.Sleep(20 * time.Millisecond)
		metrics.Read(sample)
		if int64(sample[0].Value.Uint64()) > limit {
			fmt.Fprintf(stderr, "memory\tused more than %d MB\n", limit>>20)
			os.Exit(childMemory)
		}
	}
}

// readPDFIsolated runs the reader in a child process.
func readPDFIsolated(ctx context.Context, data []byte, iso Isolation) (*pdfResult, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("find own executable: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, iso.Timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, exe)
	cmd.Env = append(os.Environ(), ChildEnv+"=1", fmt.Sprintf("%s=%d", childMemoryEnv, iso.MemLimit))
	cmd.Stdin = bytes.NewReader(data)
	var stdout bytes.Buffer
	var stderr limitedBuffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.SysProcAttr = childProcAttr()
	err = cmd.Run()
	if ctx.Err() == context.DeadlineExceeded {
		return nil, fmt.Errorf("%w after %s", ErrTimeout, iso.Timeout)
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		return nil, ctxErr
	}
	msg := strings.TrimSpace(stderr.String())
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		kind, detail, _ := strings.Cut(lastLine(msg), "\t")
		switch {
		case exit.ExitCode() == childMemory, strings.Contains(msg, "out of memory"):
			return nil, fmt.Errorf("%w (%d MB)", ErrMemory, iso.MemLimit>>20)
		case exit.ExitCode() == childFailed:
			for _, k := range errorKinds {
				if k.name == kind {
					return nil, fmt.Errorf("%w%s", k.err, strings.TrimPrefix(detail, k.err.Error()))
				}
			}
			return nil, fmt.Errorf("%w: %s", ErrMalformed, detail)
		default:
			return nil, fmt.Errorf("%w: %s", ErrCrashed, firstLine(msg))
		}
	}
	if err != nil {
		return nil, fmt.Errorf("run PDF reader: %w", err)
	}
	var res pdfResult
	if err := gob.NewDecoder(&stdout).Decode(&res); err != nil {
		return nil, fmt.Errorf("%w: decode reader output: %v", ErrCrashed, err)
	}
	maxChildRSS.note(res.PeakRSS)
	return &res, nil
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

// peakKB is the largest of the resident sets, in KB, noted in it.
type peakKB struct{ atomic.Int64 }

func (p *peakKB) note(kb int64) {
	for {
		cur := p.Load()
		if kb <= cur || p.CompareAndSwap(cur, kb) {
			return
		}
	}
}

// maxChildRSS is the largest resident set any PDF reader child reported
// for itself so far, in KB.
var maxChildRSS peakKB

// MaxChildRSS returns the peak resident memory of the PDF reader children, in bytes.
func MaxChildRSS() int64 { return maxChildRSS.Load() << 10 }

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

// ResetPeaks starts the peak resident memory of this process and of the PDF
// reader children afresh, so that one process can measure runs in turn.
func ResetPeaks() {
	maxChildRSS.Store(0)
	// writing 5 to clear_refs resets VmHWM to the current resident set
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}
