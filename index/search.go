package index

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/highlight/highlighter/html"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/scrutineer/scrutineer/corpus"
)

// Limits on a query, so that no request can cost without bound.
const (
	MaxQueryLength = 1000
	MaxLimit       = 200
	MaxWindow      = 10000 // offset + limit
	MaxExpansions  = 5     // wildcard, regular expression and fuzzy terms in one query
	QueryTimeout   = 5 * time.Second
	facetSize      = 30
)

// ErrQuery is a query that cannot be run as asked; its message says why.
var ErrQuery = errors.New("bad query")

// Request is a search.
type Request struct {
	Query     string   `json:"q"`
	Kind      []string `json:"kind,omitempty"`     // recommendation, finding, document
	Polarity  []string `json:"polarity,omitempty"` // strength, concern
	DocType   []string `json:"type,omitempty"`
	Publisher []string `json:"publisher,omitempty"` // any name of the body
	Subject   []string `json:"subject,omitempty"`
	Theme     []string `json:"theme,omitempty"`
	Addressee []string `json:"addressee,omitempty"` // who a recommendation asks to act
	Language  []string `json:"language,omitempty"`  // cy, en
	Year      []string `json:"year,omitempty"`
	DocID     string   `json:"doc_id,omitempty"`
	From      string   `json:"from,omitempty"` // YYYY, YYYY-MM or YYYY-MM-DD, inclusive
	To        string   `json:"to,omitempty"`
	Limit     int      `json:"limit"`
	Offset    int      `json:"offset"`
	Sort      string   `json:"sort"`  // relevance (default) or date
	Group     bool     `json:"group"` // one hit per document, its best, with the others under it
	// AllowEmpty lets a request without words list what the filters select
	// (browsing); the command line asks for words.
	AllowEmpty bool `json:"-"`
}

// Hit is one result: a document or an item.
type Hit struct {
	DocID     string   `json:"doc_id"`
	ItemID    *string  `json:"item_id"`
	Kind      string   `json:"kind"` // "document" for a document hit
	Polarity  string   `json:"polarity,omitempty"`
	Text      string   `json:"text"`
	Title     string   `json:"title"`
	Date      string   `json:"date"`
	Publisher string   `json:"publisher"`
	DocType   string   `json:"doc_type"`
	Subject   string   `json:"subject,omitempty"`
	Source    string   `json:"source,omitempty"`
	Section   string   `json:"section,omitempty"`
	Page      int      `json:"page,omitempty"`
	Start     int      `json:"start,omitempty"`
	End       int      `json:"end,omitempty"`
	Themes    []string `json:"themes,omitempty"`
	Number    string   `json:"number,omitempty"`
	Addressee string   `json:"addressee,omitempty"`
	Score     float64  `json:"score"`
	Highlight string   `json:"highlight"` // HTML: the text escaped, matches in <mark>
	Also      []Hit    `json:"also,omitempty"`
}

// FacetCount is one value of a facet.
type FacetCount struct {
	Term  string `json:"term"`
	Count int    `json:"count"`
}

// Result is the answer to a Request, the shape of `search --json`.
type Result struct {
	Total  uint64                  `json:"total"`
	TookMS float64                 `json:"took_ms"`
	Hits   []Hit                   `json:"hits"`
	Facets map[string][]FacetCount `json:"facets"`
	// NotIndexed is how many stored documents the index does not hold yet
	// (an ingest or reindex cut short): the results may lack them. Set by
	// the caller, which knows the store.
	NotIndexed int `json:"not_indexed,omitempty"`
	// Read is how the words were read: "care AND leavers".
	Read string `json:"query_read,omitempty"`
	// Suggest is a query to try instead, when this one found nothing and
	// has a word the index does not know ("retrun" → "return").
	Suggest string `json:"did_you_mean,omitempty"`
	// Documents is, for a grouped request, how many documents the results
	// fall in; More says there are more than that, past the grouping window.
	Documents uint64 `json:"documents,omitempty"`
	More      bool   `json:"more,omitempty"`
}

// FacetNames are the facets every result counts.
var FacetNames = []string{"year", "doc_type", "publisher", "theme", "kind", "polarity", "subject", "addressee", "language"}

var (
	leadingWildcard = regexp.MustCompile(`(^|[\s:(+\-])[*?]`)
	expansion       = regexp.MustCompile(`[*?]|~\d*|/[^/]+/`)
)

// checkQuery refuses queries whose cost cannot be bounded.
func checkQuery(q string) error {
	switch {
	case len(q) > MaxQueryLength:
		return fmt.Errorf("%w: longer than %d characters", ErrQuery, MaxQueryLength)
	case leadingWildcard.MatchString(q):
		return fmt.Errorf("%w: a term may not start with a wildcard", ErrQuery)
	case len(expansion.FindAllString(q, -1)) > MaxExpansions:
		return fmt.Errorf("%w: more than %d wildcard, fuzzy or regular expression terms", ErrQuery, MaxExpansions)
	}
	return nil
}

