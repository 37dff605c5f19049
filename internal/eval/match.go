package eval

import (
	"sort"
	"strings"
	"unicode"
)

// MatchThreshold is the least Dice similarity for a gold and a predicted
// item to be the same item. 0.6 accepts a missing lead-in or a footnote
// number and refuses two items run together or an item cut in half.
const MatchThreshold = 0.6

var stopWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`a an the and or of to in on for by with at from as is are was were be been being
		that this these those it its their they them which who whom whose will would should must can could may might
		shall do does did has have had not no so than then there such into onto about all any each more most other some`) {
		stopWords[w] = true
	}
}

// Tokens returns the content tokens of s with their counts.
func Tokens(s string) map[string]int {
	out := map[string]int{}
	for _, w := range strings.FieldsFunc(strings.ToLower(strings.ReplaceAll(s, "’", "'")), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		if stopWords[w] || strings.Trim(w, "0123456789") == "" {
			continue
		}
		out[w]++
	}
	return out
}

// Similarity is the Dice coefficient of two token multisets.
func Similarity(a, b map[string]int) float64 {
	na, nb, shared := 0, 0, 0
	for w, n := range a {
		na += n
		shared += min(n, b[w])
	}
	for _, n := range b {
		nb += n
	}
	if na+nb == 0 {
		return 0
	}
	return 2 * float64(shared) / float64(na+nb)
}

// Pair is a matched gold and predicted item, by index.
type Pair struct {
	Gold, Pred int
	Sim        float64
}

// Match pairs gold and predicted texts one to one, most similar first,
// keeping pairs at or above MatchThreshold.
func Match(gold, pred []string) []Pair {
	gt := make([]map[string]int, len(gold))
	for i, g := range gold {
		gt[i] = Tokens(g)
	}
	pt := make([]map[string]int, len(pred))
	for i, p := range pred {
		pt[i] = Tokens(p)
	}
	var cands []Pair
	for i := range gold {
		for j := range pred {
			if s := Similarity(gt[i], pt[j]); s >= MatchThreshold {
				cands = append(cands, Pair{i, j, s})
			}
		}
	}
	sort.SliceStable(cands, func(a, b int) bool { return cands[a].Sim > cands[b].Sim })
	usedG, usedP := map[int]bool{}, map[int]bool{}
	var out []Pair
	for _, c := range cands {
		if usedG[c.Gold] || usedP[c.Pred] {
			continue
		}
		usedG[c.Gold], usedP[c.Pred] = true, true
		out = append(out, c)
	}
	sort.Slice(out, func(a, b int) bool { return out[a].Gold < out[b].Gold })
	return out
}

// Best returns the index and similarity of the prediction most like text.
func Best(text string, pred []string) (int, float64) {
	t := Tokens(text)
	best, sim := -1, 0.0
	for j, p := range pred {
		if s := Similarity(t, Tokens(p)); s > sim {
			best, sim = j, s
		}
	}
	return best, sim
}

// Score counts matches.
type Score struct {
	TP, FP, FN            int
	Precision, Recall, F1 float64
}

// Add accumulates another score's counts.
func (s *Score) Add(o Score) {
	s.TP += o.TP
	s.FP += o.FP
	s.FN += o.FN
	s.compute()
}

func (s *Score) compute() {
	s.Precision, s.Recall, s.F1 = 0, 0, 0
	if s.TP+s.FP > 0 {
		s.Precision = float64(s.TP) / float64(s.TP+s.FP)
	} else if s.FN == 0 {
		s.Precision = 1
	}
	if s.TP+s.FN > 0 {
		s.Recall = float64(s.TP) / float64(s.TP+s.FN)
	} else {
		s.Recall = 1
	}
	if s.Precision+s.Recall > 0 {
		s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
	}
}

// ScoreOf scores predictions against gold.
func ScoreOf(gold, pred []string) (Score, []Pair) {
	pairs := Match(gold, pred)
	s := Score{TP: len(pairs), FP: len(pred) - len(pairs), FN: len(gold) - len(pairs)}
	s.compute()
	return s, pairs
}
