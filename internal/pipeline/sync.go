package pipeline

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/scrutineer/scrutineer/corpus"
	"github.com/scrutineer/scrutineer/harvest"
)

// SyncConfig is what a sync run needs: the ingest configuration and the
// sources to visit.
type SyncConfig struct {
	Config
	Sources     []harvest.Source
	SourcesFile string        // recorded with the run
	Backoff     time.Duration // the wait before a first retry; 0 keeps the fetcher's
}

// SourceSummary is what one source gave in a run.
type SourceSummary struct {
	Name      string    `json:"name"`
	Kind      string    `json:"kind"`
	Listed    int       `json:"listed"`
	New       int       `json:"new"`
	Updated   int       `json:"updated"`
	Unchanged int       `json:"unchanged"`
	Failed    int       `json:"failed"`
	Skipped   int       `json:"skipped"`
	Deferred  int       `json:"deferred"`         // past the source's max_documents: fetched by a later run
	Queued    int       `json:"queued,omitempty"` // left to workers (--queue)
	Error     string    `json:"error"`            // why the source as a whole failed, or ""
	Failures  []Failure `json:"failures,omitempty"`
}

// SyncSummary is the result of a sync run, the shape of `sync --json`.
type SyncSummary struct {
	RunID     int64 `json:"run_id"`
	New       int   `json:"new"`
	Updated   int   `json:"updated"`
	Unchanged int   `json:"unchanged"`
	Failed    int   `json:"failed"`
	Items     int   `json:"items"`
	Rederived int   `json:"rederived"`        // documents met again whose items older rules had made
	Queued    int   `json:"queued,omitempty"` // documents left to workers (--queue), counted above once done
	Finish
	Seconds float64         `json:"seconds"`
	Sources []SourceSummary `json:"sources"`
	NewDocs []string        `json:"new_documents"`
}

// Sync visits every source in turn and ingests what is new or changed
// since the last run. A source that fails is recorded and the others go on.
func Sync(ctx context.Context, cfg SyncConfig) (SyncSummary, error) {
	start := time.Now()
	cfg.Log = cfg.logger()
	sum := SyncSummary{Sources: []SourceSummary{}, NewDocs: []string{}}
	runID, err := cfg.Store.BeginRun(ctx, "sync", cfg.SourcesFile)
	if err != nil {
		return sum, err
	}
	sum.RunID = runID
	var touched []string // documents met again, for rederive
	for _, src := range cfg.Sources {
		if ctx.Err() != nil {
			break
		}
		ss := syncSource(ctx, cfg, runID, src)
		if ss.Error != "" {
			_ = cfg.Store.RecordFailure(ctx, runID, "source "+src.Name, ss.Error)
		}
		sum.Sources = append(sum.Sources, ss.SourceSummary)
		sum.New += ss.New
		sum.Updated += ss.Updated
		sum.Unchanged += ss.Unchanged
		sum.Failed += ss.Failed
		sum.Items += ss.items
		sum.Queued += ss.Queued
		sum.NewDocs = append(sum.NewDocs, ss.newDocs...)
		touched = append(touched, ss.touched...)
	}
	if n, err := rederiveTouched(ctx, cfg.Config, touched); err != nil {
		_ = cfg.Store.RecordFailure(ctx, runID, "(rederive)", err.Error())
		sum.Failed++
	} else {
		sum.Rederived = n
	}
	if cfg.Queue != nil && ctx.Err() == nil {
		if err := waitForSync(ctx, cfg, &sum, start); err != nil {
			return sum, err
		}
	}
	sum.Seconds = time.Since(start).Seconds()
	status := "ok"
	switch {
	case ctx.Err() != nil:
		status = "interrupted"
	case sum.Failed > 0 || sum.FailedSources() > 0:
		status = "partial"
		if sum.FailedSources() == len(sum.Sources) {
			status = "failed"
		}
	}
	counts := map[string]int{"new": sum.New, "updated": sum.Updated, "unchanged": sum.Unchanged,
		"failed": sum.Failed, "items": sum.Items, "sources": len(sum.Sources), "failed_sources": sum.FailedSources()}
	if err := cfg.Store.FinishRun(context.WithoutCancel(ctx), runID, status, counts); err != nil {
		return sum, err
	}
	if ctx.Err() != nil {
		return sum, ctx.Err()
	}
	sum.Finish = finish(ctx, cfg.Config)
	return sum, nil
}

