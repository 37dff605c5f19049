package trace

import (
	_ "embed"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// The patterns and hand-set weights trace uses live in one versioned file,
// rules/patterns.txt, not in the code: the inspectorates' words among
// them. The learned linker is rules/linker.json; the issues items are
// linked on are the vocabulary's (corpus/rules/themes.txt).

//go:embed rules/patterns.txt
var patternRules string

// rules are the parsed rules/patterns.txt; the embedded file is tested, so
// a fault in it stops the program at once.
var rules = mustParseRules(patternRules)

// ruleSet is a rules file: its values by name.
type ruleSet map[string]string

func mustParseRules(src string) ruleSet {
	r, err := parseRules(src)
	if err != nil {
		panic("trace: rules/patterns.txt: " + err.Error())
	}
	return r
}

// parseRules reads "name = value" lines; a line whose first character
// (after spaces) is "|" continues the value before it.
func parseRules(src string) (ruleSet, error) {
	r := ruleSet{}
	last := ""
	for i, raw := range strings.Split(src, "\n") {
		line := strings.TrimSpace(raw)
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "|"):
			if last == "" {
				return nil, fmt.Errorf("line %d: a continuation of nothing", i+1)
			}
			r[last] += line
		default:
			name, val, ok := strings.Cut(line, "=")
			if !ok {
				return nil, fmt.Errorf("line %d: want name = value: %q", i+1, line)
			}
			last = strings.TrimSpace(name)
			if _, dup := r[last]; dup {
				return nil, fmt.Errorf("line %d: %s given twice", i+1, last)
			}
			r[last] = strings.TrimSpace(val)
		}
	}
	return r, nil
}

// pattern compiles the pattern name, matched without regard to case.
func (r ruleSet) pattern(name string) *regexp.Regexp {
	v, ok := r[name]
	if !ok {
		panic("trace: rules/patterns.txt has no " + name)
	}
	return regexp.MustCompile(`(?i)` + v)
}

// weight is the number name.
func (r ruleSet) weight(name string) float64 {
	v, err := strconv.ParseFloat(r[name], 64)
	if err != nil {
		panic(fmt.Sprintf("trace: rules/patterns.txt: %s: %v", name, err))
	}
	return v
}

// list is the comma-separated list name; an entry in double quotes keeps
// its spaces.
func (r ruleSet) list(name string) []string {
	var out []string
	for _, s := range strings.Split(r[name], ",") {
		s = strings.TrimSpace(s)
		if uq, err := strconv.Unquote(s); err == nil {
			s = uq
		}
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
