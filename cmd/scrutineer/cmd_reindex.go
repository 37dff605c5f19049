package main

import (
	"context"
	"fmt"
	"time"

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
	st, err := openStore(e, dir)
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
