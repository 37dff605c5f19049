package pipeline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/scrutineer/scrutineer/corpus"
	"github.com/scrutineer/scrutineer/harvest"
	"github.com/scrutineer/scrutineer/ingest"
	"github.com/scrutineer/scrutineer/internal/isolate"
	"github.com/scrutineer/scrutineer/internal/queue"
)

// Config is the chain a run goes through (see chain.go): how files are
// read, the extractor, the store, the index and the tracer. Build makes the
// one the commands use; a nil Extractor stores documents without items,
// a nil Index or Trace leaves that step out.
type Config struct {
	Store     Store
	Read      ingest.Options
	Extractor Extractor
	Index     Indexer
	Trace     Tracer
	Workers   int              // 0 means one per CPU
	Manifest  *ingest.Manifest // metadata that overrides the text, by path
	Progress  func(Progress)   // called after each file, from one goroutine
	// OCRProgress is called as each page of a file read by OCR is done,
	// from the goroutines reading files.
	OCRProgress func(path string, done, total int)
	Log         *slog.Logger
	// Queue, when set, takes the reading and extracting of what the store
	// does not hold: its bytes go into the store and a job to the queue,
	// for workers (a sync run with --queue).
	Queue *queue.Queue
}

// rules is the version of the rules the extractor applies: a document a
// run meets again, stored with items of other rules, is extracted again
// from its stored text. "" (no extractor) leaves stored items as they are.
func (c Config) rules() string {
	if c.Extractor == nil {
		return ""
	}
	return c.Extractor.Version()
}

func (c Config) logger() *slog.Logger {
	if c.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return c.Log
}

// Progress is reported after each file.
type Progress struct {
	Done, Total int
	Path        string
	Outcome     string
	Elapsed     time.Duration
}

// Failure is a file that could not be ingested.
type Failure = corpus.Failure

// Summary is the result of a run.
type Summary struct {
	RunID     int64 `json:"run_id"`
	Read      int   `json:"read"`
	New       int   `json:"new"`
	Updated   int   `json:"updated"`
	Unchanged int   `json:"unchanged"`
	Failed    int   `json:"failed"`
	Skipped   int   `json:"skipped"`
	Items     int   `json:"items"`
	Finish
	PeakRSSMB int       `json:"peak_rss_mb"`        // this process's peak resident memory
	ReaderMB  int       `json:"reader_peak_rss_mb"` // the largest PDF reader child's
	Pages     int       `json:"pages"`
	Seconds   float64   `json:"seconds"` // reading, extracting and storing
	Failures  []Failure `json:"failures"`
	Skips     []Failure `json:"skips"`
	NewDocs   []string  `json:"new_documents,omitempty"`
	Rederived int       `json:"rederived"`        // documents met again whose items older rules had made
	Queued    int       `json:"queued,omitempty"` // files left to workers (--queue)
	touched   []string  // documents met again, unchanged
}

// largeText is the text size from which a document counts as large.
const largeText = 256 << 10

var largeSlot = make(chan struct{}, 1)

// result is what a worker hands the writer.
type result struct {
	path    string
	doc     *corpus.Document
	items   []corpus.Item
	data    []byte
	known   corpus.Outcome // set when the bytes were already stored
	id      string
	err     error
	skipped bool
	quick   bool // unchanged by the source's own word (listing date, 304, file stamp): nothing read
	// unreadable is why the bytes at this address could not be read, when
	// an earlier run found so
	unreadable string
	stamp      string
	valid      harvest.Validators
	queued     bool              // for a worker to read: its bytes and meta are here
	meta       map[string]string // with queued
}

