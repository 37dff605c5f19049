package extract

import (
	"strings"
	"unicode"

	"github.com/jdkato/prose/v2"
)

// span is a half-open byte range of the document text.
type span struct{ start, end int }

// segment splits the given block spans of text into sentences with one
// call to prose (whose Punkt data loads on every call): the blocks are
// joined with blank lines, and a sentence never runs past the end of its
// block, since prose ignores line breaks.
//
// A long document is segmented a part at a time (segmentChunk bytes of
// blocks each), so that memory follows the part, not the document.
func segment(text string, blocks []span) [][]span {
	out := make([][]span, 0, len(blocks))
	for from := 0; from < len(blocks); {
		to, size := from, 0
		for to < len(blocks) && (to == from || size+blocks[to].end-blocks[to].start <= segmentChunk) {
			size += blocks[to].end - blocks[to].start
			to++
		}
		out = append(out, segmentPart(text, blocks[from:to])...)
		from = to
	}
	return out
}

// segmentChunk is how many bytes of blocks one call to prose segments.
const segmentChunk = 1 << 20

// segmentPart is segment of a part of the blocks.
func segmentPart(text string, blocks []span) [][]span {
	out := make([][]span, len(blocks))
	if len(blocks) == 0 {
		return out
	}
	var joined strings.Builder
	n := 0
	for _, b := range blocks {
		n += b.end - b.start + 2
	}
	joined.Grow(n)
	starts := make([]int, len(blocks)) // offset of each block in joined
	for i, b := range blocks {
		if i > 0 {
			joined.WriteString("\n\n")
		}
		starts[i] = joined.Len()
		joined.WriteString(text[b.start:b.end])
	}
	all := joined.String()
	doc, err := prose.NewDocument(all, prose.WithTokenization(false), prose.WithTagging(false), prose.WithExtraction(false))
	if err != nil {
		for i, b := range blocks {
			out[i] = []span{b}
		}
		return out
	}
	bi, cursor := 0, 0
	emit := func(s, e int) { // s, e in joined; split at block ends
		for s < e && bi < len(blocks) {
			bEnd := starts[bi] + (blocks[bi].end - blocks[bi].start)
			if s >= bEnd {
				bi++
				continue
			}
			end := min(e, bEnd)
			if trimmed := strings.TrimSpace(all[s:end]); trimmed != "" {
				lead := strings.Index(all[s:end], trimmed)
				ts := s + lead
				off := blocks[bi].start - starts[bi]
				out[bi] = append(out[bi], span{ts + off, ts + len(trimmed) + off})
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

// abbreviation matches words whose full stop does not end a sentence,
// which Punkt sometimes takes for an end: "the hon. Member", "Mr. Evans".
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
func joinAbbreviations(text string, spans []span) []span {
	var out []span
	for _, s := range spans {
		if n := len(out); n > 0 && endsWithAbbreviation(text[out[n-1].start:out[n-1].end]) {
			out[n-1].end = s.end
			continue
		}
		out = append(out, s)
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
