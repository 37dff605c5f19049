package extract

import (
	"unicode"

	"github.com/scrutineer/scrutineer/internal/tokens"
)

// span is a half-open byte range of the document text.
type span struct{ start, end int }

// segment splits the given block spans of text into sentences: the text
// layer's Sentences, in extract's spans.
func segment(text string, blocks []span) [][]span {
	bs := make([]tokens.Span, len(blocks))
	for i, b := range blocks {
		bs[i] = tokens.Span{Start: b.start, End: b.end}
	}
	ss := tokens.Sentences(text, bs)
	out := make([][]span, len(ss))
	for i, sents := range ss {
		out[i] = make([]span, len(sents))
		for k, x := range sents {
			out[i][k] = span{x.Start, x.End}
		}
	}
	return out
}

// countWords is len(strings.Fields(s)) without making the fields.
func countWords(s string) int {
	n, in := 0, false
	for _, r := range s {
		if unicode.IsSpace(r) {
			in = false
		} else if !in {
			n, in = n+1, true
		}
	}
	return n
}