// build turns a Request into a bleve query, and returns the part of it
// that is the words (nil when there are none).
func (r *Request) build(m mapping.IndexMapping) (q query.Query, words query.Query, read string, err error) {
	text := strings.TrimSpace(r.Query)
	switch {
	case text != "":
		if err := checkQuery(text); err != nil {
			return nil, nil, "", err
		}
		parsed, reading, err := parseQuery(text)
		if err != nil {
			return nil, nil, "", err
		}
		words, read = plainTerms(parsed, m), reading
	case !r.AllowEmpty:
		return nil, nil, "", fmt.Errorf("%w: empty query", ErrQuery)
	}
	must, err := r.filters()
	if err != nil {
		return nil, nil, "", err
	}
	switch {
	case words == nil && len(must) == 0:
		return query.NewMatchAllQuery(), nil, read, nil
	case words == nil:
		return query.NewConjunctionQuery(must), nil, read, nil
	case len(must) == 0:
		return words, words, read, nil
	}
	// The words find and score the hits; the filters only admit them
	// (filtered.go).
	filter := must[0]
	if len(must) > 1 {
		filter = query.NewConjunctionQuery(must)
	}
	return &filtered{words: words, filter: filter}, words, read, nil
}

// filters are the queries a hit must match: one a facet asked for (any of
// its values), and the dates.
func (r *Request) filters() ([]query.Query, error) {
	var must []query.Query
	add := func(qs []query.Query) {
		switch len(qs) {
		case 0:
		case 1:
			must = append(must, qs[0]) // a disjunction of one costs more than its term
		default:
			must = append(must, query.NewDisjunctionQuery(qs))
		}
	}
	anyOf := func(field string, values []string) {
		var qs []query.Query
		for _, part := range splitValues(values) {
			qs = append(qs, termQuery(field, part))
		}
		add(qs)
	}
	add(kindQueries(r.Kind))
	anyOf(fPolarity, r.Polarity)
	anyOf(fDocType, r.DocType)
	anyOf(fThemes, r.Theme)
	anyOf(fYear, r.Year)
	anyOf(fSubject, r.Subject)
	anyOf(fAddressee, r.Addressee)
	anyOf(fLanguage, r.Language)
	if r.DocID != "" {
		must = append(must, termQuery(fDocID, r.DocID))
	}
	if len(r.Publisher) > 0 {
		var names []string
		for _, p := range splitValues(r.Publisher) {
			names = append(names, corpus.BodyNames(p)...)
		}
		anyOf(fPublisher, names)
	}
	if r.From != "" || r.To != "" {
		dates, err := dateFilter(r.From, r.To)
		if err != nil {
			return nil, err
		}
		must = append(must, dates)
	}
	return must, nil
}

// splitValues is the values of a filter, each of which may be a
// comma-separated list, trimmed, without empty ones.
func splitValues(values []string) []string {
	var out []string
	for _, v := range values {
		for _, part := range strings.Split(v, ",") {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, part)
			}
		}
	}
	return out
}

// kindQueries are the queries of the kinds asked for: "document",
// "recommendation", "finding", and "concern" or "strength" for a finding
// of that polarity (what trace's matrix counts).
func kindQueries(kinds []string) []query.Query {
	var qs []query.Query
	for _, part := range splitValues(kinds) {
		switch part {
		case TypeDocument:
			qs = append(qs, termQuery(fType, TypeDocument))
		case string(corpus.Concern), string(corpus.Strength):
			qs = append(qs, query.NewConjunctionQuery([]query.Query{termQuery(fKind, string(corpus.Finding)), termQuery(fPolarity, part)}))
		default:
			qs = append(qs, termQuery(fKind, part))
		}
	}
	return qs
}

func orTerms(field string, values []string) query.Query {
	if len(values) == 1 {
		return termQuery(field, values[0])
	}
	var qs []query.Query
	for _, v := range values {
		qs = append(qs, termQuery(field, v))
	}
	return query.NewDisjunctionQuery(qs)
}

// storedFields are the fields a hit carries back.
var storedFields = []string{fType, fDocID, fSource, fItemID, fTitle, fSnippet, fText, fKind, fPolarity, fDocType, fPublisher, fSubject, fNumber, fAddressee,
	fDateText, fSection, fPage, fStart, fEnd, fThemes}

