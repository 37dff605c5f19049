package trace

import (
	"strings"

	tok "github.com/scrutineer/scrutineer/internal/tokens"
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
type stemCache = tok.Stemmer

// words returns the words of text, as extract compares them too.
func words(text string) []string { return tok.Words(text) }

// allTerms returns the stems of every word of text, stop words included
// (for matching concept phrases).
func allTerms(c stemCache, text string) []string { return c.Stems(words(text)) }

// terms returns the content stems of text, in order.
func terms(c stemCache, text string) []string {
	ws := words(text)
	return content(ws, c.Stems(ws))
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
