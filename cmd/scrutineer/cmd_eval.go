package main

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/scrutineer/scrutineer/corpus"
	"github.com/scrutineer/scrutineer/ingest"
	"github.com/scrutineer/scrutineer/internal/cli"
	"github.com/scrutineer/scrutineer/internal/eval"
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

// clipText cuts s to n bytes with an ellipsis.
var clipText = cli.Clip
