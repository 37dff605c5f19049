package main

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/scrutineer/scrutineer/corpus"
	"github.com/scrutineer/scrutineer/trace"
)

func runTrace(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "trace", "[--data DIR] [--subject S] [--theme T] [--from Y] [--to Y] [--min-docs N] [--json|--csv] | --item ID [--json]")
	data := fs.String("data", "", "data directory")
	subject := fs.String("subject", "", "only items about this body (any of its names)")
	theme := fs.String("theme", "", "only threads with this theme")
	from := fs.String("from", "", "only items from this date or year")
	to := fs.String("to", "", "only items to this date or year")
	minDocs := fs.Int("min-docs", 2, "only threads found in at least this many documents")
	item := fs.String("item", "", "was this recommended before? the earlier items most like this one (by item id), the same subject first")
	k := fs.Int("k", 5, "with --item, how many earlier items")
	concerns := fs.Bool("concerns", false, "trace concerns as well as recommendations")
	publisher := fs.String("publisher", "", "only documents of this publisher (any of its names)")
	docType := fs.String("type", "", "only documents of this type, e.g. inspection_report")
	strengths := fs.Bool("strengths", false, "count strengths in the theme × year matrix too (they are not traced)")
	method := fs.String("method", "learned", "how pairs are scored: learned (a linker trained on hand-judged threads) or hand (the hand-set score)")
	threshold := fs.Float64("threshold", 0, "least pair score that links two items (0: the method's own: the linker's trained threshold, or 0.30 for hand)")
	themeBonus := fs.Float64("theme-bonus", 0, "with --method hand, add this times the agreement of two items' themes to their score (0: themes left out)")
	scope := fs.String("scope", "subject", "link items of the same subject only (subject) or of any (all)")
	asJSON := fs.Bool("json", false, "print threads and matrix as JSON")
	asCSV := fs.Bool("csv", false, "print one row per thread member as CSV")
	update := fs.Bool("update", false, "bring the stored threads up to date (ingest, sync and rederive do): trace again the subjects whose items changed")
	rebuild := fs.Bool("rebuild", false, "trace every subject again and store the threads")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	st, err := openStore(e, dataDir(*data))
	if err != nil {
		return err
	}
	defer st.Close()
	if *item != "" {
		return earlierCommand(ctx, e, st, *item, *k, *asJSON)
	}
	if *update || *rebuild {
		return updateThreads(ctx, e, st, *rebuild, *asJSON)
	}
	if *method != "learned" && *method != "hand" {
		return usageError("--method is learned or hand, not %q", *method)
	}
	f := trace.Selection{Subject: *subject, Publisher: *publisher, DocType: *docType, From: *from, To: *to, Concerns: *concerns, Strengths: *strengths}
	o := trace.Options{Method: *method, Threshold: *threshold, Scope: *scope, ThemeBonus: *themeBonus}
	res, err := traceSelection(ctx, st, f, o, *minDocs)
	if err != nil {
		return err
	}
	if *theme != "" {
		res.Threads = trace.WithTheme(res.Threads, *theme)
	}
	switch {
	case *asJSON:
		return writeJSON(e, res)
	case *asCSV:
		return writeTraceCSV(e, res.Threads)
	}
	printThreads(e, res)
	return nil
}

// traceSelection reads the stored threads when the options are the
// defaults they were made with, and the selection is the whole store or
// its subjects; otherwise it traces the selection.
func traceSelection(ctx context.Context, st *corpus.Store, f trace.Selection, o trace.Options, minDocs int) (trace.Result, error) {
	if o == (trace.Options{Method: "learned", Scope: "subject"}) && minDocs == 2 {
		res, ok, err := trace.StoredSubject(ctx, st, f)
		if reflect.DeepEqual(f, trace.Selection{}) {
			res, ok, err = trace.StoredThreads(ctx, st)
		}
		if ok || err != nil {
			return res, err
		}
	}
	in, docs, err := trace.Load(ctx, st, f)
	if err != nil {
		return trace.Result{}, err
	}
	return trace.Trace(in, docs, o, minDocs), nil
}

// updateThreads brings the stored threads up to date and says what it did.
func updateThreads(ctx context.Context, e *env, st *corpus.Store, rebuild, asJSON bool) error {
	start := time.Now()
	res, u, err := trace.UpdateThreads(ctx, st, rebuild)
	if err != nil {
		return err
	}
	took := time.Since(start)
	if asJSON {
		return writeJSON(e, map[string]any{"update": u, "threads": len(res.Threads), "seconds": took.Seconds()})
	}
	fmt.Fprintf(e.stdout, "%d items of %d subjects: %d subjects traced again, %d gone; %d threads stored in %s\n",
		u.Items, u.Subjects, len(u.Traced), u.Dropped, len(res.Threads), took.Round(time.Millisecond))
	return nil
}

