package pipeline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/scrutineer/scrutineer/corpus"
	"github.com/scrutineer/scrutineer/internal/queue"
)

// The chain beyond one machine: Enqueue is Ingest that leaves reading,
// extracting and storing to workers (scrutineer worker, on any number of
// machines) through a work queue; Work is a worker. The file's bytes go
// into the store (a PostgreSQL store keeps them in its database), so a
// worker needs only the queue and the store. Each job's outcome is
// recorded once, by run and path, and acknowledged only after, so a
// worker killed at any moment loses nothing: its job is delivered again
// and lands once.

// JobStore is what the distributed chain needs of the store beyond Store.
// *corpus.Store is one.
type JobStore interface {
	Store
	PutOriginal(ctx context.Context, id string, data []byte) error
	Original(ctx context.Context, id string) ([]byte, error)
	RecordJob(ctx context.Context, j corpus.Job) (bool, error)
	RunJobs(ctx context.Context, runID int64) (map[string]int, error)
	JobsWith(ctx context.Context, runID int64, outcome string) ([]corpus.Job, error)
	SetRunCounts(ctx context.Context, runID int64, counts map[string]int) error
	Run(ctx context.Context, id int64) (corpus.Run, error)
	Document(ctx context.Context, id string) (*corpus.Document, error)
	Items(ctx context.Context, docID string) ([]corpus.Item, error)
	Versions(ctx context.Context, path string) ([]string, error)
	SourceRun(ctx context.Context, path, id string) (int64, error)
}

// OpenQueue connects to the work queue at url for the jobs of st.
func OpenQueue(ctx context.Context, url string, st *corpus.Store, o queue.Options) (*queue.Queue, error) {
	id, err := st.ID(ctx)
	if err != nil {
		return nil, err
	}
	o.Store = id
	return queue.Open(ctx, url, o)
}

// EnqueueOptions say how a queued run is followed.
type EnqueueOptions struct {
	Wait bool          // wait for the workers to finish the run, then index and trace
	Poll time.Duration // how often the store is asked how far they are; default 1 s
}

// Enqueue walks paths as Ingest does and queues a job for each file the
// store does not hold; files it holds are recorded here. With o.Wait it
// waits for the workers, then brings the index and the threads up to date.
func Enqueue(ctx context.Context, cfg Config, q *queue.Queue, paths []string, o EnqueueOptions) (Summary, error) {
	start := time.Now()
	st, ok := cfg.Store.(JobStore)
	if !ok {
		return Summary{}, errors.New("this store cannot take queued runs")
	}
	files, sum, err := beginIngest(ctx, st, paths, "(queued)")
	if err != nil {
		return sum, err
	}
	runID := sum.RunID
	queued := 0
	for _, path := range files {
		if ctx.Err() != nil {
			break
		}
		var r result
		// the store's errors are waited out (a database restarting), the
		// file's are its outcome
		err := retry(ctx, cfg.logger(), path, func() (err error) {
			r, err = readForQueue(ctx, cfg, path)
			if err == nil && r.queued {
				err = st.PutOriginal(ctx, r.id, r.data)
			}
			return err
		})
		if err != nil {
			return sum, err
		}
		if !r.queued {
			if err := retry(ctx, cfg.logger(), path, func() error { return storeHere(ctx, cfg, &sum, r) }); err != nil {
				return sum, err
			}
			continue
		}
		if err := q.Publish(ctx, readJob(runID, r)); err != nil {
			return sum, err
		}
		queued++
	}
	if _, err := rederiveTouched(ctx, cfg, sum.touched); err != nil {
		sum.Failed++
		sum.Failures = append(sum.Failures, Failure{Path: "(rederive)", Reason: err.Error()})
	}
	sum.Queued = queued
	counts := runCounts(sum)
	counts["queued"] = queued
	if err := retry(ctx, cfg.logger(), "the run's counts", func() error {
		return st.SetRunCounts(context.WithoutCancel(ctx), runID, counts)
	}); err != nil {
		return sum, err
	}
	finishRun := func() error {
		return retry(ctx, cfg.logger(), "the run", func() error { _, err := finishQueuedRun(ctx, st, runID); return err })
	}
	if ctx.Err() == nil {
		if err := finishRun(); err != nil {
			return sum, err
		}
	}
	if !o.Wait || ctx.Err() != nil {
		sum.Seconds = time.Since(start).Seconds()
		return sum, ctx.Err()
	}
	if err := waitForRun(ctx, cfg, st, runID, queued, o.Poll, start); err != nil {
		return sum, err
	}
	if err := finishRun(); err != nil { // should the worker of the last job have failed to
		return sum, err
	}
	if err := retry(ctx, cfg.logger(), "the run's jobs", func() error { return addJobs(ctx, st, &sum) }); err != nil {
		return sum, err
	}
	sum.Seconds = time.Since(start).Seconds()
	sum.Finish = finish(ctx, cfg)
	return sum, nil
}

