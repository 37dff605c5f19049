package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"regexp"
	"runtime"
	"runtime/debug"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/scrutineer/scrutineer/corpus"
	"github.com/scrutineer/scrutineer/index"
	"github.com/scrutineer/scrutineer/trace"
)

// Server answers HTTP requests over a store and its index.
type Server struct {
	Store *corpus.Store
	Index *index.Index
	Log   *slog.Logger
	// Sync runs a sync of the configured sources (POST /api/sync). The
	// server is read-only unless both Sync and Token are set; the endpoint
	// then needs "Authorization: Bearer TOKEN".
	Sync  func(ctx context.Context) (any, error)
	Token string

	indexMu sync.Mutex
	slots   chan struct{} // ordinary requests being served
	costly  chan struct{} // costly searches and exports: their own, smaller lane
	tracing chan struct{} // trace pages: one more
	syncs   syncState
	traces  traceCache
	finders finderCache
	// notIndexed is how many stored documents the index lacks, as the
	// last index sync left it
	notIndexed atomic.Int64
}

// Handler returns the routes.
func (s *Server) Handler() http.Handler {
	if s.Log == nil {
		s.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	s.slots = make(chan struct{}, 2*runtime.GOMAXPROCS(0))
	s.costly = make(chan struct{}, max(1, runtime.GOMAXPROCS(0)/2))
	s.tracing = make(chan struct{}, max(1, runtime.GOMAXPROCS(0)/2))
	mux := http.NewServeMux()
	queued := func(pattern string, h http.HandlerFunc) { mux.Handle(pattern, s.admit(h)) }
	queued("GET /api/search", s.apiSearch)
	queued("GET /export", s.export)
	queued("GET /api/documents/{id}", s.apiDocument)
	queued("GET /api/documents/{id}/items", s.apiItems)
	queued("GET /api/items/{id}/earlier", s.apiEarlier)
	queued("GET /api/threads", s.apiThreads)
	queued("GET /api/matrix", s.apiMatrix)
	queued("POST /api/sync", s.apiStartSync)
	queued("GET /api/sync", s.apiSyncStatus)
	queued("GET /api/unreadable", s.apiUnreadable)
	queued("GET /{$}", s.pageSearch)
	queued("GET /documents/{id}", s.pageDocument)
	queued("GET /trace", s.pageTrace)
	queued("GET /trace.csv", s.traceCSV)
	// a download waits on the client, not the CPU: it is not queued
	mux.HandleFunc("GET /documents/{id}/original", s.original)
	return limits(mux)
}

// apiUnreadable lists the files syncs could not read.
func (s *Server) apiUnreadable(w http.ResponseWriter, r *http.Request) {
	un, err := s.Store.Unreadable(r.Context())
	if err != nil {
		s.Log.Error("unreadable", "err", err)
		writeError(w, http.StatusInternalServerError, "read failed")
		return
	}
	if un == nil {
		un = []corpus.UnreadableFile{}
	}
	writeJSON(w, un)
}

// export streams the whole result set of a search as CSV or JSON Lines
// (format=csv|jsonl), with a link to each hit's place in its document.
func (s *Server) export(w http.ResponseWriter, r *http.Request) {
	req := searchRequest(r)
	format := r.URL.Query().Get("format")
	if format != "csv" && format != "jsonl" {
		writeError(w, http.StatusBadRequest, "format must be csv or jsonl")
		return
	}
	base := "http://" + r.Host
	link := func(h index.Hit) string {
		u := base + "/documents/" + h.DocID
		if h.ItemID != nil {
			u += "#" + *h.ItemID
		}
		return u
	}
	ct := map[string]string{"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8"}[format]
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Disposition", `attachment; filename="scrutineer-export.`+format+`"`)
	// the first hit decides whether the query is good: a bad one is a 400,
	// not a broken download
	bw := &firstWrite{w: w}
	if err := s.Index.ExportTo(r.Context(), req, format, bw, link); err != nil {
		if !bw.started && errors.Is(err, index.ErrQuery) {
			w.Header().Set("Content-Disposition", "")
			writeError(w, http.StatusBadRequest, err.Error())
			return
		}
		s.Log.Error("export", "err", err)
	}
}

// firstWrite says whether anything was written through it.
type firstWrite struct {
	w       io.Writer
	started bool
}

func (f *firstWrite) Write(p []byte) (int, error) {
	f.started = true
	return f.w.Write(p)
}

// admit runs at most a few requests at once, the others waiting their turn
// in order: on a busy server each request then takes its own time plus its
// wait, rather than every request taking as long as all of them together.
// Costly requests (tracing, exports, regular expressions, fuzzy and inner
// wildcard terms) wait in a lane of their own with fewer places, so that
// however many of them come, ordinary searches never queue behind them;
// and every request is under a time limit.
func (s *Server) admit(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lane, limit := s.slots, requestTimeout
		switch {
		case tracingRequest(r):
			lane = s.tracing
		case costlyRequest(r):
			lane = s.costly
		}
		if r.URL.Path == "/export" {
			limit = exportTimeout // it streams the whole result set
		}
		ctx, cancel := context.WithTimeout(r.Context(), limit)
		defer cancel()
		select {
		case lane <- struct{}{}:
		case <-ctx.Done():
			writeError(w, http.StatusServiceUnavailable, "the server is busy: try again in a moment")
			return
		}
		defer func() { <-lane }()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// Time limits of a request, from its arrival (the wait for a place
// included).
const (
	requestTimeout = 30 * time.Second
	exportTimeout  = 10 * time.Minute
)

// costlyTerm matches the terms whose cost grows with the index's
// vocabulary: regular expressions, fuzzy terms and wildcards other than a
// trailing one.
var costlyTerm = regexp.MustCompile(`/[^/]+/|~|\*\S|\?|(^|[\s(:])\S{0,2}\*`)

// costlyRequest says whether a request belongs to the costly lane:
// exports, and searches with costly terms.
func costlyRequest(r *http.Request) bool {
	return r.URL.Path == "/export" || costlyTerm.MatchString(r.URL.Query().Get("q"))
}

// tracingRequest says whether a request traces (it is computed once per
// selection and store, then kept).
func tracingRequest(r *http.Request) bool {
	switch r.URL.Path {
	case "/trace", "/trace.csv", "/api/threads", "/api/matrix":
		return true
	}
	return false
}

// limits bounds what a request may cost: no body beyond 1 MB, a query
// string of at most 4 KB.
func limits(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if len(r.URL.RawQuery) > 4096 {
			writeError(w, http.StatusRequestURITooLong, "query string too long")
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
		w.Header().Set("X-Content-Type-Options", "nosniff")
		next.ServeHTTP(w, r)
	})
}

// KeepIndexed indexes what the store holds and the index does not, every
// interval, until ctx ends: the server owns the index while it runs.
func (s *Server) KeepIndexed(ctx context.Context, every time.Duration) {
	for {
		if n, err := s.IndexStored(ctx); err != nil && ctx.Err() == nil {
			s.Log.Warn("index sync", "err", err)
		} else if n > 0 {
			s.Log.Info("indexed new documents", "n", n)
		}
		if n, err := s.Store.CountUnindexed(ctx, s.Index.Replica()); err == nil {
			s.notIndexed.Store(int64(n))
		}
		// read the facet codes of new and merged segments before a search must
		if err := s.Index.Warm(); err != nil && ctx.Err() == nil {
			s.Log.Warn("index warm", "err", err)
		}
		s.WarmTrace(ctx)
		select {
		case <-ctx.Done():
			return
		case <-time.After(every):
		}
	}
}

// IndexStored indexes what the store holds and the index does not; one
// caller at a time (the timer and a sync may both ask).
func (s *Server) IndexStored(ctx context.Context) (int, error) {
	s.indexMu.Lock()
	defer s.indexMu.Unlock()
	return s.Index.Sync(ctx, s.Store, nil)
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v)
}

