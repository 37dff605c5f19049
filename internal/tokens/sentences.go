package tokens

import (
	"regexp"
	"strings"

	"github.com/jdkato/prose/v2"
)

// Sentences. Extract splits whole documents into sentences with prose's
// Punkt model (Sentences); trace finds the one sentence around a match in
// a document it does not split (SentenceAt). Both keep a sentence within
// its block and end no sentence at an abbreviation's full stop.

// Span is a half-open byte range of a text.
type Span struct{ Start, End int }

// Sentences splits the given block spans of text into sentences with one
// call to prose per part (its Punkt data loads on every call): the blocks
// are joined with blank lines, and a sentence never runs past the end of
// its block, since prose ignores line breaks.
//
// A long document is split a part at a time (sentenceChunk bytes of
// blocks each), so that memory follows the part, not the document.
func Sentences(text string, blocks []Span) [][]Span {
	out := make([][]Span, 0, len(blocks))
	for from := 0; from < len(blocks); {
		to, size := from, 0
		for to < len(blocks) && (to == from || size+blocks[to].End-blocks[to].Start <= sentenceChunk) {
			size += blocks[to].End - blocks[to].Start
			to++
		}
		out = append(out, sentencesOf(text, blocks[from:to])...)
		from = to
	}
	return out
}

// sentenceChunk is how many bytes of blocks one call to prose splits.
const sentenceChunk = 1 << 20

// sentencesOf is Sentences of a part of the blocks.
func sentencesOf(text string, blocks []Span) [][]Span {
	out := make([][]Span, len(blocks))
	if len(blocks) == 0 {
		return out
	}
	var joined strings.Builder
	n := 0
	for _, b := range blocks {
		n += b.End - b.Start + 2
	}
	joined.Grow(n)
	starts := make([]int, len(blocks)) // offset of each block in joined
	for i, b := range blocks {
		if i > 0 {
			joined.WriteString("\n\n")
		}
		starts[i] = joined.Len()
		joined.WriteString(text[b.Start:b.End])
	}
	all := joined.String()
	doc, err := prose.NewDocument(all, prose.WithTokenization(false), prose.WithTagging(false), prose.WithExtraction(false))
	if err != nil {
		for i, b := range blocks {
			out[i] = []Span{b}
		}
		return out
	}
	bi, cursor := 0, 0
	emit := func(s, e int) { // s, e in joined; split at block ends
		for s < e && bi < len(blocks) {
			bEnd := starts[bi] + (blocks[bi].End - blocks[bi].Start)
			if s >= bEnd {
				bi++
				continue
			}
			end := min(e, bEnd)
			if trimmed := strings.TrimSpace(all[s:end]); trimmed != "" {
				lead := strings.Index(all[s:end], trimmed)
				ts := s + lead
				off := blocks[bi].Start - starts[bi]
				out[bi] = append(out[bi], Span{ts + off, ts + len(trimmed) + off})
			}
			s = end
		}
	}
	for _, sent := range doc.Sentences() {
		i := strings.Index(all[cursor:], sent.Text)
		if i < 0 {
			continue // prose changed the text: skip this sentence rather than misplace it
		}
		s := cursor + i
		if s > cursor && strings.TrimSpace(all[cursor:s]) != "" {
			emit(cursor, s) // text prose dropped between sentences
		}
		emit(s, s+len(sent.Text))
		cursor = s + len(sent.Text)
	}
	if cursor < len(all) {
		emit(cursor, len(all))
	}
	for i := range out {
		out[i] = joinAbbreviations(text, out[i])
	}
	return out
}

// abbreviations are words whose full stop does not end a sentence, which
// Punkt sometimes takes for an end: "the hon. Member", "Mr. Evans".
var abbreviations = map[string]bool{}

func init() {
	for _, a := range strings.Fields("hon rt mr mrs ms dr prof cllr no para paras e.g i.e cf st vol ch sec art fig approx etc inc ltd co") {
		abbreviations[a] = true
	}
}

// endsWithAbbreviation says whether s ends with one of the abbreviations
// and its full stop ("… Cllr.", "… para."): its last word, not a scan of it.
func endsWithAbbreviation(s string) bool {
	if !strings.HasSuffix(s, ".") {
		return false
	}
	body := s[:len(s)-1]
	word := body[strings.LastIndexAny(body, " \t\n\r\f\v")+1:]
	return len(word) <= 6 && abbreviations[strings.ToLower(word)]
}

// joinAbbreviations joins a sentence that ends with an abbreviation to the
// one after it.
func joinAbbreviations(text string, spans []Span) []Span {
	var out []Span
	for _, s := range spans {
		if n := len(out); n > 0 && endsWithAbbreviation(text[out[n-1].Start:out[n-1].End]) {
			out[n-1].End = s.End
			continue
		}
		out = append(out, s)
	}
	return out
}

// sentenceEnd is a full stop, question or exclamation mark before white
// space or the end.
var sentenceEnd = regexp.MustCompile(`[.!?](\s|$)`)

// Reach of SentenceAt: how far before a range it looks for the sentence's
// start, and the longest sentence it returns.
const (
	sentenceBefore = 600
	sentenceMax    = 800
)

// SentenceAt returns the offsets of the sentence holding text[start:end],
// within its block (blocks are separated by blank lines), without
// splitting the rest of the text: at most sentenceBefore bytes before the
// range and sentenceMax in all.
func SentenceAt(text string, start, end int) (from, to int) {
	lo := max(0, start-sentenceBefore)
	if k := strings.LastIndex(text[lo:start], "\n\n"); k >= 0 {
		lo += k + 2
	}
	from = lo
	for _, loc := range sentenceEnd.FindAllStringIndex(text[lo:start], -1) {
		if !endsWithAbbreviation(text[lo : lo+loc[0]+1]) {
			from = lo + loc[1]
		}
	}
	to = len(text)
	if k := strings.Index(text[end:], "\n\n"); k >= 0 {
		to = end + k
	}
	to = min(to, max(end, from+sentenceMax))
	for k := end; k < to; {
		loc := sentenceEnd.FindStringIndex(text[k:to])
		if loc == nil {
			break
		}
		stop := k + loc[0] + 1
		if !endsWithAbbreviation(text[from:stop]) {
			to = stop
			break
		}
		k = stop
	}
	return from, min(to, from+sentenceMax)
}
