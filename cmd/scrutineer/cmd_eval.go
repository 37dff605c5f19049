package main

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/scrutineer/scrutineer/corpus"
	"github.com/scrutineer/scrutineer/ingest"
	"github.com/scrutineer/scrutineer/internal/eval"
	"github.com/scrutineer/scrutineer/trace"
)

func runEval(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "eval", "--labels DIR [--root DIR] [--json] [--min-rec-recall R] [--min-rec-precision P] [--min-strength-f1 F] [--min-board-agreement A]")
	labelsDir := fs.String("labels", "", "folder of gold label files (format in ../shared/corpus/LABELS.md)")
	root := fs.String("root", "", "folder the labels' files are relative to (default: the labels folder's parent)")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	minRecall := fs.Float64("min-rec-recall", 0, "fail below this recommendation recall")
	minPrecision := fs.Float64("min-rec-precision", 0, "fail below this recommendation precision")
	minStrengthF1 := fs.Float64("min-strength-f1", 0, "fail below this strengths F1")
	minTypeRecall := fs.Float64("min-type-recall", 0, "fail if any document type's recommendation recall is below this")
	minBoard := fs.Float64("min-board-agreement", 0, "fail if fewer than this share of the recommendations found are in the label's part of the report (the board's or the authority's)")
	worst := fs.Int("worst", 15, "how many of the worst misses to list")
	cueSample := fs.Int("cue-sample", 0, "print N items found by sentence cues in the files under PATH..., as JSON lines to judge by hand")
	seed := fs.Int64("seed", 1, "random seed for --cue-sample")
	recurrence := fs.String("recurrence", "", "score trace linking against hand-judged threads (a folder of <council>.json, labels beside it in ../labels)")
	threshold := fs.Float64("threshold", 0, "linking threshold for --recurrence (default: trace's)")
	sweep := fs.Bool("sweep", false, "with --recurrence, print precision and recall over a range of thresholds")
	data := fs.String("data", "", "with --recurrence, score the threads of what the pipeline made of the labelled reports in this store (ingest them first) rather than of the labels' own texts and councils")
	method := fs.String("method", "", "with --recurrence, the linking method: learned (the default) or hand")
	loco := fs.Bool("loco", false, "with --recurrence, print leave-one-council-out figures: the learned linker trained without each council and scored on it, beside the hand-set score")
	train := fs.String("train", "", "with --recurrence, train the linker on all the judged threads and write it to this file (trace/rules/linker.json is the one trace embeds)")
	minPairPrecision := fs.Float64("min-link-precision", 0, "fail below this pairwise linking precision")
	minPairRecall := fs.Float64("min-link-recall", 0, "fail below this pairwise linking recall")
	judged := fs.String("cue-judgements", "", "report the precision of judged cue items (JSON lines from --cue-sample with \"correct\" filled in)")
	paths, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	switch {
	case *recurrence != "":
		return evalRecurrence(ctx, e, recurrenceRun{dir: *recurrence, data: *data, threshold: *threshold, sweep: *sweep,
			worst: *worst, minP: *minPairPrecision, minR: *minPairRecall, asJSON: *asJSON, loco: *loco, train: *train, method: *method})
	case *judged != "":
		return reportCuePrecision(e, *judged)
	case *cueSample > 0:
		return sampleCues(ctx, e, paths, *cueSample, *seed)
	case *labelsDir == "":
		return usageError("eval needs --labels DIR, --cue-sample N PATH... or --cue-judgements FILE")
	}
	x, err := chainExtractor("")
	if err != nil {
		return err
	}
	if *root == "" {
		*root = filepath.Dir(filepath.Clean(*labelsDir))
	}
	labels, err := eval.LoadLabels(*labelsDir)
	if err != nil {
		return usageError("%v", err)
	}
	run := func(ctx context.Context, path string) (*corpus.Document, []corpus.Item, error) {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, nil, err
		}
		doc, err := ingest.Read(ctx, path, data, ingest.Options{Isolation: ingest.DefaultIsolation})
		if err != nil {
			return nil, nil, err
		}
		return doc, x.Extract(doc), nil
	}
	rep := eval.EvaluateLabels(ctx, labels, *root, run)
	if *asJSON {
		if err := writeJSON(e, rep); err != nil {
			return err
		}
	} else {
		printEval(e, rep, *worst)
	}
	var fails []string
	check := func(name string, got, want float64) {
		if want > 0 && got < want {
			fails = append(fails, fmt.Sprintf("%s %.3f is below %.2f", name, got, want))
		}
	}
	check("recommendation recall", rep.Recommendations.Recall, *minRecall)
	check("recommendation precision", rep.Recommendations.Precision, *minPrecision)
	check("strengths F1", rep.Strengths.F1, *minStrengthF1)
	check("board-part agreement", rep.Board.Share, *minBoard)
	for _, t := range slices.Sorted(maps.Keys(rep.ByDocType)) {
		if s := rep.ByDocType[t]; s.TP+s.FN > 0 {
			check("recall of "+t, s.Recall, *minTypeRecall)
		}
	}
	if len(fails) > 0 {
		return fmt.Errorf("%w: %s", errGate, strings.Join(fails, "; "))
	}
	return nil
}

