package index

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// Facets are counted as the hits are found, from columns of facet codes
// held in memory per index segment, rather than by bleve's facet builder.
// That builder reads each hit's terms from doc values: it decompresses a
// chunk of them for nearly every hit at a million entries, turns each term
// into a string for a map, and sorts every distinct term of every shard.
// That was two thirds of the time of a filtered query with facets. A
// segment never changes once written, so its column, read once from the
// doc values, stays true as long as the segment lives; a hit's codes are
// then two array lookups away.

// column holds the facet codes of each entry of one segment: those of
// entry d are codes[start[d]:start[d+1]] (positions in the dictionary).
type column struct {
	once  sync.Once
	start []uint32
	codes []uint32
	err   error
	used  time.Time // guarded by columns.mu
}

// columns caches the column of every live segment of an index's shards.
// Until Warm has read them all, searches read the doc values of their hits
// instead: reading the columns costs more than one search, which a
// command that runs one search would pay for nothing.
type columns struct {
	mu     sync.Mutex
	segs   map[segment.Segment]*column
	pruned time.Time
	warmed atomic.Bool
}

// unusedFor is how long a column no search has asked for is kept: every
// search reads every live segment, so an unused column is a merged-away
// segment's, or the index is idle.
const unusedFor = 10 * time.Minute

// of returns the column of seg, reading it on first use.
func (c *columns) of(seg segment.Segment) (*column, error) {
	now := time.Now()
	c.mu.Lock()
	if c.segs == nil {
		c.segs = map[segment.Segment]*column{}
	}
	col := c.segs[seg]
	if col == nil {
		col = &column{}
		c.segs[seg] = col
	}
	col.used = now
	if now.Sub(c.pruned) > time.Minute {
		c.pruned = now
		for s, old := range c.segs {
			if now.Sub(old.used) > unusedFor {
				delete(c.segs, s)
			}
		}
	}
	c.mu.Unlock()
	col.once.Do(func() { col.err = col.read(seg) })
	return col, col.err
}

// read fills the column from the segment's doc values.
func (col *column) read(seg segment.Segment) error {
	dv, ok := seg.(segment.DocValueVisitable)
	if !ok {
		return fmt.Errorf("segment %T has no doc values", seg)
	}
	n := seg.Count()
	col.start = make([]uint32, 0, n+1)
	col.codes = make([]uint32, 0, 3*n)
	fields := []string{fFacets}
	var state segment.DocVisitState
	var err error
	visit := func(_ string, term []byte) {
		if pos, ok := codePosition(term); ok {
			col.codes = append(col.codes, pos)
		}
	}
	for d := uint64(0); d < n; d++ {
		col.start = append(col.start, uint32(len(col.codes)))
		if state, err = dv.VisitDocValues(d, fields, visit, state); err != nil {
			return err
		}
	}
	col.start = append(col.start, uint32(len(col.codes)))
	return nil
}

// codePosition reads a code (base 36) as its position in the dictionary.
func codePosition(term []byte) (uint32, bool) {
	if len(term) == 0 || len(term) > 6 {
		return 0, false
	}
	var n uint32
	for _, b := range term {
		switch {
		case b >= '0' && b <= '9':
			n = n*36 + uint32(b-'0')
		case b >= 'a' && b <= 'z':
			n = n*36 + uint32(b-'a'+10)
		default:
			return 0, false
		}
	}
	return n, true
}

// warm reads the columns of every segment of the shards, so that the
// first search after opening (or after a merge) does not pay for it.
func (c *columns) warm(shards []bleve.Index) error {
	for _, bi := range shards {
		adv, err := bi.Advanced()
		if err != nil {
			return err
		}
		r, err := adv.Reader()
		if err != nil {
			return err
		}
		snap, ok := r.(*scorch.IndexSnapshot)
		if !ok || snap == nil { // not scorch's, or closed (a server shutting down)
			return errClosed
		}
		for _, ss := range snap.Segments() {
			if _, err := c.of(ss.Segment()); err != nil {
				r.Close()
				return err
			}
		}
		r.Close()
	}
	c.warmed.Store(true)
	return nil
}

