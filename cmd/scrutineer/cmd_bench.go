package main

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/pprof"
	"sort"
	"strings"

	"github.com/scrutineer/scrutineer/corpus"
	"github.com/scrutineer/scrutineer/ingest"
	"github.com/scrutineer/scrutineer/internal/bench"
)

// benchmarks lists the bench subcommands.
var benchmarks = map[string]func(ctx context.Context, e *env, args []string) error{
	"pdf":     benchPDF,
	"extract": benchExtract,
	"index":   benchIndex,
	"search":  benchSearch,
	"trace":   benchTrace,
	"ingest":  benchIngest,
	"serve":   benchServe,
	"sync":    benchSync,
	"ocr":     benchOCR,
}

func runBench(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintf(e.stderr, "usage: scrutineer bench STAGE [flags] (scrutineer bench STAGE --help for a stage's flags)\nstages: %s\n",
			strings.Join(benchNames(), ", "))
		if len(args) == 0 {
			return usageError("bench needs a stage")
		}
		return nil
	}
	b, ok := benchmarks[args[0]]
	if !ok {
		return usageError("unknown bench %q (stages: %s)", args[0], strings.Join(benchNames(), ", "))
	}
	return b(ctx, e, args[1:])
}

func benchNames() []string {
	var out []string
	for k := range benchmarks {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// pdfFiles lists the files named .pdf under paths.
func pdfFiles(paths []string) []string {
	var out []string
	for _, p := range paths {
		_ = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.EqualFold(filepath.Ext(path), ".pdf") {
				out = append(out, path)
			}
			return nil
		})
	}
	sort.Strings(out)
	return out
}

func benchPDF(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "bench pdf", "[--min-f1 F] [--median-f1 F] [--json] PATH...")
	minF1 := fs.Float64("min-f1", 0, "fail when a born-digital PDF scores below this word F1")
	medianF1 := fs.Float64("median-f1", 0, "fail when the median word F1 is below this")
	asJSON := fs.Bool("json", false, "print per-file results as JSON")
	paths, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	files := pdfFiles(paths)
	if len(files) == 0 {
		return usageError("no PDF files under %s", strings.Join(paths, " "))
	}
	read := func(ctx context.Context, name string, data []byte) (*corpus.Document, error) {
		return ingest.Read(ctx, name, data, ingest.Options{Isolation: ingest.DefaultIsolation})
	}
	var results []bench.PDFFile
	for _, f := range files {
		results = append(results, bench.MeasurePDF(ctx, f, read))
	}
	if *asJSON {
		if err := writeJSON(e, results); err != nil {
			return err
		}
	}
	rep := bench.SummarisePDF(results)
	if !*asJSON {
		bench.PrintPDF(e.stdout, results, rep)
	}
	var fails []string
	if *minF1 > 0 && rep.MinF1 < *minF1 {
		fails = append(fails, fmt.Sprintf("lowest F1 %.4f (%s) is below %.2f", rep.MinF1, rep.MinFile, *minF1))
	}
	if *medianF1 > 0 && rep.MedianF1 < *medianF1 {
		fails = append(fails, fmt.Sprintf("median F1 %.4f is below %.2f", rep.MedianF1, *medianF1))
	}
	if len(fails) > 0 {
		return fmt.Errorf("%w: %s", errPartial, strings.Join(fails, "; "))
	}
	_ = os.Stdout
	return nil
}

// startCPUProfile writes a CPU profile to path (nothing when path is
// empty) until the returned function is called.
func startCPUProfile(path string) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}
