package bench

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/scrutineer/scrutineer/corpus"
	"github.com/scrutineer/scrutineer/index"
	"github.com/scrutineer/scrutineer/internal/isolate"
	"github.com/scrutineer/scrutineer/internal/pipeline"
)

// benchIngest ingests the files under the paths end to end (read, extract,
// store, index) into a new data directory and prints wall time,
// documents/s, pages/s and peak memory, beside the time pdftotext takes to
// produce text from the same PDFs with as many workers. Given several
// sizes (--copies 1,4) it measures each in turn and compares their memory.
func benchIngest(ctx context.Context, e *Env, args []string) error {
	fs := newFlags(e, "bench ingest", "[--copies N[,N...]] PATH...")
	copiesFlag := fs.String("copies", "1", "ingest N distinct copies of the files; a list (1,4) measures each size in turn and compares their memory")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of this process (not the PDF reader children) to this file")
	memProfile := fs.String("memprofile", "", "write a heap profile, taken when indexing ends, to this file")
	large := fs.String("large", "", "instead, ingest generated text and HTML files of these sizes in MB (50,100), each in a process of its own, and print its peak memory against the 500 MB bound")
	paths, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if *large != "" {
		return benchLarge(ctx, e, *large)
	}
	if len(paths) == 0 {
		return usageError("bench ingest needs a PATH")
	}
	var sizes []int
	for _, f := range strings.Split(*copiesFlag, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return usageError("--copies wants positive whole numbers, not %q", f)
		}
		sizes = append(sizes, n)
	}
	stop, err := startCPUProfile(*cpuProfile)
	if err != nil {
		return err
	}
	defer stop()
	var runs []ingestFigures
	for k, n := range sizes {
		if k > 0 {
			fmt.Fprintln(e.Stdout)
			// start the next size from a clean slate: garbage collected,
			// freed memory returned, the peaks reset
			debug.FreeOSMemory()
			isolate.ResetPeaks()
		}
		f, err := benchIngestOnce(ctx, e, paths, n, *memProfile)
		if err != nil {
			return err
		}
		runs = append(runs, f)
	}
	if len(runs) > 1 {
		printMemoryGrowth(e.Stdout, runs)
	}
	return nil
}

// ingestFigures are the measures of one bench ingest run.
type ingestFigures struct {
	copies, documents int
	goPeak, rss       uint64 // bytes
	live, anon        uint64 // MB
}

func benchIngestOnce(ctx context.Context, e *Env, paths []string, copies int, memProfile string) (ingestFigures, error) {
	var f ingestFigures
	work, inputs, err := benchWork("ingest", paths, copies)
	if err != nil {
		return f, err
	}
	defer os.RemoveAll(work)
	data := filepath.Join(work, "data")
	st, err := corpus.Open(data)
	if err != nil {
		return f, err
	}
	defer st.Close()
	workers := runtime.GOMAXPROCS(0)
	sampler := startMemorySampler()
	start := time.Now()
	cfg, err := pipeline.Build(st, pipeline.Setup{Data: data, NoIndex: true, Log: e.Log}) // reading and indexing are measured apart
	if err != nil {
		return ingestFigures{}, err
	}
	cfg.Workers = workers
	sum, err := pipeline.Ingest(ctx, cfg, inputs)
	if err != nil {
		return f, err
	}
	readPeak := sampler.stop()
	readLive, readAnon := sampler.liveMB(), sampler.anonMB()
	sampler = startMemorySampler()
	indexed, err := syncIndexProfiled(ctx, data, st, memProfile)
	if err != nil {
		return f, err
	}
	wall := time.Since(start)
	indexPeak := sampler.stop()
	indexLive, indexAnon := sampler.liveMB(), sampler.anonMB()
	f = ingestFigures{copies: copies, documents: sum.New + sum.Updated, goPeak: max(readPeak, indexPeak),
		live: max(readLive, indexLive), anon: max(readAnon, indexAnon), rss: uint64(isolate.PeakRSS())}
	pdfs := pdfInputs(inputs)
	ref := pdftotextAll(ctx, pdfs, workers)
	w := e.Stdout
	fmt.Fprintf(w, "ingest of %s ×%d: %d files read, %d documents, %d pages, %d items, %d indexed, %d failed\n",
		fmt.Sprint(paths), copies, sum.Read, sum.New+sum.Updated, sum.Pages, sum.Items, indexed, sum.Failed)
	fmt.Fprintf(w, "wall time %.1fs: %.1f documents/s, %.1f pages/s (%d workers)\n", wall.Seconds(),
		float64(sum.New+sum.Updated)/wall.Seconds(), float64(sum.Pages)/wall.Seconds(), workers)
	if ref > 0 {
		fmt.Fprintf(w, "pdftotext over the same %d PDFs with %d workers: %.1fs; scrutineer's full ingest takes %.2fx that\n",
			len(pdfs), workers, ref.Seconds(), wall.Seconds()/ref.Seconds())
	}
	fmt.Fprintf(w, "peak memory: Go runtime (heap, stacks, runtime) %d MB (reading and extracting %d MB, indexing %d MB); live heap at most %d MB reading and extracting, %d MB indexing; anonymous RSS %d MB; process RSS %d MB (includes the index files mapped into memory); largest PDF reader child %d MB\n",
		f.goPeak>>20, readPeak>>20, indexPeak>>20, readLive, indexLive, f.anon, f.rss>>20, isolate.MaxChildRSS()>>20)
	return f, nil
}