// queueRead keeps a result's bytes in the store and queues the job of
// reading them.
func queueRead(ctx context.Context, cfg Config, runID int64, r result) error {
	st, ok := cfg.Store.(JobStore)
	if !ok {
		return errors.New("this store cannot take queued runs")
	}
	if err := st.PutOriginal(ctx, r.id, r.data); err != nil {
		return err
	}
	return cfg.Queue.Publish(ctx, readJob(runID, r))
}

// readJob is the job of reading a queued result's bytes.
func readJob(runID int64, r result) queue.Job {
	return queue.Job{Kind: queue.Read, RunID: runID, Path: r.path, DocID: r.id, Meta: r.meta}
}

// readForQueue reads a file and says what to do with it: queue it for a
// worker (queued), or record it here: what is wrong with the file, or
// bytes the store already holds. An error is the store's.
func readForQueue(ctx context.Context, cfg Config, path string) (result, error) {
	r := result{path: path}
	data, err := readFile(cfg, path)
	if err != nil {
		r.err = err
		return r, nil
	}
	r.id = corpus.DocID(data)
	known, err := cfg.Store.Known(ctx, path, r.id)
	if err != nil {
		return r, err
	}
	if known != "" {
		r.known = known
		return r, nil
	}
	r.queued, r.data = true, data
	if cfg.Manifest != nil {
		r.meta = cfg.Manifest.Lookup(path)
	}
	return r, nil
}

// storeHere records a file the run does not queue: its failure, or its
// known bytes at its path. An error is the store's, and nothing was
// counted.
func storeHere(ctx context.Context, cfg Config, sum *Summary, r result) error {
	if r.known != "" {
		out, err := cfg.Store.AddSource(ctx, sum.RunID, r.path, r.id)
		if err != nil {
			return err
		}
		sum.Read++
		sum.touched = append(sum.touched, r.id)
		count(sum, out, r.id)
		return nil
	}
	store(ctx, cfg, sum, r, cfg.logger())
	return nil
}

// retry calls fn until it succeeds, for up to a minute: the store or the
// queue restarting is waited out.
func retry(ctx context.Context, log *slog.Logger, what string, fn func() error) error {
	var err error
	for try := 0; try < 60; try++ {
		if err = fn(); err == nil || ctx.Err() != nil {
			return err
		}
		log.Warn("waiting for the store", "for", what, "err", err)
		sleep(ctx, time.Second)
	}
	return err
}

// runCounts are a summary's counts as a run records them.
func runCounts(sum Summary) map[string]int {
	return map[string]int{"read": sum.Read, "new": sum.New, "updated": sum.Updated, "unchanged": sum.Unchanged,
		"failed": sum.Failed, "skipped": sum.Skipped, "items": sum.Items}
}

