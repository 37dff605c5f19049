package trace

import (
	_ "embed"
	"strings"
)

//go:embed rules/concepts.txt
var conceptRules string

// concept is a named issue and its terms as stem sequences.
type concept struct {
	name  string
	terms [][]string
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
			if st := cache.allTerms(t); len(st) > 0 {
				c.terms = append(c.terms, st)
			}
		}
		out = append(out, c)
	}
	return out
}

// conceptsOf returns the concepts whose terms occur in the stem sequence.
func conceptsOf(stems []string) []string {
	var out []string
	for _, c := range concepts {
	terms:
		for _, t := range c.terms {
			for i := 0; i+len(t) <= len(stems); i++ {
				match := true
				for k := range t {
					if stems[i+k] != t[k] {
						match = false
						break
					}
				}
				if match {
					out = append(out, c.name)
					break terms
				}
			}
		}
	}
	return out
}