func writeError(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": msg})
}

// searchRequest reads the search parameters of a URL.
func searchRequest(r *http.Request) index.Request {
	q := r.URL.Query()
	req := index.Request{
		Query: q.Get("q"), Kind: q["kind"], Polarity: q["polarity"], DocType: q["type"], Publisher: q["publisher"],
		Subject: q["subject"], Theme: q["theme"], Year: q["year"], Addressee: q["addressee"], Language: q["language"], From: q.Get("from"), To: q.Get("to"),
		Sort: q.Get("sort"), Group: q.Get("group") == "1" || q.Get("group") == "true", AllowEmpty: true,
	}
	req.Limit, _ = strconv.Atoi(q.Get("limit"))
	req.Offset, _ = strconv.Atoi(q.Get("offset"))
	return req
}

func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) {
	res, err := s.Index.Search(r.Context(), searchRequest(r))
	if err == nil {
		res.NotIndexed = int(s.notIndexed.Load())
	}
	if errors.Is(err, index.ErrQuery) {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	if err != nil {
		s.Log.Error("search", "err", err)
		writeError(w, http.StatusInternalServerError, "search failed")
		return
	}
	writeJSON(w, res)
}

// documentJSON is the extract --json shape plus the text and sources.
type documentJSON struct {
	corpus.ExtractJSON
	Text    string                `json:"text"`
	Sources []corpus.SourceRecord `json:"sources"`
	// ReplacedBy is the version that replaced this one, if one did.
	ReplacedBy string `json:"replaced_by,omitempty"`
}

func (s *Server) apiDocument(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	d, err := s.Store.Document(r.Context(), id)
	if errors.Is(err, corpus.ErrNotFound) {
		writeError(w, http.StatusNotFound, "no such document")
		return
	}
	if err != nil {
		writeError(w, http.StatusInternalServerError, "read failed")
		return
	}
	items, err := s.Store.Items(r.Context(), id)
	if err != nil {
		writeError(w, http.StatusInternalServerError, "read failed")
		return
	}
	sources, _ := s.Store.Sources(r.Context(), id)
	by, _ := s.Store.Replacement(r.Context(), id)
	writeJSON(w, documentJSON{ExtractJSON: corpus.NewExtractJSON(d, items), Text: d.Text, Sources: sources, ReplacedBy: by})
}

func (s *Server) apiItems(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if _, err := s.Store.Document(r.Context(), id); err != nil {
		writeError(w, http.StatusNotFound, "no such document")
		return
	}
	items, err := s.Store.Items(r.Context(), id)
	if err != nil {
		writeError(w, http.StatusInternalServerError, "read failed")
		return
	}
	out := make([]corpus.ItemJSON, 0, len(items))
	for i := range items {
		out = append(out, items[i].JSON())
	}
	writeJSON(w, map[string]any{"items": out})
}

// traceResult runs trace over the store with the request's filters.
func (s *Server) traceResult(r *http.Request) (trace.Result, error) {
	q := r.URL.Query()
	theme := q.Get("theme")
	sel := trace.Selection{Subject: q.Get("subject"), Publisher: q.Get("publisher"), DocType: q.Get("type"), From: q.Get("from"), To: q.Get("to"),
		Concerns: q.Get("concerns") != "", Strengths: q.Get("strengths") != ""}
	minDocs, err := strconv.Atoi(q.Get("min_docs"))
	if err != nil || minDocs < 1 || minDocs > 100 {
		minDocs = 2
	}
	res, err := s.traceFor(r.Context(), sel, minDocs)
	if err != nil {
		return trace.Result{}, err
	}
	if theme != "" {
		res.Threads = trace.WithTheme(res.Threads, theme)
	}
	if res.Threads == nil {
		res.Threads = []trace.Thread{}
	}
	return res, nil
}

// WarmTrace traces the whole corpus before the first visitor to /trace
// must (after each index sync, when the store may have changed).
func (s *Server) WarmTrace(ctx context.Context) {
	if _, err := s.traceFor(ctx, trace.Selection{}, 2); err != nil && ctx.Err() == nil {
		s.Log.Warn("trace warm", "err", err)
	}
}

// wholeStore is the key of the default trace: every subject, threads of
// two documents or more.
var wholeStore = fmt.Sprintf("%+v|%d", trace.Selection{}, 2)

// traceFor is the trace of a selection, kept until the store changes.
func (s *Server) traceFor(ctx context.Context, sel trace.Selection, minDocs int) (trace.Result, error) {
	gen, err := s.Store.Generation(ctx)
	if err != nil {
		return trace.Result{}, err
	}
	key := fmt.Sprintf("%+v|%d", sel, minDocs)
	return s.traces.get(ctx, gen, key, func() (trace.Result, error) {
		// the threads the last ingest, sync or rederive stored: the whole
		// store's, or those of the subjects a selection by subject names
		if key == wholeStore {
			if res, ok, err := trace.StoredThreads(ctx, s.Store); err == nil && ok {
				return res, nil
			}
		} else if minDocs == 2 {
			if res, ok, err := trace.StoredSubject(ctx, s.Store, sel); err == nil && ok {
				return res, nil
			}
		}
		in, docs, err := trace.Load(ctx, s.Store, sel)
		if err != nil {
			return trace.Result{}, err
		}
		return trace.Trace(in, docs, trace.Options{}, minDocs), nil
	})
}

func (s *Server) apiThreads(w http.ResponseWriter, r *http.Request) {
	res, err := s.traceResult(r)
	if err != nil {
		writeError(w, http.StatusInternalServerError, "trace failed")
		return
	}
	writeJSON(w, map[string]any{"threads": res.Threads, "mentions": res.Mentions})
}

func (s *Server) apiMatrix(w http.ResponseWriter, r *http.Request) {
	res, err := s.traceResult(r)
	if err != nil {
		writeError(w, http.StatusInternalServerError, "trace failed")
		return
	}
	writeJSON(w, map[string]any{"matrix": res.Matrix})
}

// HTTPServer is the server `serve` runs (and `bench serve` measures), with
// its limits. Searches allocate fast and keep little, so it also makes the
// collector run less often; the memory limit set in main still bounds the
// heap, and GOGC overrides it.
func HTTPServer(s *Server) *http.Server {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	return &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 60 * time.Second, MaxHeaderBytes: 16 << 10}
}
