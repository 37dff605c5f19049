package trace

import (
	_ "embed"
	"strings"
)

//go:embed rules/concepts.txt
var conceptRules string

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

func parseConcepts(src string) []concept {
	cache := stemCache{}
	var out []concept
	for _, line := range strings.Split(src, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, terms, ok := strings.Cut(line, ":")
		if !ok {
			panic("bad concept line: " + line)
		}
		c := concept{name: "#" + strings.TrimSpace(name)}
		for _, t := range strings.Split(terms, ",") {
			t = strings.TrimSpace(t)
			if w, exact := strings.CutPrefix(t, "="); exact {
				if ws := words(w); len(ws) > 0 {
					c.terms = append(c.terms, conceptTerm{seq: ws, exact: true})
				}
			} else if st := cache.allTerms(t); len(st) > 0 {
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
	var out []string
	for _, c := range concepts {
		for _, t := range c.terms {
			if t.at(ws, stems) >= 0 {
				out = append(out, c.name)
				break
			}
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
	for i := 0; i+len(run) <= len(seq); i++ {
		match := true
		for k := range run {
			if seq[i+k] != run[k] {
				match = false
				break
			}
		}
		if match {
			return i
		}
	}
	return -1
}
