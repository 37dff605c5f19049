package index

import (
	"context"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer/corpus"
)

// TestSyncBoundsBatchText checks that a batch is closed before a document
// would take its text past maxBatchText, that a larger document goes in a
// batch of its own, and that a rebuild indexes the same entries again
// without duplicates.
func TestSyncBoundsBatchText(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, run := testStore(t, dir)
	const kb = 1 << 10
	// in id order: 200 KB and 200 KB share a batch, the next 200 KB would
	// pass 512 KB, 700 KB is larger than the bound, and 100 KB follows it
	sizes := []int{200 * kb, 200 * kb, 200 * kb, 700 * kb, 100 * kb}
	for i, n := range sizes {
		id := fmt.Sprintf("sha256:%02d", i)
		text := strings.Repeat("caseloads remain high ", n/22+1)[:n]
		items := []corpus.Item{{ID: fmt.Sprintf("%02d-1", i), Kind: corpus.Recommendation, Text: "Reduce caseloads."}}
		if _, err := st.Put(ctx, run, fmt.Sprintf("/x/%d.txt", i), testDoc(id, text), items, []byte(text)); err != nil {
			t.Fatal(err)
		}
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	var flushes []int
	n, err := ix.Sync(ctx, st, func(done int) { flushes = append(flushes, done) })
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{2, 3, 4, 5}; n != 5 || !reflect.DeepEqual(flushes, want) {
		t.Errorf("indexed %d in batches ending at %v, want 5 in %v", n, flushes, want)
	}
	count := func(ix *Index) uint64 {
		res, err := ix.Search(ctx, Request{Query: "caseloads", Limit: 20})
		if err != nil {
			t.Fatal(err)
		}
		return res.Total
	}
	if got := count(ix); got != 10 {
		t.Errorf("a search finds %d entries, want 5 documents and 5 items", got)
	}
	ix.Close()
	if n, err := Rebuild(ctx, dir, st, nil); err != nil || n != 5 {
		t.Fatalf("rebuild: %d, %v", n, err)
	}
	ix, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if got := count(ix); got != 10 {
		t.Errorf("after a rebuild a search finds %d entries, want 10", got)
	}
}

// testStore opens a store in dir, closed with the test, and begins a run.
func testStore(t *testing.T, dir string) (*corpus.Store, int64) {
	t.Helper()
	st, err := corpus.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	run, err := st.BeginRun(context.Background(), "test", "")
	if err != nil {
		t.Fatal(err)
	}
	return st, run
}

// testIndex opens an empty index in a temporary folder, closed with the test.
func testIndex(t *testing.T) *Index {
	t.Helper()
	ix, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

// A replica, an index of its own in another data directory, follows the
// same store as the main index: each indexes every document, each again
// when its items are stored again, and a rebuild of one leaves the other.
func TestReplicasFollowTheStore(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, run := testStore(t, dir)
	for i := range 3 {
		id := fmt.Sprintf("sha256:%02d", i)
		text := fmt.Sprintf("Report %d: caseloads remain high.", i)
		if _, err := st.Put(ctx, run, fmt.Sprintf("/x/%d.txt", i), testDoc(id, text), nil, []byte(text)); err != nil {
			t.Fatal(err)
		}
	}
	replicaDir := t.TempDir()
	if err := SetReplica(replicaDir, "search-2"); err != nil {
		t.Fatal(err)
	}
	if err := SetReplica(replicaDir, "search-3"); err == nil {
		t.Error("a replica was renamed")
	}
	main, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer main.Close()
	replica, err := Open(replicaDir)
	if err != nil {
		t.Fatal(err)
	}
	if replica.Replica() != "search-2" || main.Replica() != "" {
		t.Fatalf("replica names %q and %q", main.Replica(), replica.Replica())
	}
	for _, ix := range []*Index{main, replica} {
		if n, err := ix.Sync(ctx, st, nil); err != nil || n != 3 {
			t.Errorf("index %q indexed %d (%v), want 3", ix.Replica(), n, err)
		}
	}
	if err := st.ReplaceItems(ctx, "sha256:01", []corpus.Item{{ID: "01-1", Kind: corpus.Recommendation, Text: "Reduce caseloads."}}); err != nil {
		t.Fatal(err)
	}
	for _, ix := range []*Index{main, replica} {
		if n, err := ix.Sync(ctx, st, nil); err != nil || n != 1 {
			t.Errorf("index %q indexed %d after new items (%v), want 1", ix.Replica(), n, err)
		}
		res, err := ix.Search(ctx, Request{Query: "caseloads", Limit: 20})
		if err != nil || res.Total != 4 {
			t.Errorf("index %q finds %d entries (%v), want 3 documents and 1 item", ix.Replica(), res.Total, err)
		}
	}
	replica.Close()
	if n, err := Rebuild(ctx, replicaDir, st, nil); err != nil || n != 3 || ReplicaOf(replicaDir) != "search-2" {
		t.Errorf("rebuilding the replica: %d %v, name %q", n, err, ReplicaOf(replicaDir))
	}
	if n, err := st.CountUnindexed(ctx, ""); err != nil || n != 0 {
		t.Errorf("the main index after the replica's rebuild: %d unindexed (%v)", n, err)
	}
}

// A new version at a known address takes the old one's place in every
// index; when the address has the old version again, it comes back.
func TestSearchFollowsTheCurrentVersion(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, run := testStore(t, dir)
	put := func(id, text string) {
		t.Helper()
		items := []corpus.Item{{ID: id + "-1", Kind: corpus.Recommendation, Text: text}}
		if _, err := st.Put(ctx, run, "/x/report.txt", testDoc(id, text), items, []byte(text)); err != nil {
			t.Fatal(err)
		}
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	found := func(words string) []string {
		t.Helper()
		if _, err := ix.Sync(ctx, st, nil); err != nil {
			t.Fatal(err)
		}
		res, err := ix.Search(ctx, Request{Query: words, Limit: 20})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, h := range res.Hits {
			out = append(out, h.DocID)
		}
		sort.Strings(out)
		return out
	}
	put("sha256:01", "Reduce caseloads of social workers.")
	if got := found("caseloads"); len(got) != 2 {
		t.Fatalf("first version: %v, want its document and its item", got)
	}
	put("sha256:02", "Reduce caseloads and improve supervision.")
	if by, err := st.Replacement(ctx, "sha256:01"); err != nil || by != "sha256:02" {
		t.Errorf("replacement of the first version: %q %v", by, err)
	}
	if got := found("caseloads"); strings.Join(got, " ") != "sha256:02 sha256:02" {
		t.Errorf("after a second version: %v, want only the second version's document and item", got)
	}
	if got := found("supervision"); len(got) != 2 {
		t.Errorf("the second version's own words: %v", got)
	}
	put("sha256:01", "Reduce caseloads of social workers.") // the first again
	if got := found("caseloads"); strings.Join(got, " ") != "sha256:01 sha256:01" {
		t.Errorf("with the first version back: %v", got)
	}
	if got := found("supervision"); len(got) != 0 {
		t.Errorf("the replaced second version is still found: %v", got)
	}
}
