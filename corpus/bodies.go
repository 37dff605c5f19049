package corpus

import (
	_ "embed"
	"strings"
)

//go:embed rules/bodies.txt
var bodyRules string

//go:embed rules/councils.txt
var councilRules string

// Body is a public body with the other names it goes by: aliases,
// abbreviations and former names (CSSIW became Care Inspectorate Wales).
type Body struct {
	Name    string
	Aliases []string
}

// Bodies is the gazetteer of public bodies (rules/bodies.txt): ingest finds
// publishers with it, extract names the bodies a document mentions, and
// search finds a body by any of its names.
var Bodies = parseBodies(bodyRules)

// Councils lists councils with the place names they are known by
// (rules/councils.txt).
var Councils = parseBodies(councilRules)

func parseBodies(src string) []Body {
	var out []Body
	for _, line := range strings.Split(src, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.Split(line, " | ")
		out = append(out, Body{Name: parts[0], Aliases: parts[1:]})
	}
	return out
}

// BodyNames returns every name of the body that name is one of (itself
// first), or just name when the gazetteer does not know it. Case is ignored.
func BodyNames(name string) []string {
	for _, list := range [][]Body{Bodies, Councils} {
		for _, b := range list {
			for _, n := range append([]string{b.Name}, b.Aliases...) {
				if strings.EqualFold(n, name) {
					return append([]string{b.Name}, b.Aliases...)
				}
			}
		}
	}
	return []string{name}
}
