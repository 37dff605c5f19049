package main

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"time"

	"github.com/scrutineer/scrutineer/corpus"
	"github.com/scrutineer/scrutineer/index"
)

// runReindex rebuilds the search index from the store.
func runReindex(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "reindex", "[--data DIR]")
	data := fs.String("data", "", "data directory")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	dir := dataDir(*data)
	st, err := corpus.Open(dir)
	if err != nil {
		return err
	}
	defer st.Close()
	start := time.Now()
	n, err := index.Rebuild(ctx, dir, st, nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "indexed %d documents in %.1fs\n", n, time.Since(start).Seconds())
	return nil
}

// syncIndex brings the index up to date with the store after an ingest.
// When another process (the server) holds the index, the documents stay
// stored and are indexed by the next process that can.
func syncIndex(ctx context.Context, e *env, dir string, st *corpus.Store) (int, error) {
	return syncIndexProfiled(ctx, dir, st, "")
}

// syncIndexProfiled indexes what the store holds and, when path is set,
// writes a heap profile while the index is still open.
func syncIndexProfiled(ctx context.Context, dir string, st *corpus.Store, path string) (int, error) {
	ix, err := index.OpenFor(ctx, dir, st)
	if err != nil {
		return 0, err
	}
	defer ix.Close()
	n, err := ix.Sync(ctx, st, nil)
	if err == nil && path != "" {
		f, ferr := os.Create(path)
		if ferr != nil {
			return n, ferr
		}
		defer f.Close()
		runtime.GC()
		err = pprof.WriteHeapProfile(f)
	}
	return n, err
}
