// Package tokens is the text layer extract and trace share: the words of
// a text as both compare them, their Porter stems, the terms of the
// vocabulary found among them, and sentences with their offsets.
package tokens

import (
	"strings"
	"unicode"

	porterstemmer "github.com/blevesearch/go-porterstemmer"
)

// Words returns the words of text: runs of letters, digits and
// apostrophes, lower-cased, curly apostrophes made straight and possessive
// endings dropped ("council's" is "council"); a lone apostrophe is no word.
func Words(text string) []string {
	ws := strings.FieldsFunc(strings.ToLower(strings.ReplaceAll(text, "’", "'")), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
	})
	out := ws[:0]
	for _, w := range ws {
		if w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "'"); strings.Trim(w, "'") != "" {
			out = append(out, w)
		}
	}
	return out
}

// Stem is the Porter stem of a word.
func Stem(w string) string { return porterstemmer.StemString(w) }

// Stemmer stems words, remembering the stems of up to a million words.
type Stemmer map[string]string

// Stem is the Porter stem of w.
func (c Stemmer) Stem(w string) string {
	if s, ok := c[w]; ok {
		return s
	}
	s := Stem(w)
	if len(c) < 1<<20 {
		c[w] = s
	}
	return s
}

// Stems returns the stem of each word.
func (c Stemmer) Stems(ws []string) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = c.Stem(w)
	}
	return out
}

// A Term is one way of naming a thing in a vocabulary: words in a row,
// matched on their stems, or, written "=word", matched on the words
// themselves (where the stemmer joins words that mean different things,
// such as "permanence" and "permanent").
type Term struct {
	Seq   []string
	Exact bool
}

// ParseTerm reads a term as a vocabulary writes it; ok is false for one
// with no words.
func ParseTerm(s string, c Stemmer) (t Term, ok bool) {
	if w, exact := strings.CutPrefix(strings.TrimSpace(s), "="); exact {
		t = Term{Seq: Words(w), Exact: true}
	} else {
		t = Term{Seq: c.Stems(Words(s))}
	}
	return t, len(t.Seq) > 0
}

// At says whether the term occurs at word i of a text of words ws and
// their stems.
func (t Term) At(ws, stems []string, i int) bool {
	seq := stems
	if t.Exact {
		seq = ws
	}
	if i+len(t.Seq) > len(seq) {
		return false
	}
	for k := range t.Seq {
		if seq[i+k] != t.Seq[k] {
			return false
		}
	}
	return true
}

// Index finds which of many groups of terms a text names, looking at each
// word only at the terms that can start there.
type Index struct {
	groups         [][]Term
	byStem, byWord map[string][]ref
}

type ref struct{ group, term int }

// NewIndex indexes groups of terms (a theme's, an issue's) by their first
// stem or word.
func NewIndex(groups [][]Term) *Index {
	x := &Index{groups: groups, byStem: map[string][]ref{}, byWord: map[string][]ref{}}
	for g, ts := range groups {
		for k, t := range ts {
			if t.Exact {
				x.byWord[t.Seq[0]] = append(x.byWord[t.Seq[0]], ref{g, k})
			} else {
				x.byStem[t.Seq[0]] = append(x.byStem[t.Seq[0]], ref{g, k})
			}
		}
	}
	return x
}

// Match says, by group, whether the text of words ws and their stems
// names one of the group's terms; nil when it names none.
func (x *Index) Match(ws, stems []string) []bool {
	var found []bool // allocated at the first found
	mark := func(refs []ref, i int) {
		for _, r := range refs {
			if (found == nil || !found[r.group]) && x.groups[r.group][r.term].At(ws, stems, i) {
				if found == nil {
					found = make([]bool, len(x.groups))
				}
				found[r.group] = true
			}
		}
	}
	for i := range ws {
		mark(x.byStem[stems[i]], i)
		mark(x.byWord[ws[i]], i)
	}
	return found
}