// Search runs a request.
func (ix *Index) Search(ctx context.Context, r Request) (*Result, error) {
	if r.Limit <= 0 {
		r.Limit = 20
	}
	if r.Limit > MaxLimit {
		return nil, fmt.Errorf("%w: limit %d is over %d", ErrQuery, r.Limit, MaxLimit)
	}
	if r.Offset < 0 || r.Offset > MaxWindow-r.Limit { // not Offset+Limit, which can overflow
		return nil, fmt.Errorf("%w: results past %d are not served; narrow the search", ErrQuery, MaxWindow)
	}
	if r.From != "" && r.To != "" && r.From > r.To && !strings.HasPrefix(r.From, r.To) {
		return nil, fmt.Errorf("%w: from %s is after to %s", ErrQuery, r.From, r.To)
	}
	if err := ix.resolveFilters(&r); err != nil {
		return nil, err
	}
	q, words, read, err := r.build(ix.shards[0].Mapping())
	if err != nil {
		return nil, err
	}
	size, from := r.Limit, r.Offset
	if r.Group {
		size, from = min(MaxWindow, (r.Offset+r.Limit)*8), 0
	}
	facets := &tally{}
	counting := &counted{Query: q, tally: facets, size: ix.facets.size()}
	if ix.cols.warmed.Load() {
		counting.cols = &ix.cols
	}
	req := bleve.NewSearchRequestOptions(counting, size, from, false)
	req.Fields = storedFields
	if r.Sort == "date" {
		req.SortBy([]string{"-" + fDateText, "-_score"})
	} else if r.Sort != "" && r.Sort != "relevance" {
		return nil, fmt.Errorf("%w: sort must be relevance or date", ErrQuery)
	}
	ctx, cancel := context.WithTimeout(ctx, QueryTimeout)
	defer cancel()
	fail := func(err error) error {
		if ctx.Err() != nil {
			return fmt.Errorf("%w: took longer than %s", ErrQuery, QueryTimeout)
		}
		if strings.Contains(err.Error(), "TooManyClauses") {
			return fmt.Errorf("%w: a wildcard or fuzzy term matches too many words", ErrQuery)
		}
		return fmt.Errorf("search: %w", err)
	}
	res, err := ix.alias.SearchInContext(ctx, req)
	if err != nil {
		return nil, fail(err)
	}
	out := &Result{Total: res.Total, TookMS: float64(res.Took.Microseconds()) / 1000, Hits: make([]Hit, 0, len(res.Hits)), Read: read}
	for _, h := range res.Hits {
		out.Hits = append(out.Hits, hitOf(h))
	}
	if r.Group {
		var docs int
		out.Hits, docs = group(out.Hits, r.Offset, r.Limit)
		out.Documents = uint64(docs)
		out.More = uint64(size) < res.Total // the window did not reach every result
	}
	if err := ix.highlight(ctx, words, out.Hits); err != nil {
		return nil, fail(err)
	}
	out.Facets = ix.countFacets(facets.counts)
	if out.Total == 0 && r.Query != "" {
		out.Suggest = ix.suggestion(r.Query)
	}
	return out, nil
}

// highlight marks the words in the hits shown (and those grouped under
// them). The search itself reads no term positions: reading them for
// every hit (tens of thousands at a million entries) costs more than the
// search. The words are looked up again in the hits shown only.
func (ix *Index) highlight(ctx context.Context, words query.Query, hits []Hit) error {
	if words == nil || len(hits) == 0 {
		return nil
	}
	shown := map[string]*Hit{}
	var add func(hs []Hit)
	add = func(hs []Hit) {
		for i := range hs {
			shown[hs[i].key()] = &hs[i]
			add(hs[i].Also)
		}
	}
	add(hits)
	keys := make([]string, 0, len(shown))
	for k := range shown {
		keys = append(keys, k)
	}
	q := query.NewConjunctionQuery([]query.Query{query.NewDocIDQuery(keys), words})
	req := bleve.NewSearchRequestOptions(q, len(keys), 0, false)
	req.Highlight = bleve.NewHighlightWithStyle(html.Name)
	req.Highlight.AddField(fText)
	res, err := ix.alias.SearchInContext(ctx, req)
	if err != nil {
		return err
	}
	for _, h := range res.Hits {
		if frags := h.Fragments[fText]; len(frags) > 0 && shown[h.ID] != nil {
			shown[h.ID].Highlight = strings.Join(frags, " … ")
		}
	}
	return nil
}

// key is the hit's key in the index.
func (h *Hit) key() string {
	if h.ItemID != nil {
		return itemKey(*h.ItemID)
	}
	return docKey(h.DocID)
}

// countFacets adds up the values of the facet codes counted in a search.
func (ix *Index) countFacets(byCode []int) map[string][]FacetCount {
	out := ix.facets.top(byCode, facetSize)
	for _, name := range FacetNames {
		if out[name] == nil {
			out[name] = []FacetCount{}
		}
	}
	return out
}