func printEval(e *env, rep eval.Report, worst int) {
	w := e.stdout
	fmt.Fprintf(w, "%-34s %4s %4s %4s %6s %6s   %4s %4s %4s %6s\n", "file", "rTP", "rFP", "rFN", "rP", "rR", "sTP", "sFP", "sFN", "sF1")
	var misses []eval.Miss
	for _, f := range rep.Files {
		r, s := f.Recommendations, f.Strengths
		fmt.Fprintf(w, "%-34s %4d %4d %4d %6.3f %6.3f   %4d %4d %4d %6.3f", f.Label, r.TP, r.FP, r.FN, r.Precision, r.Recall, s.TP, s.FP, s.FN, s.F1)
		if f.Err != "" {
			fmt.Fprintf(w, "  (%s)", f.Err)
		}
		fmt.Fprintln(w)
		for _, m := range f.Misses {
			m.Gold = f.Label + ": " + m.Gold
			misses = append(misses, m)
		}
	}
	r, s := rep.Recommendations, rep.Strengths
	fmt.Fprintf(w, "\nrecommendations: precision %.3f  recall %.3f  F1 %.3f  (TP %d, FP %d, FN %d)\n", r.Precision, r.Recall, r.F1, r.TP, r.FP, r.FN)
	fmt.Fprintf(w, "strengths:       precision %.3f  recall %.3f  F1 %.3f  (TP %d, FP %d, FN %d)\n", s.Precision, s.Recall, s.F1, s.TP, s.FP, s.FN)
	c := rep.Concerns
	fmt.Fprintf(w, "concerns:        precision %.3f  recall %.3f  F1 %.3f  (TP %d, FP %d, FN %d)\n", c.Precision, c.Recall, c.F1, c.TP, c.FP, c.FN)
	for _, g := range []struct {
		name string
		m    map[string]*eval.Score
	}{{"document type", rep.ByDocType}, {"publisher", rep.ByPublisher}} {
		if len(g.m) < 2 {
			continue
		}
		fmt.Fprintf(w, "recommendations by %s:\n", g.name)
		for _, k := range slices.Sorted(maps.Keys(g.m)) {
			r := g.m[k]
			fmt.Fprintf(w, "  %-44s P %.3f  R %.3f  (TP %d, FP %d, FN %d)\n", k, r.Precision, r.Recall, r.TP, r.FP, r.FN)
		}
	}
	for _, m := range []struct {
		name string
		a    eval.Agreement
	}{{"title", rep.Title}, {"document type", rep.DocType}, {"date", rep.Date}, {"subject", rep.Subject}} {
		fmt.Fprintf(w, "metadata %-14s %d of %d documents agree with their labels, %.3f\n", m.name+":", m.a.Agree, m.a.Of, m.a.Share)
	}
	b := rep.Board
	fmt.Fprintf(w, "board part:      %d of %d recommendations found are in the label's part (the board's or the authority's), %.3f\n", b.Agree, b.Of, b.Share)
	sort.SliceStable(misses, func(i, j int) bool { return misses[i].Sim < misses[j].Sim })
	if len(misses) > 0 && worst > 0 {
		fmt.Fprintf(w, "\nworst misses (gold item, then the closest extracted item):\n")
		for i, m := range misses {
			if i >= worst {
				break
			}
			fmt.Fprintf(w, "- [%s] %s\n    closest (%.2f): %s\n", m.Kind, clipText(m.Gold, 160), m.Sim, clipText(m.Closest, 160))
		}
	}
}

