package bench

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode"
)

// Word-level comparison of two extractions of the same PDF.
//
// Both texts are cut into words the same way: white space separates words;
// punctuation around a word is dropped; curly quotes become straight ones;
// a word needs a letter or a digit. A hyphen at the end of a line joins the
// two halves (keeping the hyphen), as a reader would. Words are compared as
// multisets, so the score measures spacing and characters, not reading
// order. A footnote number after a word's punctuation counts as a word of
// its own. The reference's running headers, footers and page numbers are
// removed by the rule ingest applies (a line in the top or bottom three
// lines of at least half the pages, numbers aside), so that removing them
// is not counted as missing words.

var quotes = strings.NewReplacer("’", "'", "‘", "'", "“", "\"", "”", "\"", "ﬁ", "fi", "ﬂ", "fl", "\u00ad", "")

// footnoteAfter matches a footnote number run into the word before it
// ("apart.\"12"): pdftotext joins them, ingest keeps them apart.
var footnoteAfter = regexp.MustCompile(`^(.*\pL[.,;:"”')]+)(\d{1,3})$`)

func notWordRune(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }

var lineEndHyphen = regexp.MustCompile(`(\p{L})-\s*\n\s*(\p{Ll})`)

// Words splits text into comparable words.
func Words(text string) []string {
	text = lineEndHyphen.ReplaceAllString(quotes.Replace(text), "$1-$2")
	var out []string
	for _, f := range strings.Fields(text) {
		if m := footnoteAfter.FindStringSubmatch(f); m != nil {
			out = append(out, strings.TrimFunc(m[1], notWordRune), m[2])
			continue
		}
		w := strings.TrimFunc(f, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		if w != "" {
			out = append(out, w)
		}
	}
	return out
}

// Score is the comparison of a candidate's words with a reference's.
type Score struct {
	Precision, Recall, F1 float64
	Glued                 int // candidate words that are two reference words run together
	Split                 int // reference words the candidate breaks in two
	CandidateWords        int
	ReferenceWords        int
	Missing               []string `json:"missing,omitempty"` // the reference's words most often missing
	Extra                 []string `json:"extra,omitempty"`   // the candidate's words most often extra
}

// topDiff lists the words of a that b has fewer of, most first.
func topDiff(a, b map[string]int, n int) []string {
	type wc struct {
		w string
		c int
	}
	var d []wc
	for w, c := range a {
		if c > b[w] {
			d = append(d, wc{w, c - b[w]})
		}
	}
	sort.Slice(d, func(i, j int) bool { return d[i].c > d[j].c || d[i].c == d[j].c && d[i].w < d[j].w })
	var out []string
	for i := 0; i < len(d) && i < n; i++ {
		out = append(out, fmt.Sprintf("%s×%d", d[i].w, d[i].c))
	}
	return out
}

// Compare scores candidate words against reference words.
func Compare(candidate, reference []string) Score {
	ref := map[string]int{}
	for _, w := range reference {
		ref[w]++
	}
	cand := map[string]int{}
	for _, w := range candidate {
		cand[w]++
	}
	match := 0
	for w, n := range cand {
		match += min(n, ref[w])
	}
	s := Score{CandidateWords: len(candidate), ReferenceWords: len(reference)}
	if len(candidate) > 0 {
		s.Precision = float64(match) / float64(len(candidate))
	}
	if len(reference) > 0 {
		s.Recall = float64(match) / float64(len(reference))
	}
	if s.Precision+s.Recall > 0 {
		s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
	}
	s.Missing, s.Extra = topDiff(ref, cand, 8), topDiff(cand, ref, 8)
	for w, n := range cand {
		if n > ref[w] && isTwoWords(w, ref) {
			s.Glued += n - ref[w]
		}
	}
	for w, n := range ref {
		if n > cand[w] && isTwoWords(w, cand) {
			s.Split += n - cand[w]
		}
	}
	return s
}

// isTwoWords says whether w is two words of vocab run together.
func isTwoWords(w string, vocab map[string]int) bool {
	if len(w) < 4 {
		return false
	}
	for i := 2; i <= len(w)-2; i++ {
		if vocab[w[:i]] > 0 && vocab[w[i:]] > 0 {
			return true
		}
	}
	return false
}
