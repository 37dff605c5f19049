package trace

import (
	"github.com/scrutineer/scrutineer/corpus"
	tok "github.com/scrutineer/scrutineer/internal/tokens"
)

// conceptRules is the vocabulary its issues are read from
// (corpus/rules/themes.txt).
var conceptRules = corpus.DefaultVocabulary()

// concept is a named issue and the terms that name it.
type concept struct {
	name  string
	terms []tok.Term
}

var concepts = parseConcepts(conceptRules)

// conceptIndex finds the concepts a text names.
var conceptIndex = func() *tok.Index {
	groups := make([][]tok.Term, len(concepts))
	for i, c := range concepts {
		groups[i] = c.terms
	}
	return tok.NewIndex(groups)
}()

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
		for _, s := range issue.Terms {
			if t, ok := tok.ParseTerm(s, cache); ok {
				c.terms = append(c.terms, t)
			}
		}
		out = append(out, c)
	}
	return out
}

// conceptsOf returns the concepts named in a text, given its words and
// their stems (one for one), in the vocabulary's order.
func conceptsOf(ws, stems []string) []string {
	var out []string
	for ci, f := range conceptIndex.Match(ws, stems) {
		if f {
			out = append(out, concepts[ci].name)
		}
	}
	return out
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
			for k := range ws {
				if t.At(ws, stems, k) {
					return k, k + len(t.Seq)
				}
			}
		}
	}
	return -1, -1
}
