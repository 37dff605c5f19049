package trace

import (
	"context"
	"testing"

	"github.com/scrutineer/scrutineer/corpus"
)

// Threads are stored with the store's generation and read back while the
// store is unchanged; a new document makes them stale.
func TestStoredThreads(t *testing.T) {
	ctx := context.Background()
	st, err := corpus.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	put := func(id, date, text string) {
		t.Helper()
		d := &corpus.Document{ID: id, Source: id + ".txt", Format: corpus.Text, Date: date, Subject: "Tregaron Council", Text: text}
		it := corpus.Item{ID: id + "-1", DocID: id, Kind: corpus.Recommendation, Text: text, Span: corpus.Span{End: len(text)}}
		if _, err := st.Put(ctx, 0, id+".txt", d, []corpus.Item{it}, []byte(text)); err != nil {
			t.Fatal(err)
		}
	}
	put("sha256:a", "2015-03-01", "Reduce social worker caseloads so that children are visited regularly.")
	put("sha256:b", "2019-05-01", "Social workers should have manageable caseloads so that children are visited regularly.")
	if _, ok, err := StoredThreads(ctx, st); ok || err != nil {
		t.Fatalf("before storing: ok %v, %v", ok, err)
	}
	made, err := StoreThreads(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	got, ok, err := StoredThreads(ctx, st)
	if !ok || err != nil || len(got.Threads) != len(made.Threads) || len(made.Threads) != 1 || len(got.Threads[0].Members) != 2 {
		t.Fatalf("read back: ok %v, %v, %d threads (made %d)", ok, err, len(got.Threads), len(made.Threads))
	}
	put("sha256:c", "2024-01-01", "Improve the quality of pathway plans for care leavers.")
	if _, ok, _ := StoredThreads(ctx, st); ok {
		t.Error("the stored threads outlived a change to the store")
	}
}
