package trace

import (
	"math"
	"sort"
	"strings"

	"github.com/scrutineer/scrutineer/corpus"
)

// Input is one item to trace, with what it needs of its document.
type Input struct {
	ItemID    string          `json:"item_id"`
	DocID     string          `json:"doc_id"`
	Date      string          `json:"date"`
	Subject   string          `json:"subject"`
	Title     string          `json:"title"`
	Publisher string          `json:"publisher"`
	DocType   string          `json:"doc_type,omitempty"`
	Kind      corpus.Kind     `json:"kind"`
	Polarity  corpus.Polarity `json:"polarity,omitempty"`
	Text      string          `json:"text"`
	Section   string          `json:"section,omitempty"`
	Cue       string          `json:"cue,omitempty"`
	Themes    []string        `json:"themes"`
	Source    string          `json:"source,omitempty"`
	Page      int             `json:"page,omitempty"`
	Part      string          `json:"part,omitempty"` // corpus.PartBoard for a safeguarding board's part
	// Response and ResponseStatus are, for a recommendation restated in a
	// response, what the response says of it and the status it states:
	// what came of it.
	Response       string `json:"response,omitempty"`
	ResponseStatus string `json:"response_status,omitempty"`
}

// Options tune linking.
type Options struct {
	// Threshold is the least pair score that links two items. The default
	// was chosen on the hand-judged threads of ../shared/corpus (see the
	// README); raise it for fewer, surer links.
	Threshold float64
	// Cohesion is the least average score between two groups for them to
	// join into one thread, as a share of Threshold.
	Cohesion float64
	// Scope is "subject" (link only items about the same body; the
	// default) or "all".
	Scope string
	// Sure is the score at which a pair links even when either item has a
	// better match in the other's document (a report may raise one issue
	// in two recommendations); 0 means a third above Threshold.
	Sure float64
	// ThemeBonus is added to a pair's score times the Jaccard agreement of
	// the two items' themes; 0 (the default) leaves themes out. Themes are
	// broad areas that most items of one council share, so on the
	// hand-judged threads they cost precision; agreement on the issue
	// itself is counted through the concepts (the issues of corpus/rules/themes.txt).
	ThemeBonus float64
	// MaxPostings skips, for candidate generation, stems found in more
	// items than this (they cannot tell issues apart); 0 means a default
	// that grows with the square root of the number of items.
	MaxPostings int
	// Method is "learned" (the default: a linker trained on hand-judged
	// threads scores pairs, rules/linker.json) or "hand" (the hand-set
	// score of score()).
	Method string
	// Linker is the linker of the learned method; nil means the one
	// rules/linker.json holds. A pair links when its probability is at
	// least the linker's threshold (or Threshold, when set), and a group
	// joins another when the mean probability of their pairs is at least
	// Cohesion times that.
	Linker *Linker
	// Background, when set, is what a word's rarity is measured against:
	// the term counts of a larger set the inputs are part of (the whole
	// store, when one subject is traced again). Nil means the inputs.
	Background *Background
}

// Background is how many items of a set hold each term (stems and
// concepts), and how many items there are: the document frequencies
// rarity is measured by. Counts over disjoint sets add up.
type Background struct {
	N  int              `json:"n"`
	DF map[string]int32 `json:"df"`
}

// CountTerms counts the terms of the items among in that threads are made
// of, as build does.
func CountTerms(in []Input) *Background {
	in = linked(in)
	b := &Background{N: len(in), DF: map[string]int32{}}
	cache := stemCache{}
	for _, it := range in {
		seen := map[string]bool{}
		for _, t := range itemTerms(it.Text, cache) {
			if !seen[t] {
				seen[t] = true
				b.DF[t]++
			}
		}
	}
	return b
}

// Add adds o's counts to b.
func (b *Background) Add(o *Background) {
	b.N += o.N
	for t, d := range o.DF {
		b.DF[t] += d
	}
}

// itemTerms are the terms of an item's text: its content stems, in order,
// then the concepts it names, in the vocabulary's order (two terms in a
// row make a phrase: see build).
func itemTerms(text string, cache stemCache) []string {
	ws := words(text)
	st := cache.Stems(ws) // once, for the content words and the concepts
	return append(content(ws, st), conceptsOf(ws, st)...)
}

