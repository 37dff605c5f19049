package pipeline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"

	"github.com/scrutineer/scrutineer/corpus"
	"github.com/scrutineer/scrutineer/extract"
	"github.com/scrutineer/scrutineer/index"
	"github.com/scrutineer/scrutineer/ingest"
	"github.com/scrutineer/scrutineer/internal/digest"
	"github.com/scrutineer/scrutineer/trace"
)

// A document's way through scrutineer, written down in one place:
//
//	file ─read─▶ Document ─extract─▶ Items ─store─▶ corpus ─index─▶ bleve ─trace─▶ threads
//
// read is ingest.Read, in the workers of Ingest and Sync; extract is the
// Extractor, in the same workers; store is the Store, from one writer, a
// transaction a document; index and trace run once a run has stored what
// it read (finish). Ingest, Sync (and Nightly, which adds the digest),
// Rederive and the demo are this one chain with different sources: files,
// fetched documents, stored text. Build makes the chain the commands use.

// An Extractor finds the items of a document and notes on it what it
// names (bodies, people). Version names the rules it applies, so that a
// document extracted by other rules is extracted again.
type Extractor interface {
	Extract(*corpus.Document) []corpus.Item
	Version() string
}

// Store is what the chain writes to and reads back: documents with their
// items, one transaction each, runs and their failures, the state of
// fetched sources, and what the digest reads. *corpus.Store is one.
type Store interface {
	digest.Source
	Known(ctx context.Context, path, id string) (corpus.Outcome, error)
	Put(ctx context.Context, runID int64, path string, doc *corpus.Document, items []corpus.Item, original []byte) (corpus.Outcome, error)
	AddSource(ctx context.Context, runID int64, path, id string) (corpus.Outcome, error)
	Rederive(ctx context.Context, doc *corpus.Document, items []corpus.Item) error
	StaleDocuments(ctx context.Context, rules string) ([]string, error)
	BeginRun(ctx context.Context, kind, args string) (int64, error)
	RecordFailure(ctx context.Context, runID int64, path, reason string) error
	FinishRun(ctx context.Context, runID int64, status string, counts map[string]int) error
	FetchStates(ctx context.Context, source string) (map[string]corpus.FetchState, error)
	SaveFetchStates(ctx context.Context, source string, states []corpus.FetchState) error
	MarkAlerted(ctx context.Context, runs []int64, digest string) error
}

// An Indexer brings the search index up to date with the store and says
// how many documents it indexed. An index another process holds (the
// server, which indexes what is stored within seconds) is ErrIndexHeld.
type Indexer interface {
	Index(ctx context.Context) (int, error)
}

// IndexFunc is a function that is an Indexer (the server's, which owns
// its index while it runs).
type IndexFunc func(ctx context.Context) (int, error)

func (f IndexFunc) Index(ctx context.Context) (int, error) { return f(ctx) }

// A Tracer links the store's recommendations into threads and stores
// them, unless they are stored at the store's present state, and reads
// them back for the digest.
type Tracer interface {
	// Trace brings the stored threads up to date and says how many
	// subjects it traced again.
	Trace(ctx context.Context) (int, error)
	digest.Threads
}

// ErrIndexHeld is an index that another process holds.
var ErrIndexHeld = errors.New("the index is held by another process")

// Finish is what the end of the chain did after a run stored its
// documents: the index brought up to date and the threads stored.
type Finish struct {
	Indexed    int    `json:"indexed"`
	IndexError string `json:"index_error,omitempty"`
	IndexHeld  bool   `json:"index_held_by_server,omitempty"` // the server indexes what was stored
	TraceError string `json:"trace_error,omitempty"`          // threads not stored: the server traces on request
	Traced     int    `json:"subjects_traced"`                // subjects whose threads were traced again
	// IndexSeconds and TraceSeconds are how long bringing the index and
	// the stored threads up to date took.
	IndexSeconds float64 `json:"index_seconds"`
	TraceSeconds float64 `json:"trace_seconds"`
}

// finish runs the index and the tracer of cfg, when set. Their failures
// are reported in the result, not returned: the documents are stored, and
// the next run (or the server) completes the rest.
func finish(ctx context.Context, cfg Config) Finish {
	var f Finish
	cfg.Extractor = nil  // its tagging model is not kept while the index is brought up to date
	debug.FreeOSMemory() // what reading and extracting held goes back before the index is opened
	if cfg.Index != nil {
		start := time.Now()
		n, err := cfg.Index.Index(ctx)
		f.Indexed, f.IndexSeconds = n, time.Since(start).Seconds()
		switch {
		case errors.Is(err, ErrIndexHeld):
			f.IndexHeld = true
		case err != nil:
			f.IndexError = err.Error()
		}
	}
	if cfg.Trace != nil && ctx.Err() == nil {
		start := time.Now()
		n, err := cfg.Trace.Trace(ctx)
		f.Traced, f.TraceSeconds = n, time.Since(start).Seconds()
		if err != nil && ctx.Err() == nil {
			f.TraceError = err.Error()
			cfg.logger().Warn("threads not stored; the server traces on request", "err", err)
		}
	}
	return f
}