func clipText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

func reportCuePrecision(e *env, path string) error {
	total, byCue, err := eval.CuePrecision(path)
	if err != nil {
		return usageError("%v", err)
	}
	cues := make([]string, 0, len(byCue))
	for c := range byCue {
		cues = append(cues, c)
	}
	sort.Strings(cues)
	for _, c := range cues {
		s := byCue[c]
		fmt.Fprintf(e.stdout, "%-32s %3d judged, %3d correct, precision %.2f\n", c, s.TP+s.FP, s.TP, s.Precision)
	}
	fmt.Fprintf(e.stdout, "%-32s %3d judged, %3d correct, precision %.2f\n", "all sentence cues", total.TP+total.FP, total.TP, total.Precision)
	return nil
}

func sampleCues(ctx context.Context, e *env, paths []string, n int, seed int64) error {
	x, err := chainExtractor("")
	if err != nil {
		return err
	}
	var all []eval.CueItem
	for _, root := range paths {
		err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return nil
			}
			doc, err := ingest.Read(ctx, p, data, ingest.Options{Isolation: ingest.DefaultIsolation})
			if err != nil {
				return nil // not a document, or one that cannot be read: nothing to sample
			}
			for _, it := range x.Extract(doc) {
				if eval.FromRunningText(it) {
					all = append(all, eval.CueItem{File: p, DocType: doc.DocType, Cue: it.Cue, Kind: string(it.Kind),
						Polarity: string(it.Polarity), Text: it.Text})
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetEscapeHTML(false)
	for _, it := range eval.SampleCues(all, n, seed) {
		if err := enc.Encode(it); err != nil {
			return err
		}
	}
	return nil
}

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
	x, err := rulesExtractor()
	if err != nil {
		return err
	}
	threshold, sweep, worst, minP, minR := r.threshold, r.sweep, r.worst, r.minP, r.minR
	var in []trace.Input
	var gold map[[2]string]bool
	var docs []trace.DocText
	var mentions []eval.MentionGold
	if r.data == "" {
		in, gold, err = eval.RecurrenceInputs(r.dir, x.Taxonomy().Match)
		if err != nil {
			return usageError("%v", err)
		}
	} else {
		st, err := corpus.Open(r.data)
		if err != nil {
			return err
		}
		defer st.Close()
		run, err := eval.StoreRecurrenceRun(ctx, st, r.dir)
		if err != nil {
			return usageError("%v", err)
		}
		var unmatched, absent int
		in, gold, unmatched, absent = run.Inputs()
		docs, mentions = run.Docs, run.Mentions
		if !r.asJSON {
			fmt.Fprintf(e.stdout, "the pipeline's items in %s: %d labelled reports not found, %d labelled recommendations without an item\n",
				r.data, absent, unmatched)
		}
	}
	if r.train != "" {
		return trainLinker(e, in, gold, r.train)
	}
	if r.loco {
		return crossValidate(e, in, gold, r)
	}
	if sweep {
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
	o := trace.Options{Threshold: threshold, Method: r.method}
	rep := eval.EvaluateRecurrenceRun(in, gold, docs, mentions, o)
	p := rep.Pairs
	if r.asJSON {
		if err := writeJSON(e, rep); err != nil {
			return err
		}
		return linkGate(p, minP, minR)
	}
	fmt.Fprintf(e.stdout, "%d recommendations, %d gold cross-report pairs; %s; threshold %.3f (scored on the councils the linker was trained on: --loco gives held-out figures)\n", len(in), len(gold), methodName(r.method), rep.Threshold)
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
		if worst > 0 {
			for _, q := range m.OtherQuotes[:min(worst, len(m.OtherQuotes))] {
				fmt.Fprintf(e.stdout, "  other: %s\n", clipText(q, 160))
			}
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
	return linkGate(p, minP, minR)
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

// writeJSON prints v as indented JSON.

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
			fmt.Fprintf(e.stdout, "  %-28s P %.2f R %.2f F1 %.2f (TP %d, FP %d, FN %d) threshold %.3f cohesion %.1f\n",
				strings.TrimSpace(strings.TrimSuffix(corpus.CouncilName(f.Council), "Council")), s.Precision, s.Recall, s.F1, s.TP, s.FP, s.FN, f.Threshold, f.Cohesion)
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