// printMemoryGrowth compares the memory of runs over corpora of different
// sizes: flat memory shows as ratios near 1 while the documents multiply.
func printMemoryGrowth(w io.Writer, runs []ingestFigures) {
	base := runs[0]
	fmt.Fprintf(w, "\nmemory against corpus size (×%d is the base):\n", base.copies)
	for _, r := range runs {
		fmt.Fprintf(w, "  ×%d: %5d documents (%.1fx)  peak Go memory %4d MB (%.2fx)  live heap %4d MB (%.2fx)  anonymous RSS %4d MB (%.2fx)  RSS with mapped index files %4d MB (%.2fx)\n",
			r.copies, r.documents, float64(r.documents)/float64(base.documents), r.goPeak>>20, ratio(r.goPeak, base.goPeak),
			r.live, ratio(r.live, base.live), r.anon, ratio(r.anon, base.anon), r.rss>>20, ratio(r.rss, base.rss))
	}
}

func ratio(a, b uint64) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// benchWork makes a work folder for a benchmark and returns it with the
// inputs to read: the paths themselves, or n distinct copies of their files
// written into the folder.
func benchWork(name string, paths []string, n int) (string, []string, error) {
	work, err := os.MkdirTemp("", "scrutineer-bench-"+name+"-")
	if err != nil {
		return "", nil, err
	}
	if n <= 1 {
		return work, paths, nil
	}
	dir := filepath.Join(work, "input")
	if err := copyCorpus(paths, dir, n); err != nil {
		os.RemoveAll(work)
		return "", nil, err
	}
	return work, []string{dir}, nil
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
// files mapped into memory), the largest live heap and the largest
// anonymous resident set (resident memory less the mapped files, such as
// the index's segments, which the kernel may drop at will).
type memorySampler struct {
	done chan struct{}
	peak chan uint64
	live uint64 // the largest live heap seen
	anon uint64 // the largest anonymous resident set seen, bytes
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
			// s.live and s.anon are written here only, read after stop
			s.live = max(s.live, sample[2].Value.Uint64())
			s.anon = max(s.anon, anonRSS())
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

// anonRSS is the resident memory of this process not backed by files, in
// bytes (resident less shared pages, from /proc/self/statm), or 0.
func anonRSS() uint64 {
	raw, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	var size, resident, shared uint64
	if n, _ := fmt.Sscan(string(raw), &size, &resident, &shared); n < 3 || shared > resident {
		return 0
	}
	return (resident - shared) * uint64(os.Getpagesize())
}

// liveMB is the largest heap the collector found live, in MB (valid after stop).
func (s *memorySampler) liveMB() uint64 { return s.live >> 20 }

// anonMB is the largest anonymous resident set seen, in MB (valid after stop).
func (s *memorySampler) anonMB() uint64 { return s.anon >> 20 }

func (s *memorySampler) stop() uint64 {
	close(s.done)
	return <-s.peak
}

// largeBound is the memory no input may take an ingest past.
const largeBound = 500

// benchLarge ingests generated text and HTML files of the given sizes,
// each by a scrutineer ingest of its own (so that the figure is that
// file's, not the bench's), and prints the ingest's peak resident memory
// against largeBound.
func benchLarge(ctx context.Context, e *Env, sizes string) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "scrutineer-large-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	fmt.Fprintf(e.Stdout, "%-6s %8s %9s %8s %10s  %s\n", "format", "size", "seconds", "items", "peak RSS", fmt.Sprintf("bound %d MB", largeBound))
	over := 0
	for _, f := range strings.Split(sizes, ",") {
		mb, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || mb < 1 {
			return usageError("--large wants sizes in MB, not %q", f)
		}
		for _, format := range []string{"txt", "html"} {
			path := filepath.Join(dir, fmt.Sprintf("large-%d.%s", mb, format))
			if err := writeLarge(path, mb<<20, format == "html"); err != nil {
				return err
			}
			data := filepath.Join(dir, fmt.Sprintf("data-%d-%s", mb, format))
			start := time.Now()
			cmd := exec.CommandContext(ctx, self, "ingest", "--json", "--data", data, path)
			out, err := cmd.Output()
			took := time.Since(start)
			if err != nil {
				return fmt.Errorf("ingest of %d MB %s: %v", mb, format, err)
			}
			var sum pipeline.Summary
			if err := json.Unmarshal(out, &sum); err != nil {
				return fmt.Errorf("ingest of %d MB %s: %v", mb, format, err)
			}
			verdict := "within"
			if sum.PeakRSSMB > largeBound {
				verdict, over = "OVER", over+1
			}
			fmt.Fprintf(e.Stdout, "%-6s %6d MB %9.1f %8d %7d MB  %s\n", format, mb, took.Seconds(), sum.Items, sum.PeakRSSMB, verdict)
			os.RemoveAll(data)
			os.Remove(path)
		}
	}
	if over > 0 {
		return fmt.Errorf("%w: %d of the files took the ingest past %d MB", errGate, over, largeBound)
	}
	return nil
}

// writeLarge writes a file of about size bytes of report-like paragraphs,
// as plain text or as one HTML page.
func writeLarge(path string, size int, asHTML bool) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	words := strings.Fields("the council should improve the quality of care plans for children in need and ensure that social workers have manageable caseloads so that visits are regular and purposeful leaders must strengthen oversight of practice across the service")
	rng := rand.New(rand.NewPCG(1, uint64(size)))
	if asHTML {
		w.WriteString("<html><head><title>A large report</title></head><body><main><h1>A large report</h1>\n")
	}
	for n := 0; n < size; {
		var p strings.Builder
		k := 20 + rng.IntN(100)
		for i := 0; i < k; i++ {
			if i > 0 {
				p.WriteByte(' ')
			}
			p.WriteString(words[rng.IntN(len(words))])
		}
		para := strings.ToUpper(p.String()[:1]) + p.String()[1:] + "."
		if asHTML {
			para = "<p>" + para + "</p>\n"
		} else {
			para += "\n\n"
		}
		w.WriteString(para)
		n += len(para)
	}
	if asHTML {
		w.WriteString("</main></body></html>\n")
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// syncIndexProfiled indexes what the store holds and, when path is set,
// writes a heap profile while the index is still open.
func syncIndexProfiled(ctx context.Context, dir string, st *corpus.Store, path string) (int, error) {
	ix, err := index.OpenFor(ctx, dir, st)
	if err != nil {
		return 0, err
	}
	defer ix.Close()
	n, err := ix.Sync(ctx, st, nil)
	if err == nil && path != "" {
		f, ferr := os.Create(path)
		if ferr != nil {
			return n, ferr
		}
		defer f.Close()
		runtime.GC()
		err = pprof.WriteHeapProfile(f)
	}
	return n, err
}
