package index

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer/corpus"
)

// facetFixture is a small corpus with varied facet values: document i is
// dated 2012+i%9, of one of three types, about one of 37 councils, with
// items of both kinds, either polarity and one to three themes.
func facetFixture(from, to int) ([]*corpus.Document, [][]corpus.Item) {
	types := []string{"inspection_report", "focused_visit", "minutes"}
	themes := []string{"workforce", "care-leavers", "leadership", "planning", "voice"}
	var docs []*corpus.Document
	var items [][]corpus.Item
	for i := from; i < to; i++ {
		d := testDoc(fmt.Sprintf("sha256:%04d", i), fmt.Sprintf("Report %d on caseloads and supervision.", i))
		d.Date = fmt.Sprintf("%d-03-0%d", 2012+i%9, 1+i%7)
		d.DocType = types[i%3]
		d.Subject = fmt.Sprintf("Council %d", i%37) // more than facetSize over 50 documents
		var its []corpus.Item
		for k := 0; k < 1+i%4; k++ {
			it := corpus.Item{ID: fmt.Sprintf("%04d-%d", i, k), Kind: corpus.Recommendation, Text: "Reduce caseloads for social workers.",
				Themes: themes[k%5 : k%5+1+i%3%(5-k%5)], Cue: "section:recommendations"}
			if k%2 == 1 {
				it.Kind, it.Polarity, it.Text = corpus.Finding, corpus.Concern, "Supervision of caseloads is not regular."
			}
			its = append(its, it)
		}
		docs = append(docs, d)
		items = append(items, its)
	}
	return docs, items
}

// expectedFacets counts, by hand, the facet values of the entries a
// request for "caseloads" from..to (whole years) selects.
func expectedFacets(docs []*corpus.Document, items [][]corpus.Item, from, to int) (int, map[string]map[string]int) {
	want := map[string]map[string]int{}
	add := func(name, v string) {
		if v == "" {
			return
		}
		if want[name] == nil {
			want[name] = map[string]int{}
		}
		want[name][v]++
	}
	total := 0
	for i, d := range docs {
		y, _ := strconv.Atoi(d.Year())
		if y < from || y > to {
			continue
		}
		entry := func(kind, pol string, themes []string) {
			total++
			add("year", d.Year())
			add("doc_type", d.DocType)
			add("publisher", d.Publisher)
			add("subject", d.Subject)
			add("kind", kind)
			add("polarity", pol)
			for _, t := range themes {
				add("theme", t)
			}
		}
		seen := map[string]bool{}
		var all []string
		for _, it := range items[i] {
			entry(string(it.Kind), string(it.Polarity), it.Themes)
			for _, t := range it.Themes {
				if !seen[t] {
					seen[t] = true
					all = append(all, t)
				}
			}
		}
		entry(TypeDocument, "", all)
	}
	return total, want
}

func facetMap(fs map[string][]FacetCount) map[string]map[string]int {
	out := map[string]map[string]int{}
	for name, counts := range fs {
		for _, c := range counts {
			if out[name] == nil {
				out[name] = map[string]int{}
			}
			out[name][c.Term] = c.Count
		}
	}
	return out
}

func sameFacets(t *testing.T, label string, got map[string][]FacetCount, want map[string]map[string]int) {
	t.Helper()
	g := facetMap(got)
	for name, counts := range want { // only the facetSize counted most are shown
		var fs []FacetCount
		for v, n := range counts {
			fs = append(fs, FacetCount{Term: v, Count: n})
		}
		sort.Slice(fs, func(i, j int) bool {
			return fs[i].Count > fs[j].Count || fs[i].Count == fs[j].Count && fs[i].Term < fs[j].Term
		})
		want[name] = map[string]int{}
		for _, f := range fs[:min(len(fs), facetSize)] {
			want[name][f.Term] = f.Count
		}
	}
	for _, name := range FacetNames {
		if fmt.Sprint(sorted(g[name])) != fmt.Sprint(sorted(want[name])) {
			t.Errorf("%s: facet %s = %v, want %v", label, name, sorted(g[name]), sorted(want[name]))
		}
		for i := 1; i < len(got[name]); i++ {
			if a, b := got[name][i-1], got[name][i]; a.Count < b.Count || a.Count == b.Count && a.Term > b.Term {
				t.Errorf("%s: facet %s not in order of count, then value: %v", label, name, got[name])
				break
			}
		}
	}
}

func sorted(m map[string]int) []string {
	var out []string
	for k, v := range m {
		out = append(out, fmt.Sprintf("%s=%d", k, v))
	}
	sort.Strings(out)
	return out
}

