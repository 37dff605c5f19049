// eval --recurrence: linking scored against threads judged by hand, in
// sample or leave one council out, threshold sweeps and training.

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/scrutineer/scrutineer/corpus"
	"github.com/scrutineer/scrutineer/internal/eval"
	"github.com/scrutineer/scrutineer/trace"
)

// recurrenceRun is what eval --recurrence was asked for.
type recurrenceRun struct {
	dir, data  string
	threshold  float64
	sweep      bool
	worst      int
	minP, minR float64
	asJSON     bool
	loco       bool   // leave-one-council-out figures
	method     string // "learned" or "hand"
	train      string // write the linker trained on all councils here
}

func evalRecurrence(ctx context.Context, e *env, r recurrenceRun) error {
	in, gold, docs, mentions, err := recurrenceInputs(ctx, e, r)
	if err != nil {
		return err
	}
	switch {
	case r.train != "":
		return trainLinker(e, in, gold, r.train)
	case r.loco:
		return crossValidate(e, in, gold, r)
	case r.sweep:
		return sweepThresholds(e, in, gold, r)
	}
	rep := eval.EvaluateRecurrenceRun(in, gold, docs, mentions, trace.Options{Threshold: r.threshold, Method: r.method})
	if r.asJSON {
		if err := writeJSON(e, rep); err != nil {
			return err
		}
	} else {
		printRecurrence(e, rep, len(in), len(gold), r)
	}
	return linkGate(rep.Pairs, r.minP, r.minR)
}

// recurrenceInputs are the recommendations the labelled threads hold, or,
// with --data, the items the pipeline stored for the labelled reports,
// with the gold pairs, and the documents and hand-found mentions.
func recurrenceInputs(ctx context.Context, e *env, r recurrenceRun) ([]trace.Input, map[[2]string]bool, []trace.DocText, []eval.MentionGold, error) {
	if r.data == "" {
		x, err := rulesExtractor()
		if err != nil {
			return nil, nil, nil, nil, err
		}
		in, gold, err := eval.RecurrenceInputs(r.dir, x.Taxonomy().Match)
		if err != nil {
			return nil, nil, nil, nil, usageError("%v", err)
		}
		return in, gold, nil, nil, nil
	}
	st, err := openStore(e, r.data)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	defer st.Close()
	run, err := eval.StoreRecurrenceRun(ctx, st, r.dir)
	if err != nil {
		return nil, nil, nil, nil, usageError("%v", err)
	}
	in, gold, unmatched, absent := run.Inputs()
	if !r.asJSON {
		fmt.Fprintf(e.stdout, "the pipeline's items in %s: %d labelled reports not found, %d labelled recommendations without an item\n",
			r.data, absent, unmatched)
	}
	return in, gold, run.Docs, run.Mentions, nil
}

// sweepThresholds prints the pairwise figures at thresholds across the
// method's range.
func sweepThresholds(e *env, in []trace.Input, gold map[[2]string]bool, r recurrenceRun) error {
	type point struct {
		Threshold float64    `json:"threshold"`
		Pairs     eval.Score `json:"pairs"`
	}
	var points []point
	lo, hi := 0.40, 0.951 // probabilities, for the linker
	if r.method == "hand" {
		lo, hi = 0.15, 0.701
	}
	for t := lo; t < hi; t += 0.05 {
		t = math.Round(t*100) / 100
		points = append(points, point{t, eval.EvaluateRecurrence(in, gold, trace.Options{Threshold: t, Method: r.method}).Pairs})
	}
	if r.asJSON {
		return writeJSON(e, points)
	}
	fmt.Fprintf(e.stdout, "%9s %9s %9s %9s\n", "threshold", "precision", "recall", "F1")
	for _, pt := range points {
		fmt.Fprintf(e.stdout, "%9.2f %9.3f %9.3f %9.3f\n", pt.Threshold, pt.Pairs.Precision, pt.Pairs.Recall, pt.Pairs.F1)
	}
	return nil
}

// printRecurrence prints a run's figures: pairs overall and by council,
// "was this recommended before", explicit mentions, and the worst false
// and missed links.
func printRecurrence(e *env, rep eval.RecurrenceReport, items, goldPairs int, r recurrenceRun) {
	p, worst := rep.Pairs, r.worst
	fmt.Fprintf(e.stdout, "%d recommendations, %d gold cross-report pairs; %s; threshold %.3f (scored on the councils the linker was trained on: --loco gives held-out figures)\n", items, goldPairs, methodName(r.method), rep.Threshold)
	fmt.Fprintf(e.stdout, "pairs: precision %.3f  recall %.3f  F1 %.3f  (TP %d, FP %d, FN %d)\n", p.Precision, p.Recall, p.F1, p.TP, p.FP, p.FN)
	if len(rep.ByCouncil) > 1 {
		fmt.Fprintf(e.stdout, "by council:")
		for _, c := range slices.Sorted(maps.Keys(rep.ByCouncil)) {
			s := rep.ByCouncil[c]
			fmt.Fprintf(e.stdout, "  %s P %.2f R %.2f;", strings.TrimSpace(strings.TrimSuffix(corpus.CouncilName(c), "Council")), s.Precision, s.Recall)
		}
		fmt.Fprintln(e.stdout)
	}
	er := rep.Earlier
	fmt.Fprintf(e.stdout, "was this recommended before: of %d items with an earlier member in their thread, one is first for %d (recall@1 %.3f) and in the first three for %d (recall@3 %.3f)\n",
		er.Asked, er.At1, er.Recall1, er.At3, er.Recall3)
	if m := rep.Mentions; m != nil {
		fmt.Fprintf(e.stdout, "explicit mentions: %d of %d hand-found quotes found; of those, %d point back to the right report (or rightly to none in the corpus), and %d of the %d that name recommendations link one of them; %d other mentions found in these reports\n",
			m.Found, m.Gold, m.EarlierOK, m.ItemOK, m.Named, m.Other)
		for _, q := range m.OtherQuotes[:min(worst, len(m.OtherQuotes))] {
			fmt.Fprintf(e.stdout, "  other: %s\n", clipText(q, 160))
		}
	}
	if len(rep.FalseLinks) > 0 && worst > 0 {
		fmt.Fprintln(e.stdout, "\nworst false links:")
		for i, l := range rep.FalseLinks[:min(worst, len(rep.FalseLinks))] {
			fmt.Fprintf(e.stdout, "%2d. %s\n    %s\n  ~ %s (%.3f)\n    %s\n", i+1, l.A, clipText(l.TextA, 150), l.B, l.Trace, clipText(l.TextB, 150))
		}
	}
	if len(rep.Missed) > 0 && worst > 0 {
		fmt.Fprintln(e.stdout, "\nmissed links (trace's score for each, nearest the threshold first):")
		for i, l := range rep.Missed[:min(worst, len(rep.Missed))] {
			fmt.Fprintf(e.stdout, "%2d. %s\n    %s\n  = %s (%.3f)\n    %s\n", i+1, l.A, clipText(l.TextA, 150), l.B, l.Trace, clipText(l.TextB, 150))
		}
	}
}

