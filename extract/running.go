package extract

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/scrutineer/scrutineer/corpus"
)

// Limits on sentences read for cues.
const (
	minSentenceWords = 5
	maxSentenceWords = 90
)

// runningText reads paragraphs and speeches outside the list sections
// sentence by sentence and keeps the sentences a cue fires on.
// sentences holds each block's sentences.
func (x *Extractor) runningText(bd *builder, blocks []int, sentences map[int][]span) {
	for _, bi := range blocks {
		b := bd.doc.Blocks[bi]
		for k, s := range sentences[bi] {
			before := len(bd.items)
			x.sentence(bd, s, b)
			if k > 0 {
				prev := sentences[bi][k-1]
				x.inheritThemes(bd.items[before:], bd.doc.Text[prev.start:prev.end])
			}
		}
	}
}

// refersBack matches an item that names its subject only by pointing back
// to the sentence before: "further substantial work remains in this area".
var refersBack = regexp.MustCompile(`(?i)\b(in|on|across) (this|these|both) (area|areas|respect|respects|regard|aspects?)\b|\bthis (work|issue|problem|aspect)\b`)

// inheritThemes gives the items without themes that refer back the themes
// of the sentence before them.
func (x *Extractor) inheritThemes(items []corpus.Item, previous string) {
	for i := range items {
		if len(items[i].Themes) == 0 && refersBack.MatchString(items[i].Text) {
			items[i].Themes = x.tax.Match(previous)
		}
	}
}

// sentence reads one sentence of running text: the first cue that fires
// and holds makes it an item.
func (x *Extractor) sentence(bd *builder, s span, b corpus.Block) {
	text := bd.doc.Text[s.start:s.end]
	if !candidate(text) {
		return
	}
	lower := strings.ToLower(text)
	for i := range x.cues {
		r := &x.cues[i]
		if r.kind == "leadin" || !r.fires(lower) {
			continue
		}
		loc := r.re.FindStringIndex(text)
		if loc == nil {
			continue
		}
		var took bool
		switch r.kind {
		case "enumeration":
			x.enumeration(bd, s, loc[1], r.cue, b)
			took = true
		case "recommendation":
			took = x.recommendationCue(bd, r, s, b, text, loc)
		case "finding":
			took = x.findingCue(bd, r, s, b, text, loc)
		}
		if took {
			return
		}
	}
}

// candidate says whether a sentence may be an item: not too short or long
// to be one, not a question or a lead-in, not a fragment of a sentence
// that began before its block.
func candidate(text string) bool {
	n := countWords(text)
	if n < minSentenceWords || n > maxSentenceWords || strings.HasSuffix(text, "?") || strings.HasSuffix(text, ":") {
		return false
	}
	return !unicode.IsLower([]rune(text)[0])
}

// recommendationCue adds the sentence as a recommendation unless the cue
// at loc is conditional, does not oblige, is reported, or only notes; it
// says whether it did.
func (x *Extractor) recommendationCue(bd *builder, r *cueRule, s span, b corpus.Block, text string, loc []int) bool {
	if conditional(text, loc[0]) || notObligation.MatchString(text[loc[0]:]) || reported(b, text) ||
		(r.cue == "phrase:asked-to" || r.cue == "phrase:decision") && notingOnly(text) {
		return false
	}
	bd.add(corpus.Recommendation, corpus.NoPolarity, s, "", r.cue, b.Page)
	return true
}

// findingCue adds the sentence as a finding of the cue's polarity (or the
// lexicon's, read from what follows the cue), unless a concern is negated,
// only mentioned, or outweighed by its main clause; it says whether it did.
func (x *Extractor) findingCue(bd *builder, r *cueRule, s span, b corpus.Block, text string, loc []int) bool {
	if r.polarity == "concern" && (negated(text, negator.FindAllStringIndex(text, -1), loc[0]) || mentionOnly(text, loc[0]) ||
		x.lex.polarity(mainClause(text)) == corpus.Strength && mainClause(text) != text) {
		return false // "no serious failings", "to address concerns", "while there were concerns, it improved"
	}
	pol := corpus.Polarity(r.polarity)
	if r.polarity == "lexicon" {
		pol = x.lex.polarity(mainClause(text[loc[1]:]))
	}
	if pol == corpus.NoPolarity {
		return false
	}
	bd.add(corpus.Finding, pol, s, "", r.cue, b.Page)
	return true
}

