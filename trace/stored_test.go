package trace

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
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

// An update traces again only the subjects whose items changed, and what
// it stores is what tracing the whole store afresh gives for them.
func TestUpdateTracesChangedSubjects(t *testing.T) {
	ctx := context.Background()
	st, err := corpus.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	put := func(id, subject, date string, texts ...string) {
		t.Helper()
		d := &corpus.Document{ID: id, Source: id + ".txt", Format: corpus.Text, Date: date, Subject: subject, Text: strings.Join(texts, "\n\n")}
		var items []corpus.Item
		for i, text := range texts {
			items = append(items, corpus.Item{ID: fmt.Sprintf("%s-%d", id, i), DocID: id, Kind: corpus.Recommendation, Text: text, Span: corpus.Span{End: len(text)}})
		}
		if _, err := st.Put(ctx, 0, id+".txt", d, items, []byte(d.Text)); err != nil {
			t.Fatal(err)
		}
	}
	for i, s := range []string{"Tregaron Council", "Llanybydder Council", "Pumsaint Council"} {
		put(fmt.Sprintf("sha256:%d1", i), s, "2015-03-01",
			"Reduce social worker caseloads so that children are visited regularly.",
			"Improve the quality of pathway plans for care leavers.")
		put(fmt.Sprintf("sha256:%d2", i), s, "2019-05-01",
			"Social workers should have manageable caseloads so that children are visited regularly.",
			"Make sure that care leavers have pathway plans of good quality.")
	}
	_, u, err := UpdateThreads(ctx, st, false)
	if err != nil || len(u.Traced) != 3 || u.Subjects != 3 {
		t.Fatalf("first update: %+v, %v", u, err)
	}
	_, u, err = UpdateThreads(ctx, st, false)
	if err != nil || len(u.Traced) != 0 {
		t.Fatalf("update with nothing new traced %v (%v)", u.Traced, err)
	}
	put("sha256:13", "Llanybydder Council", "2023-01-01",
		"Reduce caseloads of social workers so that children are seen regularly.")
	got, u, err := UpdateThreads(ctx, st, false)
	if err != nil || len(u.Traced) != 1 || u.Traced[0] != "llanybydder council" {
		t.Fatalf("after a new document: traced %v (%v)", u.Traced, err)
	}
	checkTermCounts(ctx, t, st)
	want, _, err := UpdateThreads(ctx, st, true)
	if err != nil {
		t.Fatal(err)
	}
	if g, w := membersOf(got.Threads), membersOf(want.Threads); g != w {
		t.Errorf("updated:\n%s\ntraced afresh:\n%s", g, w)
	}
	if stored, ok, err := StoredThreads(ctx, st); !ok || err != nil || membersOf(stored.Threads) != membersOf(want.Threads) {
		t.Errorf("stored threads: ok %v, %v", ok, err)
	}
	checkOneSubject(ctx, t, st, got.Threads, "Llanybydder Council")
}

// checkTermCounts: the stored sum of the subjects' term counts is the
// count over the store's items.
func checkTermCounts(ctx context.Context, t *testing.T, st *corpus.Store) {
	t.Helper()
	in, err := Inputs(ctx, st, Selection{})
	if err != nil {
		t.Fatal(err)
	}
	_, body, err := st.Trace(ctx, termsKey)
	if err != nil {
		t.Fatal(err)
	}
	var sum Background
	if err := json.Unmarshal(body, &sum); err != nil || !reflect.DeepEqual(&sum, CountTerms(in)) {
		t.Errorf("the stored term counts (%d items) are not the store's (%v)", sum.N, err)
	}
}

// checkOneSubject: the stored threads of one subject are those of the
// whole store's trace that are about it, and one of them spans three
// documents (the new one joined).
func checkOneSubject(ctx context.Context, t *testing.T, st *corpus.Store, whole []Thread, subject string) {
	t.Helper()
	var three bool
	var ofOne []Thread
	for _, th := range whole {
		if th.Subjects[0] == subject {
			ofOne = append(ofOne, th)
			three = three || th.Docs == 3
		}
	}
	one, ok, err := StoredSubject(ctx, st, Selection{Subject: subject})
	if !ok || err != nil || len(ofOne) == 0 || membersOf(one.Threads) != membersOf(ofOne) {
		t.Errorf("one subject's stored threads (ok %v, %v):\n%s\nwant:\n%s", ok, err, membersOf(one.Threads), membersOf(ofOne))
	}
	if !three {
		t.Errorf("the new document joined no thread:\n%s", membersOf(whole))
	}
}

// membersOf lists the threads' members, one thread a line.
func membersOf(ts []Thread) string {
	var b strings.Builder
	for _, th := range ts {
		for _, m := range th.Members {
			b.WriteString(m.ItemID + " ")
		}
		b.WriteString("\n")
	}
	return b.String()
}
