package corpus

import (
	_ "embed"
	"regexp"
	"strings"
	"sync"
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

// BodyNamed is the body of the gazetteer whose name is name, or nil.
func BodyNamed(name string) *Body {
	for i := range Bodies {
		if Bodies[i].Name == name {
			return &Bodies[i]
		}
	}
	return nil
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

// CanonicalCouncil returns the canonical name of the council that name
// stands for (rules/councils.txt): one of its names or its place, however
// the council's type is written ("Leeds", "Leeds City" and "Leeds City
// Council" are all Leeds City Council; "Somerset County Council" is
// Somerset Council). ok is false for a name it does not know.
func CanonicalCouncil(name string) (canonical string, ok bool) {
	canonical, ok = councilKeys()[councilKey(name)]
	return canonical, ok
}

// CouncilName is the canonical name of the council name stands for, or
// name as it is when it is no council's name: what ingest files a
// document under, and what trace groups items by.
func CouncilName(name string) string {
	if c, ok := CanonicalCouncil(name); ok {
		return c
	}
	return name
}

// councilKeys maps the key of every name of every council to its
// canonical name. A key two councils share (none now) keeps the first.
// It is built on first use, not at every start of the program.
var councilKeys = sync.OnceValue(func() map[string]string {
	out := map[string]string{}
	for _, c := range Councils {
		for _, n := range append([]string{c.Name}, c.Aliases...) {
			if k := councilKey(n); k != "" {
				if _, taken := out[k]; !taken {
					out[k] = c.Name
				}
			}
		}
	}
	return out
})

// councilKey is a council's name without the words for its type, folded:
// "City of Bradford Metropolitan District Council" and "Bradford" give
// "bradford".
func councilKey(name string) string {
	name = councilFold.Replace(strings.ToLower(name))
	ws := strings.Fields(name)
	for len(ws) > 2 && (ws[0] == "london" || ws[0] == "royal") && ws[1] == "borough" && ws[2] == "of" {
		ws = ws[3:]
	}
	switch {
	case len(ws) > 2 && ws[0] == "city" && ws[1] == "of" && ws[2] != "london":
		ws = ws[2:]
	case len(ws) > 1 && ws[0] == "the":
		ws = ws[1:]
	}
	for len(ws) > 1 && councilTypeWords[ws[len(ws)-1]] {
		ws = ws[:len(ws)-1]
	}
	return strings.Join(ws, " ")
}

// councilFold makes the spellings of one name alike.
var councilFold = strings.NewReplacer("’", "'", "&", "and", ",", " ")

// councilTypeWords end a council's name after its place.
var councilTypeWords = map[string]bool{"council": true, "city": true, "county": true, "borough": true,
	"metropolitan": true, "district": true, "unitary": true, "corporation": true}

// PlaceName is a council's name less its kind: "Leeds City Council" is
// Leeds, "Metropolitan Borough of Wirral" Wirral.
func PlaceName(council string) string {
	return strings.TrimSpace(councilKindWords.ReplaceAllString(council, ""))
}

var councilKindWords = regexp.MustCompile(`(?i)\b(metropolitan borough|metropolitan district|city of|borough|county|city|district|council|london borough of|royal borough of)\b`)
