package eval

import (
	"fmt"
	"sort"

	"github.com/scrutineer/scrutineer/trace"
)

// Leave-one-council-out: a method that learns from the judged threads is
// trained on every council but one and scored on the one left out, for
// each council in turn; the pooled figure sums the held-out counts. A
// figure on the councils a method was trained or tuned on says how well it
// fits them, not how it does on a council it has not seen.

// Fold is one council's held-out score.
type Fold struct {
	Council   string  `json:"council"`
	Pairs     Score   `json:"pairs"`
	Threshold float64 `json:"threshold"` // the linker's, as trained without this council
	Cohesion  float64 `json:"cohesion"`  // and the cohesion chosen without it
}

// CrossValidation is a method's leave-one-council-out result.
type CrossValidation struct {
	Method string `json:"method"`
	Pooled Score  `json:"pooled"`
	Folds  []Fold `json:"folds"`
	// Earlier is "was this recommended before?" asked of each council's
	// items with the fold's linker.
	Earlier EarlierScore `json:"earlier"`
}

// labelledPairs are the linker's candidate pairs of in with their gold
// labels.
func labelledPairs(in []trace.Input, gold map[[2]string]bool, o trace.Options) ([]trace.LabelledPair, []bool) {
	ps := trace.CandidatePairs(in, o)
	y := make([]bool, len(ps))
	for k, p := range ps {
		y[k] = gold[pairKey(p.A, p.B)]
	}
	return ps, y
}

// TrainLinker trains a linker on all the judged threads, and chooses its
// cohesion on them.
func TrainLinker(in []trace.Input, gold map[[2]string]bool, o trace.Options) (*trace.Linker, error) {
	ps, y := labelledPairs(in, gold, o)
	x := make([][]float64, len(ps))
	for k := range ps {
		x[k] = ps[k].Features
	}
	l, err := trace.TrainLinker(x, y)
	if err != nil {
		return nil, err
	}
	l.Cohesion = chooseCohesion(in, gold, o, l, "")
	return l, nil
}

// chooseCohesion is the one of trace.Cohesions whose threads, linked by
// l, have the best pairwise F1 on the judged councils other than
// leftOut.
func chooseCohesion(in []trace.Input, gold map[[2]string]bool, o trace.Options, l *trace.Linker, leftOut string) float64 {
	best, bestF1 := trace.Cohesions[len(trace.Cohesions)-1], -1.0
	for _, c := range trace.Cohesions {
		fo := o
		fo.Linker, fo.Cohesion = l, c
		rep := EvaluateRecurrence(in, gold, fo)
		var s Score
		for council, cs := range rep.ByCouncil {
			if council != leftOut {
				s.Add(*cs)
			}
		}
		if s.F1 > bestF1 {
			best, bestF1 = c, s.F1
		}
	}
	return best
}

// LeaveOneCouncilOut scores the learned linker council by council, each
// with a linker trained on the pairs of the other councils.
func LeaveOneCouncilOut(in []trace.Input, gold map[[2]string]bool, o trace.Options) (CrossValidation, error) {
	ps, y := labelledPairs(in, gold, o)
	cv := CrossValidation{Method: "learned"}
	for _, c := range councils(in) {
		var x [][]float64
		var yt []bool
		for k, p := range ps {
			if p.Subject != c {
				x = append(x, p.Features)
				yt = append(yt, y[k])
			}
		}
		l, err := trace.TrainLinker(x, yt)
		if err != nil {
			return cv, fmt.Errorf("without %s: %w", c, err)
		}
		l.Cohesion = chooseCohesion(in, gold, o, l, c)
		fo := o
		fo.Linker = l
		rep := EvaluateRecurrence(in, gold, fo)
		s := Score{}
		if bc := rep.ByCouncil[c]; bc != nil {
			s = *bc
		}
		cv.Folds = append(cv.Folds, Fold{Council: c, Pairs: s, Threshold: l.Threshold, Cohesion: l.Cohesion})
		cv.Pooled.Add(s)
		cv.Earlier.add(scoreEarlier(in, gold, trace.NewFinderWith(in, fo), c))
	}
	return cv, nil
}

// ByCouncilFigures is a method's per-council figures when it is not
// retrained per fold (the hand-set score): the same form as
// LeaveOneCouncilOut's, but every council was seen while it was set.
func ByCouncilFigures(in []trace.Input, gold map[[2]string]bool, o trace.Options, method string) CrossValidation {
	rep := EvaluateRecurrence(in, gold, o)
	cv := CrossValidation{Method: method, Earlier: scoreEarlier(in, gold, trace.NewFinderWith(in, o), "")}
	for _, c := range councils(in) {
		s := Score{}
		if bc := rep.ByCouncil[c]; bc != nil {
			s = *bc
		}
		cv.Folds = append(cv.Folds, Fold{Council: c, Pairs: s, Threshold: o.Threshold})
		cv.Pooled.Add(s)
	}
	return cv
}

// councils are the subjects of the inputs, sorted.
func councils(in []trace.Input) []string {
	seen := map[string]bool{}
	var out []string
	for _, it := range in {
		if !seen[it.Subject] {
			seen[it.Subject] = true
			out = append(out, it.Subject)
		}
	}
	sort.Strings(out)
	return out
}
