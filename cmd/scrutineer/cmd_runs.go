package main

import (
	"context"
	"fmt"

	"github.com/scrutineer/scrutineer/corpus"
)

func runRuns(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "runs", "[--data DIR] [--limit N] [--json] [--unreadable]")
	data := fs.String("data", "", "data directory")
	limit := fs.Int("limit", 20, "how many runs")
	asJSON := fs.Bool("json", false, "print as JSON")
	unreadable := fs.Bool("unreadable", false, "list the files syncs could not read (not read again until they change)")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	st, err := openStore(e, dataDir(*data))
	if err != nil {
		return err
	}
	defer st.Close()
	if *unreadable {
		un, err := st.Unreadable(ctx)
		if err != nil {
			return err
		}
		if *asJSON {
			if un == nil {
				un = []corpus.UnreadableFile{}
			}
			return writeJSON(e, un)
		}
		for _, u := range un {
			fmt.Fprintf(e.stdout, "%s  %s  %s: %s\n", u.Checked, u.Source, u.Key, u.Reason)
		}
		return nil
	}
	runs, err := st.Runs(ctx, *limit)
	if err != nil {
		return err
	}
	if *asJSON {
		if runs == nil {
			runs = []corpus.Run{}
		}
		return writeJSON(e, runs)
	}
	for _, r := range runs {
		queued := ""
		if n, ok := r.Counts["queued"]; ok {
			queued = fmt.Sprintf(" queued %d", n)
			if r.Status == "running" {
				queued += fmt.Sprintf(" (workers done with %d)", r.Counts["done"])
			}
		}
		fmt.Fprintf(e.stdout, "%4d  %-7s %-11s %s → %s  new %d updated %d unchanged %d failed %d%s\n", r.ID, r.Kind, r.Status,
			r.Started, r.Finished, r.Counts["new"], r.Counts["updated"], r.Counts["unchanged"], r.Counts["failed"], queued)
		for _, f := range r.Failures {
			fmt.Fprintf(e.stdout, "        failed %s: %s\n", f.Path, f.Reason)
		}
	}
	if un, err := st.Unreadable(ctx); err == nil && len(un) > 0 {
		fmt.Fprintf(e.stdout, "\n%d files could not be read and are not read again until they change (runs --unreadable lists them)\n", len(un))
	}
	return nil
}
