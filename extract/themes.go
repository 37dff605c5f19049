package extract

import (
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/scrutineer/scrutineer/internal/tokens"

	"github.com/scrutineer/scrutineer/corpus"
)

// Theme is one theme of the taxonomy.
type Theme struct {
	Slug  string
	Label string
	Terms []string
	refs  []termRef // each term as a sequence of stems, or of words
}

// Taxonomy is a versioned list of themes: the themes of the vocabulary
// (corpus/rules/themes.txt, or a file of the same syntax).
type Taxonomy struct {
	Version string
	Themes  []Theme
	first   map[string][]termRef // first stem of a term -> the terms starting with it
	word    map[string][]termRef // first word of an exact ("=word") term -> the terms
}

type termRef struct {
	theme int
	seq   []string // stems, or words for an exact term
	exact bool
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
	t := &Taxonomy{Version: v.Version, first: map[string][]termRef{}, word: map[string][]termRef{}}
	for ti, e := range v.Themes {
		th := Theme{Slug: e.Slug, Label: e.Label, Terms: e.Terms}
		for _, term := range e.Terms {
			ref := termRef{theme: ti}
			if w, exact := strings.CutPrefix(term, "="); exact {
				ref.seq, ref.exact = words(w), true
			} else {
				ref.seq = stems(term)
			}
			if len(ref.seq) == 0 {
				continue
			}
			th.refs = append(th.refs, ref)
			if ref.exact {
				t.word[ref.seq[0]] = append(t.word[ref.seq[0]], ref)
			} else {
				t.first[ref.seq[0]] = append(t.first[ref.seq[0]], ref)
			}
		}
		t.Themes = append(t.Themes, th)
	}
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
	st := stemsOf(ws)
	hit := map[int]bool{}
	mark := func(refs []termRef, i int) {
		for _, ref := range refs {
			seq := st
			if ref.exact {
				seq = ws
			}
			if !hit[ref.theme] && runAt(seq, ref.seq, i) {
				hit[ref.theme] = true
			}
		}
	}
	for i := range st {
		mark(t.first[st[i]], i)
		mark(t.word[ws[i]], i)
	}
	out := make([]string, 0, len(hit))
	for ti := range hit {
		out = append(out, t.Themes[ti].Slug)
	}
	sort.Slice(out, func(i, j int) bool { return t.index(out[i]) < t.index(out[j]) })
	return out
}

// runAt says whether run occurs in seq at i.
func runAt(seq, run []string, i int) bool {
	if i+len(run) > len(seq) {
		return false
	}
	for k := range run {
		if seq[i+k] != run[k] {
			return false
		}
	}
	return true
}

func (t *Taxonomy) index(slug string) int {
	for i, th := range t.Themes {
		if th.Slug == slug {
			return i
		}
	}
	return len(t.Themes)
}