// Defaults of the hand-set score, from rules/patterns.txt.
var (
	DefaultThreshold = rules.weight("threshold")
	DefaultCohesion  = rules.weight("cohesion")
	phraseBonus      = rules.weight("phrase_bonus")   // times the share of shared two-word phrases
	conceptWeight    = rules.weight("concept_weight") // a concept's weight against a word's
	boardPenalty     = rules.weight("board_penalty")  // a council item and a board item rarely raise the same issue
	headBonus        = rules.weight("head_bonus")     // the two items ask first for the same issue
	headPenalty      = rules.weight("head_penalty")   // each asks first for an issue the other does not
)

// Resolved returns o with its defaults for n inputs filled in: the
// method's linker and the threshold it links at.
func (o Options) Resolved(n int) Options {
	o.defaults(n)
	return o
}

func (o *Options) defaults(n int) {
	if o.Method == "" {
		o.Method = "learned"
	}
	if o.Method == "learned" && o.Linker == nil {
		o.Linker = defaultLinker
	}
	if o.Method == "hand" {
		o.Linker = nil
	}
	if o.Threshold <= 0 {
		o.Threshold = DefaultThreshold
		if o.Linker != nil {
			o.Threshold = o.Linker.Threshold
		}
	}
	if o.Cohesion <= 0 {
		o.Cohesion = DefaultCohesion
		if o.Linker != nil {
			o.Cohesion = o.Linker.Cohesion // chosen with the linker on the judged threads
			if o.Cohesion <= 0 {
				o.Cohesion = 1 // a group joins another when their pairs' mean probability is at least the threshold
			}
		}
	}
	if o.Sure <= 0 {
		o.Sure = o.Threshold * 4 / 3
		if o.Linker != nil {
			o.Sure = (1 + o.Threshold) / 2
		}
	}
	if o.Scope == "" {
		o.Scope = "subject"
	}
	if o.Background != nil {
		n = max(o.Background.N, n)
	}
	if o.MaxPostings <= 0 {
		o.MaxPostings = max(200, int(20*math.Sqrt(float64(n))))
	}
}

// vec is an item's weighted stems, unit length, sorted by term id.
type vec struct {
	terms   []int32
	weights []float32
	phrases []uint64 // hashes of consecutive stem pairs, sorted
}

// Edge is a scored pair of items (indexes into the inputs).
type Edge struct {
	A, B  int
	Score float64
}

// model holds the vectors of the inputs.
type model struct {
	in    []Input
	vecs  []vec
	idf   []float32
	df    []int32
	n     int // the items rarity is measured over: the inputs, or the background's
	terms map[string]int32
	names []string
	// themeBonus is Options.ThemeBonus, for scoring pairs after linking.
	themeBonus float64
	cache      stemCache // the stems of the inputs' words
	// aside marks items found by a cue in running text in a document
	// that lists its recommendations: the list is what the report
	// recommends, and a sentence elsewhere that reads like one would
	// compete with it for a link. They stay threads of their own.
	aside []bool
	// heads are the concepts each item names in its head, the issue it
	// asks about before its purposes and examples (head.go).
	heads     [][]string
	headStems [][]string // the content stems of each item's head
	// linker, when set, scores pairs (learn.go).
	linker *Linker
	byDoc  map[string][]int // item indexes by document, made when first asked
}