func str(h *search.DocumentMatch, field string) string {
	if v, ok := h.Fields[field].(string); ok {
		return v
	}
	return ""
}

func num(h *search.DocumentMatch, field string) int {
	if v, ok := h.Fields[field].(float64); ok {
		return int(v)
	}
	return 0
}

func strs(h *search.DocumentMatch, field string) []string {
	switch v := h.Fields[field].(type) {
	case string:
		return []string{v}
	case []interface{}:
		out := make([]string, 0, len(v))
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

func hitOf(h *search.DocumentMatch) Hit {
	hit := Hit{
		DocID: str(h, fDocID), Kind: str(h, fKind), Polarity: str(h, fPolarity), Text: str(h, fSnippet),
		Title: str(h, fTitle), Date: str(h, fDateText), Publisher: str(h, fPublisher), DocType: str(h, fDocType),
		Subject: str(h, fSubject), Source: str(h, fSource), Section: str(h, fSection), Page: num(h, fPage), Start: num(h, fStart), End: num(h, fEnd),
		Themes: strs(h, fThemes), Score: h.Score, Number: str(h, fNumber), Addressee: str(h, fAddressee),
	}
	if str(h, fType) == TypeDocument {
		hit.Kind = TypeDocument
	} else if id := str(h, fItemID); id != "" {
		hit.ItemID = &id
	}
	if hit.Text == "" {
		hit.Text = str(h, fText) // an item's whole text is stored once, as its text
	}
	hit.Highlight = escape(hit.Text) // until highlight marks the words in it
	return hit
}

// group keeps each document's best hit, in order, with its other hits under it.
func group(hits []Hit, offset, limit int) ([]Hit, int) {
	var out []Hit
	pos := map[string]int{}
	for _, h := range hits {
		if i, ok := pos[h.DocID]; ok {
			if len(out[i].Also) < 5 {
				out[i].Also = append(out[i].Also, h)
			}
			continue
		}
		pos[h.DocID] = len(out)
		out = append(out, h)
	}
	if offset >= len(out) {
		return []Hit{}, len(out)
	}
	return out[offset:min(len(out), offset+limit)], len(out)
}

var htmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;")

func escape(s string) string { return htmlEscaper.Replace(s) }

// yearsFrom lists the years a to b.
func yearsFrom(a, b int) []string {
	out := make([]string, 0, b-a+1)
	for y := a; y <= b; y++ {
		out = append(out, strconv.Itoa(y))
	}
	return out
}

// isYear says whether s is a plain year.
func isYear(s string) bool {
	return len(s) == 4 && strings.Trim(s, "0123456789") == ""
}

// dateFilter selects entries dated from..to (inclusive; either may be
// empty). Whole years become year terms, which are far cheaper to
// intersect than a date range; other bounds use the date field.
func dateFilter(from, to string) (query.Query, error) {
	if (from == "" || isYear(from)) && (to == "" || isYear(to)) {
		a, b := minRangeYear, maxRangeYear
		if from != "" {
			a, _ = strconv.Atoi(from)
		}
		if to != "" {
			b, _ = strconv.Atoi(to)
		}
		if a >= minRangeYear && b <= maxRangeYear && a <= b {
			return orTerms(fYear, yearsFrom(a, b)), nil
		}
	}
	var start, end time.Time
	var ok bool
	if from != "" {
		if start, ok = parseDate(from, false); !ok {
			return nil, fmt.Errorf("%w: --from %q is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", ErrQuery, from)
		}
	}
	if to != "" {
		if end, ok = parseDate(to, true); !ok {
			return nil, fmt.Errorf("%w: --to %q is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", ErrQuery, to)
		}
		end = end.Add(24*time.Hour - time.Nanosecond) // the whole last day
	}
	inclusive := true
	dr := query.NewDateRangeInclusiveQuery(start, end, &inclusive, &inclusive)
	dr.SetField(fDate)
	return dr, nil
}

// simplify unwraps what the query-string parser wraps a single clause in
// (a boolean query with one "should" clause, or a disjunction of one), so
// that the searcher iterates the clause directly.
func simplify(q query.Query) query.Query {
	for {
		switch b := q.(type) {
		case *query.BooleanQuery:
			if b.Must == nil && b.MustNot == nil && b.Filter == nil {
				if d, ok := b.Should.(*query.DisjunctionQuery); ok && len(d.Disjuncts) == 1 {
					q = d.Disjuncts[0]
					continue
				}
			}
		case *query.DisjunctionQuery:
			if len(b.Disjuncts) == 1 {
				q = b.Disjuncts[0]
				continue
			}
		}
		return q
	}
}
