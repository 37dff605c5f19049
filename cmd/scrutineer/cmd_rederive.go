package main

import (
	"context"
	"fmt"

	"github.com/scrutineer/scrutineer/corpus"
	"github.com/scrutineer/scrutineer/internal/pipeline"
)

// runRederive extracts again the items of stored documents that older
// rules extracted, and brings the index up to date with them.
func runRederive(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "rederive", "[--data DIR] [--json] [--taxonomy FILE]")
	data := fs.String("data", "", "data directory")
	asJSON := fs.Bool("json", false, "print the run summary as JSON")
	fs.StringVar(&taxonomyPath, "taxonomy", "", taxonomyFlag)
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	x, err := newExtractor()
	if err != nil {
		return usageError("%v", err)
	}
	dir := dataDir(*data)
	st, err := corpus.Open(dir)
	if err != nil {
		return err
	}
	defer st.Close()
	sum, err := pipeline.Rederive(ctx, pipeline.RederiveConfig{
		Store: st, Rules: x.Version(), Extract: itemsWith(x),
		Progress: func(done, total int, id string) {
			if !*asJSON && e.isTerminal {
				fmt.Fprintf(e.stderr, "\rrederive %d/%d", done, total)
			}
		},
	})
	if err != nil {
		return err
	}
	indexed, ierr := syncIndex(ctx, e, dir, st)
	storeThreads(ctx, e, st)
	if *asJSON {
		if err := writeJSON(e, struct {
			pipeline.RederiveSummary
			Indexed int `json:"indexed"`
		}{sum, indexed}); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(e.stdout, "rederived %d of %d documents with rules %s (%d items) in %.1fs; indexed %d\n",
			sum.Done, sum.Stale, sum.Rules, sum.Items, sum.Seconds, indexed)
	}
	if ierr != nil {
		return fmt.Errorf("index after rederive: %w (the store is rederived; the index catches up on the next ingest or serve)", ierr)
	}
	return nil
}