// waitForRun waits until the workers have done every job of the run,
// reporting progress.
func waitForRun(ctx context.Context, cfg Config, st JobStore, runID int64, queued int, poll time.Duration, start time.Time) error {
	if poll <= 0 {
		poll = time.Second
	}
	for {
		jobs, err := st.RunJobs(ctx, runID)
		if err == nil && cfg.Progress != nil {
			cfg.Progress(Progress{Done: jobs["done"], Total: queued, Outcome: "queued", Elapsed: time.Since(start)})
		}
		if err == nil && jobs["done"] >= queued {
			return nil
		}
		if err != nil {
			cfg.logger().Warn("waiting for the workers: the store did not answer", "err", err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(poll):
		}
	}
}

// addJobs adds the outcomes of a run's jobs to its summary.
func addJobs(ctx context.Context, st JobStore, sum *Summary) error {
	jobs, err := st.RunJobs(ctx, sum.RunID)
	if err != nil {
		return err
	}
	addJobCounts(jobs, sum)
	for outcome, list := range map[string]*[]Failure{"failed": &sum.Failures, "skipped": &sum.Skips} {
		js, err := st.JobsWith(ctx, sum.RunID, outcome)
		if err != nil {
			return err
		}
		for _, j := range js {
			*list = append(*list, Failure{Path: j.Path, Reason: j.Reason})
		}
	}
	docs, err := newDocs(ctx, st, sum.RunID)
	sum.NewDocs = append(sum.NewDocs, docs...)
	return err
}

// addJobCounts adds the counts of a run's jobs to a summary.
func addJobCounts(jobs map[string]int, sum *Summary) {
	sum.Read += jobs["done"]
	sum.Skipped += jobs["skipped"]
	sum.Pages += jobs["pages"]
	addOutcomes(jobs, &sum.New, &sum.Updated, &sum.Unchanged, &sum.Failed, &sum.Items)
}

// addOutcomes adds a run's job counts to a summary's counts.
func addOutcomes(jobs map[string]int, newDocs, updated, unchanged, failed, items *int) {
	*newDocs += jobs[string(corpus.New)]
	*updated += jobs[string(corpus.Updated)]
	*unchanged += jobs[string(corpus.Unchanged)] + jobs[string(corpus.Alias)]
	*failed += jobs["failed"]
	*items += jobs["items"]
}

// newDocs are the documents a run's jobs stored new or as a new version.
func newDocs(ctx context.Context, st JobStore, runID int64) ([]string, error) {
	var out []string
	for _, outcome := range []corpus.Outcome{corpus.New, corpus.Updated} {
		js, err := st.JobsWith(ctx, runID, string(outcome))
		if err != nil {
			return nil, err
		}
		for _, j := range js {
			out = append(out, j.DocID)
		}
	}
	return out, nil
}

// finishQueuedRun marks a queued run finished once all its jobs are done,
// with its counts and those of its jobs; it says whether the run is done.
// The publisher asks once it has queued everything, and each worker after
// each job: whichever sees the last job done finishes the run.
func finishQueuedRun(ctx context.Context, st JobStore, runID int64) (bool, error) {
	run, err := st.Run(ctx, runID)
	if err != nil {
		return false, err
	}
	queued, known := run.Counts["queued"]
	if run.Status != "running" || !known {
		return run.Status != "running", nil
	}
	jobs, err := st.RunJobs(ctx, runID)
	if err != nil || jobs["done"] < queued {
		return false, err
	}
	var sum Summary
	addJobCounts(jobs, &sum)
	counts := map[string]int{}
	for k, v := range run.Counts {
		counts[k] = v
	}
	for k, v := range runCounts(sum) {
		counts[k] += v
	}
	status := "ok"
	if counts["failed"] > 0 {
		status = "partial"
	}
	return true, st.FinishRun(ctx, runID, status, counts)
}

// WorkOptions say how a worker works.
type WorkOptions struct {
	Name string // the worker's name in the jobs it records; default host:pid
	// Drain stops the worker when the queue has no job left, rather than
	// waiting for more (for a batch, a benchmark or a test).
	Drain bool
	Log   *slog.Logger
}

// WorkSummary is what a worker did.
type WorkSummary struct {
	Jobs    int `json:"jobs"`
	Retried int `json:"retried"` // jobs put back (the store could not be reached)
	Failed  int `json:"failed"`
	// Busy is the time spent on jobs; Reading the part of it spent reading
	// and extracting files. The rest is the queue's and the store's.
	Busy    float64 `json:"busy_seconds"`
	Reading float64 `json:"reading_seconds"`
}

// Work takes jobs from q and does them until ctx ends (or, with Drain, the
// queue is empty).
func Work(ctx context.Context, cfg Config, q *queue.Queue, o WorkOptions) (WorkSummary, error) {
	st, ok := cfg.Store.(JobStore)
	if !ok {
		return WorkSummary{}, errors.New("this store cannot take queued runs")
	}
	if o.Name == "" {
		host, _ := os.Hostname()
		o.Name = fmt.Sprintf("%s:%d", host, os.Getpid())
	}
	log := o.Log
	if log == nil {
		log = cfg.logger()
	}
	var ws WorkSummary
	wait := 2 * time.Second
	if o.Drain {
		wait = 250 * time.Millisecond // the queue's end is asked after each empty wait
	}
	for ctx.Err() == nil {
		d, err := q.Next(ctx, wait)
		if errors.Is(err, queue.ErrNoJob) {
			if o.Drain {
				if n, err := q.Pending(ctx); err == nil && n == 0 {
					return ws, nil
				}
			}
			continue
		}
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			log.Warn("queue", "err", err) // the connection comes back by itself
			sleep(ctx, time.Second)
			continue
		}
		start := time.Now()
		outcome, reading := doJob(ctx, cfg, st, q, d, o.Name, log)
		ws.Busy += time.Since(start).Seconds()
		ws.Reading += reading.Seconds()
		switch outcome {
		case "retry":
			ws.Retried++
		case "failed":
			ws.Failed++
			ws.Jobs++
		default:
			ws.Jobs++
		}
	}
	return ws, nil
}

