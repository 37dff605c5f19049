package bench

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/scrutineer/scrutineer/corpus"
	"github.com/scrutineer/scrutineer/index"
	"github.com/scrutineer/scrutineer/internal/pipeline"
	"github.com/scrutineer/scrutineer/web"
)

// classLoad is what one class of requests saw under load.
type classLoad struct {
	lat  []time.Duration
	errs int
}

// benchServe runs a fixed mix of requests from many concurrent clients
// against the real server on loopback for a bounded time and prints
// throughput, latency percentiles and errors.
func benchServe(ctx context.Context, e *Env, args []string) error {
	fs := newFlags(e, "bench serve", "[--data DIR | PATH...] [--clients 50] [--duration 30s] [--trace-share 5] [--costly-share 5]")
	data := fs.String("data", "", "an ingested data directory (else the PATHs are ingested into a temporary one)")
	clients := fs.Int("clients", 50, "concurrent clients")
	duration := fs.Duration("duration", 30*time.Second, "how long the load runs (at most 5 minutes)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the load to this file")
	traceShare := fs.Int("trace-share", 5, "percent of requests that are trace pages and matrices")
	costlyShare := fs.Int("costly-share", 5, "percent of requests that are costly searches (regular expressions, fuzzy and inner wildcard terms)")
	paths, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if *duration > 5*time.Minute || *clients > 500 {
		return usageError("at most 500 clients for 5 minutes")
	}
	dir, cleanup, err := benchData(ctx, e, *data, paths)
	if err != nil {
		return err
	}
	defer cleanup()
	st, err := corpus.Open(dir)
	if err != nil {
		return err
	}
	defer st.Close()
	ix, err := index.Open(dir)
	if err != nil {
		return err
	}
	defer ix.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	ws := &web.Server{Store: st, Index: ix}
	srv := web.HTTPServer(ws)
	ws.WarmTrace(ctx) // as serve does before its first visitor
	go srv.Serve(ln)
	defer srv.Close()
	mix := serveMix(ctx, st, "http://"+ln.Addr().String())
	client := &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: *clients}}
	stop, err := startCPUProfile(*cpuProfile)
	if err != nil {
		return err
	}
	defer stop()
	lr := loadRun{client: client, mix: mix, clients: *clients, duration: *duration}
	report := func(name string, classes map[string]*classLoad) int {
		return reportLoad(e, fmt.Sprintf("%s: %d clients for %s over %s", name, *clients, *duration, dir), *duration, classes)
	}
	// the baseline: ordinary searches alone; then the mix
	errs := report("searches alone (baseline)", lr.run(ctx, 0, 0))
	if *traceShare+*costlyShare > 0 {
		errs += report(fmt.Sprintf("with %d%% trace pages and %d%% costly searches", *traceShare, *costlyShare), lr.run(ctx, *traceShare, *costlyShare))
	}
	if errs > 0 {
		return fmt.Errorf("%w: %d requests failed", errPartial, errs)
	}
	return nil
}

// benchData is the data directory to serve: dir when given, else a
// temporary one into which the chain ingests paths (removed by cleanup).
func benchData(ctx context.Context, e *Env, dir string, paths []string) (string, func(), error) {
	if dir != "" {
		return dir, func() {}, nil
	}
	if len(paths) == 0 {
		return "", nil, usageError("bench serve needs --data DIR or PATHs to ingest")
	}
	tmp, err := os.MkdirTemp("", "scrutineer-bench-serve-")
	if err != nil {
		return "", nil, err
	}
	cleanup := func() { os.RemoveAll(tmp) }
	dir = filepath.Join(tmp, "data")
	st, err := corpus.Open(dir)
	if err != nil {
		cleanup()
		return "", nil, err
	}
	defer st.Close()
	cfg, err := pipeline.Build(st, pipeline.Setup{Data: dir, Log: e.Log})
	if err == nil {
		var sum pipeline.Summary
		sum, err = pipeline.Ingest(ctx, cfg, paths)
		if err == nil && sum.IndexError != "" {
			err = fmt.Errorf("index: %s", sum.IndexError)
		}
	}
	if err != nil {
		cleanup()
		return "", nil, err
	}
	return dir, cleanup, nil
}

