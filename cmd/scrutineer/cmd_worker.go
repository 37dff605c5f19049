package main

import (
	"context"
	"fmt"
	"time"

	"github.com/scrutineer/scrutineer/internal/pipeline"
	"github.com/scrutineer/scrutineer/internal/queue"
)

// runWorker takes jobs from the queue (files queued by ingest --queue,
// documents by rederive --queue) and reads, extracts and stores them,
// until stopped: any number run at once, on any machines that reach the
// queue and the store.
func runWorker(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "worker", "--queue nats://… [--store postgres://…] [--data DIR] [--drain] [--json]")
	data := fs.String("data", "", "data directory (a SQLite store's, and where PDFs are read)")
	queueURL := fs.String("queue", "", "the NATS JetStream server (nats://…)")
	drain := fs.Bool("drain", false, "stop when the queue is empty, rather than wait for more jobs")
	name := fs.String("name", "", "the worker's name in the jobs it records (default host:pid)")
	read := addReadFlags(fs)
	asJSON := fs.Bool("json", false, "print what the worker did as JSON when it stops")
	ackWait := fs.Duration("ack-wait", time.Minute, "how long a job may go without word from its worker before another takes it")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if *queueURL == "" {
		return usageError("worker needs --queue nats://…")
	}
	setup, err := read.setup(e, dataDir(*data))
	if err != nil {
		return err
	}
	setup.NoIndex = true
	st, err := openStore(e, setup.Data)
	if err != nil {
		return err
	}
	defer st.Close()
	cfg, err := pipeline.Build(st, setup)
	if err != nil {
		return usageError("%v", err)
	}
	q, err := pipeline.OpenQueue(ctx, *queueURL, st, queue.Options{Worker: true, AckWait: *ackWait})
	if err != nil {
		return err
	}
	defer q.Close()
	ws, err := pipeline.Work(ctx, cfg, q, pipeline.WorkOptions{Name: *name, Drain: *drain, Log: e.log})
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e, ws)
	}
	fmt.Fprintf(e.stdout, "worker: %d jobs done (%d failed), %d put back\n", ws.Jobs, ws.Failed, ws.Retried)
	return nil
}