// FailedSources is how many sources failed as a whole.
func (sum SyncSummary) FailedSources() int {
	n := 0
	for _, s := range sum.Sources {
		if s.Error != "" {
			n++
		}
	}
	return n
}

// sourceRun is one source's part of a run.
type sourceRun struct {
	SourceSummary
	items   int
	newDocs []string
	touched []string
}

func syncSource(ctx context.Context, cfg SyncConfig, runID int64, src harvest.Source) sourceRun {
	out := sourceRun{SourceSummary: SourceSummary{Name: src.Name, Kind: src.Kind}}
	states, err := cfg.Store.FetchStates(ctx, src.Name)
	if err != nil {
		out.Error = err.Error()
		return out
	}
	sum := Summary{RunID: runID}
	var saved []corpus.FetchState
	handle := func(r result) {
		outcome := store(ctx, cfg.Config, &sum, r, cfg.Log)
		unreadable := r.unreadable
		if outcome == "failed" || outcome == "skipped" {
			if r.id == "" || r.err == nil {
				return // nothing was read (a network or file error): try again next run
			}
			// its bytes were read and cannot be: not again until they change
			unreadable = r.err.Error()
		}
		st := corpus.FetchState{Key: r.path, Stamp: r.stamp, DocID: r.id, ETag: r.valid.ETag, LastModified: r.valid.LastModified,
			Unreadable: unreadable}
		if prev := states[r.path]; prev == st {
			return // nothing to record
		}
		saved = append(saved, st)
		if len(saved) >= 200 {
			if err := cfg.Store.SaveFetchStates(ctx, src.Name, saved); err != nil {
				out.Error = err.Error()
			}
			saved = saved[:0]
		}
	}
	if src.Kind == harvest.KindDir {
		err = syncDir(ctx, cfg, src, states, handle, &out)
	} else {
		var listing *corpus.FetchState
		listing, err = syncWeb(ctx, cfg, src, states, handle, &out)
		// Only a listing whose every link was taken is remembered as seen:
		// otherwise the next run must list it again to retry the rest.
		if listing != nil && sum.Failed == 0 {
			saved = append(saved, *listing)
		}
	}
	if err != nil {
		out.Error = err.Error()
	}
	if err := cfg.Store.SaveFetchStates(context.WithoutCancel(ctx), src.Name, saved); err != nil && out.Error == "" {
		out.Error = err.Error()
	}
	out.New, out.Updated, out.Unchanged, out.Failed, out.Skipped = sum.New, sum.Updated, sum.Unchanged, sum.Failed, sum.Skipped
	out.Queued = sum.Queued
	out.Failures = append(sum.Failures, sum.Skips...)
	out.items, out.newDocs, out.touched = sum.Items, sum.NewDocs, sum.touched
	return out
}

// syncDir reads the files of a folder that are new or whose size or time
// changed since the last run; the others are not opened.
func syncDir(ctx context.Context, cfg SyncConfig, src harvest.Source, states map[string]corpus.FetchState,
	handle func(result), out *sourceRun) error {
	files, failures := walk([]string{src.Path})
	if len(failures) > 0 && len(files) == 0 {
		return errors.New(failures[0].Reason + ": " + failures[0].Path)
	}
	out.Listed = len(files)
	meta := src.Meta()
	var todo []string
	stamps := make(map[string]string, len(files))
	for _, f := range files {
		fi, err := os.Stat(f)
		if err != nil {
			handle(result{path: f, err: fmt.Errorf("cannot read: %w", unwrapPathError(err))})
			continue
		}
		stamps[f] = fmt.Sprintf("%d:%d", fi.Size(), fi.ModTime().UnixNano())
		if st, ok := states[f]; ok && st.DocID != "" && st.Stamp == stamps[f] {
			handle(result{path: f, id: st.DocID, stamp: st.Stamp, quick: true, unreadable: st.Unreadable})
			continue
		}
		todo = append(todo, f)
	}
	run(ctx, workerCount(cfg.Workers), todo, func(f string) result {
		r := readOne(ctx, cfg.Config, f, meta)
		r.stamp = stamps[f]
		return r
	}, handle)
	return ctx.Err()
}

