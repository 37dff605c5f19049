package main

import (
	"context"
	"fmt"

	"github.com/scrutineer/scrutineer/internal/pipeline"
	"github.com/scrutineer/scrutineer/internal/queue"
)

// runRederive extracts again the items of stored documents that older
// rules extracted, and brings the index up to date with them.
func runRederive(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "rederive", "[--data DIR] [--json] [--taxonomy FILE]")
	data := fs.String("data", "", "data directory")
	asJSON := fs.Bool("json", false, "print the run summary as JSON")
	taxonomy := fs.String("taxonomy", "", taxonomyFlag)
	queueURL := fs.String("queue", "", "queue a job per document on this NATS JetStream server (nats://…) for workers, rather than extracting here")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	dir := dataDir(*data)
	st, err := openStore(e, dir)
	if err != nil {
		return err
	}
	defer st.Close()
	cfg, err := pipeline.Build(st, pipeline.Setup{Data: dir, Taxonomy: *taxonomy, Log: e.log})
	if err != nil {
		return usageError("%v", err)
	}
	if *queueURL != "" {
		q, err := pipeline.OpenQueue(ctx, *queueURL, st, queue.Options{})
		if err != nil {
			return err
		}
		defer q.Close()
		n, err := pipeline.EnqueueRederive(ctx, cfg, q)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "queued %d documents for workers to extract again (scrutineer runs shows how far they are)\n", n)
		return nil
	}
	sum, err := pipeline.Rederive(ctx, pipeline.RederiveConfig{Config: cfg,
		Progress: func(done, total int, id string) {
			if !*asJSON && e.isTerminal {
				fmt.Fprintf(e.stderr, "\rrederive %d/%d", done, total)
			}
		},
	})
	if err != nil {
		return err
	}
	if *asJSON {
		if err := writeJSON(e, sum); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(e.stdout, "rederived %d of %d documents with rules %s (%d items) in %.1fs; indexed %d\n",
			sum.Done, sum.Stale, sum.Rules, sum.Items, sum.Seconds, sum.Indexed)
	}
	return finishOutcome(e, sum.Finish)
}
