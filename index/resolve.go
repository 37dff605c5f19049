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
	if got := corpus.ResolveName(facet, value, known); len(got) > 0 {
		return got, nil
	}
	return nil, fmt.Errorf("%w: no %s is %q; the nearest known: %s", ErrUnknownValue, facetWord(facet), value,
		strings.Join(corpus.NearestNames(value, known, 5), "; "))
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
