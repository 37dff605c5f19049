package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/scrutineer/scrutineer/corpus"
	"github.com/scrutineer/scrutineer/index"
	"github.com/scrutineer/scrutineer/internal/digest"
)

// runWatch manages saved searches: `watch add NAME QUERY [filters]`,
// `watch list`, `watch rm NAME`. Each sync runs them against what it added.
func runWatch(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return usageError("watch needs add, list or rm")
	}
	verb, args := args[0], args[1:]
	fs := newFlags(e, "watch "+verb, watchUsage[verb])
	data := fs.String("data", "", "data directory")
	asJSON := fs.Bool("json", false, "print as JSON (list)")
	filters := map[string]*multiFlag{}
	if verb == "add" {
		for _, f := range []string{"kind", "polarity", "type", "publisher", "subject", "theme"} {
			filters[f] = &multiFlag{}
			fs.Var(filters[f], f, "only items with this "+f+" (repeat or comma-separate for any of several)")
		}
	}
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	st, err := corpus.Open(dataDir(*data))
	if err != nil {
		return err
	}
	defer st.Close()
	switch verb {
	case "add":
		if len(pos) < 2 {
			return usageError("watch add needs NAME and QUERY")
		}
		w := corpus.Watch{Name: pos[0], Query: strings.Join(pos[1:], " "), Filters: map[string][]string{}}
		for f, v := range filters {
			if len(*v) > 0 {
				w.Filters[f] = *v
			}
		}
		// refuse a filter that names nothing stored: it would alert on
		// nothing for ever; keep the names it stands for
		for _, f := range []struct{ flag, field string }{{"subject", "subject"}, {"publisher", "publisher"}, {"type", "doc_type"}} {
			if len(w.Filters[f.flag]) == 0 {
				continue
			}
			known, err := st.DocumentValues(ctx, f.field)
			if err != nil {
				return err
			}
			var resolved []string
			for _, v := range w.Filters[f.flag] {
				for _, part := range strings.Split(v, ",") {
					got, err := index.ResolveIn(f.field, part, known)
					if err != nil {
						return usageError("watch %q: %v", w.Name, err)
					}
					resolved = append(resolved, got...)
				}
			}
			w.Filters[f.flag] = resolved
		}
		// refuse a query that would fail at every sync
		probe := digest.Request(w)
		if _, err := checkWatchQuery(ctx, probe); err != nil {
			return usageError("watch %q: %v", w.Name, err)
		}
		if err := st.AddWatch(ctx, w); err != nil {
			if errors.Is(err, corpus.ErrExists) {
				return usageError("%v (remove it first with 'watch rm %s')", err, w.Name)
			}
			return err
		}
		fmt.Fprintf(e.stdout, "watching %q: %s\n", w.Name, w.Query)
	case "list":
		ws, err := st.Watches(ctx)
		if err != nil {
			return err
		}
		if *asJSON {
			return writeJSON(e, ws)
		}
		for _, w := range ws {
			fmt.Fprintf(e.stdout, "%-20s %s", w.Name, w.Query)
			for f, v := range w.Filters {
				fmt.Fprintf(e.stdout, "  --%s %s", f, strings.Join(v, ","))
			}
			fmt.Fprintln(e.stdout)
		}
	case "rm":
		if len(pos) != 1 {
			return usageError("watch rm needs NAME")
		}
		if err := st.RemoveWatch(ctx, pos[0]); err != nil {
			if errors.Is(err, corpus.ErrNotFound) {
				return usageError("no watch named %q", pos[0])
			}
			return err
		}
		fmt.Fprintf(e.stdout, "removed %q\n", pos[0])
	default:
		return usageError("watch %s: not one of add, list, rm", verb)
	}
	return nil
}

var watchUsage = map[string]string{
	"add":  "[--data DIR] [--kind K] [--polarity P] [--type T] [--publisher P] [--subject S] [--theme T] NAME QUERY",
	"list": "[--data DIR] [--json]",
	"rm":   "[--data DIR] NAME",
}

// checkWatchQuery runs the watch's search on an empty index, which fails
// as a real one would for a query that is malformed or too costly.
func checkWatchQuery(ctx context.Context, req index.Request) (*index.Result, error) {
	mem, err := index.NewMemory()
	if err != nil {
		return nil, err
	}
	defer mem.Close()
	req.Limit = 1
	return mem.Search(ctx, req)
}