// TestFacetsAndYearRanges checks facet counts and whole-year ranges
// against counts made by hand, over two shards, with the codes read from
// doc values and from the columns in memory, before and after the index is
// closed and opened again with new values added (the dictionary of facet
// codes is read back and extended, and new segments get columns).
func TestFacetsAndYearRanges(t *testing.T) {
	t.Setenv("SCRUTINEER_INDEX_SHARDS", "2")
	ctx := context.Background()
	dir := t.TempDir()
	ix, err := OpenSized(dir, largeIndex)
	if err != nil {
		t.Fatal(err)
	}
	docs, items := facetFixture(0, 40)
	if err := ix.PutAll(ctx, docs, items); err != nil {
		t.Fatal(err)
	}
	check := func(ix *Index, docs []*corpus.Document, items [][]corpus.Item, label string) {
		for _, r := range [][2]int{{0, 9999}, {2014, 2016}, {2016, 2016}, {2019, 0}, {0, 2013}} {
			req := Request{Query: "caseloads", Limit: 5}
			from, to := r[0], r[1]
			if from > 0 {
				req.From = strconv.Itoa(from)
			}
			if to > 0 && to < 9999 {
				req.To = strconv.Itoa(to)
			}
			if to == 0 {
				to = 9999
			}
			res, err := ix.Search(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			total, want := expectedFacets(docs, items, from, to)
			l := fmt.Sprintf("%s, years %d-%d", label, from, to)
			if int(res.Total) != total {
				t.Errorf("%s: %d hits, want %d", l, res.Total, total)
			}
			sameFacets(t, l, res.Facets, want)
			for _, h := range res.Hits {
				if !strings.Contains(h.Highlight, "<mark>caseloads</mark>") {
					t.Errorf("%s: hit %s is not highlighted: %q", l, h.DocID, h.Highlight)
				}
			}
		}
	}
	check(ix, docs, items, "first, codes read from doc values")
	if err := ix.Warm(); err != nil {
		t.Fatal(err)
	}
	check(ix, docs, items, "first, codes read from columns")
	ix.Close()

	ix, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	check(ix, docs, items, "reopened")
	if err := ix.Warm(); err != nil {
		t.Fatal(err)
	}
	more, moreItems := facetFixture(40, 50)
	for i, d := range more {
		d.Publisher = "Ofsted"       // a new value: new codes
		moreItems[i][0].Themes = nil // and an item with no themes
	}
	if err := ix.PutAll(ctx, more, moreItems); err != nil {
		t.Fatal(err)
	}
	// the new segments' columns are read by the search that needs them
	check(ix, append(docs, more...), append(items, moreItems...), "extended, columns")
	ix.cols.warmed.Store(false)
	check(ix, append(docs, more...), append(items, moreItems...), "extended, doc values")
}

// TestFormatRebuild checks that an index of another format is refused and
// rebuilt from the store by OpenFor.
func TestFormatRebuild(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, run := testStore(t, dir)
	items := []corpus.Item{{ID: "f-1", Kind: corpus.Recommendation, Text: "Reduce caseloads."}}
	if _, err := st.Put(ctx, run, "/x/f.txt", testDoc("sha256:ff", "Caseloads are high."), items, []byte("Caseloads are high.")); err != nil {
		t.Fatal(err)
	}
	ix, err := OpenFor(ctx, dir, st)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Sync(ctx, st, nil); err != nil {
		t.Fatal(err)
	}
	if err := ix.shards[0].SetInternal(formatKey, []byte("1")); err != nil {
		t.Fatal(err)
	}
	ix.Close()
	if _, err := Open(dir); !errors.Is(err, ErrFormat) {
		t.Fatalf("an index of format 1 opened with %v, want ErrFormat", err)
	}
	ix, err = OpenFor(ctx, dir, st)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	res, err := ix.Search(ctx, Request{Query: "caseloads"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 2 {
		t.Errorf("after the rebuild a search finds %d entries, want the document and its item", res.Total)
	}
}

// TestSortByDate checks that --sort date puts the newest first, whatever
// the scores.
func TestSortByDate(t *testing.T) {
	ctx := context.Background()
	ix := testIndex(t)
	docs, items := facetFixture(0, 12)
	if err := ix.PutAll(ctx, docs, items); err != nil {
		t.Fatal(err)
	}
	res, err := ix.Search(ctx, Request{Query: "caseloads", Sort: "date", Limit: 50, Kind: []string{"document"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 12 {
		t.Fatalf("%d hits, want 12", len(res.Hits))
	}
	for i := 1; i < len(res.Hits); i++ {
		if res.Hits[i-1].Date < res.Hits[i].Date {
			t.Fatalf("hit %d (%s) is older than hit %d (%s)", i-1, res.Hits[i-1].Date, i, res.Hits[i].Date)
		}
	}
}

// TestWarmClosed checks that warming a closed index (a server shutting
// down while it warms) is an error, not a crash.
func TestWarmClosed(t *testing.T) {
	ix, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	if err := ix.Warm(); err == nil {
		t.Error("warming a closed index succeeded")
	}
}
