package main

import (
	"context"
	"fmt"
	"time"

	"github.com/scrutineer/scrutineer/corpus"
)

// runMigrate copies a store's database into another: the SQLite store of a
// data directory into PostgreSQL, or back. Both use the data directory's
// originals and index.
func runMigrate(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "migrate", "[--data DIR] --from sqlite|postgres://… --to sqlite|postgres://… [--json]")
	data := fs.String("data", "", "data directory")
	from := fs.String("from", "", "the store to copy: sqlite (the data directory's) or a postgres:// address")
	to := fs.String("to", "", "the store to copy into: sqlite or a postgres:// address")
	asJSON := fs.Bool("json", false, "print the rows copied as JSON")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if *from == "" || *to == "" || *from == *to {
		return usageError("migrate needs --from and --to, two different stores")
	}
	dir := dataDir(*data)
	open := func(addr string) (*corpus.Store, error) {
		if addr == "sqlite" {
			addr = ""
		}
		return corpus.OpenAt(dir, addr)
	}
	src, err := open(*from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := open(*to)
	if err != nil {
		return err
	}
	defer dst.Close()
	start := time.Now()
	counts, err := corpus.Copy(ctx, dst, src)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e, map[string]any{"rows": counts, "seconds": time.Since(start).Seconds()})
	}
	total := 0
	for _, n := range counts {
		total += n
	}
	fmt.Fprintf(e.stdout, "copied %d rows in %.1fs: %d documents, %d items, %d runs (rows the copy already had are left as they are)\n",
		total, time.Since(start).Seconds(), counts["documents"], counts["items"], counts["runs"])
	return nil
}
