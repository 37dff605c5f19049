package index

import (
	"container/heap"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
)

// Facets are counted from bleve's doc values, read for every hit, so the
// terms an entry holds there decide what counting costs: at a million
// entries nearly every chunk of doc values is decompressed for any query,
// and every term of every hit is counted in a map. An entry therefore
// holds a few short codes, each standing for a combination of values, not
// its nine or so values: one for its document's year, type and publisher,
// one for its subject, and one for an item's kind, polarity and themes (a
// document's themes are many, so each has a code of its own). Each code
// stands for few combinations, so the codes stay short and a search counts
// few distinct ones, then adds each code's count to the values it stands
// for.
//
// The dictionary from code to values is kept inside the index (bleve's
// internal key-value space), in chunks written in the same batch as the
// entries that first use their codes, so the two never disagree.
type facetCodes struct {
	mu   sync.RWMutex
	code map[string]string // values joined by sep -> code
	// sets[pos] are the values of the code made pos-th (code(pos)), as ids
	// into names; nil for a position not read back (yet)
	sets  [][]int32
	names []string         // value id -> "kind:recommendation"
	ids   map[string]int32 // "kind:recommendation" -> value id
	// saved[shard] is how many codes the shard's dictionary holds
	saved map[int]int
}

const sep = "\x1f"

// facetDictKey prefixes the keys of the dictionary's chunks: the chunk at
// facetDictKey+"N" holds the codes from the Nth on.
const facetDictKey = "scrutineer-facet-codes/"

// loadFacetCodes reads the dictionary saved in each shard. Each shard holds
// every code made before its last batch, so their union is the whole of it.
func loadFacetCodes(shards []bleve.Index) (*facetCodes, error) {
	fc := &facetCodes{code: map[string]string{}, ids: map[string]int32{}, saved: map[int]int{}}
	for i, bi := range shards {
		n := 0
		for {
			raw, err := bi.GetInternal([]byte(facetDictKey + strconv.Itoa(n)))
			if err != nil {
				return nil, err
			}
			if len(raw) == 0 {
				break
			}
			var chunk []string // values joined by sep, in code order from n
			if err := json.Unmarshal(raw, &chunk); err != nil {
				return nil, fmt.Errorf("chunk %d: %w", n, err)
			}
			for k, joined := range chunk {
				fc.add(n+k, joined)
			}
			n += len(chunk)
		}
		fc.saved[i] = n
	}
	for pos, set := range fc.sets {
		if set == nil {
			return nil, fmt.Errorf("the dictionary has no code %s", code(pos))
		}
	}
	return fc, nil
}

// code is the code of the pos-th combination.
func code(pos int) string { return strconv.FormatInt(int64(pos), 36) }

// add records the combination read back at position pos.
func (fc *facetCodes) add(pos int, joined string) {
	for len(fc.sets) <= pos {
		fc.sets = append(fc.sets, nil)
	}
	if fc.sets[pos] == nil {
		fc.record(pos, joined)
	}
}

// record makes the code at pos stand for the values joined.
func (fc *facetCodes) record(pos int, joined string) {
	fc.code[joined] = code(pos)
	var set []int32
	for _, v := range strings.Split(joined, sep) {
		id, ok := fc.ids[v]
		if !ok {
			id = int32(len(fc.names))
			fc.ids[v] = id
			fc.names = append(fc.names, v)
		}
		set = append(set, id)
	}
	fc.sets[pos] = set
}

// encode returns the codes of an entry's groups of values, making new
// ones as needed.
func (fc *facetCodes) encode(groups ...[]string) []string {
	out := make([]string, 0, len(groups))
	fc.mu.Lock()
	defer fc.mu.Unlock()
	for _, vs := range groups {
		if len(vs) == 0 {
			continue
		}
		slices.Sort(vs)
		joined := strings.Join(slices.Compact(vs), sep)
		c, ok := fc.code[joined]
		if !ok {
			pos := len(fc.sets)
			fc.sets = append(fc.sets, nil)
			fc.record(pos, joined)
			c = fc.code[joined]
		}
		out = append(out, c)
	}
	return out
}

// size is the number of codes.
func (fc *facetCodes) size() int {
	fc.mu.RLock()
	defer fc.mu.RUnlock()
	return len(fc.sets)
}

// top adds up the values of the codes counted in a search (counts by code
// position) and returns, per facet, the size values counted most (then by
// value).
func (fc *facetCodes) top(byCode []int, size int) map[string][]FacetCount {
	fc.mu.RLock()
	defer fc.mu.RUnlock()
	counts := make([]int, len(fc.names))
	for pos, n := range byCode {
		if n > 0 && pos < len(fc.sets) {
			for _, id := range fc.sets[pos] {
				counts[id] += n
			}
		}
	}
	// a facet may have thousands of values (subjects): keep the best
	// size of each in a heap rather than sorting them all
	heaps := map[string]*facetHeap{}
	for id, n := range counts {
		if n == 0 {
			continue
		}
		name, value, _ := strings.Cut(fc.names[id], ":")
		h := heaps[name]
		if h == nil {
			h = &facetHeap{}
			heaps[name] = h
		}
		c := FacetCount{Term: value, Count: n}
		switch {
		case len(*h) < size:
			heap.Push(h, c)
		case worse((*h)[0], c):
			(*h)[0] = c
			heap.Fix(h, 0)
		}
	}
	out := make(map[string][]FacetCount, len(heaps))
	for name, h := range heaps {
		fs := []FacetCount(*h)
		sort.Slice(fs, func(i, j int) bool { return worse(fs[j], fs[i]) })
		out[name] = fs
	}
	return out
}

// worse says whether a ranks below b: fewer, or as many and later by value.
func worse(a, b FacetCount) bool {
	if a.Count != b.Count {
		return a.Count < b.Count
	}
	return a.Term > b.Term
}

// facetHeap holds the best values of a facet, the worst on top.
type facetHeap []FacetCount

func (h facetHeap) Len() int           { return len(h) }
func (h facetHeap) Less(i, j int) bool { return worse(h[i], h[j]) }
func (h facetHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *facetHeap) Push(x any)        { *h = append(*h, x.(FacetCount)) }
func (h *facetHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// saveTo adds to a shard's batch the codes made since the shard last
// committed, so a batch never holds a code its shard's dictionary lacks.
// The returned function is called once the batch is committed; until then
// the codes count as unsaved and go into the shard's next batch again.
func (fc *facetCodes) saveTo(shard int, b *bleve.Batch) (func(), error) {
	fc.mu.RLock()
	from, to := fc.saved[shard], len(fc.sets)
	chunk := make([]string, 0, to-from)
	for pos := from; pos < to; pos++ {
		vs := make([]string, 0, len(fc.sets[pos]))
		for _, id := range fc.sets[pos] {
			vs = append(vs, fc.names[id])
		}
		chunk = append(chunk, strings.Join(vs, sep))
	}
	fc.mu.RUnlock()
	if from == to {
		return func() {}, nil
	}
	raw, err := json.Marshal(chunk)
	if err != nil {
		return nil, err
	}
	b.SetInternal([]byte(facetDictKey+strconv.Itoa(from)), raw)
	return func() {
		fc.mu.Lock()
		fc.saved[shard] = max(fc.saved[shard], to)
		fc.mu.Unlock()
	}, nil
}