// linkGate fails a run whose pairwise linking falls below the least
// precision or recall asked for (0: no gate).
func linkGate(p eval.Score, minP, minR float64) error {
	var fails []string
	if minP > 0 && p.Precision < minP {
		fails = append(fails, fmt.Sprintf("link precision %.3f is below %.2f", p.Precision, minP))
	}
	if minR > 0 && p.Recall < minR {
		fails = append(fails, fmt.Sprintf("link recall %.3f is below %.2f", p.Recall, minR))
	}
	if len(fails) > 0 {
		return fmt.Errorf("%w: %s", errGate, strings.Join(fails, "; "))
	}
	return nil
}

// trainLinker trains the linker on all the judged threads and writes it.
func trainLinker(e *env, in []trace.Input, gold map[[2]string]bool, file string) error {
	l, err := eval.TrainLinker(in, gold, trace.Options{})
	if err != nil {
		return err
	}
	l.Version = time.Now().UTC().Format("2006-01-02")
	l.TrainedOn = fmt.Sprintf("%d councils' hand-judged threads: %d recommendations, %d linked pairs", len(councilsOf(in)), len(in), len(gold))
	b, err := json.MarshalIndent(l, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(file, append(b, '\n'), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "linker trained on %s; threshold %.3f, cohesion %.1f; written to %s\n", l.TrainedOn, l.Threshold, l.Cohesion, file)
	for k, f := range l.Features {
		fmt.Fprintf(e.stdout, "  %-14s %+.3f\n", f, l.Weights[k])
	}
	return nil
}

func councilsOf(in []trace.Input) map[string]bool {
	out := map[string]bool{}
	for _, it := range in {
		out[it.Subject] = true
	}
	return out
}

// crossValidate prints leave-one-council-out figures for the learned
// linker, held-out figures first, beside the hand-set score's per-council
// figures (set by hand on these councils, so not held out).
func crossValidate(e *env, in []trace.Input, gold map[[2]string]bool, r recurrenceRun) error {
	learned, err := eval.LeaveOneCouncilOut(in, gold, trace.Options{})
	if err != nil {
		return err
	}
	hand := eval.ByCouncilFigures(in, gold, trace.Options{Method: "hand"}, "hand-set score (not held out: set on these councils)")
	if r.asJSON {
		if err := writeJSON(e, []eval.CrossValidation{learned, hand}); err != nil {
			return err
		}
		return linkGate(learned.Pooled, r.minP, r.minR)
	}
	for _, cv := range []eval.CrossValidation{learned, hand} {
		name := cv.Method
		if name == "learned" {
			name = "learned linker, leave one council out (each council scored by a linker trained without it)"
		}
		p := cv.Pooled
		fmt.Fprintf(e.stdout, "%s\n  pooled: precision %.3f  recall %.3f  F1 %.3f  (TP %d, FP %d, FN %d); was this recommended before: recall@1 %.3f, recall@3 %.3f of %d\n",
			name, p.Precision, p.Recall, p.F1, p.TP, p.FP, p.FN, cv.Earlier.Recall1, cv.Earlier.Recall3, cv.Earlier.Asked)
		for _, f := range cv.Folds {
			s := f.Pairs
			chosen := "" // what was chosen without the council; the hand-set score chooses nothing
			if f.Threshold > 0 {
				chosen = fmt.Sprintf(" threshold %.3f cohesion %.1f", f.Threshold, f.Cohesion)
			}
			fmt.Fprintf(e.stdout, "  %-28s P %.2f R %.2f F1 %.2f (TP %d, FP %d, FN %d)%s\n",
				strings.TrimSpace(strings.TrimSuffix(corpus.CouncilName(f.Council), "Council")), s.Precision, s.Recall, s.F1, s.TP, s.FP, s.FN, chosen)
		}
	}
	return linkGate(learned.Pooled, r.minP, r.minR)
}

func methodName(m string) string {
	if m == "hand" {
		return "hand-set score"
	}
	return "learned linker"
}
