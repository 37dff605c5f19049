package bench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"time"

	"github.com/scrutineer/scrutineer/index"
)

// benchSearch builds (or reuses) an index of a synthetic corpus, runs the
// fixed query mix and prints latency percentiles per class of query,
// throughput, index size and peak memory, with ripgrep's time for the same
// term queries over the same text.
func benchSearch(ctx context.Context, e *Env, args []string) error {
	fs := newFlags(e, "bench search", "[--items N] [--dir DIR] [--rounds N] [--data DIR]")
	items := fs.Int("items", 100000, "synthetic items to index")
	dir := fs.String("dir", "", "where the synthetic index is built and kept for reuse (default: a folder in the temp dir)")
	rounds := fs.Int("rounds", 20, "times the query mix is run")
	seed := fs.Int64("seed", 1, "generator seed")
	data := fs.String("data", "", "also measure the index of this data directory (built by ingest)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the indexing to this file")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if *dir == "" {
		*dir = filepath.Join(os.TempDir(), fmt.Sprintf("scrutineer-bench-search-%d-%d", *items, *seed))
	}
	fmt.Fprintf(e.Stdout, "synthetic corpus: %d items (seed %d) in %s\n", *items, *seed, *dir)
	stop, err := startCPUProfile(*cpuProfile)
	if err != nil {
		return err
	}
	rate, err := SynthIndex(ctx, *dir, *items, *seed, e.Stdout)
	stop()
	if err != nil {
		return err
	}
	if rate > 0 {
		fmt.Fprintf(e.Stdout, "indexing: %.0f items/s\n", rate)
	}
	if err := searchReport(ctx, e, *dir, filepath.Join(*dir, "text"), *rounds); err != nil {
		return err
	}
	if *data != "" {
		fmt.Fprintf(e.Stdout, "\nindex of %s:\n", *data)
		if err := searchReport(ctx, e, *data, "", *rounds); err != nil {
			return err
		}
	}
	fmt.Fprintf(e.Stdout, "\npeak memory (RSS): %s; Go heap now %d MB\n", peakRSS(), heapMB())
	return nil
}

func heapMB() uint64 {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc >> 20
}

func searchReport(ctx context.Context, e *Env, dir, textDir string, rounds int) error {
	ix, err := index.Open(dir)
	if err != nil {
		return err
	}
	defer ix.Close()
	n, _ := ix.Count()
	fmt.Fprintf(e.Stdout, "index: %d entries, %.0f MB on disk\n", n, float64(DirSize(filepath.Join(dir, "index")))/(1<<20))
	start := time.Now()
	if err := ix.Warm(); err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "facet codes read into memory in %.2fs, %.1f MB (once per process, as the server does at start)\n",
		time.Since(start).Seconds(), float64(ix.WarmBytes())/(1<<20))
	RunMix(ctx, ix, 1) // warm the caches
	lat, total, err := RunMix(ctx, ix, rounds)
	if err != nil {
		return err
	}
	classes := make([]string, 0, len(lat))
	queries := 0
	for c, ds := range lat {
		classes = append(classes, c)
		queries += len(ds)
	}
	sort.Strings(classes)
	fmt.Fprintf(e.Stdout, "%-16s %6s %9s %9s %9s %9s\n", "query class", "n", "p50", "p95", "p99", "max")
	for _, c := range classes {
		l := Summarise(lat[c])
		fmt.Fprintf(e.Stdout, "%-16s %6d %9s %9s %9s %9s\n", c, l.N, ms(l.P50), ms(l.P95), ms(l.P99), ms(l.Max))
	}
	fmt.Fprintf(e.Stdout, "throughput: %.0f queries/s on one client\n", float64(queries)/total.Seconds())
	if textDir != "" {
		rg, err := Ripgrep(ctx, textDir, max(1, rounds/10))
		if err != nil {
			fmt.Fprintf(e.Stdout, "ripgrep: %v\n", err)
			return nil
		}
		l := Summarise(rg)
		own := Summarise(lat["term"])
		fmt.Fprintf(e.Stdout, "ripgrep, same term queries over the text (%.0f MB): p50 %s; scrutineer's term p50 is %.0fx faster\n",
			float64(DirSize(textDir))/(1<<20), ms(l.P50), float64(l.P50)/float64(max(own.P50, time.Microsecond)))
	}
	return nil
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1fms", float64(d.Microseconds())/1000) }
