package index

import (
	"context"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
)

// filtered is a query of words whose hits the filters admit: the words
// find and score the hits; the filters, read without scores or positions,
// are advanced to each hit of the words. It is what a boolean query with
// a filter does, without the boolean and conjunction searchers bleve puts
// around the words, which at a million entries cost as much per hit as
// reading the words' postings.
type filtered struct {
	words, filter query.Query
}

func (q *filtered) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	words, err := q.words.Searcher(ctx, r, m, options)
	if err != nil {
		return nil, err
	}
	filter, err := q.filter.Searcher(ctx, r, m, search.SearcherOptions{Score: "none"})
	if err != nil {
		words.Close()
		return nil, err
	}
	return searcher.NewFilteringSearcher(ctx, words, admit(filter)), nil
}

// admit returns a filter function that accepts the hits of filter. The
// hits it is asked about come in order, so filter only moves forward.
func admit(filter search.Searcher) searcher.FilterFunc {
	var started bool
	var at *search.DocumentMatch // filter's current hit; nil when it is done
	return func(sctx *search.SearchContext, d *search.DocumentMatch) bool {
		var err error
		if !started {
			started = true
			if at, err = filter.Next(sctx); err != nil {
				at = nil
			}
		}
		if at == nil {
			return false
		}
		if at.IndexInternalID.Compare(d.IndexInternalID) < 0 {
			sctx.DocumentMatchPool.Put(at)
			if at, err = filter.Advance(sctx, d.IndexInternalID); err != nil || at == nil {
				at = nil
				return false
			}
		}
		return at.IndexInternalID.Equals(d.IndexInternalID)
	}
}

// plainTerms replaces, in place, each match query of the words that
// analyses to a single term by a query for that term. bleve makes such a
// query a disjunction of one term, whose searcher costs a layer per hit;
// the scores are the same.
func plainTerms(q query.Query, m mapping.IndexMapping) query.Query {
	switch q := q.(type) {
	case *query.MatchQuery:
		if q.Fuzziness != 0 || q.Prefix != 0 {
			return q
		}
		field := q.FieldVal
		if field == "" {
			field = m.DefaultSearchField()
		}
		name := q.Analyzer
		if name == "" {
			name = m.AnalyzerNameForPath(field)
		}
		a := m.AnalyzerNamed(name)
		if a == nil {
			return q
		}
		tokens := a.Analyze([]byte(q.Match))
		if len(tokens) != 1 {
			return q
		}
		t := query.NewTermQuery(string(tokens[0].Term))
		t.SetField(field)
		t.SetBoost(q.BoostVal.Value())
		return t
	case *query.BooleanQuery:
		for _, sub := range []*query.Query{&q.Must, &q.Should, &q.MustNot, &q.Filter} {
			if *sub != nil {
				*sub = plainTerms(*sub, m)
			}
		}
	case *query.ConjunctionQuery:
		for i, sub := range q.Conjuncts {
			q.Conjuncts[i] = plainTerms(sub, m)
		}
	case *query.DisjunctionQuery:
		for i, sub := range q.Disjuncts {
			q.Disjuncts[i] = plainTerms(sub, m)
		}
	}
	return q
}
