package trace

import (
	"strings"

	"github.com/scrutineer/scrutineer/corpus"
)

// conceptRules is the vocabulary its issues are read from
// (corpus/rules/themes.txt).
var conceptRules = corpus.DefaultVocabulary()

// concept is a named issue and the word sequences that name it.
type concept struct {
	name  string
	terms []conceptTerm
}

// conceptTerm is one way of naming a concept: stems to match, or, for a
// term written "=word", the words themselves (where the stemmer would
// join words that mean different things, such as "permanence" and
// "permanent").
type conceptTerm struct {
	seq   []string
	exact bool
}

var concepts = parseConcepts(conceptRules)

// termRef is one term of one concept, by index into concepts.
type termRef struct{ concept, term int }

// firstStem and firstWord index the terms by what they begin with, the
// first stem of a stemmed term or the first word of an exact one, so that
// a text is matched against only the terms that can start at each word.
var firstStem, firstWord = indexTerms(concepts)

func indexTerms(cs []concept) (byStem, byWord map[string][]termRef) {
	byStem, byWord = map[string][]termRef{}, map[string][]termRef{}
	for ci, c := range cs {
		for ti, t := range c.terms {
			if t.exact {
				byWord[t.seq[0]] = append(byWord[t.seq[0]], termRef{ci, ti})
			} else {
				byStem[t.seq[0]] = append(byStem[t.seq[0]], termRef{ci, ti})
			}
		}
	}
	return byStem, byWord
}

// parseConcepts reads the issues of a vocabulary: each is a concept named
// "#" and its slug.
func parseConcepts(src string) []concept {
	v, err := corpus.ParseVocabulary(src)
	if err != nil {
		panic("trace: the vocabulary: " + err.Error()) // the embedded file is tested
	}
	cache := stemCache{}
	var out []concept
	for _, issue := range v.Issues {
		c := concept{name: "#" + issue.Slug}
		for _, t := range issue.Terms {
			if w, exact := strings.CutPrefix(t, "="); exact {
				if ws := words(w); len(ws) > 0 {
					c.terms = append(c.terms, conceptTerm{seq: ws, exact: true})
				}
			} else if st := allTerms(cache, t); len(st) > 0 {
				c.terms = append(c.terms, conceptTerm{seq: st})
			}
		}
		out = append(out, c)
	}
	return out
}

// conceptsOf returns the concepts named in a text, given its words and
// their stems (one for one).
func conceptsOf(ws, stems []string) []string {
	var found []bool // by concept, allocated at the first found
	mark := func(refs []termRef, i int) {
		for _, r := range refs {
			t := concepts[r.concept].terms[r.term]
			seq := stems
			if t.exact {
				seq = ws
			}
			if (found == nil || !found[r.concept]) && hasRunAt(seq, t.seq, i) {
				if found == nil {
					found = make([]bool, len(concepts))
				}
				found[r.concept] = true
			}
		}
	}
	for i := range ws {
		mark(firstStem[stems[i]], i)
		mark(firstWord[ws[i]], i)
	}
	var out []string
	for ci, f := range found {
		if f {
			out = append(out, concepts[ci].name)
		}
	}
	return out
}

// hasRunAt says whether run occurs in seq at i.
func hasRunAt(seq, run []string, i int) bool {
	if i+len(run) > len(seq) {
		return false
	}
	for k := range run {
		if seq[i+k] != run[k] {
			return false
		}
	}
	return true
}

// conceptRun is where the first term of concept name (one of the rules'
// names, "#"-prefixed) that a text names stands in it, as indexes into
// its words ws and their stems, or -1, -1 if the text does not name it.
func conceptRun(ws, stems []string, name string) (start, end int) {
	for _, c := range concepts {
		if c.name != name {
			continue
		}
		for _, t := range c.terms {
			if k := t.at(ws, stems); k >= 0 {
				return k, k + len(t.seq)
			}
		}
	}
	return -1, -1
}

// at is where the term first occurs in a text of words ws and their stems
// (the words themselves for an exact term), or -1.
func (t conceptTerm) at(ws, stems []string) int {
	seq := stems
	if t.exact {
		seq = ws
	}
	return runAt(seq, t.seq)
}

// runAt is where run first occurs in seq as consecutive elements, or -1.
func runAt(seq, run []string) int {
	for i := range seq {
		if hasRunAt(seq, run, i) {
			return i
		}
	}
	return -1
}
