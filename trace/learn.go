package trace

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"sort"
)

// The learned linker: logistic regression over a handful of features of a
// pair of items, trained on hand-judged threads (scrutineer eval
// --recurrence DIR --train FILE). Its weights live in rules/linker.json,
// versioned with the rules; the hand-set score (score in link.go) stays
// as the method it is measured against.

// Features are the names of what the linker reads of a pair, in order.
var Features = []string{
	"cosine",        // of the items' weighted stems and concepts
	"phrases",       // share of two-word phrases in common
	"concepts",      // Jaccard agreement of the issues each names
	"themes",        // Jaccard agreement of their themes
	"head_agree",    // both ask first for one issue
	"head_differ",   // each asks first for an issue the other does not
	"board_differs", // one is addressed to a safeguarding board, the other not
	"shared",        // log of the terms in common
	"length_ratio",  // shorter over longer, in words
	"best_for_a",    // b is a's closest item in b's document
	"best_for_b",    // a is b's closest item in a's document
	"head_words",    // Jaccard agreement of the content words of their heads
	"rare_shared",   // how rare the rarest term they share is
	"bias",
}

// Linker is a trained pair classifier.
type Linker struct {
	Version   string    `json:"version"`
	TrainedOn string    `json:"trained_on"`
	Features  []string  `json:"features"`
	Weights   []float64 `json:"weights"`
	// Threshold is the least probability that links two items: the one
	// with the best pairwise F1 on the training pairs.
	Threshold float64 `json:"threshold"`
	// Cohesion is how alike on average, as a share of Threshold, a group
	// must be to another to join it into one thread: chosen with the
	// linker, as the one of Cohesions with the best F1 of linked pairs on
	// the training threads.
	Cohesion float64 `json:"cohesion"`
}

// Cohesions are the cohesions training chooses from.
var Cohesions = []float64{0.6, 0.7, 0.8, 0.9, 1.0}

//go:embed rules/linker.json
var linkerJSON []byte

// defaultLinker is rules/linker.json, or nil (and linking falls back to
// the hand-set score) if it cannot be read: TestDefaultLinker keeps it
// readable.
var defaultLinker, _ = DefaultLinker()

// DefaultLinker is the linker trained on the shared corpus's hand-judged
// threads (rules/linker.json).
func DefaultLinker() (*Linker, error) {
	var l Linker
	if err := json.Unmarshal(linkerJSON, &l); err != nil {
		return nil, fmt.Errorf("trace: rules/linker.json: %w", err)
	}
	if err := l.check(); err != nil {
		return nil, err
	}
	return &l, nil
}

func (l *Linker) check() error {
	if len(l.Weights) != len(Features) || len(l.Features) != len(Features) {
		return fmt.Errorf("trace: linker has %d weights for %d features", len(l.Weights), len(Features))
	}
	for k, f := range Features {
		if l.Features[k] != f {
			return fmt.Errorf("trace: linker feature %d is %q, want %q", k, l.Features[k], f)
		}
	}
	return nil
}

// Prob is the probability that a pair with features x is one issue.
func (l *Linker) Prob(x []float64) float64 {
	z := 0.0
	for k, w := range l.Weights {
		z += w * x[k]
	}
	return 1 / (1 + math.Exp(-z))
}

// Training settings: L2 strength, and the iterations of Newton's method
// (the problem is small and convex: a dozen features).
const (
	trainL2    = 1.0
	trainSteps = 50
)

