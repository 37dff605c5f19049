package index

import (
	"fmt"
	"sort"
	"strings"

	"github.com/scrutineer/scrutineer/corpus"
)

// Filters by name take a value the way people write it: any of a body's
// names, in any case, or a part of the name that picks out the values
// it is part of ("Birmingham", "birmingham city council", "Kent",
// "CSSIW", "inspection report"). A value that names nothing known is an
// error that lists the nearest known values, never a silent empty list.

// ErrUnknownValue is a filter value that names no known value.
var ErrUnknownValue = fmt.Errorf("%w: unknown filter value", ErrQuery)

// Values returns the known values of a facet ("subject", "publisher",
// "doc_type", "theme", "kind", "polarity", "year"), sorted.
func (ix *Index) Values(facet string) []string {
	fc := ix.facets
	fc.mu.RLock()
	defer fc.mu.RUnlock()
	var out []string
	for _, n := range fc.names {
		if name, value, ok := strings.Cut(n, ":"); ok && name == facet {
			out = append(out, value)
		}
	}
	sort.Strings(out)
	return out
}

// Resolve returns the known values of facet that value stands for. With
// nothing of the facet indexed yet, value is taken as it is.
func (ix *Index) Resolve(facet, value string) ([]string, error) {
	return ResolveIn(facet, value, ix.Values(facet))
}

// ResolveIn returns the values of known that value stands for, as a
// filter of facet.
func ResolveIn(facet, value string, known []string) ([]string, error) {
	value = strings.TrimSpace(value)
	if len(known) == 0 || value == "" {
		return []string{value}, nil
	}
	if got := resolve(facet, value, known); len(got) > 0 {
		return got, nil
	}
	return nil, fmt.Errorf("%w: no %s is %q; the nearest known: %s", ErrUnknownValue, facetWord(facet), value,
		strings.Join(nearest(value, known, 5), "; "))
}

func resolve(facet, value string, known []string) []string {
	fold := func(s string) string {
		return strings.Join(strings.Fields(strings.ToLower(strings.NewReplacer("_", " ", "-", " ").Replace(s))), " ")
	}
	v := fold(value)
	// the value itself, or another name of the same body or council
	names := []string{value}
	switch facet {
	case "subject":
		names = append(names, corpus.CouncilName(value))
		names = append(names, corpus.BodyNames(value)...)
	case "publisher", "addressee":
		names = append(names, corpus.BodyNames(value)...)
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

// nearest lists the n known values most like value.
func nearest(value string, known []string, n int) []string {
	type scored struct {
		v string
		d int
	}
	var all []scored
	low := strings.ToLower(value)
	for _, k := range known {
		all = append(all, scored{k, editDistance(low, strings.ToLower(k))})
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].d < all[j].d })
	var out []string
	for _, s := range all[:min(n, len(all))] {
		out = append(out, s.v)
	}
	return out
}

// editDistance is the Levenshtein distance of two strings, by runes,
// bounded to the first 64 runes of each.
func editDistance(a, b string) int {
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

// facetWord names a facet in words.
func facetWord(facet string) string {
	switch facet {
	case "doc_type":
		return "document type"
	}
	return facet
}

// resolveFilters replaces the request's filter values by the known values
// they stand for.
func (ix *Index) resolveFilters(r *Request) error {
	for _, f := range []struct {
		facet  string
		values *[]string
	}{{"subject", &r.Subject}, {"publisher", &r.Publisher}, {"doc_type", &r.DocType}, {"theme", &r.Theme}, {"addressee", &r.Addressee}} {
		var out []string
		for _, v := range *f.values {
			for _, part := range strings.Split(v, ",") {
				if strings.TrimSpace(part) == "" {
					continue
				}
				got, err := ix.Resolve(f.facet, part)
				if err != nil {
					return err
				}
				out = append(out, got...)
			}
		}
		*f.values = out
	}
	return nil
}
