package index

import (
	"encoding/json"
	"strconv"
	"sync"

	"github.com/blevesearch/bleve/v2"
)

// Facet values are indexed as short codes ("1f") rather than as text
// ("subject:Aberfield Metropolitan Borough Council"): counting facets reads
// each hit's values from bleve's doc values, and short codes make that
// several times cheaper. The dictionary from code to value is kept inside
// the index (bleve's internal key-value space), written in the same batch
// as the entries that first use a code, so the two never disagree.
type facetCodes struct {
	mu    sync.RWMutex
	code  map[string]string // "kind:recommendation" -> "3"
	value map[string]string // "3" -> "kind:recommendation"
	// version counts additions; saved[shard] is the version last written to it
	version int
	saved   map[int]int
}

var facetDictKey = []byte("scrutineer-facet-codes")

// loadFacetCodes reads the dictionary saved in each shard: each holds the
// whole dictionary as it was when that shard last received a new code, so
// their union is the whole of it.
func loadFacetCodes(shards []bleve.Index) (*facetCodes, error) {
	fc := &facetCodes{code: map[string]string{}, value: map[string]string{}, saved: map[int]int{}}
	for _, bi := range shards {
		raw, err := bi.GetInternal(facetDictKey)
		if err != nil {
			return nil, err
		}
		if len(raw) == 0 {
			continue
		}
		var m map[string]string
		if err := json.Unmarshal(raw, &m); err != nil {
			return nil, err
		}
		for v, c := range m {
			fc.code[v] = c
			fc.value[c] = v
		}
	}
	return fc, nil
}

// encode returns the codes of values, adding new ones.
func (fc *facetCodes) encode(values []string) []string {
	out := make([]string, len(values))
	fc.mu.Lock()
	defer fc.mu.Unlock()
	for i, v := range values {
		c, ok := fc.code[v]
		if !ok {
			c = strconv.FormatInt(int64(len(fc.code)), 36)
			fc.code[v] = c
			fc.value[c] = v
			fc.version++
		}
		out[i] = c
	}
	return out
}

// decode returns the value of a code.
func (fc *facetCodes) decode(c string) (string, bool) {
	fc.mu.RLock()
	defer fc.mu.RUnlock()
	v, ok := fc.value[c]
	return v, ok
}

// saveTo adds the whole dictionary to a shard's batch when codes were
// added since that shard last got it, so a batch never holds a code its
// shard's saved dictionary lacks.
func (fc *facetCodes) saveTo(shard int, b *bleve.Batch) error {
	fc.mu.Lock()
	defer fc.mu.Unlock()
	if fc.saved[shard] == fc.version {
		return nil
	}
	fc.saved[shard] = fc.version
	raw, err := json.Marshal(fc.code)
	if err != nil {
		return err
	}
	b.SetInternal(facetDictKey, raw)
	return nil
}
