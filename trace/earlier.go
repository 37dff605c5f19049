package trace

import (
	"sort"
)

// "Was this recommended before?" for one item: the items printed earlier
// (in any kind of document: an inspection, a statement, a response, a
// review) that are most alike, those about the same body first, each with
// a score from 0 to 1 and what the two share.

// EarlierItem is an item printed before the one asked about.
type EarlierItem struct {
	Input
	Score       float64  `json:"score"`        // 0 to 1
	SameSubject bool     `json:"same_subject"` // about the same body
	Shared      []string `json:"shared"`       // what the two share, most telling first
}

// minEarlier is the least score of an earlier item worth showing.
const minEarlier = 0.1

// Finder answers "was this recommended before?" for the items of one
// set of inputs, built once.
type Finder struct {
	m  *model
	at map[string]int
}

// NewFinder builds a Finder over in that scores pairs as linking does by
// default.
func NewFinder(in []Input) *Finder { return NewFinderWith(in, Options{}) }

// NewFinderWith builds a Finder over in that scores pairs with the method
// and linker of o.
func NewFinderWith(in []Input, o Options) *Finder {
	in = linked(in)
	o.defaults(len(in))
	f := &Finder{m: build(in, o.Background), at: make(map[string]int, len(in))}
	f.m.linker = o.Linker
	for i, it := range in {
		f.at[it.ItemID] = i
	}
	return f
}

// Has says whether the Finder knows the item.
func (f *Finder) Has(itemID string) bool {
	_, ok := f.at[itemID]
	return ok
}

// Earlier returns up to k items of in printed before the item itemID
// (in a document dated earlier), most alike first, those about the same
// subject before the others; nil when itemID is not in in.
func Earlier(in []Input, itemID string, k int) []EarlierItem {
	return NewFinder(in).Earlier(itemID, k)
}

// Earlier is Earlier over the Finder's inputs.
func (f *Finder) Earlier(itemID string, k int) []EarlierItem {
	q, ok := f.at[itemID]
	m := f.m
	if !ok || m.in[q].Date == "" {
		return nil
	}
	subject := subjectKey(m.in[q].Subject)
	var out []EarlierItem
	var idx []int
	for j, it := range m.in {
		if j == q || it.DocID == m.in[q].DocID || len(it.Date) < 4 || it.Date >= m.in[q].Date {
			continue
		}
		if sharedFeatures(m.vecs[q], m.vecs[j]) < minShared {
			continue
		}
		s := min(m.pairScore(q, j), 1)
		if s < minEarlier {
			continue
		}
		out = append(out, EarlierItem{Input: it, Score: round3(s), SameSubject: subject != "" && subjectKey(it.Subject) == subject})
		idx = append(idx, j)
	}
	order := make([]int, len(out))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		x, y := out[order[a]], out[order[b]]
		if x.SameSubject != y.SameSubject {
			return x.SameSubject
		}
		return x.Score > y.Score
	})
	if len(order) > k {
		order = order[:k]
	}
	res := make([]EarlierItem, len(order))
	for i, o := range order {
		res[i] = out[o]
		res[i].Shared = m.shared(q, idx[o])
	}
	return res
}
