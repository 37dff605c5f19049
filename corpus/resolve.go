package corpus

import (
	"sort"
	"strings"
)

// Resolving a name as people write it to the names a store holds: any of
// a body's names, in any case ("birmingham city council", "CIW"), a place
// for its council ("Birmingham"), or, for a name the gazetteer does not
// know, a part of it in whole words ("Glanmorfa"). Search's filters and
// trace's selections resolve the same way.

// ResolveName returns the values of known that value stands for, as a
// name of the field ("subject", "publisher", "addressee", "doc_type",
// "theme"); none when it stands for none of them.
func ResolveName(facet, value string, known []string) []string {
	fold := func(s string) string {
		return strings.Join(strings.Fields(strings.ToLower(strings.NewReplacer("_", " ", "-", " ").Replace(s))), " ")
	}
	v := fold(value)
	// the value itself, or another name of the same body or council
	names := []string{value}
	switch facet {
	case "subject":
		names = append(names, CouncilName(value))
		names = append(names, BodyNames(value)...)
	case "publisher", "addressee":
		names = append(names, BodyNames(value)...)
	}
	var out []string
	for _, k := range known {
		for _, n := range names {
			if fold(k) == fold(n) {
				out = append(out, k)
				break
			}
		}
	}
	if len(out) > 0 {
		return out
	}
	// the words of a part of the name: "Birmingham", "Kent"
	for _, k := range known {
		if fk := fold(k); strings.HasPrefix(fk, v+" ") || strings.Contains(fk, " "+v+" ") || strings.HasSuffix(fk, " "+v) {
			out = append(out, k)
		}
	}
	return out
}

// NearestNames lists the n values of known most like value.
func NearestNames(value string, known []string, n int) []string {
	type scored struct {
		v string
		d int
	}
	var all []scored
	low := strings.ToLower(value)
	for _, k := range known {
		all = append(all, scored{k, EditDistance(low, strings.ToLower(k))})
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].d < all[j].d })
	var out []string
	for _, s := range all[:min(n, len(all))] {
		out = append(out, s.v)
	}
	return out
}

// EditDistance is the Levenshtein distance of two strings, by runes,
// bounded to the first 64 runes of each.
func EditDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	ra, rb = ra[:min(len(ra), 64)], rb[:min(len(rb), 64)]
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
