package bench

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/scrutineer/scrutineer/corpus"
	"github.com/scrutineer/scrutineer/internal/synth"
	"github.com/scrutineer/scrutineer/trace"
)

// benchTrace traces synthetic recommendations at several sizes and prints
// time, peak heap and the ratio between sizes (near 10 for ten times the
// items means near-linear cost), for each method: the hand-set score is
// the baseline the learned linker is measured against in the same run.
func benchTrace(ctx context.Context, e *Env, args []string) error {
	fs := newFlags(e, "bench trace", "[--sizes 10000,100000,1000000] [--scope subject|all]")
	sizes := fs.String("sizes", "10000,100000", "numbers of recommendations, comma-separated")
	scope := fs.String("scope", "subject", "linking scope")
	methods := fs.String("methods", "hand,learned", "linking methods, comma-separated; the first is the baseline")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "%8s %10s %10s %10s %12s %10s %8s\n", "method", "items", "threads", "seconds", "items/s", "peak heap", "ratio")
	for _, method := range strings.Split(*methods, ",") {
		if err := benchTraceMethod(ctx, e, strings.TrimSpace(method), *sizes, *scope); err != nil {
			return err
		}
	}
	fmt.Fprintf(e.Stdout, "process peak RSS: %s\n", peakRSS())
	return nil
}

// benchTraceMethod is benchTrace's run of one method over the sizes.
func benchTraceMethod(ctx context.Context, e *Env, method, sizes, scope string) error {
	var prev time.Duration
	prevN := 0
	for _, s := range strings.Split(sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 {
			return usageError("bad size %q", s)
		}
		in := synthRecommendations(n)
		runtime.GC()
		debug.FreeOSMemory()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		peak := before.HeapAlloc
		stop := make(chan struct{})
		go func() { // sample the heap while tracing
			var ms runtime.MemStats
			for {
				select {
				case <-stop:
					return
				case <-time.After(200 * time.Millisecond):
					runtime.ReadMemStats(&ms)
					if ms.HeapAlloc > peak {
						peak = ms.HeapAlloc
					}
				}
			}
		}()
		start := time.Now()
		res := trace.Trace(in, nil, trace.Options{Scope: scope, Method: method}, 2)
		took := time.Since(start)
		close(stop)
		ratio := "-"
		if prevN > 0 {
			ratio = fmt.Sprintf("%.1fx", float64(took)/float64(prev))
		}
		fmt.Fprintf(e.Stdout, "%8s %10d %10d %10.1f %12.0f %8dMB %8s\n", method, len(in), len(res.Threads), took.Seconds(),
			float64(len(in))/took.Seconds(), peak>>20, ratio)
		prev, prevN = took, n
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	return nil
}

// synthRecommendations returns about n recommendations from the synthetic corpus.
func synthRecommendations(n int) []trace.Input {
	// two thirds of synthetic items are recommendations
	g := synth.New(synth.Config{Seed: 1, Items: n * 3 / 2})
	out := make([]trace.Input, 0, n)
	for len(out) < n {
		d, items := g.Next()
		if d == nil {
			break
		}
		for _, it := range items {
			if it.Kind == corpus.Recommendation && len(out) < n {
				out = append(out, trace.Input{ItemID: it.ID, DocID: d.ID, Date: d.Date, Subject: d.Subject, Title: d.Title,
					Kind: it.Kind, Text: it.Text, Themes: it.Themes})
			}
		}
	}
	return out
}