// build makes the vectors of the inputs, their terms weighed by rarity
// over bg (nil: over the inputs themselves).
func build(in []Input, bg *Background) *model {
	m := &model{in: in, terms: map[string]int32{}, cache: stemCache{}}
	cache := m.cache
	docs := make([][]int32, len(in))
	m.heads = make([][]string, len(in))
	m.headStems = make([][]string, len(in))
	for i := range in {
		ts := itemTerms(in[i].Text, cache)
		hw := words(head(in[i].Text))
		hs := cache.Stems(hw)
		m.heads[i] = conceptsOf(hw, hs)
		m.headStems[i] = content(hw, hs)
		ids := make([]int32, len(ts))
		for k, t := range ts {
			id, ok := m.terms[t]
			if !ok {
				id = int32(len(m.names))
				m.terms[t] = id
				m.names = append(m.names, t)
				m.df = append(m.df, 0)
			}
			ids[k] = id
		}
		docs[i] = ids
		seen := map[int32]bool{}
		for _, id := range ids {
			if !seen[id] {
				seen[id] = true
				m.df[id]++
			}
		}
	}
	m.aside = asideItems(in)
	m.n = len(in)
	if bg != nil {
		m.n = max(bg.N, m.n)
	}
	n := float64(m.n)
	m.idf = make([]float32, len(m.df))
	for t, d := range m.df {
		if bg != nil && bg.DF[m.names[t]] >= d {
			d = bg.DF[m.names[t]]
		}
		m.idf[t] = float32(math.Log(1 + n/float64(d)))
	}
	m.vecs = make([]vec, len(in))
	for i, ids := range docs {
		tf := map[int32]float32{}
		for _, id := range ids {
			tf[id]++
		}
		v := vec{}
		var norm float64
		for id, f := range tf {
			w := (1 + float32(math.Log(float64(f)))) * m.idf[id]
			if strings.HasPrefix(m.names[id], "#") {
				w *= float32(conceptWeight) // a named issue counts for more than a word
			}
			v.terms = append(v.terms, id)
			v.weights = append(v.weights, w)
			norm += float64(w * w)
		}
		order := make([]int, len(v.terms))
		for k := range order {
			order[k] = k
		}
		sort.Slice(order, func(a, b int) bool { return v.terms[order[a]] < v.terms[order[b]] })
		ts, ws := make([]int32, len(order)), make([]float32, len(order))
		for k, o := range order {
			ts[k], ws[k] = v.terms[o], v.weights[o]/float32(math.Sqrt(norm))
		}
		v.terms, v.weights = ts, ws
		for k := 1; k < len(ids); k++ {
			v.phrases = append(v.phrases, uint64(ids[k-1])<<32|uint64(uint32(ids[k])))
		}
		sort.Slice(v.phrases, func(a, b int) bool { return v.phrases[a] < v.phrases[b] })
		m.vecs[i] = v
	}
	return m
}

// score is the pair score of items a and b given their cosine.
func (m *model) score(a, b int, cos, themeBonus float64) float64 {
	s := cos + phraseBonus*sharedShare(m.vecs[a].phrases, m.vecs[b].phrases)
	if themeBonus > 0 {
		s += themeBonus * jaccard(m.in[a].Themes, m.in[b].Themes)
	}
	if (m.in[a].Part == corpus.PartBoard) != (m.in[b].Part == corpus.PartBoard) {
		s *= boardPenalty // one is addressed to the safeguarding board, the other to the council
	}
	if ha, hb := m.heads[a], m.heads[b]; len(ha) > 0 && len(hb) > 0 {
		if jaccard(ha, hb) > 0 {
			s += headBonus
		} else {
			s *= headPenalty // alike in their purposes or examples, not in what they ask for
		}
	}
	return s
}

func sharedShare(a, b []uint64) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	shared := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] == b[j]:
			shared++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return float64(shared) / float64(min(len(a), len(b)))
}

