package ingest

import (
	_ "embed"
	"regexp"
	"strings"
)

//go:embed rules/boilerplate.txt
var boilerplateRules string

type boilerRule struct {
	re       *regexp.Regexp
	dropPrev bool
}

var boilerplate = parseBoilerplate(boilerplateRules)

func parseBoilerplate(src string) []boilerRule {
	var out []boilerRule
	for _, line := range strings.Split(src, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		r := boilerRule{}
		if rest, ok := strings.CutPrefix(line, "prev:"); ok {
			r.dropPrev, line = true, rest
		}
		r.re = regexp.MustCompile(line)
		out = append(out, r)
	}
	return out
}

// isBoilerplate reports whether a line matches a boilerplate rule, and
// whether the line before it goes too.
func isBoilerplate(line string) (drop, dropPrev bool) {
	line = strings.TrimSpace(line)
	if line == "" || len(line) > 300 {
		return false, false
	}
	for _, r := range boilerplate {
		if r.re.MatchString(line) {
			return true, r.dropPrev
		}
	}
	return false, false
}

// dropBoilerplate removes boilerplate lines from a list of lines.
func dropBoilerplate(lines []string) []string {
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		drop, prev := isBoilerplate(l)
		if drop {
			if prev {
				for len(out) > 0 && strings.TrimSpace(out[len(out)-1]) == "" {
					out = out[:len(out)-1]
				}
				if len(out) > 0 {
					out = out[:len(out)-1]
				}
			}
			continue
		}
		out = append(out, l)
	}
	return out
}
