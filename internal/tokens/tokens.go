// Package tokens is the text layer extract and trace share: the words of
// a text as both compare them, and their Porter stems.
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