func jaccard(a, b []string) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	inter := 0
	for _, x := range a {
		for _, y := range b {
			if x == y {
				inter++
			}
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}

// block is items that may link. In a block of restatements (the items of
// no known subject) only an item that restates another links to it.
type block struct {
	items    []int
	restated bool
}

// blocks groups item indexes that may link: by subject, or all together.
// Items whose documents name no subject (an inquiry's report and the
// government's response to it, a committee's) link across documents only
// where one restates the other, as a response restates each
// recommendation it answers.
func (m *model) blocks(scope string) []block {
	if scope == "all" {
		all := make([]int, len(m.in))
		for i := range all {
			all[i] = i
		}
		return []block{{items: all}}
	}
	by := map[string][]int{}
	var keys []string
	for i, it := range m.in {
		k := subjectKey(it.Subject)
		if _, ok := by[k]; !ok {
			keys = append(keys, k)
		}
		by[k] = append(by[k], i)
	}
	sort.Strings(keys)
	out := make([]block, 0, len(keys))
	for _, k := range keys {
		out = append(out, block{items: by[k], restated: k == ""})
	}
	return out
}

// restatedCos is the least cosine of an item that restates another: the
// same words, give or take an abbreviation spelt out or a clause.
var restatedCos = rules.weight("restated_cosine")

// edges finds the pairs at or above the threshold, through an inverted
// index of stems per block.
func (m *model) edges(o Options) []Edge {
	var out []Edge
	m.pairs(o, func(i, j int, cos float64) {
		if cos+phraseBonus+o.ThemeBonus+headBonus < o.Threshold {
			return
		}
		if s := m.score(i, j, cos, o.ThemeBonus); s >= o.Threshold {
			out = append(out, Edge{i, j, s})
		}
	})
	return out
}

// pairs calls visit with each pair of items of one block, from different
// documents, that share at least minShared terms (found through an
// inverted index of stems per block, leaving out stems too common to tell
// issues apart), and their cosine.
func (m *model) pairs(o Options, visit func(i, j int, cos float64)) {
	acc := make([]float32, len(m.in))
	for _, b := range m.blocks(o.Scope) {
		if len(b.items) < 2 {
			continue
		}
		if !b.restated {
			m.blockPairs(o, b.items, acc, visit)
			continue
		}
		var found []candidate
		m.blockPairs(o, b.items, acc, func(i, j int, cos float64) {
			if cos >= restatedCos {
				found = append(found, candidate{i, j, cos})
			}
		})
		for _, c := range m.restatements(found) {
			visit(c.a, c.b, c.cos)
		}
	}
}

// blockPairs is pairs within one block; acc is a zeroed score for every
// input, and is left zeroed.
func (m *model) blockPairs(o Options, blk []int, acc []float32, visit func(i, j int, cos float64)) {
	var touched []int
	postings := map[int32][]int{}
	for _, i := range blk {
		if m.aside[i] {
			continue
		}
		for _, t := range m.vecs[i].terms {
			postings[t] = append(postings[t], i)
		}
	}
	for _, i := range blk {
		if m.aside[i] {
			continue
		}
		vi := m.vecs[i]
		for k, t := range vi.terms {
			p := postings[t]
			if len(p) > o.MaxPostings {
				continue
			}
			wi := vi.weights[k]
			for _, j := range p {
				if j <= i || m.in[j].DocID == m.in[i].DocID {
					continue
				}
				if acc[j] == 0 {
					touched = append(touched, j)
				}
				acc[j] += wi * weightOf(m.vecs[j], t)
			}
		}
		for _, j := range touched {
			cos := float64(acc[j])
			acc[j] = 0
			if sharedFeatures(m.vecs[i], m.vecs[j]) < minShared {
				continue // one word in common is not an issue in common
			}
			visit(i, j, cos)
		}
		touched = touched[:0]
	}
}

// restatements keeps the pairs found in a block of restatements between
// two documents that restate at least minRestated items of one another: a
// response restates the recommendations it answers, a volume those of its
// summary, while one sentence printed alike in two documents is a form's
// wording ("In my opinion action should be taken to prevent future
// deaths…"), not a recommendation restated.
func (m *model) restatements(found []candidate) []candidate {
	key := func(c candidate) [2]string {
		a, b := m.in[c.a].DocID, m.in[c.b].DocID
		if a > b {
			a, b = b, a
		}
		return [2]string{a, b}
	}
	per := map[[2]string]int{}
	for _, c := range found {
		per[key(c)]++
	}
	var out []candidate
	for _, c := range found {
		if per[key(c)] >= minRestated {
			out = append(out, c)
		}
	}
	return out
}

// minRestated is the least number of items two documents of no known
// subject restate of one another for any of them to link.
var minRestated = int(rules.weight("restated_least"))

// minShared is the least number of stems or concepts two linked items share.
const minShared = 2

// sharedFeatures counts the terms two vectors share.
func sharedFeatures(a, b vec) int {
	n := 0
	for i, j := 0, 0; i < len(a.terms) && j < len(b.terms); {
		switch {
		case a.terms[i] == b.terms[j]:
			n++
			i++
			j++
		case a.terms[i] < b.terms[j]:
			i++
		default:
			j++
		}
	}
	return n
}

// eachShared calls fn with the positions in a and b of each term they
// share, in term order (both are sorted). sharedFeatures, on the hot path
// of finding candidates, keeps its own loop.
func eachShared(a, b vec, fn func(i, j int)) {
	for i, j := 0, 0; i < len(a.terms) && j < len(b.terms); {
		switch {
		case a.terms[i] == b.terms[j]:
			fn(i, j)
			i++
			j++
		case a.terms[i] < b.terms[j]:
			i++
		default:
			j++
		}
	}
}

// weightOf returns v's weight for term t (binary search: terms are sorted).
func weightOf(v vec, t int32) float32 {
	k := sort.Search(len(v.terms), func(i int) bool { return v.terms[i] >= t })
	if k < len(v.terms) && v.terms[k] == t {
		return v.weights[k]
	}
	return 0
}

// mutualBest keeps an edge when each end is the other's best match in the
// other's document (a recommendation comes back once per report), or when
// it scores so high that there is no doubt.
func mutualBest(in []Input, edges []Edge, sure float64) []Edge {
	type key struct {
		item int
		doc  string
	}
	best := map[key]float64{}
	for _, e := range edges {
		ka, kb := key{e.A, in[e.B].DocID}, key{e.B, in[e.A].DocID}
		best[ka] = math.Max(best[ka], e.Score)
		best[kb] = math.Max(best[kb], e.Score)
	}
	var out []Edge
	for _, e := range edges {
		if e.Score >= sure || e.Score >= best[key{e.A, in[e.B].DocID}] && e.Score >= best[key{e.B, in[e.A].DocID}] {
			out = append(out, e)
		}
	}
	return out
}

// cluster joins items into groups by average linkage over the edges; a
// pair that is not an edge scores other(a, b) (nil: 0).
func cluster(n int, edges []Edge, o Options, other func(a, b int) float64) [][]int {
	sort.Slice(edges, func(a, b int) bool { return edges[a].Score > edges[b].Score })
	sim := make(map[[2]int]float64, len(edges))
	for _, e := range edges {
		sim[[2]int{e.A, e.B}] = e.Score
	}
	pair := func(a, b int) float64 {
		if a > b {
			a, b = b, a
		}
		if s, ok := sim[[2]int{a, b}]; ok || other == nil {
			return s
		}
		s := other(a, b)
		sim[[2]int{a, b}] = s
		return s
	}
	group := make([]int, n) // item -> group id
	members := map[int][]int{}
	for i := range group {
		group[i] = i
	}
	for _, e := range edges {
		ga, gb := group[e.A], group[e.B]
		if ga == gb {
			continue
		}
		ma, mb := members[ga], members[gb]
		if ma == nil {
			ma = []int{e.A}
		}
		if mb == nil {
			mb = []int{e.B}
		}
		total := 0.0
		for _, a := range ma {
			for _, b := range mb {
				total += pair(a, b)
			}
		}
		if total/float64(len(ma)*len(mb)) < o.Cohesion*o.Threshold {
			continue
		}
		merged := append(append([]int{}, ma...), mb...)
		for _, x := range mb {
			group[x] = ga
		}
		members[ga] = merged
		delete(members, gb)
	}
	var out [][]int
	for _, ms := range members {
		sort.Ints(ms)
		out = append(out, ms)
	}
	sort.Slice(out, func(a, b int) bool { return out[a][0] < out[b][0] })
	return out
}

// subjectKey is the key items of one subject share: a council's canonical
// name for any of its names ("Leeds", "Leeds City Council"), so that
// documents that name one council differently still link; other subjects
// as written, folded.
func subjectKey(s string) string { return strings.ToLower(corpus.CouncilName(s)) }

// asideItems marks the items found in running text (a cue other than
// "section:" or "list:") of documents that have items from a list or
// section.
func asideItems(in []Input) []bool {
	listed := map[string]bool{}
	for _, it := range in {
		if corpus.Listed(it.Cue) {
			listed[it.DocID] = true
		}
	}
	out := make([]bool, len(in))
	for i, it := range in {
		out[i] = it.Cue != "" && !corpus.Listed(it.Cue) && listed[it.DocID]
	}
	return out
}
