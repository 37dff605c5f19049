package extract

import (
	"fmt"
	"os"

	"github.com/scrutineer/scrutineer/internal/tokens"

	"github.com/scrutineer/scrutineer/corpus"
)

// Theme is one theme of the taxonomy.
type Theme struct {
	Slug  string
	Label string
	Terms []string
}

// Taxonomy is a versioned list of themes: the themes of the vocabulary
// (corpus/rules/themes.txt, or a file of the same syntax).
type Taxonomy struct {
	Version string
	Themes  []Theme
	index   *tokens.Index // the themes' terms, by theme
}

// DefaultTaxonomy returns the embedded taxonomy.
func DefaultTaxonomy() *Taxonomy {
	t, err := ParseTaxonomy(corpus.DefaultVocabulary())
	if err != nil {
		panic(err) // the embedded file is tested
	}
	return t
}

// LoadTaxonomy reads a taxonomy file (the format of corpus/rules/themes.txt).
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

// ParseTaxonomy parses taxonomy text: the vocabulary's themes (its issues
// are trace's).
func ParseTaxonomy(src string) (*Taxonomy, error) {
	v, err := corpus.ParseVocabulary(src)
	if err != nil {
		return nil, err
	}
	t := &Taxonomy{Version: v.Version}
	groups := make([][]tokens.Term, len(v.Themes))
	c := tokens.Stemmer{}
	for ti, e := range v.Themes {
		t.Themes = append(t.Themes, Theme{Slug: e.Slug, Label: e.Label, Terms: e.Terms})
		for _, term := range e.Terms {
			if tt, ok := tokens.ParseTerm(term, c); ok {
				groups[ti] = append(groups[ti], tt)
			}
		}
	}
	t.index = tokens.NewIndex(groups)
	return t, nil
}

// words are the words of s as trace compares them too.
func words(s string) []string { return tokens.Words(s) }

// stems returns the Porter stems of the words of s.
func stems(s string) []string { return stemsOf(words(s)) }

// stemsOf returns the Porter stem of each word.
func stemsOf(ws []string) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = tokens.Stem(w)
	}
	return out
}

// Match returns the slugs of the themes whose terms occur in text, in
// taxonomy order.
func (t *Taxonomy) Match(text string) []string {
	ws := words(text)
	out := []string{}
	for ti, f := range t.index.Match(ws, stemsOf(ws)) {
		if f {
			out = append(out, t.Themes[ti].Slug)
		}
	}
	return out
}
