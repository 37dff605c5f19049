package main

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/scrutineer/scrutineer/corpus"
	"github.com/scrutineer/scrutineer/ingest"
	"github.com/scrutineer/scrutineer/internal/pipeline"
	"github.com/scrutineer/scrutineer/internal/queue"
)

func runIngest(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "ingest", "[--data DIR] [--manifest FILE] [--json] PATH...")
	data := fs.String("data", "", "data directory (default $SCRUTINEER_DATA or ./scrutineer-data)")
	manifest := fs.String("manifest", "", "CSV or JSON manifest whose metadata overrides the text")
	asJSON := fs.Bool("json", false, "print the summary as JSON")
	workers := fs.Int("workers", 0, "files read at once (default: one per CPU)")
	maxSize := fs.Int64("max-size", ingest.DefaultMaxSize>>20, "largest file read, in MB")
	read := addReadFlags(fs)
	queueURL := fs.String("queue", "", "queue a job per file on this NATS JetStream server (nats://…) for workers (scrutineer worker) to read, rather than reading here")
	wait := fs.Bool("wait", true, "with --queue: wait for the workers to finish the run, then index and trace")
	paths, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return usageError("ingest needs at least one PATH")
	}
	setup, err := read.setup(e, dataDir(*data))
	if err != nil {
		return err
	}
	setup.Workers, setup.MaxSize = *workers, *maxSize<<20
	if *manifest != "" {
		if setup.Manifest, err = ingest.LoadManifest(*manifest); err != nil {
			return usageError("%v", err)
		}
	}
	st, err := openStore(e, setup.Data)
	if err != nil {
		return err
	}
	defer st.Close()
	cfg, err := pipeline.Build(st, setup)
	if err != nil {
		return usageError("%v", err)
	}
	bar := newProgress(e)
	cfg.Progress, cfg.OCRProgress = bar.update, bar.ocr
	var sum pipeline.Summary
	if *queueURL != "" {
		sum, err = enqueue(ctx, cfg, st, *queueURL, paths, *wait)
	} else {
		sum, err = pipeline.Ingest(ctx, cfg, paths)
	}
	bar.finish()
	if err != nil {
		return err
	}
	if *asJSON {
		if err := writeJSON(e, sum); err != nil {
			return err
		}
	} else {
		printSummary(e, sum)
	}
	if err := finishOutcome(e, sum.Finish); err != nil {
		return err
	}
	if sum.Failed > 0 {
		return fmt.Errorf("%w: %d of %d files failed", errPartial, sum.Failed, max(sum.Read, sum.Failed)) // a path that is not there is read by no one
	}
	return nil
}

// enqueue queues the run's files for workers.
func enqueue(ctx context.Context, cfg pipeline.Config, st *corpus.Store, url string, paths []string, wait bool) (pipeline.Summary, error) {
	q, err := pipeline.OpenQueue(ctx, url, st, queue.Options{})
	if err != nil {
		return pipeline.Summary{}, err
	}
	defer q.Close()
	return pipeline.Enqueue(ctx, cfg, q, paths, pipeline.EnqueueOptions{Wait: wait})
}

// finishOutcome reports what the end of the chain could not do: an index
// held by the server is told, not an error (the server indexes what was
// stored within seconds); an index not updated makes the run partial;
// threads not stored are told (the server traces on request).
func finishOutcome(e *env, f pipeline.Finish) error {
	if f.TraceError != "" {
		fmt.Fprintf(e.stderr, "scrutineer: threads not stored (the server traces on request): %s\n", f.TraceError)
	}
	switch {
	case f.IndexHeld:
		fmt.Fprintln(e.stderr, "scrutineer: documents stored; the index is held by another process (the server), which indexes them")
	case f.IndexError != "":
		return fmt.Errorf("%w: documents stored, index not updated: %s", errPartial, f.IndexError)
	}
	return nil
}

func printSummary(e *env, s pipeline.Summary) {
	fmt.Fprintf(e.stdout, "read %d  new %d  updated %d  unchanged %d  failed %d  skipped %d  (%d pages, %d items, %d indexed, %.1fs, run %d)\n",
		s.Read, s.New, s.Updated, s.Unchanged, s.Failed, s.Skipped, s.Pages, s.Items, s.Indexed, s.Seconds, s.RunID)
	if s.Queued > 0 {
		fmt.Fprintf(e.stdout, "%d files queued for workers (counted above once they are done; scrutineer runs shows how far they are)\n", s.Queued)
	}
	if s.Rederived > 0 {
		fmt.Fprintf(e.stdout, "re-extracted %d documents met again whose items older rules had made\n", s.Rederived)
	}
	for _, f := range s.Failures {
		fmt.Fprintf(e.stdout, "  failed   %s: %s\n", f.Path, f.Reason)
	}
	for _, f := range s.Skips {
		fmt.Fprintf(e.stdout, "  skipped  %s: %s\n", f.Path, f.Reason)
	}
}

// progress draws a bar on a terminal and plain lines every few seconds
// otherwise, on stderr.
type progress struct {
	mu   sync.Mutex
	e    *env
	last time.Time
	drew bool
	pr   pipeline.Progress // the last file's
}

func newProgress(e *env) *progress { return &progress{e: e, last: time.Now()} }

func (p *progress) update(pr pipeline.Progress) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.pr = pr
	if p.e.isTerminal {
		const width = 30
		filled := width * pr.Done / max(pr.Total, 1)
		name := []rune(pr.Path)
		if len(name) > 40 {
			name = append([]rune("…"), name[len(name)-39:]...)
		}
		fmt.Fprintf(p.e.stderr, "\r[%s%s] %d/%d %-40s", strings.Repeat("█", filled), strings.Repeat("·", width-filled), pr.Done, pr.Total, string(name))
		p.drew = true
		return
	}
	if time.Since(p.last) >= 5*time.Second || pr.Done == pr.Total {
		p.last = time.Now()
		fmt.Fprintf(p.e.stderr, "ingest: %d/%d files, %.0fs\n", pr.Done, pr.Total, pr.Elapsed.Seconds())
	}
}

// ocr reports the pages of one file read by OCR so far: a scan of many
// pages takes minutes, and the bar would not move meanwhile.
func (p *progress) ocr(path string, done, total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.e.isTerminal {
		name := []rune(path)
		if len(name) > 30 {
			name = append([]rune("…"), name[len(name)-29:]...)
		}
		fmt.Fprintf(p.e.stderr, "\r%d/%d files; OCR of %s: page %d of %d%-20s", p.pr.Done, p.pr.Total, string(name), done, total, "")
		p.drew = true
		return
	}
	if time.Since(p.last) >= 5*time.Second || done == total {
		p.last = time.Now()
		fmt.Fprintf(p.e.stderr, "ingest: OCR of %s: %d of %d pages\n", path, done, total)
	}
}

func (p *progress) finish() {
	if p.drew {
		fmt.Fprintf(p.e.stderr, "\r%s\r", strings.Repeat(" ", 90))
	}
}
