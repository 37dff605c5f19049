package bench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"time"

	"github.com/scrutineer/scrutineer/corpus"
	"github.com/scrutineer/scrutineer/index"
	"github.com/scrutineer/scrutineer/internal/pipeline"
)

// benchIndex measures the indexing stage alone: the files under the paths
// are ingested into a new store first (not timed), then the store is
// indexed from scratch. It prints documents/s, entries/s and text MB/s,
// the latency of each committed batch, the index's size and peak memory,
// beside the time it takes only to read the same documents and items back
// from the store, the floor any indexer of this store stands on.
func benchIndex(ctx context.Context, e *Env, args []string) error {
	fs := newFlags(e, "bench index", "[--copies N] PATH...")
	copies := fs.Int("copies", 1, "index N distinct copies of the files")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the indexing to this file")
	paths, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return usageError("bench index needs a PATH")
	}
	work, inputs, err := benchWork("index", paths, *copies)
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	data := filepath.Join(work, "data")
	st, err := corpus.Open(data)
	if err != nil {
		return err
	}
	defer st.Close()
	cfg, err := pipeline.Build(st, pipeline.Setup{Data: data, NoIndex: true, Log: e.Log}) // the index is measured on its own
	if err != nil {
		return err
	}
	cfg.Workers = runtime.GOMAXPROCS(0)
	sum, err := pipeline.Ingest(ctx, cfg, inputs)
	if err != nil {
		return err
	}
	stats, err := st.Stats(ctx)
	if err != nil {
		return err
	}

	// the baseline: every document and its items read back from the store
	start := time.Now()
	textBytes := 0
	err = st.Documents(ctx, func(d *corpus.Document) error {
		textBytes += len(d.Text)
		_, err := st.Items(ctx, d.ID)
		return err
	})
	if err != nil {
		return err
	}
	readBack := time.Since(start)

	debug.FreeOSMemory()
	sampler := startMemorySampler()
	stop, err := startCPUProfile(*cpuProfile)
	if err != nil {
		return err
	}
	start = time.Now()
	ix, err := index.OpenFor(ctx, data, st)
	if err != nil {
		return err
	}
	var batches []time.Duration
	last := time.Now()
	n, err := ix.Sync(ctx, st, func(int) {
		now := time.Now()
		batches = append(batches, now.Sub(last))
		last = now
	})
	if cerr := ix.Close(); err == nil {
		err = cerr
	}
	wall := time.Since(start)
	stop()
	peak := sampler.stop()
	if err != nil {
		return err
	}
	entries := n + stats.Items
	w := e.Stdout
	fmt.Fprintf(w, "index of %v ×%d: %d documents (%d read, not timed), %d items, %.1f MB of text\n",
		paths, *copies, n, sum.Read, stats.Items, float64(textBytes)/(1<<20))
	fmt.Fprintf(w, "indexing %.1fs: %.1f documents/s, %.0f entries/s (documents and items), %.2f MB of text/s, in %d batches\n",
		wall.Seconds(), float64(n)/wall.Seconds(), float64(entries)/wall.Seconds(), float64(textBytes)/(1<<20)/wall.Seconds(), len(batches))
	l := Summarise(batches)
	fmt.Fprintf(w, "latency per batch: p50 %s  p95 %s  p99 %s  max %s\n", ms(l.P50), ms(l.P95), ms(l.P99), ms(l.Max))
	fmt.Fprintf(w, "reading the same documents and items from the store alone: %.2fs; indexing takes %.1fx that\n",
		readBack.Seconds(), wall.Seconds()/readBack.Seconds())
	size := DirSize(filepath.Join(data, "index"))
	fmt.Fprintf(w, "index on disk %.1f MB (%.2f bytes per byte of text); peak Go memory %d MB, live heap %d MB, anonymous RSS %d MB\n",
		float64(size)/(1<<20), float64(size)/float64(max(1, textBytes)), peak>>20, sampler.liveMB(), sampler.anonMB())
	return nil
}