// TrainLinker fits a linker to labelled pairs by L2-regularised logistic
// regression (Newton's method), positives weighted so that the two
// classes count alike, and sets its threshold to the one with the best F1
// on the same pairs.
func TrainLinker(x [][]float64, y []bool) (*Linker, error) {
	n, d := len(x), len(Features)
	pos := 0
	for _, v := range y {
		if v {
			pos++
		}
	}
	if pos == 0 || pos == n {
		return nil, fmt.Errorf("trace: training needs linked and unlinked pairs (%d of %d linked)", pos, n)
	}
	wPos, wNeg := float64(n)/(2*float64(pos)), float64(n)/(2*float64(n-pos))
	w := make([]float64, d)
	for step := 0; step < trainSteps; step++ {
		g := make([]float64, d)
		h := make([][]float64, d)
		for a := range h {
			h[a] = make([]float64, d)
			h[a][a] = trainL2
		}
		for a := 0; a < d-1; a++ { // the bias is not shrunk
			g[a] = trainL2 * w[a]
		}
		h[d-1][d-1] = 1e-6
		for i, xi := range x {
			z := 0.0
			for k := range w {
				z += w[k] * xi[k]
			}
			p := 1 / (1 + math.Exp(-z))
			c, t := wNeg, 0.0
			if y[i] {
				c, t = wPos, 1
			}
			for a := range w {
				g[a] += c * (p - t) * xi[a]
				for b := range w {
					h[a][b] += c * p * (1 - p) * xi[a] * xi[b]
				}
			}
		}
		delta, ok := solve(h, g)
		if !ok {
			return nil, fmt.Errorf("trace: training did not converge")
		}
		size := 0.0
		for a := range w {
			w[a] -= delta[a]
			size += delta[a] * delta[a]
		}
		if size < 1e-12 {
			break
		}
	}
	l := &Linker{Features: append([]string(nil), Features...), Weights: w}
	l.Threshold = bestThreshold(l, x, y)
	return l, nil
}

// bestThreshold is the probability cut with the best F1 on the pairs.
func bestThreshold(l *Linker, x [][]float64, y []bool) float64 {
	type sp struct {
		p   float64
		pos bool
	}
	s := make([]sp, len(x))
	total := 0
	for i := range x {
		s[i] = sp{l.Prob(x[i]), y[i]}
		if y[i] {
			total++
		}
	}
	sort.Slice(s, func(a, b int) bool { return s[a].p > s[b].p })
	best, cut, tp := -1.0, 0.5, 0
	for i, v := range s {
		if v.pos {
			tp++
		}
		if i+1 < len(s) && s[i+1].p == v.p {
			continue
		}
		f1 := 2 * float64(tp) / float64(i+1+total)
		if f1 > best {
			best, cut = f1, v.p
		}
	}
	return math.Floor(cut*1000) / 1000 // down: the last pair counted stays in
}

// solve solves h·x = g by Gaussian elimination with partial pivoting.
func solve(h [][]float64, g []float64) ([]float64, bool) {
	d := len(g)
	a := make([][]float64, d)
	for i := range a {
		a[i] = append(append([]float64(nil), h[i]...), g[i])
	}
	for c := 0; c < d; c++ {
		p := c
		for r := c + 1; r < d; r++ {
			if math.Abs(a[r][c]) > math.Abs(a[p][c]) {
				p = r
			}
		}
		if math.Abs(a[p][c]) < 1e-12 {
			return nil, false
		}
		a[c], a[p] = a[p], a[c]
		for r := c + 1; r < d; r++ {
			f := a[r][c] / a[c][c]
			for k := c; k <= d; k++ {
				a[r][k] -= f * a[c][k]
			}
		}
	}
	x := make([]float64, d)
	for r := d - 1; r >= 0; r-- {
		s := a[r][d]
		for k := r + 1; k < d; k++ {
			s -= a[r][k] * x[k]
		}
		x[r] = s / a[r][r]
	}
	return x, true
}

// candidate is a pair of items that may link, with its cosine.
type candidate struct {
	a, b int
	cos  float64
}

// minCandidateCos is the least cosine of a pair the linker is asked about.
const minCandidateCos = 0.05

// candidates finds the pairs of items of one block, from different
// documents, that share at least minShared terms and have a cosine of at
// least minCandidateCos, through the inverted index of edges.
func (m *model) candidates(o Options) []candidate {
	var out []candidate
	m.pairs(o, func(i, j int, cos float64) {
		if cos >= minCandidateCos {
			out = append(out, candidate{i, j, cos})
		}
	})
	return out
}

