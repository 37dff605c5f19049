package extract

import (
	_ "embed"
	"fmt"
	"os"
	"sort"
	"strings"
	"unicode"

	porterstemmer "github.com/blevesearch/go-porterstemmer"
)

//go:embed rules/themes.txt
var defaultTaxonomy string

// Theme is one theme of the taxonomy.
type Theme struct {
	Slug  string
	Label string
	Terms []string
	stems [][]string // each term as a sequence of stems
}

// Taxonomy is a versioned list of themes.
type Taxonomy struct {
	Version string
	Themes  []Theme
	first   map[string][]termRef // first stem of a term -> the terms starting with it
}

type termRef struct {
	theme int
	stems []string
}

// DefaultTaxonomy returns the embedded taxonomy.
func DefaultTaxonomy() *Taxonomy {
	t, err := ParseTaxonomy(defaultTaxonomy)
	if err != nil {
		panic(err) // the embedded file is tested
	}
	return t
}

// LoadTaxonomy reads a taxonomy file (the format of rules/themes.txt).
func LoadTaxonomy(path string) (*Taxonomy, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read taxonomy %s: %w", path, err)
	}
	t, err := ParseTaxonomy(string(data))
	if err != nil {
		return nil, fmt.Errorf("read taxonomy %s: %w", path, err)
	}
	return t, nil
}

// ParseTaxonomy parses taxonomy text.
func ParseTaxonomy(src string) (*Taxonomy, error) {
	t := &Taxonomy{first: map[string][]termRef{}}
	var cur *Theme
	for i, raw := range strings.Split(src, "\n") {
		line := strings.TrimSpace(raw)
		switch {
		case strings.HasPrefix(line, "# version"):
			_, v, _ := strings.Cut(line, "=")
			t.Version = strings.TrimSpace(v)
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			t.Themes = append(t.Themes, Theme{Slug: line[1 : len(line)-1]})
			cur = &t.Themes[len(t.Themes)-1]
		case cur == nil:
			return nil, fmt.Errorf("line %d: %q before any [theme]", i+1, line)
		default:
			key, val, ok := strings.Cut(line, "=")
			if !ok {
				return nil, fmt.Errorf("line %d: want key = value: %q", i+1, line)
			}
			switch strings.TrimSpace(key) {
			case "label":
				cur.Label = strings.TrimSpace(val)
			case "terms":
				for _, term := range strings.Split(val, ",") {
					if term = strings.TrimSpace(term); term != "" {
						cur.Terms = append(cur.Terms, term)
						cur.stems = append(cur.stems, stems(term))
					}
				}
			default:
				return nil, fmt.Errorf("line %d: unknown key %q", i+1, key)
			}
		}
	}
	if len(t.Themes) == 0 {
		return nil, fmt.Errorf("no themes")
	}
	for ti, th := range t.Themes {
		for _, s := range th.stems {
			if len(s) > 0 {
				t.first[s[0]] = append(t.first[s[0]], termRef{ti, s})
			}
		}
	}
	return t, nil
}

// words splits text into lower-case words (letters, digits, inner
// apostrophes and hyphens split off).
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(strings.ReplaceAll(s, "’", "'")), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
	})
}

// stems returns the Porter stems of the words of s.
func stems(s string) []string {
	ws := words(s)
	out := make([]string, 0, len(ws))
	for _, w := range ws {
		w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "'")
		out = append(out, porterstemmer.StemString(w))
	}
	return out
}

// Match returns the slugs of the themes whose terms occur in text, in
// taxonomy order.
func (t *Taxonomy) Match(text string) []string {
	st := stems(text)
	hit := map[int]bool{}
	for i, s := range st {
		for _, ref := range t.first[s] {
			if hit[ref.theme] || i+len(ref.stems) > len(st) {
				continue
			}
			ok := true
			for j := 1; j < len(ref.stems); j++ {
				if st[i+j] != ref.stems[j] {
					ok = false
					break
				}
			}
			if ok {
				hit[ref.theme] = true
			}
		}
	}
	out := make([]string, 0, len(hit))
	for ti := range hit {
		out = append(out, t.Themes[ti].Slug)
	}
	sort.Slice(out, func(i, j int) bool { return t.index(out[i]) < t.index(out[j]) })
	return out
}

func (t *Taxonomy) index(slug string) int {
	for i, th := range t.Themes {
		if th.Slug == slug {
			return i
		}
	}
	return len(t.Themes)
}
