package main

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"sync"
	"time"

	"github.com/scrutineer/scrutineer/corpus"
	"github.com/scrutineer/scrutineer/ingest"
	"github.com/scrutineer/scrutineer/internal/pipeline"
)

// benchIngest ingests the files under the paths end to end (read, extract,
// store, index) into a new data directory and prints wall time,
// documents/s, pages/s and peak memory, beside the time pdftotext takes to
// produce text from the same PDFs with as many workers.
func benchIngest(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "bench ingest", "[--copies N] PATH...")
	copies := fs.Int("copies", 1, "ingest N distinct copies of the files (to show memory does not grow with the corpus)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of this process (not the PDF reader children) to this file")
	memProfile := fs.String("memprofile", "", "write a heap profile, taken when indexing ends, to this file")
	paths, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return usageError("bench ingest needs a PATH")
	}
	if err := checkExtractor(); err != nil {
		return err
	}
	work, err := os.MkdirTemp("", "scrutineer-bench-ingest-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	inputs := paths
	if *copies > 1 {
		dir := filepath.Join(work, "input")
		if err := copyCorpus(paths, dir, *copies); err != nil {
			return err
		}
		inputs = []string{dir}
	}
	data := filepath.Join(work, "data")
	st, err := corpus.Open(data)
	if err != nil {
		return err
	}
	defer st.Close()
	workers := runtime.GOMAXPROCS(0)
	stop, err := startCPUProfile(*cpuProfile)
	if err != nil {
		return err
	}
	sampler := startMemorySampler()
	start := time.Now()
	cfg := ingestConfig(e, st)
	cfg.Workers = workers
	sum, err := pipeline.Ingest(ctx, cfg, inputs)
	if err != nil {
		return err
	}
	readPeak := sampler.stop()
	readLive := sampler.liveMB()
	sampler = startMemorySampler()
	indexed, err := syncIndexProfiled(ctx, data, st, *memProfile)
	if err != nil {
		return err
	}
	wall := time.Since(start)
	stop()
	indexPeak := sampler.stop()
	indexLive := sampler.liveMB()
	goPeak := max(readPeak, indexPeak)
	pdfs := pdfInputs(inputs)
	ref := pdftotextAll(ctx, pdfs, workers)
	w := e.stdout
	fmt.Fprintf(w, "ingest of %s ×%d: %d files read, %d documents, %d pages, %d items, %d indexed, %d failed\n",
		fmt.Sprint(paths), *copies, sum.Read, sum.New+sum.Updated, sum.Pages, sum.Items, indexed, sum.Failed)
	fmt.Fprintf(w, "wall time %.1fs: %.1f documents/s, %.1f pages/s (%d workers)\n", wall.Seconds(),
		float64(sum.New+sum.Updated)/wall.Seconds(), float64(sum.Pages)/wall.Seconds(), workers)
	if ref > 0 {
		fmt.Fprintf(w, "pdftotext over the same %d PDFs with %d workers: %.1fs; scrutineer's full ingest takes %.2fx that\n",
			len(pdfs), workers, ref.Seconds(), wall.Seconds()/ref.Seconds())
	}
	fmt.Fprintf(w, "peak memory: Go runtime (heap, stacks, runtime) %d MB (reading and extracting %d MB, indexing %d MB); live heap at most %d MB reading and extracting, %d MB indexing; process RSS %s (includes the index files mapped into memory); largest PDF reader child %d MB\n",
		goPeak>>20, readPeak>>20, indexPeak>>20, readLive, indexLive, peakRSS(), ingest.MaxChildRSS()>>20)
	return nil
}

// copyCorpus writes n copies of every file under paths into dir, each copy
// made distinct by trailing bytes (after the %%EOF of a PDF, a comment or
// blank line elsewhere), so that none is a duplicate of another.
func copyCorpus(paths []string, dir string, n int) error {
	for c := 0; c < n; c++ {
		for _, root := range paths {
			err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				data, err := os.ReadFile(p)
				if err != nil {
					return nil
				}
				rel, _ := filepath.Rel(root, p)
				out := filepath.Join(dir, fmt.Sprintf("copy%d", c), filepath.Base(root), rel)
				if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
					return err
				}
				if c > 0 {
					data = append(append([]byte{}, data...), []byte(fmt.Sprintf("\n%%copy %d\n", c))...)
				}
				return os.WriteFile(out, data, 0o644)
			})
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// pdfInputs lists the files under paths that are PDFs by their content.
func pdfInputs(paths []string) []string {
	var out []string
	for _, root := range paths {
		_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			f, err := os.Open(p)
			if err != nil {
				return nil
			}
			head := make([]byte, 1024)
			n, _ := f.Read(head)
			f.Close()
			if bytes.Contains(head[:n], []byte("%PDF-")) {
				out = append(out, p)
			}
			return nil
		})
	}
	return out
}

// pdftotextAll runs pdftotext over the files with the given number of
// workers and returns the wall time (0 when pdftotext is missing).
func pdftotextAll(ctx context.Context, files []string, workers int) time.Duration {
	if _, err := exec.LookPath("pdftotext"); err != nil || len(files) == 0 {
		return 0
	}
	start := time.Now()
	jobs := make(chan string)
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range jobs {
				_ = exec.CommandContext(ctx, "pdftotext", "-q", "-enc", "UTF-8", f, os.DevNull).Run()
			}
		}()
	}
	for _, f := range files {
		jobs <- f
	}
	close(jobs)
	wg.Wait()
	return time.Since(start)
}

// memorySampler records the peak of the Go runtime's own memory accounting
// (/memory/classes/total:bytes: heap, stacks and runtime structures, not
// files mapped into memory).
type memorySampler struct {
	done chan struct{}
	peak chan uint64
	live uint64 // the largest live heap seen
}

func startMemorySampler() *memorySampler {
	s := &memorySampler{done: make(chan struct{}), peak: make(chan uint64)}
	go func() {
		sample := []metrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"},
			{Name: "/gc/heap/live:bytes"}}
		var peak uint64
		for {
			metrics.Read(sample)
			if v := sample[0].Value.Uint64() - sample[1].Value.Uint64(); v > peak {
				peak = v
			}
			if v := sample[2].Value.Uint64(); v > s.live {
				s.live = v // written here only, read after stop
			}
			select {
			case <-s.done:
				s.peak <- peak
				return
			case <-time.After(50 * time.Millisecond):
			}
		}
	}()
	return s
}

// liveMB is the largest heap the collector found live, in MB (valid after stop).
func (s *memorySampler) liveMB() uint64 { return s.live >> 20 }

func (s *memorySampler) stop() uint64 {
	close(s.done)
	return <-s.peak
}
