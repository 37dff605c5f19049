package bench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"time"

	"github.com/scrutineer/scrutineer/corpus"
	"github.com/scrutineer/scrutineer/extract"
	"github.com/scrutineer/scrutineer/ingest"
	"github.com/scrutineer/scrutineer/internal/isolate"
)

// benchExtract measures extraction alone: every document under the paths is
// read first (not timed), then extracted on one goroutine, timed per
// document, and the words per second are printed with latency percentiles
// and peak memory.
func benchExtract(ctx context.Context, e *Env, args []string) error {
	fs := newFlags(e, "bench extract", "[--rounds N] PATH...")
	rounds := fs.Int("rounds", 3, "how many times to extract the whole set")
	paths, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	x, err := extract.New(extract.Options{})
	if err != nil {
		return err
	}
	var docs []*corpus.Document
	words := 0
	for _, root := range paths {
		_ = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return nil
			}
			doc, err := ingest.Read(ctx, p, data, ingest.Options{Isolation: ingest.DefaultIsolation})
			if err == nil {
				docs = append(docs, doc)
				words += len(strings.Fields(doc.Text))
			}
			return nil
		})
	}
	if len(docs) == 0 {
		return usageError("no documents under %s", strings.Join(paths, " "))
	}
	prev := runtime.GOMAXPROCS(1) // one core, as the target is stated
	defer runtime.GOMAXPROCS(prev)
	x.Extract(docs[0]) // load the tagging model before timing
	runtime.GC()
	debug.FreeOSMemory()
	var lat []time.Duration
	items := 0
	start := time.Now()
	for r := 0; r < *rounds; r++ {
		for _, d := range docs {
			t := time.Now()
			items += len(x.Extract(d))
			lat = append(lat, time.Since(t))
		}
	}
	total := time.Since(start)
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	pct := func(p float64) time.Duration { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Fprintf(e.Stdout, "extract: %d documents, %d words, %d rounds on 1 core\n", len(docs), words, *rounds)
	fmt.Fprintf(e.Stdout, "throughput: %.0f words/s (%.1f documents/s), %d items per round\n",
		float64(words**rounds)/total.Seconds(), float64(len(docs)**rounds)/total.Seconds(), items / *rounds)
	fmt.Fprintf(e.Stdout, "latency per document: p50 %s  p95 %s  p99 %s  max %s\n", pct(.5), pct(.95), pct(.99), lat[len(lat)-1])
	fmt.Fprintf(e.Stdout, "peak heap: %d MB (process peak RSS %s)\n", ms.HeapSys>>20, peakRSS())
	return nil
}

// peakRSS reads the process's peak resident set size from /proc.
func peakRSS() string {
	if b := isolate.PeakRSS(); b > 0 {
		return fmt.Sprintf("%d MB", b>>20)
	}
	return "unknown"
}