// requestMix is the addresses each class of request draws from.
type requestMix struct{ ordinary, traces, costly []string }

// serveMix is the mix of requests: the benchmark's queries as API and page
// searches, trace pages and matrices (the whole corpus and a few
// subjects), and costly searches.
func serveMix(ctx context.Context, st *corpus.Store, base string) requestMix {
	var m requestMix
	for _, q := range QueryMix() {
		v := url.Values{"q": {q.Req.Query}}
		for _, k := range q.Req.Kind {
			v.Add("kind", k)
		}
		if q.Req.From != "" {
			v.Set("from", q.Req.From)
			v.Set("to", q.Req.To)
		}
		m.ordinary = append(m.ordinary, base+"/api/search?"+v.Encode(), base+"/?"+v.Encode())
	}
	m.traces = []string{base + "/trace", base + "/api/matrix?concerns=1"}
	if subjects, err := st.DocumentValues(ctx, "subject"); err == nil {
		for i, sub := range subjects {
			if i%max(1, len(subjects)/4) == 0 {
				m.traces = append(m.traces, base+"/trace?subject="+url.QueryEscape(sub))
			}
		}
	}
	for _, q := range []string{"/plac.*ment/", "retrun~1", "sup*sion", "assess?ent", "/care.*/ leavers"} {
		m.costly = append(m.costly, base+"/api/search?"+url.Values{"q": {q}}.Encode())
	}
	return m
}

// loadRun is a load of concurrent clients for a time.
type loadRun struct {
	client   *http.Client
	mix      requestMix
	clients  int
	duration time.Duration
}

// run sends requests from every client until the time is up: shareTrace
// percent trace requests, shareCostly percent costly searches, the rest
// ordinary searches; it returns each class's latencies and errors.
func (lr loadRun) run(ctx context.Context, shareTrace, shareCostly int) map[string]*classLoad {
	classes := map[string]*classLoad{"search": {}, "trace": {}, "costly": {}}
	deadline := time.Now().Add(lr.duration)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for c := 0; c < lr.clients; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			for i := c; time.Now().Before(deadline) && ctx.Err() == nil; i++ {
				class, u := "search", lr.mix.ordinary[i%len(lr.mix.ordinary)]
				switch p := (i * 37) % 100; {
				case p < shareTrace:
					class, u = "trace", lr.mix.traces[i%len(lr.mix.traces)]
				case p < shareTrace+shareCostly:
					class, u = "costly", lr.mix.costly[i%len(lr.mix.costly)]
				}
				t := time.Now()
				resp, err := lr.client.Get(u)
				ok := err == nil && resp.StatusCode == 200
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				d := time.Since(t)
				mu.Lock()
				cl := classes[class]
				cl.lat = append(cl.lat, d)
				if !ok {
					cl.errs++
				}
				mu.Unlock()
			}
		}(c)
	}
	wg.Wait()
	return classes
}

// reportLoad prints a load's throughput and each class's latency
// percentiles, and returns how many requests failed.
func reportLoad(e *Env, title string, duration time.Duration, classes map[string]*classLoad) int {
	errs, n := 0, 0
	for _, cl := range classes {
		errs += cl.errs
		n += len(cl.lat)
	}
	fmt.Fprintf(e.Stdout, "%s: %d requests, %.0f requests/s, %d errors\n", title, n, float64(n)/duration.Seconds(), errs)
	for _, class := range []string{"search", "trace", "costly"} {
		cl := classes[class]
		if len(cl.lat) == 0 {
			continue
		}
		l := Summarise(cl.lat)
		fmt.Fprintf(e.Stdout, "  %-7s %6d requests  p50 %s  p95 %s  p99 %s  max %s  errors %d\n", class, l.N, ms(l.P50), ms(l.P95), ms(l.P99),
			ms(l.Max), cl.errs)
	}
	return errs
}
