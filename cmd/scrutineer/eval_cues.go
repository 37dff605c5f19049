// eval --cue-judgements and --cue-sample: the precision of sentence cues
// judged by hand, and samples of what they find to judge.

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/scrutineer/scrutineer/ingest"
	"github.com/scrutineer/scrutineer/internal/eval"
)

// reportCuePrecision prints the precision of each sentence cue over the
// judged sample in path.
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

// sampleCues prints n items that sentence cues find in the documents under
// paths, drawn at random (seed), as JSON lines to judge.
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