// doJob does one delivered job and acknowledges it once its outcome is
// stored; a job whose work could not be stored (the store did not answer)
// is put back. It returns the outcome, or "retry", and the time spent
// reading and extracting.
func doJob(ctx context.Context, cfg Config, st JobStore, q *queue.Queue, d queue.Delivery, name string, log *slog.Logger) (string, time.Duration) {
	stop := keepAlive(ctx, d, q.AckWait()/3)
	defer stop()
	var reading time.Duration
	job, err := work(ctx, cfg, st, d, &reading)
	if err != nil {
		if d.Last { // delivered for the last time: recorded as failed, not lost
			job = corpus.Job{RunID: d.RunID, Path: d.Path, DocID: d.DocID, Outcome: "failed",
				Reason: fmt.Sprintf("given up after %d attempts: %v", d.Attempt, err)}
		} else {
			log.Warn("job put back", "path", d.Path, "attempt", d.Attempt, "err", err)
			_ = d.Retry(5 * time.Second)
			return "retry", reading
		}
	}
	job.Worker = name
	if _, err := st.RecordJob(ctx, job); err != nil {
		log.Warn("job put back: its outcome was not stored", "path", d.Path, "err", err)
		_ = d.Retry(5 * time.Second)
		return "retry", reading
	}
	if err := d.Ack(ctx); err != nil {
		log.Warn("job stored but not acknowledged: it will come again and be counted once", "path", d.Path, "err", err)
	}
	// the run may be done: asked when the queue is empty, not after every
	// job (counting a run's jobs costs more the larger it is); a publisher
	// that waits finishes it in any case
	if n, err := q.Pending(ctx); err == nil && n == 0 {
		if _, err := finishQueuedRun(ctx, st, d.RunID); err != nil {
			log.Warn("finish run", "run", d.RunID, "err", err)
		}
	}
	return job.Outcome, reading
}

