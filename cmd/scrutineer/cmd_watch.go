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
	st, err := openStore(e, dataDir(*data))
	if err != nil {
		return err
	}
	defer st.Close()
	switch verb {
	case "add":
		return watchAdd(ctx, e, st, pos, filters)
	case "list":
		return watchList(ctx, e, st, *asJSON)
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
		return nil
	default:
		return usageError("watch %s: not one of add, list, rm", verb)
	}
}

// watchAdd saves a search: NAME and QUERY, with filters. A filter that
// names nothing stored is refused (it would alert on nothing for ever), a
// name is kept as the names it stands for, and a query that would fail at
// every sync is refused.
func watchAdd(ctx context.Context, e *env, st *corpus.Store, pos []string, filters map[string]*multiFlag) error {
	if len(pos) < 2 {
		return usageError("watch add needs NAME and QUERY")
	}
	w := corpus.Watch{Name: pos[0], Query: strings.Join(pos[1:], " "), Filters: map[string][]string{}}
	for f, v := range filters {
		if len(*v) > 0 {
			w.Filters[f] = *v
		}
	}
	for _, f := range []struct{ flag, field string }{{"subject", "subject"}, {"publisher", "publisher"}, {"type", "doc_type"}} {
		if len(w.Filters[f.flag]) == 0 {
			continue
		}
		resolved, err := resolveFilter(ctx, st, f.field, w.Filters[f.flag])
		if err != nil {
			return usageError("watch %q: %v", w.Name, err)
		}
		w.Filters[f.flag] = resolved
	}
	if _, err := checkWatchQuery(ctx, digest.Request(w)); err != nil {
		return usageError("watch %q: %v", w.Name, err)
	}
	if err := st.AddWatch(ctx, w); err != nil {
		if errors.Is(err, corpus.ErrExists) {
			return usageError("%v (remove it first with 'watch rm %s')", err, w.Name)
		}
		return err
	}
	fmt.Fprintf(e.stdout, "watching %q: %s\n", w.Name, w.Query)
	return nil
}

// resolveFilter is the stored values of field that a filter's values
// (each may be a comma-separated list) stand for.
func resolveFilter(ctx context.Context, st *corpus.Store, field string, values []string) ([]string, error) {
	known, err := st.DocumentValues(ctx, field)
	if err != nil {
		return nil, err
	}
	var resolved []string
	for _, v := range values {
		for _, part := range strings.Split(v, ",") {
			got, err := index.ResolveIn(field, part, known)
			if err != nil {
				return nil, err
			}
			resolved = append(resolved, got...)
		}
	}
	return resolved, nil
}

// watchList prints the saved searches.
func watchList(ctx context.Context, e *env, st *corpus.Store, asJSON bool) error {
	ws, err := st.Watches(ctx)
	if err != nil {
		return err
	}
	if asJSON {
		return writeJSON(e, ws)
	}
	for _, w := range ws {
		fmt.Fprintf(e.stdout, "%-20s %s", w.Name, w.Query)
		for f, v := range w.Filters {
			fmt.Fprintf(e.stdout, "  --%s %s", f, strings.Join(v, ","))
		}
		fmt.Fprintln(e.stdout)
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