// bytes is the memory the columns hold.
func (c *columns) bytes() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, col := range c.segs {
		n += 4 * (cap(col.start) + cap(col.codes))
	}
	return n
}

var errClosed = errors.New("the index is closed")

// tally adds up the facet codes of a search's hits, over all its shards.
type tally struct {
	mu     sync.Mutex
	counts []int // by code position
}

func (t *tally) add(counts []int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.counts) < len(counts) {
		t.counts = append(t.counts, make([]int, len(counts)-len(t.counts))...)
	}
	for i, n := range counts {
		t.counts[i] += n
	}
}

// counted is a query whose hits have their facet codes counted.
type counted struct {
	query.Query
	cols  *columns // nil: read each hit's codes from the doc values
	tally *tally
	size  int // codes in the dictionary when the search began
}

func (q *counted) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	s, err := q.Query.Searcher(ctx, r, m, options)
	if err != nil {
		return nil, err
	}
	cs := &countingSearcher{Searcher: s, tally: q.tally, counts: make([]int, q.size)}
	if snap, ok := r.(*scorch.IndexSnapshot); ok && q.cols != nil {
		var at uint64
		for _, ss := range snap.Segments() {
			col, err := q.cols.of(ss.Segment())
			if err != nil {
				s.Close()
				return nil, fmt.Errorf("facet codes: %w", err)
			}
			cs.offsets = append(cs.offsets, at)
			cs.cols = append(cs.cols, col)
			at += ss.Segment().Count()
		}
	} else if cs.dv, err = r.DocValueReader([]string{fFacets}); err != nil {
		s.Close()
		return nil, err
	}
	return cs, nil
}

// countingSearcher counts the facet codes of each hit it passes on.
type countingSearcher struct {
	search.Searcher
	tally   *tally
	counts  []int
	offsets []uint64 // the first entry number of each segment
	cols    []*column
	seg     int
	dv      index.DocValueReader // for a reader that is not scorch's
}

func (s *countingSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	d, err := s.Searcher.Next(ctx)
	if d != nil {
		s.count(d.IndexInternalID)
	}
	return d, err
}

func (s *countingSearcher) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	d, err := s.Searcher.Advance(ctx, id)
	if d != nil {
		s.count(d.IndexInternalID)
	}
	return d, err
}

func (s *countingSearcher) count(id index.IndexInternalID) {
	if s.dv != nil {
		_ = s.dv.VisitDocValues(id, func(_ string, term []byte) {
			if pos, ok := codePosition(term); ok {
				s.add(pos)
			}
		})
		return
	}
	n := id.Value()
	// hits come in order, so the segment is the last one's or a later one
	if s.seg >= len(s.offsets) || n < s.offsets[s.seg] {
		s.seg = 0
	}
	if s.seg+1 < len(s.offsets) && n >= s.offsets[s.seg+1] {
		s.seg = sort.Search(len(s.offsets), func(i int) bool { return s.offsets[i] > n }) - 1
	}
	if s.seg < 0 || s.seg >= len(s.cols) {
		return
	}
	col, local := s.cols[s.seg], n-s.offsets[s.seg]
	if local+1 >= uint64(len(col.start)) {
		return
	}
	for _, pos := range col.codes[col.start[local]:col.start[local+1]] {
		s.add(pos)
	}
}

func (s *countingSearcher) add(pos uint32) {
	if int(pos) >= len(s.counts) {
		s.counts = append(s.counts, make([]int, int(pos)+1-len(s.counts))...)
	}
	s.counts[pos]++
}

func (s *countingSearcher) Close() error {
	s.tally.add(s.counts)
	return s.Searcher.Close()
}
