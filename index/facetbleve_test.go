package index

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/scrutineer/scrutineer/corpus"
)

// TestFacetColumnsAgreeWithBleve counts facets on a random corpus both
// ways, for a mix of queries: by the columns read from scorch's segments
// (facetcols.go) and from the doc values, and by bleve's own facet builder
// over the same query, the codes then decoded. The columns read bleve's
// segment internals, so a bleve upgrade that changes them fails here.
func TestFacetColumnsAgreeWithBleve(t *testing.T) {
	t.Setenv("SCRUTINEER_INDEX_SHARDS", "2")
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 7))
	ctx := context.Background()
	ix, err := OpenSized(t.TempDir(), largeIndex)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	for batch := 0; batch < 3; batch++ { // several batches: several segments
		docs, items := randomFacetCorpus(rng, batch*60, batch*60+60)
		if err := ix.PutAll(ctx, docs, items); err != nil {
			t.Fatal(err)
		}
	}
	requests := []Request{
		{Query: "caseloads", Limit: 3},
		{Query: "supervision OR plans", Limit: 3},
		{Query: "caseloads", Kind: []string{"recommendation"}, Limit: 3},
		{Query: "plans", DocType: []string{"minutes", "focused_visit"}, From: "2015", To: "2019", Limit: 3},
		{AllowEmpty: true, Theme: []string{"workforce"}, Limit: 3},
		{AllowEmpty: true, Language: []string{"cy"}, Limit: 3},
	}
	for _, warm := range []bool{false, true} {
		if warm {
			if err := ix.Warm(); err != nil {
				t.Fatal(err)
			}
		}
		for _, req := range requests {
			label := fmt.Sprintf("%+v (columns %v)", req, warm)
			res, err := ix.Search(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			want, total := bleveFacets(t, ix, req)
			if int(res.Total) != total {
				t.Errorf("%s: %d hits, bleve %d", label, res.Total, total)
			}
			agree(t, label, res.Facets, want)
			if !warm {
				t.Logf("%q: %d hits; bleve counts %d subjects, %d themes, %d years", req.Query, total, len(want["subject"]), len(want["theme"]), len(want["year"]))
			}
		}
	}
}

// randomFacetCorpus makes documents from..to with values drawn at random
// for every facet.
func randomFacetCorpus(rng *rand.Rand, from, to int) ([]*corpus.Document, [][]corpus.Item) {
	pick := func(vs ...string) string { return vs[rng.IntN(len(vs))] }
	words := []string{"caseloads", "supervision", "plans", "placements", "assessments"}
	themes := []string{"workforce", "care-leavers", "leadership", "planning", "voice", "health"}
	var docs []*corpus.Document
	var items [][]corpus.Item
	for i := from; i < to; i++ {
		d := testDoc(fmt.Sprintf("sha256:%05d", i), "Report on "+pick(words...)+" and "+pick(words...)+".")
		d.Date = fmt.Sprintf("%d-0%d-1%d", 2010+rng.IntN(14), 1+rng.IntN(9), rng.IntN(10))
		d.DocType = pick("inspection_report", "focused_visit", "minutes", "written_statement")
		d.Publisher = pick("Ofsted", "Care Inspectorate Wales", "Welsh Government", "")
		d.Subject = fmt.Sprintf("Council %d", rng.IntN(30))
		d.Language = pick("en", "en", "cy")
		var its []corpus.Item
		for k := 0; k < rng.IntN(5); k++ {
			it := corpus.Item{ID: fmt.Sprintf("%05d-%d", i, k), Kind: corpus.Recommendation, Cue: "section:recommendations",
				Text: "Improve " + pick(words...) + " for children.", Addressee: pick("", "the council", "the board")}
			if rng.IntN(2) == 1 {
				it.Kind, it.Polarity = corpus.Finding, corpus.Polarity(pick("concern", "strength"))
			}
			for _, th := range themes {
				if rng.IntN(4) == 0 {
					it.Themes = append(it.Themes, th)
				}
			}
			its = append(its, it)
		}
		docs, items = append(docs, d), append(items, its)
	}
	return docs, items
}

// bleveFacets counts the facet values of what req finds with bleve's own
// facet builder on the codes field, each shard on its own, and decodes the
// codes; it returns the counts by facet and value, and the hits.
func bleveFacets(t *testing.T, ix *Index, req Request) (map[string]map[string]int, int) {
	t.Helper()
	q, _, _, err := req.build(ix.shards[0].Mapping())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]int{}
	total := 0
	for _, shard := range ix.shards {
		sr := bleve.NewSearchRequestOptions(q, 0, 0, false)
		sr.AddFacet("codes", bleve.NewFacetRequest(fFacets, 1<<20))
		res, err := shard.Search(sr)
		if err != nil {
			t.Fatal(err)
		}
		total += int(res.Total)
		for _, tf := range res.Facets["codes"].Terms.Terms() {
			pos, err := strconv.ParseInt(tf.Term, 36, 64)
			if err != nil || int(pos) >= len(ix.facets.sets) {
				t.Fatalf("code %q is not in the dictionary", tf.Term)
			}
			for _, id := range ix.facets.sets[pos] {
				name, value, _ := strings.Cut(ix.facets.names[id], ":")
				if out[name] == nil {
					out[name] = map[string]int{}
				}
				out[name][value] += tf.Count
			}
		}
	}
	return out, total
}

// agree checks that every count shown is bleve's, that as many values are
// shown as the page holds, and that none left out was counted more than
// the least shown.
func agree(t *testing.T, label string, got map[string][]FacetCount, want map[string]map[string]int) {
	t.Helper()
	for _, name := range FacetNames {
		shown := map[string]bool{}
		least := 1 << 30
		for _, c := range got[name] {
			shown[c.Term] = true
			least = min(least, c.Count)
			if want[name][c.Term] != c.Count {
				t.Errorf("%s: %s %q counted %d, bleve %d", label, name, c.Term, c.Count, want[name][c.Term])
			}
		}
		if len(got[name]) != min(facetSize, len(want[name])) {
			t.Errorf("%s: %s shows %d values of bleve's %d", label, name, len(got[name]), len(want[name]))
		}
		for v, n := range want[name] {
			if !shown[v] && n > least {
				t.Errorf("%s: %s %q (bleve %d) left out, though above the least shown (%d)", label, name, v, n, least)
			}
		}
	}
}