// features computes the linker's features of each candidate; best holds,
// for each item and other document, the highest cosine of the item with
// an item of that document among the candidates.
func (m *model) features(cs []candidate) [][]float64 {
	type key struct {
		item int
		doc  string
	}
	best, second := map[key]float64{}, map[key]float64{}
	note := func(k key, cos float64) {
		if cos > best[k] {
			best[k], second[k] = cos, best[k]
		} else if cos > second[k] {
			second[k] = cos
		}
	}
	for _, c := range cs {
		note(key{c.a, m.in[c.b].DocID}, c.cos)
		note(key{c.b, m.in[c.a].DocID}, c.cos)
	}
	out := make([][]float64, len(cs))
	for k, c := range cs {
		ka, kb := key{c.a, m.in[c.b].DocID}, key{c.b, m.in[c.a].DocID}
		out[k] = m.pairFeatures(c.a, c.b, c.cos, c.cos >= best[ka], c.cos >= best[kb])
	}
	return out
}

// pairFeatures is the feature vector of items a and b.
func (m *model) pairFeatures(a, b int, cos float64, bestA, bestB bool) []float64 {
	x := make([]float64, len(Features))
	x[0] = cos
	x[1] = sharedShare(m.vecs[a].phrases, m.vecs[b].phrases)
	x[2] = jaccard(m.conceptNames(a), m.conceptNames(b))
	x[3] = jaccard(m.in[a].Themes, m.in[b].Themes)
	if ha, hb := m.heads[a], m.heads[b]; len(ha) > 0 && len(hb) > 0 {
		if jaccard(ha, hb) > 0 {
			x[4] = 1
		} else {
			x[5] = 1
		}
	}
	if (m.in[a].Part == "board") != (m.in[b].Part == "board") {
		x[6] = 1
	}
	x[7] = math.Log1p(float64(sharedFeatures(m.vecs[a], m.vecs[b]))) / 3
	la, lb := float64(len(m.vecs[a].terms)), float64(len(m.vecs[b].terms))
	if la > 0 && lb > 0 {
		x[8] = math.Min(la, lb) / math.Max(la, lb)
	}
	if bestA {
		x[9] = 1
	}
	if bestB {
		x[10] = 1
	}
	x[11] = jaccard(m.headStems[a], m.headStems[b])
	x[12] = m.rareShared(a, b)
	x[len(x)-1] = 1
	return x
}

// conceptNames are the concepts among an item's terms.
func (m *model) conceptNames(i int) []string {
	var out []string
	for _, t := range m.vecs[i].terms {
		if m.isConcept(t) {
			out = append(out, m.names[t])
		}
	}
	return out
}

// learnedEdges are the candidate pairs the linker gives at least its
// threshold, scored by their probability.
func (m *model) learnedEdges(o Options) []Edge {
	cs := m.candidates(o)
	xs := m.features(cs)
	var out []Edge
	for k, c := range cs {
		if p := o.Linker.Prob(xs[k]); p >= o.Threshold {
			out = append(out, Edge{c.a, c.b, p})
		}
	}
	return out
}

// LabelledPair is one candidate pair and its features, for training.
type LabelledPair struct {
	A, B     string // item ids
	Subject  string
	Features []float64
}

// CandidatePairs returns the pairs of the inputs the linker would be asked
// about, with their features: for training it on judged threads.
func CandidatePairs(in []Input, o Options) []LabelledPair {
	in = linked(in)
	o.defaults(len(in))
	m := build(in, o.Background)
	cs := m.candidates(o)
	xs := m.features(cs)
	out := make([]LabelledPair, len(cs))
	for k, c := range cs {
		out[k] = LabelledPair{A: in[c.a].ItemID, B: in[c.b].ItemID, Subject: in[c.a].Subject, Features: xs[k]}
	}
	return out
}

// rareShared is the inverse document frequency of the rarest term items
// a and b share, over the largest there is: sharing "fostering" says more
// than sharing "quality".
func (m *model) rareShared(a, b int) float64 {
	va := m.vecs[a]
	rare := 0.0
	eachShared(va, m.vecs[b], func(i, _ int) { rare = math.Max(rare, float64(m.idf[va.terms[i]])) })
	return rare / math.Log(1+float64(m.n))
}
