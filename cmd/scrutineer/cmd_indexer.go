package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/scrutineer/scrutineer/index"
	"github.com/scrutineer/scrutineer/internal/pipeline"
)

// runIndexer keeps the search index of a data directory and the stored
// threads up to date with the store, which workers elsewhere write to:
// each round it indexes what the store holds and the index does not, and
// traces again the subjects whose items changed.
func runIndexer(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "indexer", "[--data DIR] [--store postgres://…] [--every 2s] [--once]")
	data := fs.String("data", "", "data directory: the index lives there")
	every := fs.Duration("every", 2*time.Second, "how often the store is looked at")
	once := fs.Bool("once", false, "one round, then stop")
	replica := fs.String("replica", "", "make this data directory's index a replica of this name (see serve --replica)")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	dir := dataDir(*data)
	if *replica != "" {
		if err := index.SetReplica(dir, *replica); err != nil {
			return usageError("%v", err)
		}
	}
	st, err := openStore(e, dir)
	if err != nil {
		return err
	}
	defer st.Close()
	ix, tr := pipeline.IndexIn(dir, st), pipeline.StoreThreads(st)
	for {
		n, err := ix.Index(ctx)
		switch {
		case errors.Is(err, pipeline.ErrIndexHeld):
			return fmt.Errorf("the index in %s is held by another process (a server or another indexer): %w", dir, err)
		case err != nil && ctx.Err() == nil:
			e.log.Warn("index", "err", err) // the store may be restarting: the next round tries again
		}
		subjects, err := tr.Trace(ctx)
		if err != nil && ctx.Err() == nil {
			e.log.Warn("threads", "err", err)
		}
		if n > 0 || subjects > 0 {
			fmt.Fprintf(e.stdout, "%s indexed %d documents, traced %d subjects again\n", time.Now().UTC().Format(time.RFC3339), n, subjects)
		}
		if *once || ctx.Err() != nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(*every):
		}
	}
}
