package trace

import (
	"slices"
	"sort"
	"strings"
)

// maxLinkPeers bounds the members a member is compared with to explain its
// link, so that a very large thread costs linear time.
const maxLinkPeers = 64

// maxShared is how many shared terms a link names.
const maxShared = 6

// link finds the member of another document (among the thread g, in date
// order) that its k-th member is most alike, and what they share; nil if
// every other member is from that member's own document.
func (m *model) link(k int, g []int) *Link {
	i := g[k]
	lo, hi := max(0, k-maxLinkPeers/2), min(len(g), k+maxLinkPeers/2+1)
	best, bestScore := -1, -1.0
	for _, j := range g[lo:hi] {
		if m.in[j].DocID == m.in[i].DocID {
			continue
		}
		if s := m.pairScore(i, j); s > bestScore || s == bestScore && m.in[j].Date < m.in[best].Date {
			best, bestScore = j, s
		}
	}
	if best < 0 {
		return nil
	}
	return &Link{To: m.in[best].ItemID, Score: round3(bestScore), Shared: m.shared(i, best)}
}

// pairScore is the score of items a and b as linking computes it: the
// linker's probability when there is one, else the hand-set score.
func (m *model) pairScore(a, b int) float64 {
	cos := m.cosine(a, b)
	if m.linker != nil {
		return m.linker.Prob(m.pairFeatures(a, b, cos, m.closest(a, b, cos), m.closest(b, a, cos)))
	}
	return m.score(a, b, cos, m.themeBonus)
}

// cosine is the cosine of items a and b.
func (m *model) cosine(a, b int) float64 {
	cos := 0.0
	va := m.vecs[a]
	for k, t := range va.terms {
		cos += float64(va.weights[k] * weightOf(m.vecs[b], t))
	}
	return cos
}

// closest says whether no item of b's document is closer to a than b,
// whose cosine with a is cos.
func (m *model) closest(a, b int, cos float64) bool {
	if m.byDoc == nil {
		m.byDoc = map[string][]int{}
		for i, it := range m.in {
			m.byDoc[it.DocID] = append(m.byDoc[it.DocID], i)
		}
	}
	for _, j := range m.byDoc[m.in[b].DocID] {
		if j != b && !m.aside[j] && m.cosine(a, j) > cos {
			return false
		}
	}
	return true
}

// shared names what items a and b share, by its part of their cosine:
// first the issues both name, in each one's own words ("caseloads ≈
// workloads"), then the words both use, as a writes them.
func (m *model) shared(a, b int) []string {
	type part struct {
		term int32
		w    float32
	}
	va, vb := m.vecs[a], m.vecs[b]
	var parts []part
	eachShared(va, vb, func(x, y int) { parts = append(parts, part{va.terms[x], va.weights[x] * vb.weights[y]}) })
	sort.SliceStable(parts, func(p, q int) bool {
		cp, cq := m.isConcept(parts[p].term), m.isConcept(parts[q].term)
		if cp != cq {
			return cp
		}
		return parts[p].w > parts[q].w
	})
	wa, wb := words(m.in[a].Text), words(m.in[b].Text)
	sa, sb := m.cache.Stems(wa), m.cache.Stems(wb)
	named := map[string]bool{} // stems already shown inside an issue's words
	out := []string{}
	for _, p := range parts {
		if len(out) == maxShared {
			break
		}
		name := m.names[p.term]
		if m.isConcept(p.term) { // both name it, so both have a run
			i, j := conceptRun(wa, sa, name)
			k, l := conceptRun(wb, sb, name)
			for _, st := range append(append([]string{}, sa[i:j]...), sb[k:l]...) {
				named[st] = true
			}
			x := strings.Join(wa[i:j], " ")
			if slices.Equal(sa[i:j], sb[k:l]) {
				out = append(out, x) // the same words but for their endings
			} else {
				out = append(out, x+" ≈ "+strings.Join(wb[k:l], " "))
			}
			continue
		}
		if named[name] {
			continue
		}
		for i, st := range sa {
			if st == name {
				name = wa[i]
				break
			}
		}
		out = append(out, name)
	}
	return out
}

func (m *model) isConcept(t int32) bool { return strings.HasPrefix(m.names[t], "#") }

func round3(x float64) float64 { return float64(int(x*1000+0.5)) / 1000 }

// PairScores returns the score that linking gives each pair of item ids
// (0 for a pair either of whose items is not among the inputs linked): for
// asking why two items are, or are not, in one thread.
func PairScores(in []Input, o Options, pairs [][2]string) []float64 {
	in = linked(in)
	o.defaults(len(in))
	m := build(in, o.Background)
	m.themeBonus = o.ThemeBonus
	m.linker = o.Linker
	at := make(map[string]int, len(in))
	for i, it := range in {
		at[it.ItemID] = i
	}
	out := make([]float64, len(pairs))
	for k, p := range pairs {
		a, okA := at[p[0]]
		b, okB := at[p[1]]
		if okA && okB {
			out[k] = round3(m.pairScore(a, b))
		}
	}
	return out
}