// reported says whether a sentence gives someone else's words rather
// than the document's own: a speaker's in a debate, a quotation, or what
// others suggested, told or recommended ("It recommended (Recommendation
// 11) that…", "We heard that…", "Their suggestion was that…").
func reported(b corpus.Block, text string) bool {
	if b.Kind == corpus.Speech || b.Speaker != "" {
		return true
	}
	if strings.HasPrefix(text, "“") || strings.HasPrefix(text, "\"") || strings.HasPrefix(text, "‘") ||
		strings.HasSuffix(text, "”") && !strings.Contains(text, "“") {
		return true
	}
	return reportedSpeech.MatchString(text)
}

var reportedSpeech = regexp.MustCompile(`(?i)\b(suggest(s|ed|ion|ions)?|told (us|me|the)|we heard|heard that|argued|submitted that|(it|they|he|she|the committee|the report|the review) (also )?recommended|the (\w+ )?(inquiry|review|committee|panel|commission)['’]?s? report (also )?(proposes|proposed|recommends|recommended|calls|called|urges|urged)|was a recommendation|it must follow|must be borne in mind|has to be said|must be said|it should be noted)\b`)

// notObligation matches modals that do not oblige: "must have known",
// "should have been", "should be able to".
var notObligation = regexp.MustCompile(`(?i)^\S+(\s+\S+){0,4}?\s+(must|should|shall|needs? to)\s+(have\s+\w+(ed|en|wn)\b|be able to\b|not\b|be said\b|say\b|admit\b|confess\b|be noted\b)`)

// contrast marks the turn of a sentence whose second part is its point:
// "some good work, but many plans lacked clarity".
var contrast = regexp.MustCompile(`(?i)(,\s*but\b|;\s*however\b|\bhowever,|,\s*although\b|,\s*yet\b)`)

// mainClause returns the part of a sentence after its last contrast, or
// all of it; a leading "While …," or "Although …," clause is dropped too.
func mainClause(s string) string {
	if locs := contrast.FindAllStringIndex(s, -1); len(locs) > 0 {
		return s[locs[len(locs)-1][1]:]
	}
	if m := subordinate.FindStringIndex(s); m != nil {
		return s[m[1]:]
	}
	return s
}

var subordinate = regexp.MustCompile(`(?i)^(while|whilst|although|though|despite)\b[^,]{3,200},`)

// mentionOnly says whether the concern at offset at is only mentioned, not
// found: "to address concerns", "in response to concerns", "due to concerns".
func mentionOnly(text string, at int) bool {
	before := strings.ToLower(text[max(0, at-40):at])
	if strings.Contains(strings.ToLower(text), "as far as i am concerned") {
		return true
	}
	for _, w := range []string{"address ", "addressing ", "respond to ", "responding to ", "response to ", "due to ", "considered ",
		"consider ", "allay ", "alleviate ", "reassure ", "because of "} {
		if i := strings.LastIndex(before, w); i >= 0 && countWords(before[i:]) <= 4 {
			return true
		}
	}
	return false
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
	parts := x.tagger.splitEnumeration(rest)
	if len(parts) == 0 {
		bd.add(corpus.Recommendation, corpus.NoPolarity, s, "", cue, b.Page)
		return
	}
	base := s.start + cueEnd
	for _, p := range parts {
		bd.add(corpus.Recommendation, corpus.NoPolarity, span{base + p.start, base + p.end}, "", cue, b.Page)
	}
}
