package bench

import (
	"context"
	"fmt"
	"os"
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
	stored := fs.Int("stored", 10000, "then store this many recommendations' threads and time adding one document at a time (0: not)")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "%8s %10s %10s %10s %12s %10s %8s\n", "method", "items", "threads", "seconds", "items/s", "peak heap", "ratio")
	for _, method := range strings.Split(*methods, ",") {
		if err := benchTraceMethod(ctx, e, strings.TrimSpace(method), *sizes, *scope); err != nil {
			return err
		}
	}
	if *stored > 0 {
		if err := benchTraceUpdate(ctx, e, *stored, 10); err != nil {
			return err
		}
	}
	fmt.Fprintf(e.Stdout, "process peak RSS: %s\n", peakRSS())
	return nil
}

// benchTraceUpdate stores the threads of a synthetic store of about n
// recommendations, then adds documents one at a time and times the update
// of the stored threads after each: the incremental update (the subject
// of the new document traced again) against tracing the whole store.
func benchTraceUpdate(ctx context.Context, e *Env, n, adds int) error {
	dir, err := os.MkdirTemp("", "scrutineer-bench-trace-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	st, err := corpus.Open(dir)
	if err != nil {
		return err
	}
	defer st.Close()
	g := synth.New(synth.Config{Seed: 2, Items: n * 3 / 2})
	var held []*synthDoc
	for d, items := g.Next(); d != nil; d, items = g.Next() {
		held = append(held, &synthDoc{d, items})
	}
	if len(held) <= adds {
		return usageError("--stored %d is too few for %d documents added", n, adds)
	}
	put := func(sd *synthDoc) error {
		_, err := st.Put(ctx, 0, sd.doc.ID+".txt", sd.doc, sd.items, []byte(sd.doc.Text))
		return err
	}
	for _, sd := range held[:len(held)-adds] {
		if err := put(sd); err != nil {
			return err
		}
	}
	start := time.Now()
	_, u, err := trace.UpdateThreads(ctx, st, true)
	if err != nil {
		return err
	}
	whole := time.Since(start)
	var lat []time.Duration
	traced := 0
	for _, sd := range held[len(held)-adds:] {
		if err := put(sd); err != nil {
			return err
		}
		start := time.Now()
		_, u1, err := trace.UpdateThreads(ctx, st, false)
		if err != nil {
			return err
		}
		lat = append(lat, time.Since(start))
		traced += len(u1.Traced)
	}
	fmt.Fprintf(e.Stdout, "\nstored threads of %d items in %d subjects: traced whole in %.2f s (the baseline)\n", u.Items, u.Subjects, whole.Seconds())
	l := Summarise(lat)
	fmt.Fprintf(e.Stdout, "one document added, %d times: update p50 %s, p95 %s, max %s; %.1f subjects traced again per update\n",
		adds, ms(l.P50), ms(l.P95), ms(l.Max), float64(traced)/float64(adds))
	return nil
}

type synthDoc struct {
	doc   *corpus.Document
	items []corpus.Item
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
