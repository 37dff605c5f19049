package bench

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/scrutineer/scrutineer/corpus"
	"github.com/scrutineer/scrutineer/internal/pipeline"
	"github.com/scrutineer/scrutineer/internal/queue"
)

// benchDistributed ingests the same files with 1, 2 and 4 worker
// processes (scrutineer worker, this binary) through a NATS JetStream
// queue into PostgreSQL, each time into a new schema, against one local
// process into SQLite (the baseline): documents/s, and the share of the
// workers' time that is the queue's and the store's rather than reading
// and extracting. It ends with a projection for more machines, from the
// measured rates, stated as one.
func benchDistributed(ctx context.Context, e *Env, args []string) error {
	fs := newFlags(e, "bench distributed", "--queue nats://… --store postgres://… [--workers 1,2,4] PATH...")
	queueURL := fs.String("queue", "", "the NATS JetStream server")
	storeURL := fs.String("store", "", "the PostgreSQL server (a schema is made for each run and dropped after)")
	counts := fs.String("workers", "1,2,4", "numbers of worker processes, comma-separated")
	paths, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if *queueURL == "" || !corpus.IsPostgres(*storeURL) || len(paths) == 0 {
		return usageError("bench distributed needs --queue, --store postgres://… and PATH")
	}
	base, err := localBaseline(ctx, paths)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "baseline, one local process into SQLite: %d documents in %.1f s, %.2f documents/s\n\n",
		base.docs, base.seconds, float64(base.docs)/base.seconds)
	fmt.Fprintf(e.Stdout, "%8s %10s %9s %12s %8s %14s %16s\n", "workers", "documents", "seconds", "documents/s", "speedup", "queue+store", "per document")
	var one, last float64
	var perDoc float64
	for _, s := range strings.Split(*counts, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 {
			return usageError("bad --workers %q", s)
		}
		r, err := distributedRun(ctx, *queueURL, *storeURL, paths, n)
		if err != nil {
			return err
		}
		rate := float64(r.docs) / r.seconds
		if one == 0 {
			one = rate
		}
		share := (r.busy - r.reading) / r.busy
		perDoc = (r.busy - r.reading) / float64(max(r.jobs, 1)) * 1000
		fmt.Fprintf(e.Stdout, "%8d %10d %9.1f %12.2f %7.2fx %13.1f%% %13.1f ms\n", n, r.docs, r.seconds, rate, rate/one, share*100, perDoc)
		last = rate
		if r.docs != base.docs || r.items != base.items {
			return fmt.Errorf("%w: %d workers stored %d documents and %d items; the local run %d and %d", errGate, n, r.docs, r.items, base.docs, base.items)
		}
	}
	fmt.Fprintf(e.Stdout, "\nprojection (not measured): reading and extracting is CPU-bound, so N machines of this size with a worker per core\n"+
		"would store about N × %.2f documents/s, until the store's writes bind: at %.1f ms of queue and store time per document\n"+
		"per worker, one PostgreSQL connection takes about %.0f documents/s.\n", last, perDoc, 1000/max(perDoc, 0.001))
	return nil
}

// runFigures are one run's.
type runFigures struct {
	docs, items, jobs int
	seconds           float64
	busy, reading     float64 // the workers', summed
}

// localBaseline ingests paths in this process into a SQLite store.
func localBaseline(ctx context.Context, paths []string) (runFigures, error) {
	c, err := newBenchChain("")
	if err != nil {
		return runFigures{}, err
	}
	defer c.close()
	start := time.Now()
	if _, err := pipeline.Ingest(ctx, c.cfg, paths); err != nil {
		return runFigures{}, err
	}
	r := runFigures{seconds: time.Since(start).Seconds()}
	stats, err := c.st.Stats(ctx)
	r.docs, r.items = stats.Documents, stats.Items
	return r, err
}

// benchChain is a store in a directory of its own (SQLite there, or the
// PostgreSQL schema at addr) with the chain that reads into it, without
// an index.
type benchChain struct {
	dir string
	st  *corpus.Store
	cfg pipeline.Config
}

func newBenchChain(addr string) (*benchChain, error) {
	dir, err := os.MkdirTemp("", "scrutineer-bench-")
	if err != nil {
		return nil, err
	}
	c := &benchChain{dir: dir}
	if c.st, err = corpus.OpenAt(dir, addr); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	if c.cfg, err = pipeline.Build(c.st, pipeline.Setup{Data: dir, NoIndex: true}); err != nil {
		c.close()
		return nil, err
	}
	return c, nil
}

func (c *benchChain) close() {
	c.st.Close()
	os.RemoveAll(c.dir)
}

// distributedRun queues paths into a new schema and runs n worker
// processes until the queue is empty.
func distributedRun(ctx context.Context, queueURL, storeURL string, paths []string, n int) (runFigures, error) {
	addr, drop, err := newSchema(storeURL, fmt.Sprintf("bench_w%d_%d", n, time.Now().UnixNano()))
	if err != nil {
		return runFigures{}, err
	}
	defer drop()
	c, err := newBenchChain(addr)
	if err != nil {
		return runFigures{}, err
	}
	defer c.close()
	dir, st, cfg := c.dir, c.st, c.cfg
	q, err := pipeline.OpenQueue(ctx, queueURL, st, queue.Options{})
	if err != nil {
		return runFigures{}, err
	}
	defer q.Close()
	exe, err := os.Executable()
	if err != nil {
		return runFigures{}, err
	}
	start := time.Now()
	if _, err := pipeline.Enqueue(ctx, cfg, q, paths, pipeline.EnqueueOptions{}); err != nil {
		return runFigures{}, err
	}
	var r runFigures
	outs := make([]*bytes.Buffer, n)
	cmds := make([]*exec.Cmd, n)
	for k := range n {
		outs[k] = &bytes.Buffer{}
		cmds[k] = exec.CommandContext(ctx, exe, "worker", "--queue", queueURL, "--store", addr, "--data", dir,
			"--drain", "--json", "--name", fmt.Sprintf("w%d", k), "--ack-wait", "20s")
		cmds[k].Stdout, cmds[k].Stderr = outs[k], os.Stderr
		if err := cmds[k].Start(); err != nil {
			return r, err
		}
	}
	for k, c := range cmds {
		if err := c.Wait(); err != nil {
			return r, fmt.Errorf("worker %d: %w", k, err)
		}
		var ws pipeline.WorkSummary
		if err := json.Unmarshal(outs[k].Bytes(), &ws); err != nil {
			return r, fmt.Errorf("worker %d said %q: %w", k, outs[k].String(), err)
		}
		r.busy += ws.Busy
		r.reading += ws.Reading
		r.jobs += ws.Jobs
	}
	r.seconds = time.Since(start).Seconds()
	stats, err := st.Stats(ctx)
	r.docs, r.items = stats.Documents, stats.Items
	return r, err
}

// newSchema makes a schema on the server at addr and returns the address
// of it, and how to drop it.
func newSchema(addr, name string) (string, func(), error) {
	cfg, err := pgx.ParseConfig(addr)
	if err != nil {
		return "", nil, err
	}
	db := stdlib.OpenDB(*cfg)
	if _, err := db.Exec(`CREATE SCHEMA ` + name); err != nil {
		db.Close()
		return "", nil, err
	}
	sep := "?"
	if strings.Contains(addr, "?") {
		sep = "&"
	}
	return addr + sep + "search_path=" + name, func() { dropSchema(db, name) }, nil
}

func dropSchema(db *sql.DB, name string) {
	db.Exec(`DROP SCHEMA ` + name + ` CASCADE`)
	db.Close()
}