// Setup is what a command's flags say about the chain.
type Setup struct {
	Data       string         // the data directory: the index lives there
	Taxonomy   string         // a theme taxonomy file replacing the embedded one
	OCR        ingest.OCRMode // when PDF pages are read by OCR
	Workers    int            // files read at once; 0 is one per CPU
	MaxSize    int64          // the largest file read, in bytes; 0 is ingest.DefaultMaxSize
	PDFTimeout time.Duration  // 0 is ingest.DefaultIsolation's
	Manifest   *ingest.Manifest
	NoIndex    bool // store only: neither index nor trace (benchmarks of one stage)
	Log        *slog.Logger
}

// Build makes the chain every command runs unless told otherwise: PDFs
// read in isolated children, items extracted by the rules in force (a
// document met again that older rules extracted is extracted again), the
// index in s.Data brought up to date, and the threads stored in st. The
// extractor is the chain's own and is freed with it, so its tagging model
// does not outlive the run.
func Build(st *corpus.Store, s Setup) (Config, error) {
	x, err := NewExtractor(s.Taxonomy)
	if err != nil {
		return Config{}, err
	}
	iso := ingest.DefaultIsolation
	if s.PDFTimeout > 0 {
		iso.Timeout = s.PDFTimeout
	}
	cfg := Config{Store: st, Extractor: x, Workers: s.Workers, Manifest: s.Manifest, Log: s.Log,
		Read: ingest.Options{Isolation: iso, MaxSize: s.MaxSize, OCR: s.OCR}}
	if !s.NoIndex {
		cfg.Index, cfg.Trace = IndexIn(s.Data, st), StoreThreads(st)
	}
	return cfg, nil
}

// NewExtractor is the extractor with the embedded rules, and the theme
// taxonomy in the file taxonomy when it is not "".
func NewExtractor(taxonomy string) (Extractor, error) {
	opts := extract.Options{}
	if taxonomy != "" {
		var err error
		if opts.Taxonomy, err = extract.LoadTaxonomy(taxonomy); err != nil {
			return nil, err
		}
	}
	x, err := extract.New(opts)
	if err != nil {
		return nil, err
	}
	return extractor{x}, nil
}

// extractor notes the entities of a document as it extracts its items.
type extractor struct{ x *extract.Extractor }

func (e extractor) Extract(d *corpus.Document) []corpus.Item {
	d.Entities = e.x.Entities(d)
	return e.x.Extract(d)
}

func (e extractor) Version() string { return e.x.Version() }

// IndexIn is the bleve index in the data directory dir, following st.
func IndexIn(dir string, st *corpus.Store) Indexer { return storeIndex{dir, st} }

type storeIndex struct {
	dir string
	st  *corpus.Store
}

func (s storeIndex) Index(ctx context.Context) (int, error) {
	ix, err := index.Open(s.dir)
	if errors.Is(err, index.ErrFormat) {
		// made by another version: rebuilt from the store, every document counted
		n, err := index.Rebuild(ctx, s.dir, s.st, nil)
		return n, held(err)
	}
	if err != nil {
		return 0, held(err)
	}
	defer ix.Close()
	return ix.Sync(ctx, s.st, nil)
}

// held is ErrIndexHeld for an index another process holds.
func held(err error) error {
	if errors.Is(err, index.ErrLocked) {
		return fmt.Errorf("%w: %v", ErrIndexHeld, err)
	}
	return err
}

// StoreThreads traces the whole of st and keeps the threads in it, for the
// server and the digest to read.
func StoreThreads(st *corpus.Store) Tracer { return storedThreads{st} }

type storedThreads struct{ st *corpus.Store }

func (s storedThreads) Trace(ctx context.Context) (int, error) {
	if ok, err := trace.ThreadsStored(ctx, s.st); err == nil && ok {
		return 0, nil
	}
	_, u, err := trace.UpdateThreads(ctx, s.st, false)
	return len(u.Traced), err
}

func (s storedThreads) SubjectThreads(ctx context.Context, subjects ...string) ([]trace.Thread, error) {
	return trace.SubjectThreads(ctx, s.st, subjects...)
}