// syncWeb lists a web source and fetches the links that are new or may
// have changed, conditionally.
// It returns the listing's own state, to be kept if every link was taken.
func syncWeb(ctx context.Context, cfg SyncConfig, src harvest.Source, states map[string]corpus.FetchState,
	handle func(result), out *sourceRun) (*corpus.FetchState, error) {
	f := harvest.NewFetcher(src)
	if cfg.Backoff > 0 {
		f.Backoff = cfg.Backoff
	}
	listingKey := "listing:" + src.URL
	prev := states[listingKey]
	listing, err := f.Discover(ctx, harvest.Validators{ETag: prev.ETag, LastModified: prev.LastModified})
	if err != nil {
		return nil, err
	}
	if listing.NotModified {
		for k, st := range states { // nothing listed has changed
			if k != listingKey && st.DocID != "" {
				handle(result{path: k, id: st.DocID, stamp: st.Stamp, valid: harvest.Validators{ETag: st.ETag, LastModified: st.LastModified}, quick: true,
					unreadable: st.Unreadable})
			}
		}
		return nil, nil
	}
	out.Listed = len(listing.Links)
	var todo []harvest.Link
	for _, l := range listing.Links {
		if st, ok := states[l.URL]; ok && !src.Recheck && l.Stamp != "" && st.Stamp == l.Stamp && st.DocID != "" {
			handle(result{path: l.URL, id: st.DocID, stamp: st.Stamp, valid: harvest.Validators{ETag: st.ETag, LastModified: st.LastModified}, quick: true,
				unreadable: st.Unreadable})
			continue
		}
		todo = append(todo, l)
	}
	if len(todo) > src.MaxDocuments {
		out.Deferred = len(todo) - src.MaxDocuments
		todo = todo[:src.MaxDocuments]
	}
	base := src.Meta()
	run(ctx, src.Concurrency, todo, func(l harvest.Link) result {
		st := states[l.URL]
		r := fetchOne(ctx, cfg.Config, f, l, st, base)
		r.stamp = l.Stamp
		return r
	}, handle)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if listing.Dropped > 0 {
		cfg.Log.Warn("listing cut short", "source", src.Name, "links", harvest.MaxLinks, "dropped", listing.Dropped)
	}
	if listing.Validators == (harvest.Validators{}) || out.Deferred > 0 {
		return nil, nil
	}
	return &corpus.FetchState{Key: listingKey, ETag: listing.Validators.ETag, LastModified: listing.Validators.LastModified}, nil
}

// fetchOne fetches one link (conditionally when it was seen before) and
// reads it.
func fetchOne(ctx context.Context, cfg Config, f *harvest.Fetcher, l harvest.Link, st corpus.FetchState, base map[string]string) result {
	var v harvest.Validators
	if st.DocID != "" {
		v = harvest.Validators{ETag: st.ETag, LastModified: st.LastModified}
	}
	resp, err := f.Get(ctx, l.URL, v)
	if err != nil {
		return result{path: l.URL, err: err}
	}
	if resp.NotModified {
		return result{path: l.URL, id: st.DocID, valid: resp.Validators, quick: true, unreadable: st.Unreadable}
	}
	meta := map[string]string{corpus.FieldURL: l.URL}
	for k, val := range base {
		meta[k] = val
	}
	if l.Title != "" && !strings.EqualFold(l.Title, "download") {
		meta[corpus.FieldTitle] = l.Title
	}
	if l.Date != "" {
		meta[corpus.FieldDate] = l.Date
	}
	r := parse(ctx, cfg, l.URL, resp.Body, meta)
	r.valid = resp.Validators
	return r
}

// waitForSync waits for the workers to read what the run queued and adds
// their outcomes to its summary: the digest that follows a sync must see
// every document it brought.
func waitForSync(ctx context.Context, cfg SyncConfig, sum *SyncSummary, start time.Time) error {
	st, ok := cfg.Store.(JobStore)
	if !ok {
		return errors.New("this store cannot take queued runs")
	}
	counts := map[string]int{"new": sum.New, "updated": sum.Updated, "unchanged": sum.Unchanged, "failed": sum.Failed,
		"items": sum.Items, "queued": sum.Queued}
	if err := st.SetRunCounts(ctx, sum.RunID, counts); err != nil {
		return err
	}
	if err := waitForRun(ctx, cfg.Config, st, sum.RunID, sum.Queued, 0, start); err != nil {
		return err
	}
	jobs, err := st.RunJobs(ctx, sum.RunID)
	if err != nil {
		return err
	}
	addOutcomes(jobs, &sum.New, &sum.Updated, &sum.Unchanged, &sum.Failed, &sum.Items)
	docs, err := newDocs(ctx, st, sum.RunID)
	sum.NewDocs = append(sum.NewDocs, docs...)
	return err
}