// work does a job's work. An error is one to try again (the store did not
// answer); what the file itself gets wrong is the job's outcome. The time
// spent reading and extracting is added to reading.
func work(ctx context.Context, cfg Config, st JobStore, d queue.Delivery, reading *time.Duration) (corpus.Job, error) {
	job := corpus.Job{RunID: d.RunID, Path: d.Path, DocID: d.DocID}
	if d.Kind == queue.Rederive {
		if err := rederiveOne(ctx, st, cfg.rules(), cfg.Extractor.Extract, d.DocID); err != nil {
			return job, err
		}
		job.Outcome = "rederived"
		return job, nil
	}
	data, err := st.Original(ctx, d.DocID)
	if errors.Is(err, corpus.ErrNotFound) {
		job.Outcome, job.Reason = "failed", "its bytes are not in the store"
		return job, nil
	}
	if err != nil {
		return job, err
	}
	known, err := st.Known(ctx, d.Path, d.DocID)
	if err != nil {
		return job, err
	}
	if known != "" {
		return again(ctx, cfg, st, d, d.DocID)
	}
	start := time.Now()
	r := readNew(ctx, cfg, d.Path, data, d.Meta)
	*reading += time.Since(start)
	switch {
	case r.skipped:
		job.Outcome, job.Reason = "skipped", r.err.Error()
	case r.err != nil:
		job.Outcome, job.Reason = "failed", r.err.Error()
	default:
		out, err := st.Put(ctx, d.RunID, d.Path, r.doc, r.items, nil) // its bytes are in the store already
		if err != nil {
			return job, err
		}
		job.Outcome, job.Items, job.Pages = string(out), len(r.items), r.doc.Pages
	}
	return job, nil
}

// again is the outcome of a job whose document the store has at its path:
// stored by this run (a worker that died after storing it, before it
// acknowledged), it is what that worker did; otherwise the file is known.
func again(ctx context.Context, cfg Config, st JobStore, d queue.Delivery, id string) (corpus.Job, error) {
	job := corpus.Job{RunID: d.RunID, Path: d.Path, DocID: id}
	run, err := st.SourceRun(ctx, d.Path, id)
	if err != nil {
		return job, err
	}
	if run == d.RunID {
		versions, err := st.Versions(ctx, d.Path)
		if err != nil {
			return job, err
		}
		items, err := st.Items(ctx, id)
		if err != nil {
			return job, err
		}
		doc, err := st.Document(ctx, id)
		if err != nil {
			return job, err
		}
		job.Outcome, job.Items, job.Pages = string(corpus.New), len(items), doc.Pages
		if len(versions) > 1 {
			job.Outcome = string(corpus.Updated)
		}
		return job, nil
	}
	out, err := st.AddSource(ctx, d.RunID, d.Path, id)
	if err != nil {
		return job, err
	}
	if _, err := rederiveTouched(ctx, cfg, []string{id}); err != nil {
		return job, err
	}
	job.Outcome = string(out)
	return job, nil
}

// keepAlive tells the queue every interval that the job is being worked
// on, until stopped.
func keepAlive(ctx context.Context, d queue.Delivery, every time.Duration) (stop func()) {
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-t.C:
				_ = d.Working()
			}
		}
	}()
	return func() { close(done) }
}

func sleep(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}

// EnqueueRederive queues a rederive job for each document the extractor's
// rules did not extract; workers do them.
func EnqueueRederive(ctx context.Context, cfg Config, q *queue.Queue) (int, error) {
	rules := cfg.rules()
	if rules == "" {
		return 0, errors.New("rederive needs an extractor")
	}
	ids, err := cfg.Store.StaleDocuments(ctx, rules)
	if err != nil {
		return 0, err
	}
	runID, err := cfg.Store.BeginRun(ctx, "rederive", "(queued)")
	if err != nil {
		return 0, err
	}
	for _, id := range ids {
		if err := q.Publish(ctx, queue.Job{Kind: queue.Rederive, RunID: runID, Path: id, DocID: id, Rules: rules}); err != nil {
			return 0, err
		}
	}
	if st, ok := cfg.Store.(JobStore); ok {
		if err := st.SetRunCounts(ctx, runID, map[string]int{"queued": len(ids)}); err != nil {
			return len(ids), err
		}
		if _, err := finishQueuedRun(ctx, st, runID); err != nil {
			return len(ids), err
		}
	}
	return len(ids), nil
}
