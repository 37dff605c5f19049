package trace

import (
	"strings"
	"unicode"

	porterstemmer "github.com/blevesearch/go-porterstemmer"
)

// stopWords are left out of item vectors: function words, and the words
// every recommendation uses ("ensure", "improve", "children") which say
// nothing about which issue it is.
var stopWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`a an the and or of to in on for by with at from as is are was were be been being that this
		these those it its their they them which who whom whose will would should must can could may might shall do does did
		has have had not no so than then there such into onto about all any each more most other some ensure ensures ensuring
		improve improves improved improving improvement further continue develop strengthen review make take including
		so that well good effectively all every local authority
		council lscb board children child young people person people's children's also
		through within across between where when how what they them our your we`) {
		stopWords[w] = true
	}
}

// stemCache avoids stemming the same word twice.
type stemCache map[string]string

func (c stemCache) stem(w string) string {
	if s, ok := c[w]; ok {
		return s
	}
	s := porterstemmer.StemString(w)
	if len(c) < 1<<20 {
		c[w] = s
	}
	return s
}

// words returns the words of text, lower-cased, without possessive endings.
func words(text string) []string {
	ws := strings.FieldsFunc(strings.ToLower(strings.ReplaceAll(text, "’", "'")), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
	})
	for i, w := range ws {
		ws[i] = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "'")
	}
	return ws
}

// allTerms returns the stems of every word of text, stop words included
// (for matching concept phrases).
func (c stemCache) allTerms(text string) []string {
	return c.stems(words(text))
}

// stems returns the stem of each word.
func (c stemCache) stems(ws []string) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = c.stem(w)
	}
	return out
}

// terms returns the content stems of text, in order.
func (c stemCache) terms(text string) []string {
	ws := words(text)
	return content(ws, c.stems(ws))
}

// content returns the stems (st, one for each word of ws) of the words that
// are not stop words, short words or numbers.
func content(ws, st []string) []string {
	out := make([]string, 0, len(ws))
	for i, w := range ws {
		if len(w) < 3 || stopWords[w] || strings.Trim(w, "0123456789") == "" {
			continue
		}
		out = append(out, st[i])
	}
	return out
}
