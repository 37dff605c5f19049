package pipeline

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"

	"github.com/scrutineer/scrutineer/corpus"
	"github.com/scrutineer/scrutineer/harvest"
	"github.com/scrutineer/scrutineer/internal/queue"
	"github.com/scrutineer/scrutineer/internal/samples"
	"github.com/scrutineer/scrutineer/internal/testpg"
)

// startNATS runs a real NATS server with JetStream in this process, on a
// loopback port, its stream kept in a temporary directory.
func startNATS(t *testing.T) *server.Server {
	t.Helper()
	ns, err := server.NewServer(&server.Options{Host: "127.0.0.1", Port: -1, JetStream: true, StoreDir: t.TempDir(), NoLog: true, NoSigs: true})
	if err != nil {
		t.Fatal(err)
	}
	go ns.Start()
	if !ns.ReadyForConnections(10 * time.Second) {
		t.Fatal("nats server not ready")
	}
	t.Cleanup(ns.Shutdown)
	return ns
}

// chainFor is the commands' chain over st, reading in this process.
func chainFor(t *testing.T, st *corpus.Store, data string) Config {
	t.Helper()
	cfg, err := Build(st, Setup{Data: data, NoIndex: true})
	if err != nil {
		t.Fatal(err)
	}
	cfg.Read.Isolation.Enabled = false
	return cfg
}

