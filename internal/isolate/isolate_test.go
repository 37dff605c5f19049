package isolate

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"
)

var errOdd = errors.New("odd input")

func init() {
	Register("echo", func(in []byte) ([]byte, error) {
		switch string(in) {
		case "odd":
			return nil, errOdd
		case "loop":
			for {
				time.Sleep(time.Millisecond)
			}
		case "panic":
			panic("the parser fell over")
		case "hog":
			var keep [][]byte
			for {
				keep = append(keep, make([]byte, 16<<20))
				for i := 0; i < len(keep[len(keep)-1]); i += 4096 {
					keep[len(keep)-1][i] = 1
				}
			}
		}
		return append([]byte("echo: "), in...), nil
	}, errors.New("failed"), errOdd)
}

// TestMain lets the test binary be the child, as a program's main does.
func TestMain(m *testing.M) {
	if code, ok := Child(os.Exit); ok {
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// A function run in a child gives its output, its registered errors by
// value, and a loop, a panic or a memory hog come back as errors of their
// own while the caller goes on.
func TestRunInChild(t *testing.T) {
	ctx := context.Background()
	lim := Limits{Enabled: true, Timeout: 5 * time.Second, MemLimit: 128 << 20}
	out, err := Run(ctx, "echo", []byte("hello"), lim)
	if err != nil || string(out) != "echo: hello" {
		t.Fatalf("echo: %q %v", out, err)
	}
	if MaxChildRSS() <= 0 {
		t.Errorf("the child's peak memory was not reported")
	}
	if _, err := Run(ctx, "echo", []byte("odd"), lim); !errors.Is(err, errOdd) {
		t.Errorf("a registered error: %v", err)
	}
	short := lim
	short.Timeout = 300 * time.Millisecond
	if _, err := Run(ctx, "echo", []byte("loop"), short); !errors.Is(err, ErrTimeout) {
		t.Errorf("a loop: %v", err)
	}
	if _, err := Run(ctx, "echo", []byte("panic"), lim); !errors.Is(err, ErrCrashed) || !strings.Contains(err.Error(), "panic") {
		t.Errorf("a panic: %v", err)
	}
	if _, err := Run(ctx, "echo", []byte("hog"), lim); !errors.Is(err, ErrMemory) {
		t.Errorf("a memory hog: %v", err)
	}
	if out, err := Run(ctx, "echo", []byte("in process"), Limits{}); err != nil || string(out) != "echo: in process" {
		t.Errorf("in process: %q %v", out, err)
	}
	if _, err := Run(ctx, "nothing", nil, lim); err == nil {
		t.Error("an unregistered function ran")
	}
}
