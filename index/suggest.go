package index

import (
	"strings"

	"github.com/blevesearch/bleve/v2/analysis/lang/en"

	"github.com/scrutineer/scrutineer/corpus"
)

// suggestion proposes a correction for a query of plain words that found
// nothing: each word that is no word of the index is replaced by the
// indexed word nearest to it (at most two edits away, one for short
// words), the commonest first; "" when there is nothing to propose.
func (ix *Index) suggestion(text string) string {
	toks := lexQuery(text)
	var ws []string
	for _, t := range toks {
		if t.kind != "word" || strings.ContainsAny(t.text, ":*?~/^") {
			return "" // operators, phrases and special terms say what they mean
		}
		ws = append(ws, t.text)
	}
	a := ix.shards[0].Mapping().AnalyzerNamed(en.AnalyzerName)
	if a == nil {
		return ""
	}
	changed := false
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w
		toks := a.Analyze([]byte(w))
		if len(toks) != 1 {
			continue // a stop word or several words
		}
		term := string(toks[0].Term)
		if ix.docFreq(term) > 0 {
			continue
		}
		if best := ix.nearestTerm(term); best != "" {
			out[i], changed = best, true
		}
	}
	if !changed {
		return ""
	}
	return strings.Join(out, " ")
}

// docFreq is how many entries hold term in their text.
func (ix *Index) docFreq(term string) uint64 {
	var n uint64
	for _, sh := range ix.shards {
		d, err := sh.FieldDictRange(fText, []byte(term), []byte(term))
		if err != nil {
			continue
		}
		if e, err := d.Next(); err == nil && e != nil && e.Term == term {
			n += e.Count
		}
		d.Close()
	}
	return n
}

// nearestTerm is the commonest indexed word of the text within reach of
// term: the same first letter, at most two edits (one for words of four
// letters or fewer).
func (ix *Index) nearestTerm(term string) string {
	if len(term) < 3 {
		return ""
	}
	reach := 2
	if len([]rune(term)) <= 4 {
		reach = 1
	}
	counts := map[string]uint64{}
	for _, sh := range ix.shards {
		d, err := sh.FieldDictPrefix(fText, []byte(term[:1]))
		if err != nil {
			continue
		}
		for e, err := d.Next(); err == nil && e != nil; e, err = d.Next() {
			if l := len(e.Term) - len(term); l > reach || l < -reach {
				continue
			}
			if corpus.EditDistance(term, e.Term) <= reach {
				counts[e.Term] += e.Count
			}
		}
		d.Close()
	}
	best, n := "", uint64(0)
	for t, c := range counts {
		if c > n || c == n && t < best {
			best, n = t, c
		}
	}
	return best
}
