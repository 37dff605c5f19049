package main

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
	"github.com/scrutineer/scrutineer/internal/bench"
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
func benchServe(ctx context.Context, e *env, args []string) error {
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
	dir := *data
	if dir == "" {
		if len(paths) == 0 {
			return usageError("bench serve needs --data DIR or PATHs to ingest")
		}
		tmp, err := os.MkdirTemp("", "scrutineer-bench-serve-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dir = filepath.Join(tmp, "data")
		st, err := corpus.Open(dir)
		if err != nil {
			return err
		}
		cfg, err := pipeline.Build(st, pipeline.Setup{Data: dir, Log: e.log})
		if err != nil {
			st.Close()
			return err
		}
		sum, err := pipeline.Ingest(ctx, cfg, paths)
		if err == nil && sum.IndexError != "" {
			err = fmt.Errorf("index: %s", sum.IndexError)
		}
		if err != nil {
			st.Close()
			return err
		}
		st.Close()
	}
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
	srv := httpServer(ws)
	ws.WarmTrace(ctx) // as serve does before its first visitor
	go srv.Serve(ln)
	defer srv.Close()
	base := "http://" + ln.Addr().String()
	var ordinary []string
	for _, q := range bench.QueryMix() {
		v := url.Values{"q": {q.Req.Query}}
		for _, k := range q.Req.Kind {
			v.Add("kind", k)
		}
		if q.Req.From != "" {
			v.Set("from", q.Req.From)
			v.Set("to", q.Req.To)
		}
		ordinary = append(ordinary, base+"/api/search?"+v.Encode(), base+"/?"+v.Encode())
	}
	traces := []string{base + "/trace", base + "/api/matrix?concerns=1"}
	if subjects, err := st.DocumentValues(ctx, "subject"); err == nil {
		for i, sub := range subjects {
			if i%max(1, len(subjects)/4) == 0 {
				traces = append(traces, base+"/trace?subject="+url.QueryEscape(sub))
			}
		}
	}
	var costly []string
	for _, q := range []string{"/plac.*ment/", "retrun~1", "sup*sion", "assess?ent", "/care.*/ leavers"} {
		costly = append(costly, base+"/api/search?"+url.Values{"q": {q}}.Encode())
	}
	client := &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: *clients}}
	stop, err := startCPUProfile(*cpuProfile)
	if err != nil {
		return err
	}
	defer stop()
	load := func(shareTrace, shareCostly int) map[string]*classLoad {
		classes := map[string]*classLoad{"search": {}, "trace": {}, "costly": {}}
		deadline := time.Now().Add(*duration)
		var mu sync.Mutex
		var wg sync.WaitGroup
		for c := 0; c < *clients; c++ {
			wg.Add(1)
			go func(c int) {
				defer wg.Done()
				for i := c; time.Now().Before(deadline) && ctx.Err() == nil; i++ {
					class, u := "search", ordinary[i%len(ordinary)]
					switch p := (i * 37) % 100; {
					case p < shareTrace:
						class, u = "trace", traces[i%len(traces)]
					case p < shareTrace+shareCostly:
						class, u = "costly", costly[i%len(costly)]
					}
					t := time.Now()
					resp, err := client.Get(u)
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
	report := func(name string, classes map[string]*classLoad) int {
		errs, n := 0, 0
		for _, cl := range classes {
			errs += cl.errs
			n += len(cl.lat)
		}
		fmt.Fprintf(e.stdout, "%s: %d clients for %s over %s: %d requests, %.0f requests/s, %d errors\n", name, *clients, *duration, dir, n,
			float64(n)/duration.Seconds(), errs)
		for _, class := range []string{"search", "trace", "costly"} {
			cl := classes[class]
			if len(cl.lat) == 0 {
				continue
			}
			l := bench.Summarise(cl.lat)
			fmt.Fprintf(e.stdout, "  %-7s %6d requests  p50 %s  p95 %s  p99 %s  max %s  errors %d\n", class, l.N, ms(l.P50), ms(l.P95), ms(l.P99),
				ms(l.Max), cl.errs)
		}
		return errs
	}
	// the baseline: ordinary searches alone; then the mix
	errs := report("searches alone (baseline)", load(0, 0))
	if *traceShare+*costlyShare > 0 {
		errs += report(fmt.Sprintf("with %d%% trace pages and %d%% costly searches", *traceShare, *costlyShare), load(*traceShare, *costlyShare))
	}
	if errs > 0 {
		return fmt.Errorf("%w: %d requests failed", errPartial, errs)
	}
	return nil
}