// Ingest reads every file under paths into the store.
func Ingest(ctx context.Context, cfg Config, paths []string) (Summary, error) {
	start := time.Now()
	log := cfg.logger()
	files, sum, err := beginIngest(ctx, cfg.Store, paths, "")
	if err != nil {
		return sum, err
	}
	runID := sum.RunID
	done := 0
	run(ctx, workerCount(cfg.Workers), files, func(p string) result { return readOne(ctx, cfg, p, nil) }, func(r result) {
		done++
		outcome := store(ctx, cfg, &sum, r, log)
		if cfg.Progress != nil {
			cfg.Progress(Progress{Done: done, Total: len(files), Path: r.path, Outcome: outcome, Elapsed: time.Since(start)})
		}
	})
	if n, err := rederiveTouched(ctx, cfg, sum.touched); err != nil {
		sum.Failed++
		sum.Failures = append(sum.Failures, Failure{Path: "(rederive)", Reason: err.Error()})
	} else {
		sum.Rederived = n
	}
	sum.Seconds = time.Since(start).Seconds()
	sum.PeakRSSMB, sum.ReaderMB = int(isolate.PeakRSS()>>20), int(isolate.MaxChildRSS()>>20)
	status := "ok"
	if sum.Failed > 0 {
		status = "partial"
	}
	if ctx.Err() != nil {
		status = "interrupted"
	}
	counts := map[string]int{"read": sum.Read, "new": sum.New, "updated": sum.Updated, "unchanged": sum.Unchanged,
		"failed": sum.Failed, "skipped": sum.Skipped, "items": sum.Items}
	if err := cfg.Store.FinishRun(context.WithoutCancel(ctx), runID, status, counts); err != nil {
		return sum, err
	}
	if ctx.Err() != nil {
		return sum, ctx.Err()
	}
	sum.Finish = finish(ctx, cfg)
	return sum, nil
}

// beginIngest walks paths and opens an ingest run of them (its arguments
// the paths and note), with what could not be walked among its failures;
// it returns the files to read.
func beginIngest(ctx context.Context, st Store, paths []string, note string) ([]string, Summary, error) {
	files, walkFailures := walk(paths)
	sum := Summary{Failures: []Failure{}, Skips: []Failure{}}
	runID, err := st.BeginRun(ctx, "ingest", strings.TrimSpace(strings.Join(paths, " ")+" "+note))
	if err != nil {
		return nil, sum, err
	}
	sum.RunID = runID
	for _, f := range walkFailures {
		sum.Failed++
		sum.Failures = append(sum.Failures, f)
		_ = st.RecordFailure(ctx, runID, f.Path, f.Reason)
	}
	return files, sum, nil
}

// workerCount is n, or one worker per CPU when n is 0.
func workerCount(n int) int {
	if n <= 0 {
		return runtime.GOMAXPROCS(0)
	}
	return n
}

// run does work on each job with a pool of workers and hands every result
// to handle, from the calling goroutine only, so one writer stores them all.
func run[J any](ctx context.Context, workers int, jobs []J, work func(J) result, handle func(result)) {
	in := make(chan J)
	results := make(chan result, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range in {
				results <- work(j)
			}
		}()
	}
	go func() {
		defer close(in)
		for _, j := range jobs {
			select {
			case in <- j:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(results) }()
	for r := range results {
		handle(r)
	}
}

// readOne reads, identifies and (when new) parses one file. base is
// metadata for it that the manifest (if any) overrides.
func readOne(ctx context.Context, cfg Config, path string, base map[string]string) result {
	r := result{path: path}
	data, err := readFile(cfg, path)
	if err != nil {
		r.err = err
		return r
	}
	meta := base
	if cfg.Manifest != nil {
		meta = map[string]string{}
		for k, v := range base {
			meta[k] = v
		}
		for k, v := range cfg.Manifest.Lookup(path) {
			meta[k] = v
		}
	}
	return parse(ctx, cfg, path, data, meta)
}

// readFile reads the bytes of a file no larger than the limit.
func readFile(cfg Config, path string) ([]byte, error) {
	max := cfg.Read.MaxSize
	if max <= 0 {
		max = ingest.DefaultMaxSize
	}
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read: %w", unwrapPathError(err))
	}
	if fi.Size() > max {
		return nil, fmt.Errorf("%w: %d MB (limit %d MB)", ingest.ErrTooLarge, fi.Size()>>20, max>>20)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read: %w", unwrapPathError(err))
	}
	return data, nil
}

