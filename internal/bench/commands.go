package bench

import (
	"context"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/pprof"
	"sort"
	"strings"

	"github.com/scrutineer/scrutineer/corpus"
	"github.com/scrutineer/scrutineer/ingest"
	"github.com/scrutineer/scrutineer/internal/cli"
)

// Env is where a benchmark writes: its figures on Stdout, progress and
// flag errors on Stderr.
type Env struct {
	Stdout, Stderr io.Writer
	Log            *slog.Logger
}

// benchmarks are the stages `scrutineer bench STAGE` measures.
var benchmarks = map[string]func(ctx context.Context, e *Env, args []string) error{
	"pdf":         benchPDF,
	"extract":     benchExtract,
	"index":       benchIndex,
	"search":      benchSearch,
	"trace":       benchTrace,
	"ingest":      benchIngest,
	"serve":       benchServe,
	"sync":        benchSync,
	"ocr":         benchOCR,
	"distributed": benchDistributed,
}

// Run runs the benchmark args[0] with the flags and paths after it. A
// figure below its gate is cli.ErrGate; flag errors are cli.ErrUsage.
func Run(ctx context.Context, e *Env, args []string) error {
	if e.Log == nil {
		e.Log = slog.New(slog.DiscardHandler)
	}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintf(e.Stderr, "usage: scrutineer bench STAGE [flags] (scrutineer bench STAGE --help for a stage's flags)\nstages: %s\n",
			strings.Join(Names(), ", "))
		if len(args) == 0 {
			return usageError("bench needs a stage")
		}
		return nil
	}
	b, ok := benchmarks[args[0]]
	if !ok {
		return usageError("unknown bench %q (stages: %s)", args[0], strings.Join(Names(), ", "))
	}
	return b(ctx, e, args[1:])
}

// Names are the benchmarks' names, sorted.
func Names() []string {
	var out []string
	for k := range benchmarks {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// What the benchmarks share with the other commands.
var (
	parseFlags = cli.ParseFlags
	usageError = cli.UsageError
	errPartial = cli.ErrPartial
	errGate    = cli.ErrGate
)

func newFlags(e *Env, name, usage string) *flag.FlagSet { return cli.NewFlags(e.Stderr, name, usage) }

// writeJSON prints v as indented JSON.
func writeJSON(e *Env, v any) error { return cli.WriteJSON(e.Stdout, v) }

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

// benchPDF reads the PDFs under the paths and scores their text against
// pdftotext's, with the time each took.
func benchPDF(ctx context.Context, e *Env, args []string) error {
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
	var results []PDFFile
	for _, f := range files {
		results = append(results, MeasurePDF(ctx, f, read))
	}
	if *asJSON {
		if err := writeJSON(e, results); err != nil {
			return err
		}
	}
	rep := SummarisePDF(results)
	if !*asJSON {
		PrintPDF(e.Stdout, results, rep)
	}
	var fails []string
	if *minF1 > 0 && rep.MinF1 < *minF1 {
		fails = append(fails, fmt.Sprintf("lowest F1 %.4f (%s) is below %.2f", rep.MinF1, rep.MinFile, *minF1))
	}
	if *medianF1 > 0 && rep.MedianF1 < *medianF1 {
		fails = append(fails, fmt.Sprintf("median F1 %.4f is below %.2f", rep.MedianF1, *medianF1))
	}
	if len(fails) > 0 {
		return fmt.Errorf("%w: %s", errGate, strings.Join(fails, "; "))
	}
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
