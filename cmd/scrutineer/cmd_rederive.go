package main

import (
	"context"
	"fmt"

	"github.com/scrutineer/scrutineer/internal/pipeline"
)

// runRederive extracts again the items of stored documents that older
// rules extracted, and brings the index up to date with them.
func runRederive(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "rederive", "[--data DIR] [--json] [--taxonomy FILE]")
	data := fs.String("data", "", "data directory")
	asJSON := fs.Bool("json", false, "print the run summary as JSON")
	taxonomy := fs.String("taxonomy", "", taxonomyFlag)
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
