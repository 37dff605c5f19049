package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/scrutineer/scrutineer/corpus"
	"github.com/scrutineer/scrutineer/ingest"
	"github.com/scrutineer/scrutineer/internal/eval"
)

func runEval(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "eval", "--labels DIR [--root DIR] [--json] [--min-rec-recall R] [--min-rec-precision P] [--min-strength-f1 F]")
	labelsDir := fs.String("labels", "", "folder of gold label files (format in ../shared/corpus/LABELS.md)")
	root := fs.String("root", "", "folder the labels' files are relative to (default: the labels folder's parent)")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	minRecall := fs.Float64("min-rec-recall", 0, "fail below this recommendation recall")
	minPrecision := fs.Float64("min-rec-precision", 0, "fail below this recommendation precision")
	minStrengthF1 := fs.Float64("min-strength-f1", 0, "fail below this strengths F1")
	worst := fs.Int("worst", 15, "how many of the worst misses to list")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if *labelsDir == "" {
		return usageError("eval needs --labels DIR")
	}
	if err := checkExtractor(); err != nil {
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
		return doc, extractItems(doc), nil
	}
	rep := eval.EvaluateLabels(ctx, labels, *root, run)
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
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
	if len(fails) > 0 {
		return fmt.Errorf("%w: %s", errPartial, strings.Join(fails, "; "))
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
