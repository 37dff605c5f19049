package extract

import (
	"strings"

	"github.com/scrutineer/scrutineer/corpus"
)

// Limits on sentences read for cues.
const (
	minSentenceWords = 5
	maxSentenceWords = 90
)

// runningText reads paragraphs and speeches outside the list sections
// sentence by sentence and keeps the sentences a cue fires on.
func (x *Extractor) runningText(bd *builder, blocks []int) {
	doc := bd.doc
	spans := make([]span, len(blocks))
	for i, bi := range blocks {
		spans[i] = bodySpan(doc, doc.Blocks[bi])
	}
	sentences := segment(doc.Text, spans)
	for i, bi := range blocks {
		b := doc.Blocks[bi]
		for _, s := range sentences[i] {
			x.sentence(bd, s, b)
		}
	}
}

func (x *Extractor) sentence(bd *builder, s span, b corpus.Block) {
	text := bd.doc.Text[s.start:s.end]
	n := len(strings.Fields(text))
	if n < minSentenceWords || n > maxSentenceWords || strings.HasSuffix(text, "?") {
		return
	}
	for _, r := range x.cues {
		loc := r.re.FindStringIndex(text)
		if loc == nil {
			continue
		}
		switch r.kind {
		case "leadin":
			continue
		case "enumeration":
			x.enumeration(bd, s, loc[1], r.cue, b)
		case "recommendation":
			if conditional(text, loc[0]) {
				continue
			}
			bd.add(corpus.Recommendation, corpus.NoPolarity, s, "", r.cue, b.Page)
		case "finding":
			pol := corpus.Polarity(r.polarity)
			if r.polarity == "lexicon" {
				pol = x.lex.polarity(text[loc[1]:])
			}
			if pol == corpus.NoPolarity {
				continue
			}
			bd.add(corpus.Finding, pol, s, "", r.cue, b.Page)
		}
		return
	}
}

// conditional says whether the cue sits in a clause that does not oblige
// anyone: "if the council should…", "whether leaders should…", "what
// should", or reported questions.
func conditional(text string, at int) bool {
	before := strings.ToLower(text[:at])
	for _, w := range []string{"if ", "whether ", "what ", "how ", "why ", "asked "} {
		if i := strings.LastIndex(before, w); i >= 0 && at-i < 60 {
			return true
		}
	}
	return false
}

// enumeration splits "The recommendations include developing …, conducting
// … and engaging …" into one item per phrase after the cue.
func (x *Extractor) enumeration(bd *builder, s span, cueEnd int, cue string, b corpus.Block) {
	rest := bd.doc.Text[s.start+cueEnd : s.end]
	parts := splitEnumeration(rest)
	if len(parts) == 0 {
		bd.add(corpus.Recommendation, corpus.NoPolarity, s, "", cue, b.Page)
		return
	}
	base := s.start + cueEnd
	for _, p := range parts {
		bd.add(corpus.Recommendation, corpus.NoPolarity, span{base + p.start, base + p.end}, "", cue, b.Page)
	}
}