// itemsOf lists a store's items, one line each: document, position, kind,
// text and span.
func itemsOf(t *testing.T, st *corpus.Store) []string {
	t.Helper()
	var out []string
	err := st.ItemRows(context.Background(), func(r corpus.ItemRow) error {
		out = append(out, fmt.Sprintf("%s|%s|%s|%s|%d-%d|%s", r.DocID, r.ID, r.Kind, r.Text, r.Span.Start, r.Span.End, strings.Join(r.Themes, ",")))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

// A run queued for workers stores what a local run stores, on SQLite and
// on PostgreSQL; a job a worker took and never acknowledged (it died) is
// delivered again and lands once.
func TestQueuedRunGivesTheLocalItems(t *testing.T) {
	src := t.TempDir()
	if _, err := samples.WriteTo(src); err != nil {
		t.Fatal(err)
	}
	local, err := corpus.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer local.Close()
	ctx := context.Background()
	if _, err := Ingest(ctx, chainFor(t, local, t.TempDir()), []string{src}); err != nil {
		t.Fatal(err)
	}
	want := itemsOf(t, local)
	if len(want) < 10 {
		t.Fatalf("the local run stored %d items", len(want))
	}
	for _, kind := range []string{"sqlite", "postgres"} {
		t.Run(kind, func(t *testing.T) {
			data := t.TempDir()
			var st *corpus.Store
			if kind == "postgres" {
				if st, err = corpus.OpenAt(data, testpg.Addr(t)); err != nil {
					t.Fatal(err)
				}
				defer st.Close()
			} else {
				if st, err = corpus.Open(data); err != nil {
					t.Fatal(err)
				}
				defer st.Close()
			}
			queuedRun(t, st, data, src, want)
		})
	}
}

func queuedRun(t *testing.T, st *corpus.Store, data, src string, want []string) {
	ctx := context.Background()
	ns := startNATS(t)
	q, err := OpenQueue(ctx, ns.ClientURL(), st, queue.Options{Worker: true, AckWait: time.Second, MaxDeliver: 5})
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	cfg := chainFor(t, st, data)
	sum, err := Enqueue(ctx, cfg, q, []string{src}, EnqueueOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// a worker that takes a job and dies with it, and one that dies after
	// storing its document, before it records and acknowledges the job
	if _, err := q.Next(ctx, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	d, err := q.Next(ctx, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if job, err := work(ctx, cfg, st, d, new(time.Duration)); err != nil || job.Outcome != string(corpus.New) {
		t.Fatalf("the job before its worker died: %+v %v", job, err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var done []WorkSummary
	for w := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ws, err := Work(ctx, cfg, q, WorkOptions{Name: fmt.Sprintf("w%d", w), Drain: true})
			if err != nil {
				t.Error(err)
			}
			mu.Lock()
			done = append(done, ws)
			mu.Unlock()
		}()
	}
	wg.Wait()
	if got := itemsOf(t, st); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("queued run: %d items, local run %d; they differ", len(got), len(want))
	}
	run, err := st.Run(ctx, sum.RunID)
	if err != nil || run.Status != "ok" || run.Counts["queued"] == 0 || run.Counts["new"] != run.Counts["queued"] {
		t.Errorf("the run: %+v %v", run, err)
	}
	jobs := 0
	for _, ws := range done {
		jobs += ws.Jobs
	}
	if jobs < run.Counts["queued"] {
		t.Errorf("workers did %d jobs of %d", jobs, run.Counts["queued"])
	}
	// a second run finds everything stored: nothing is queued
	again, err := Enqueue(ctx, cfg, q, []string{src}, EnqueueOptions{Wait: true, Poll: 50 * time.Millisecond})
	if err != nil || again.New != 0 || again.Unchanged == 0 {
		t.Errorf("second run: %+v %v", again, err)
	}
}

// A sync with a queue fetches what is new and leaves the reading to
// workers; it waits for them, so its summary (and the digest after it)
// counts what they stored: the local sync's documents and items.
func TestQueuedSync(t *testing.T) {
	ctx := context.Background()
	p := newPublisher(t)
	for i := range 3 {
		p.publish(fmt.Sprintf("/docs/feed/%d.txt", i), "text/plain", report(2015+i, fmt.Sprintf("plans %d", i)), time.Now())
	}
	f, err := harvest.Parse("s.toml", []byte(fmt.Sprintf("[[source]]\nname='feed'\nkind='feed'\nurl='%s/feed.xml'\nrate=500\n", p.srv.URL)))
	if err != nil {
		t.Fatal(err)
	}
	local, err := corpus.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer local.Close()
	if s, err := Sync(ctx, SyncConfig{Config: chainFor(t, local, t.TempDir()), Sources: f.Sources}); err != nil || s.New != 3 {
		t.Fatalf("local sync: %+v %v", s, err)
	}
	data := t.TempDir()
	st, err := corpus.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cfg := chainFor(t, st, data)
	q, err := OpenQueue(ctx, startNATS(t).ClientURL(), st, queue.Options{Worker: true, AckWait: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	wctx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	worker := cfg
	go func() { Work(wctx, worker, q, WorkOptions{}); close(done) }()
	cfg.Queue = q
	s, err := Sync(ctx, SyncConfig{Config: cfg, Sources: f.Sources})
	stop()
	<-done
	if err != nil || s.New != 3 || s.Queued != 3 || len(s.NewDocs) != 3 || s.Items == 0 {
		t.Fatalf("queued sync: %+v %v", s, err)
	}
	if got, want := itemsOf(t, st), itemsOf(t, local); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("queued sync: %d items; local sync %d; they differ", len(got), len(want))
	}
	run, err := st.Run(ctx, s.RunID)
	if err != nil || run.Status != "ok" || run.Counts["new"] != 3 {
		t.Errorf("the run: %+v %v", run, err)
	}
}

// Rederive fans out the same way: a job per document older rules
// extracted, done by workers, the run finished when they are.
func TestQueuedRederive(t *testing.T) {
	ctx := context.Background()
	src := t.TempDir()
	for i := range 4 {
		write(t, filepath.Join(src, fmt.Sprintf("s%d.txt", i)), []byte(fmt.Sprintf("Statement %d\n\nThe council should improve plan %d.", i, i)))
	}
	st, err := corpus.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := Ingest(ctx, Config{Store: st, Extractor: rulesOf("v1")}, []string{src}); err != nil {
		t.Fatal(err)
	}
	q, err := OpenQueue(ctx, startNATS(t).ClientURL(), st, queue.Options{Worker: true, AckWait: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	cfg := Config{Store: st, Extractor: rulesOf("v2")}
	n, err := EnqueueRederive(ctx, cfg, q)
	if err != nil || n != 4 {
		t.Fatalf("queued %d (%v)", n, err)
	}
	if ws, err := Work(ctx, cfg, q, WorkOptions{Drain: true}); err != nil || ws.Jobs != 4 {
		t.Fatalf("worker: %+v %v", ws, err)
	}
	if stale, err := st.StaleDocuments(ctx, "v2"); err != nil || len(stale) != 0 {
		t.Errorf("left stale: %v %v", stale, err)
	}
	runs, err := st.Runs(ctx, 1)
	if err != nil || len(runs) != 1 || runs[0].Kind != "rederive" || runs[0].Status != "ok" {
		t.Errorf("the run: %+v %v", runs, err)
	}
}