// statusOf is " (accepted)" for a response's status, "" for none.
func statusOf(status string) string {
	if status == "" {
		return ""
	}
	return " (" + status + ")"
}

func printThreads(e *env, res trace.Result) {
	w := e.stdout
	fmt.Fprintf(w, "%d threads\n\n", len(res.Threads))
	for _, t := range res.Threads {
		fmt.Fprintf(w, "● %s  [%s]  %s  {%s}\n", t.Label, strings.Join(t.Years, ", "), t.Status, strings.Join(t.Themes, ", "))
		for _, m := range t.Members {
			fmt.Fprintf(w, "    %s  %s: %s\n", m.Date, m.Body(), clipText(m.Text, 140))
			if m.ResponseStatus != "" || m.Response != "" {
				fmt.Fprintf(w, "                response%s: %s\n", statusOf(m.ResponseStatus), clipText(m.Response, 140))
			}
			if m.Link != nil && len(t.Members) > 1 {
				fmt.Fprintf(w, "                alike %.2f with %s: %s\n", m.Link.Shown(), t.MemberName(m.Link.To), strings.Join(m.Link.Shared, ", "))
			}
		}
		for _, men := range t.Mentions {
			fmt.Fprintf(w, "    %s  said again: “%s”\n", men.Date, clipText(men.Quote, 140))
		}
		fmt.Fprintln(w)
	}
	var whole []trace.Mention // said of an earlier report's recommendations as a whole
	for _, men := range res.Mentions {
		if men.RefersTo == "" && men.Item == "" {
			whole = append(whole, men)
		}
	}
	if len(whole) > 0 {
		fmt.Fprintf(w, "said of earlier inspections (%d)\n", len(whole))
		for _, men := range whole {
			of := "an inspection not in the corpus"
			if men.EarlierDate != "" {
				of = "the report of " + men.EarlierDate
			}
			fmt.Fprintf(w, "    %s, of %s: “%s”\n", men.Date, of, clipText(men.Quote, 160))
		}
		fmt.Fprintln(w)
	}
	if len(res.Matrix.Themes) > 0 {
		fmt.Fprintf(w, "%-18s", "theme \\ year")
		for _, y := range res.Matrix.Years {
			fmt.Fprintf(w, " %6s", y)
		}
		strengths := res.Matrix.HasStrengths()
		if strengths {
			fmt.Fprintln(w, "   (recommendations+concerns / strengths)")
		} else {
			fmt.Fprintln(w, "   (recommendations+concerns)")
		}
		for _, th := range res.Matrix.Themes {
			fmt.Fprintf(w, "%-18s", th)
			for _, y := range res.Matrix.Years {
				c := res.Matrix.Cells[th][y]
				n := c.Recommendations + c.Concerns
				switch {
				case strengths && n+c.Strengths > 0:
					fmt.Fprintf(w, " %6s", fmt.Sprintf("%d/%d", n, c.Strengths))
				case n > 0:
					fmt.Fprintf(w, " %6d", n)
				default:
					fmt.Fprintf(w, " %6s", "·")
				}
			}
			fmt.Fprintln(w)
		}
	}
}

func writeTraceCSV(e *env, ts []trace.Thread) error { return trace.WriteCSV(e.stdout, ts) }

// earlierCommand prints the earlier items most like one item.
func earlierCommand(ctx context.Context, e *env, st *corpus.Store, item string, k int, asJSON bool) error {
	if k < 1 || k > 50 {
		return usageError("--k takes 1 to 50")
	}
	in, err := trace.Inputs(ctx, st, trace.Selection{Concerns: true})
	if err != nil {
		return err
	}
	var this *trace.Input
	for i := range in {
		if in[i].ItemID == item {
			this = &in[i]
		}
	}
	if this == nil {
		return usageError("no recommendation or concern has the id %q (search --json gives items' ids)", item)
	}
	text, date, subject := this.Text, this.Date, this.Subject
	got := trace.Earlier(in, item, k)
	if asJSON {
		if got == nil {
			got = []trace.EarlierItem{}
		}
		return writeJSON(e, map[string]any{"item": item, "earlier": got})
	}
	fmt.Fprintf(e.stdout, "%s  %s: %s\n\n", date, subject, clipText(text, 200))
	if len(got) == 0 {
		fmt.Fprintln(e.stdout, "nothing alike was printed before it")
		return nil
	}
	for _, g := range got {
		fmt.Fprintf(e.stdout, "  %.2f  %s  %s, %s: %s\n", g.Score, g.Date, g.Body(), g.DocType, clipText(g.Text, 160))
		if g.ResponseStatus != "" || g.Response != "" {
			fmt.Fprintf(e.stdout, "        response%s: %s\n", statusOf(g.ResponseStatus), clipText(g.Response, 140))
		}
		if len(g.Shared) > 0 {
			fmt.Fprintf(e.stdout, "        shared: %s\n", strings.Join(g.Shared, ", "))
		}
	}
	return nil
}