// parse identifies data read from path and, unless the store has it,
// reads it into a document with its items. meta overrides what the text says.
func parse(ctx context.Context, cfg Config, path string, data []byte, meta map[string]string) result {
	r := result{path: path}
	r.id = corpus.DocID(data)
	known, err := cfg.Store.Known(ctx, path, r.id)
	if err != nil {
		r.err = err
		return r
	}
	if known != "" {
		r.known = known
		return r
	}
	if cfg.Queue != nil { // a worker reads it
		r.queued, r.data, r.meta = true, data, meta
		return r
	}
	return readNew(ctx, cfg, path, data, meta)
}

// readNew reads data, which the store does not hold, into a document with
// its items.
func readNew(ctx context.Context, cfg Config, path string, data []byte, meta map[string]string) result {
	r := result{path: path, id: corpus.DocID(data)}
	opts := cfg.Read
	opts.Meta = meta
	if cfg.OCRProgress != nil {
		opts.OCRProgress = func(done, total int) { cfg.OCRProgress(path, done, total) }
	}
	doc, err := ingest.Read(ctx, path, data, opts)
	if err != nil {
		r.err = err
		r.skipped = errors.Is(err, ingest.ErrUnsupported) || errors.Is(err, ingest.ErrErrorPage)
		return r
	}
	r.doc, r.data = doc, data
	if cfg.Extractor != nil {
		if len(doc.Text) >= largeText {
			// one large document extracted at a time: peak memory follows
			// the largest document, not how many large ones the corpus has
			largeSlot <- struct{}{}
			defer func() { <-largeSlot }()
		}
		r.items = cfg.Extractor.Extract(doc)
	}
	if len(doc.Text) >= hugeText {
		// what reading and extracting a huge text left behind goes back
		// to the system before the text is stored and indexed, so that
		// the peak is the document's, not its garbage's
		debug.FreeOSMemory()
	}
	return r
}

// hugeText is the text size after which a document's reading garbage is
// returned at once.
const hugeText = 8 << 20

// store writes one result and counts it; it returns the outcome's name.
func store(ctx context.Context, cfg Config, sum *Summary, r result, log *slog.Logger) string {
	sum.Read++
	fail := func(err error) string {
		sum.Failed++
		sum.Failures = append(sum.Failures, Failure{Path: r.path, Reason: err.Error()})
		_ = cfg.Store.RecordFailure(ctx, sum.RunID, r.path, err.Error())
		log.Debug("ingest failed", "path", r.path, "reason", err)
		return "failed"
	}
	switch {
	case r.skipped:
		sum.Skipped++
		sum.Skips = append(sum.Skips, Failure{Path: r.path, Reason: r.err.Error()})
		return "skipped"
	case r.err != nil:
		return fail(r.err)
	case r.quick:
		sum.Unchanged++ // the source says so; nothing was read
		return string(corpus.Unchanged)
	case r.known != "":
		out, err := cfg.Store.AddSource(ctx, sum.RunID, r.path, r.id)
		if err != nil {
			return fail(err)
		}
		sum.touched = append(sum.touched, r.id)
		return count(sum, out, r.id)
	case r.queued:
		if err := queueRead(ctx, cfg, sum.RunID, r); err != nil {
			return fail(err)
		}
		sum.Read-- // read by a worker, and counted from its job
		sum.Queued++
		return "queued"
	}
	out, err := cfg.Store.Put(ctx, sum.RunID, r.path, r.doc, r.items, r.data)
	if err != nil {
		return fail(err)
	}
	sum.Items += len(r.items)
	sum.Pages += r.doc.Pages
	return count(sum, out, r.id)
}

func count(sum *Summary, out corpus.Outcome, id string) string {
	switch out {
	case corpus.New:
		sum.New++
		sum.NewDocs = append(sum.NewDocs, id)
	case corpus.Updated:
		sum.Updated++
		sum.NewDocs = append(sum.NewDocs, id)
	default: // Unchanged, and Alias: known bytes at another path
		sum.Unchanged++
	}
	return string(out)
}
