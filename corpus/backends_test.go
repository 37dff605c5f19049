package corpus

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/scrutineer/scrutineer/internal/testpg"
)

// The store's suite runs on each database it speaks: SQLite always, and
// PostgreSQL at the address in $SCRUTINEER_TEST_POSTGRES (.ci/run starts a
// server and sets it), each test in a schema of its own, dropped after.

// eachStore runs fn on a new, empty store of each kind.
func eachStore(t *testing.T, fn func(t *testing.T, st *Store)) {
	t.Run("sqlite", func(t *testing.T) {
		st, err := Open(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		fn(t, st)
	})
	t.Run("postgres", func(t *testing.T) {
		st := postgresStore(t)
		defer st.Close()
		fn(t, st)
	})
}

// postgresStore opens a store in a new schema of the test server.
func postgresStore(t *testing.T) *Store {
	t.Helper()
	st, err := OpenAt(t.TempDir(), testpg.Addr(t))
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// putDoc stores a document of the given text at path with an item per
// sentence given.
func putDoc(t *testing.T, st *Store, runID int64, path, text string, items ...string) *Document {
	t.Helper()
	d := testDoc(text)
	d.Subject, d.Date, d.Publisher = "Powys County Council", "2017-06-01", "Care Inspectorate Wales"
	var its []Item
	for i, it := range items {
		its = append(its, Item{ID: fmt.Sprintf("%s-%d", d.ID, i), Kind: Recommendation, Text: it,
			Span: Span{Start: i, End: i + len(it)}, Themes: []string{"workforce"}, Cue: "modal:should", Page: 1})
	}
	if _, err := st.Put(context.Background(), runID, path, d, its, []byte(text)); err != nil {
		t.Fatal(err)
	}
	return d
}

func TestBackendDocumentsAndItems(t *testing.T) {
	eachStore(t, func(t *testing.T, st *Store) {
		ctx := context.Background()
		g0, err := st.Generation(ctx)
		if err != nil {
			t.Fatal(err)
		}
		d := putDoc(t, st, 0, "/a.txt", "The council should reduce caseloads.", "reduce caseloads", "recruit staff")
		g1, _ := st.Generation(ctx)
		if g1 == g0 {
			t.Error("storing a document left the generation as it was")
		}
		got, err := st.Document(ctx, d.ID)
		if err != nil || got.Subject != "Powys County Council" || got.Text != d.Text {
			t.Fatalf("document: %+v %v", got, err)
		}
		items, err := st.Items(ctx, d.ID)
		if err != nil || len(items) != 2 || items[1].Text != "recruit staff" || items[1].Span.End != 1+len("recruit staff") {
			t.Fatalf("items: %+v %v", items, err)
		}
		var rows []ItemRow
		if err := st.ItemRows(ctx, func(r ItemRow) error { rows = append(rows, r); return nil }); err != nil || len(rows) != 2 || rows[0].Subject != "Powys County Council" {
			t.Errorf("item rows: %+v %v", rows, err)
		}
		if vals, err := st.DocumentValues(ctx, "subject"); err != nil || len(vals) != 1 {
			t.Errorf("subjects: %v %v", vals, err)
		}
		// rederive: the items replaced in one go, the document marked
		d.Rules = "r2"
		if err := st.Rederive(ctx, d, []Item{{ID: d.ID + "-x", Kind: Finding, Polarity: Concern, Text: "one item now", Themes: []string{}}}); err != nil {
			t.Fatal(err)
		}
		if stale, err := st.StaleDocuments(ctx, "r2"); err != nil || len(stale) != 0 {
			t.Errorf("stale after rederive: %v %v", stale, err)
		}
		if stale, _ := st.StaleDocuments(ctx, "r3"); len(stale) != 1 {
			t.Errorf("stale for a newer rules version: %v", stale)
		}
		items, _ = st.Items(ctx, d.ID)
		if len(items) != 1 || items[0].Polarity != Concern {
			t.Errorf("items after rederive: %+v", items)
		}
		if g2, _ := st.Generation(ctx); g2 == g1 {
			t.Error("replacing items left the generation as it was")
		}
		if _, err := st.Document(ctx, "sha256:none"); !errors.Is(err, ErrNotFound) {
			t.Errorf("a missing document: %v", err)
		}
	})
}

func TestBackendVersionsAndSources(t *testing.T) {
	eachStore(t, func(t *testing.T, st *Store) {
		ctx := context.Background()
		v1 := putDoc(t, st, 0, "/a.txt", "first version")
		if out, err := st.AddSource(ctx, 0, "/b.txt", v1.ID); err != nil || out != Alias {
			t.Errorf("add source: %v %v", out, err)
		}
		v2 := putDoc(t, st, 0, "/a.txt", "second version")
		if vers, err := st.Versions(ctx, "/a.txt"); err != nil || len(vers) != 2 || vers[0] != v2.ID {
			t.Errorf("versions %v %v", vers, err)
		}
		if srcs, err := st.Sources(ctx, v1.ID); err != nil || len(srcs) != 2 {
			t.Errorf("sources of v1: %+v %v", srcs, err)
		}
		if out, _ := st.Known(ctx, "/a.txt", v2.ID); out != Unchanged {
			t.Errorf("known: %q", out)
		}
		stats, err := st.Stats(ctx)
		if err != nil || stats.Documents != 2 || stats.Sources != 3 {
			t.Errorf("stats %+v %v", stats, err)
		}
	})
}

func TestBackendRunsAndState(t *testing.T) {
	eachStore(t, func(t *testing.T, st *Store) {
		ctx := context.Background()
		run, err := st.BeginRun(ctx, "sync", "folder")
		if err != nil || run <= 0 {
			t.Fatalf("begin run: %d %v", run, err)
		}
		putDoc(t, st, run, "/new.txt", "a new document")
		if err := st.RecordFailure(ctx, run, "/bad.pdf", "encrypted"); err != nil {
			t.Fatal(err)
		}
		if err := st.RecordFailure(ctx, run, "/worse.pdf", "malformed"); err != nil {
			t.Fatal(err)
		}
		if err := st.FinishRun(ctx, run, "partial", map[string]int{"new": 1, "failed": 2}); err != nil {
			t.Fatal(err)
		}
		runs, err := st.Runs(ctx, 5)
		if err != nil || len(runs) != 1 || runs[0].Status != "partial" || len(runs[0].Failures) != 2 ||
			runs[0].Failures[0].Path != "/bad.pdf" || runs[0].Counts["failed"] != 2 {
			t.Fatalf("runs: %+v %v", runs, err)
		}
		arr, ids, err := st.UnalertedArrivals(ctx, run)
		if err != nil || len(arr) != 1 || arr[0].Path != "/new.txt" || len(ids) != 1 {
			t.Fatalf("arrivals: %+v %v %v", arr, ids, err)
		}
		for range 2 { // marking twice is marking once
			if err := st.MarkAlerted(ctx, ids, "digest.md"); err != nil {
				t.Fatal(err)
			}
		}
		if arr, _, _ := st.UnalertedArrivals(ctx, run); len(arr) != 0 {
			t.Errorf("arrivals after the digest: %+v", arr)
		}
	})
}

func TestBackendSyncState(t *testing.T) {
	eachStore(t, func(t *testing.T, st *Store) {
		ctx := context.Background()
		states := []FetchState{{Key: "https://example.org/a", ETag: `"x"`, Stamp: "1"}, {Key: "/f.pdf", Unreadable: "scanned"}}
		if err := st.SaveFetchStates(ctx, "feed", states); err != nil {
			t.Fatal(err)
		}
		if got, err := st.FetchStates(ctx, "feed"); err != nil || len(got) != 2 || got["https://example.org/a"].ETag != `"x"` {
			t.Errorf("fetch states: %+v %v", got, err)
		}
		if err := st.AddWatch(ctx, Watch{Name: "caseloads", Query: "caseloads"}); err != nil {
			t.Fatal(err)
		}
		if ws, err := st.Watches(ctx); err != nil || len(ws) != 1 {
			t.Errorf("watches: %+v %v", ws, err)
		}
		if err := st.RemoveWatch(ctx, "caseloads"); err != nil {
			t.Fatal(err)
		}
		if err := st.RemoveWatch(ctx, "caseloads"); !errors.Is(err, ErrNotFound) {
			t.Errorf("removing a watch twice: %v", err)
		}
	})
}

func TestBackendIndexStateAndTraces(t *testing.T) {
	eachStore(t, func(t *testing.T, st *Store) {
		ctx := context.Background()
		a := putDoc(t, st, 0, "/a.txt", "document a")
		putDoc(t, st, 0, "/b.txt", "document b")
		if n, err := st.CountUnindexed(ctx, ""); err != nil || n != 2 {
			t.Fatalf("unindexed: %d %v", n, err)
		}
		pa := pendingOf(t, st, "", a.ID)
		if err := st.MarkIndexed(ctx, "", []Pending{pa}); err != nil {
			t.Fatal(err)
		}
		if ids, err := st.Unindexed(ctx, "", 10); err != nil || len(ids) != 1 || ids[0].ID == a.ID {
			t.Errorf("unindexed after marking: %v %v", ids, err)
		}
		if err := st.ClearIndexState(ctx, ""); err != nil {
			t.Fatal(err)
		}
		if n, _ := st.CountUnindexed(ctx, ""); n != 2 {
			t.Errorf("unindexed after clearing: %d", n)
		}
		testReplicaState(t, st, a.ID)
	})
}

// pendingOf is document id as Unindexed lists it for replica.
func pendingOf(t *testing.T, st *Store, replica, id string) Pending {
	t.Helper()
	pending, err := st.Unindexed(context.Background(), replica, 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pending {
		if p.ID == id {
			return p
		}
	}
	t.Fatalf("%s is not listed unindexed for %q: %v", id, replica, pending)
	return Pending{}
}

// testReplicaState: a replica keeps its own record of what it holds.
func testReplicaState(t *testing.T, st *Store, a string) {
	ctx := context.Background()
	pa := pendingOf(t, st, "b", a) // as an index reads it, before it changes
	if err := st.MarkIndexed(ctx, "", []Pending{pa}); err != nil {
		t.Fatal(err)
	}
	if err := st.MarkIndexed(ctx, "b", []Pending{pa}); err != nil {
		t.Fatal(err)
	}
	if n, _ := st.CountUnindexed(ctx, "c"); n != 2 {
		t.Errorf("unindexed by a new replica: %d", n)
	}
	if n, _ := st.CountUnindexed(ctx, "b"); n != 1 {
		t.Errorf("unindexed by replica b: %d", n)
	}
	// storing a document's items again forgets it in every index
	if err := st.ReplaceItems(ctx, a, nil); err != nil {
		t.Fatal(err)
	}
	if n, _ := st.CountUnindexed(ctx, "b"); n != 2 {
		t.Errorf("replica b after new items: %d unindexed", n)
	}
	if n, _ := st.CountUnindexed(ctx, ""); n != 2 {
		t.Errorf("main index after new items: %d unindexed", n)
	}
	// an index that read the document before the change, and records it
	// after, does not hold it as it is now
	if err := st.MarkIndexed(ctx, "b", []Pending{pa}); err != nil {
		t.Fatal(err)
	}
	if now := pendingOf(t, st, "b", a); now.Changes <= pa.Changes {
		t.Errorf("replica b recorded %+v, read before the change, and the document is now %+v", pa, now)
	}
	if err := st.ClearIndexState(ctx, "b"); err != nil {
		t.Fatal(err)
	}
}

func TestBackendTraces(t *testing.T) {
	eachStore(t, func(t *testing.T, st *Store) {
		ctx := context.Background()
		rows := []TraceRow{{Key: "subject:powys", Generation: "p|2", Body: []byte(`{"x":1}`)}, {Key: "subject:kent", Generation: "k|2", Body: []byte("{}")}, {Key: "all", Generation: "g", Body: []byte("[]")}}
		if err := st.SaveTraces(ctx, rows, nil); err != nil {
			t.Fatal(err)
		}
		if gens, err := st.TraceGenerations(ctx, "subject:"); err != nil || len(gens) != 2 || gens["subject:powys"] != "p|2" {
			t.Errorf("trace generations: %v %v", gens, err)
		}
		if err := st.SaveTraces(ctx, nil, []string{"subject:kent"}); err != nil {
			t.Fatal(err)
		}
		if gen, body, err := st.Trace(ctx, "subject:powys"); err != nil || gen != "p|2" || string(body) != `{"x":1}` {
			t.Errorf("trace: %q %q %v", gen, body, err)
		}
		if _, _, err := st.Trace(ctx, "subject:kent"); !errors.Is(err, ErrNotFound) {
			t.Errorf("a dropped trace: %v", err)
		}
	})
}

// Many writers storing the same documents at once leave each once, with
// its items once.
func TestBackendConcurrentWriters(t *testing.T) {
	eachStore(t, func(t *testing.T, st *Store) {
		const writers, docs = 4, 12
		var wg sync.WaitGroup
		errs := make(chan error, writers*docs)
		for w := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for k := range docs {
					k := (k + w*3) % docs // each writer in another order
					text := fmt.Sprintf("Document %d: the council should act.", k)
					d := testDoc(text)
					its := []Item{{ID: d.ID + "-0", Kind: Recommendation, Text: "act", Themes: []string{}}}
					if _, err := st.Put(context.Background(), 0, fmt.Sprintf("/d%d.txt", k), d, its, []byte(text)); err != nil {
						errs <- err
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		stats, err := st.Stats(context.Background())
		if err != nil || stats.Documents != docs || stats.Items != docs || stats.Sources != docs {
			t.Errorf("after %d writers: %+v %v", writers, stats, err)
		}
	})
}

// A store copied into PostgreSQL and back into a new SQLite store holds
// what it held; copying again writes nothing.
func TestCopyThereAndBack(t *testing.T) {
	ctx := context.Background()
	src, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	run, _ := src.BeginRun(ctx, "ingest", "x")
	a := putDoc(t, src, run, "/a.txt", "The council should reduce caseloads.", "reduce caseloads", "recruit staff")
	putDoc(t, src, run, "/b.txt", "Leaders should act.", "act")
	src.RecordFailure(ctx, run, "/bad.pdf", "encrypted")
	src.FinishRun(ctx, run, "partial", map[string]int{"new": 2})
	src.SaveTrace(ctx, "all", "g", []byte(`{"threads":[]}`))
	pg := postgresStore(t)
	defer pg.Close()
	if _, err := Copy(ctx, pg, src); err != nil {
		t.Fatal(err)
	}
	back, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer back.Close()
	if _, err := Copy(ctx, back, pg); err != nil {
		t.Fatal(err)
	}
	for _, st := range []*Store{pg, back} {
		want, _ := src.Stats(ctx)
		if got, err := st.Stats(ctx); err != nil || got != want {
			t.Errorf("stats %+v, want %+v (%v)", got, want, err)
		}
		items, err := st.Items(ctx, a.ID)
		if err != nil || len(items) != 2 || items[1].Text != "recruit staff" {
			t.Errorf("items %+v %v", items, err)
		}
		runs, err := st.Runs(ctx, 5)
		if err != nil || len(runs) != 1 || runs[0].ID != run || len(runs[0].Failures) != 1 {
			t.Errorf("runs %+v %v", runs, err)
		}
		if orig, err := st.Original(ctx, a.ID); err != nil || string(orig) != a.Text {
			t.Errorf("original %q %v", orig, err)
		}
		if _, body, err := st.Trace(ctx, "all"); err != nil || string(body) != `{"threads":[]}` {
			t.Errorf("trace %q %v", body, err)
		}
	}
	again, err := Copy(ctx, pg, src)
	if err != nil {
		t.Fatal(err)
	}
	for table, n := range again {
		if n != 0 && table != "originals" {
			t.Errorf("copying again wrote %d rows of %s", n, table)
		}
	}
	if next, err := pg.BeginRun(ctx, "ingest", "y"); err != nil || next <= run {
		t.Errorf("the next run in the copy: %d %v", next, err)
	}
}

// A job recorded twice (done again after a worker died before it
// acknowledged) counts once, and its failure is listed once.
func TestBackendJobs(t *testing.T) {
	eachStore(t, func(t *testing.T, st *Store) {
		ctx := context.Background()
		run, err := st.BeginRun(ctx, "ingest", "queued")
		if err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if _, err := st.RecordJob(ctx, Job{RunID: run, Path: "/a.pdf", DocID: "sha256:a", Outcome: "new", Items: 3, Pages: 2}); err != nil {
				t.Fatal(err)
			}
			if _, err := st.RecordJob(ctx, Job{RunID: run, Path: "/b.pdf", Outcome: "failed", Reason: "encrypted"}); err != nil {
				t.Fatal(err)
			}
		}
		got, err := st.RunJobs(ctx, run)
		if err != nil || got["done"] != 2 || got["new"] != 1 || got["failed"] != 1 || got["items"] != 3 || got["pages"] != 2 {
			t.Errorf("jobs: %v %v", got, err)
		}
		runs, _ := st.Runs(ctx, 1)
		if len(runs) != 1 || len(runs[0].Failures) != 1 || runs[0].Failures[0].Reason != "encrypted" {
			t.Errorf("failures: %+v", runs)
		}
		if err := st.PutOriginal(ctx, "sha256:a", []byte("bytes")); err != nil {
			t.Fatal(err)
		}
		if b, err := st.Original(ctx, "sha256:a"); err != nil || string(b) != "bytes" {
			t.Errorf("original: %q %v", b, err)
		}
		if _, err := st.Original(ctx, "sha256:none"); !errors.Is(err, ErrNotFound) {
			t.Errorf("a missing original: %v", err)
		}
	})
}
