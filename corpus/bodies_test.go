package corpus

import "testing"

func TestCanonicalCouncil(t *testing.T) {
	for name, want := range map[string]string{
		"Leeds":                     "Leeds City Council",
		"Leeds City":                "Leeds City Council",
		"leeds city council":        "Leeds City Council",
		"Somerset County Council":   "Somerset Council", // the former name
		"Sandwell Children’s Trust": "Sandwell Metropolitan Borough Council",
		"Sandwell Children's Trust": "Sandwell Metropolitan Borough Council",
		"City of Bradford Metropolitan Borough Council": "Bradford Metropolitan District Council",
		"Sutton":                              "London Borough of Sutton", // by the place in its name
		"Royal Borough of Greenwich":          "Royal Borough of Greenwich",
		"Brighton & Hove":                     "Brighton and Hove City Council",
		"Bournemouth, Christchurch and Poole": "Bournemouth, Christchurch and Poole Council",
		"Powys":                               "Powys County Council",
		"City of Cardiff Council":             "Cardiff Council",
		"City of London":                      "City of London Corporation",
	} {
		if got, ok := CanonicalCouncil(name); !ok || got != want {
			t.Errorf("CanonicalCouncil(%q) = %q, %v; want %q", name, got, ok, want)
		}
	}
	for _, name := range []string{"London", "Partnership Council", "Local Government Association", ""} {
		if got, ok := CanonicalCouncil(name); ok {
			t.Errorf("CanonicalCouncil(%q) = %q, want none", name, got)
		}
	}
}

// No two councils may share a key: one would take the other's documents.
func TestCouncilKeysAreUnique(t *testing.T) {
	owner := map[string]string{}
	for _, c := range Councils {
		for _, n := range append([]string{c.Name}, c.Aliases...) {
			k := councilKey(n)
			if o, ok := owner[k]; ok && o != c.Name {
				t.Errorf("%q (%s) and %s share the key %q", n, c.Name, o, k)
			}
			owner[k] = c.Name
		}
	}
}
