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

// benchServe runs a fixed mix of requests from many concurrent clients
// against the real server on loopback for a bounded time and prints
// throughput, latency percentiles and errors.
func benchServe(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "bench serve", "[--data DIR | PATH...] [--clients 50] [--duration 30s]")
	data := fs.String("data", "", "an ingested data directory (else the PATHs are ingested into a temporary one)")
	clients := fs.Int("clients", 50, "concurrent clients")
	duration := fs.Duration("duration", 30*time.Second, "how long the load runs (at most 5 minutes)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the load to this file")
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
		if err := checkExtractor(); err != nil {
			return err
		}
		st, err := corpus.Open(dir)
		if err != nil {
			return err
		}
		cfg, err := ingestConfig(e, st)
		if err != nil {
			st.Close()
			return err
		}
		if _, err := pipeline.Ingest(ctx, cfg, paths); err != nil {
			st.Close()
			return err
		}
		if _, err := syncIndex(ctx, e, dir, st); err != nil {
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
	srv := httpServer(&web.Server{Store: st, Index: ix})
	go srv.Serve(ln)
	defer srv.Close()
	base := "http://" + ln.Addr().String()
	var reqs []string
	for _, q := range bench.QueryMix() {
		v := url.Values{"q": {q.Req.Query}}
		for _, k := range q.Req.Kind {
			v.Add("kind", k)
		}
		if q.Req.From != "" {
			v.Set("from", q.Req.From)
			v.Set("to", q.Req.To)
		}
		reqs = append(reqs, base+"/api/search?"+v.Encode(), base+"/?"+v.Encode())
	}
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: *clients}}
	stop, err := startCPUProfile(*cpuProfile)
	if err != nil {
		return err
	}
	defer stop()
	deadline := time.Now().Add(*duration)
	var mu sync.Mutex
	var lat []time.Duration
	errs := 0
	var wg sync.WaitGroup
	for c := 0; c < *clients; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			for i := c; time.Now().Before(deadline) && ctx.Err() == nil; i++ {
				t := time.Now()
				resp, err := client.Get(reqs[i%len(reqs)])
				ok := err == nil && resp.StatusCode == 200
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				d := time.Since(t)
				mu.Lock()
				lat = append(lat, d)
				if !ok {
					errs++
				}
				mu.Unlock()
			}
		}(c)
	}
	wg.Wait()
	l := bench.Summarise(lat)
	fmt.Fprintf(e.stdout, "%d clients for %s over %s: %d requests, %.0f requests/s, %d errors\n", *clients, *duration, dir, l.N,
		float64(l.N)/duration.Seconds(), errs)
	fmt.Fprintf(e.stdout, "latency: p50 %s  p95 %s  p99 %s  max %s\n", ms(l.P50), ms(l.P95), ms(l.P99), ms(l.Max))
	if errs > 0 {
		return fmt.Errorf("%w: %d requests failed", errPartial, errs)
	}
	return nil
}
