package trace

import (
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	tok "github.com/scrutineer/scrutineer/internal/tokens"
)

// DocText is a document's text, for finding explicit mentions of earlier
// recommendations.
type DocText struct {
	DocID, Date, Subject, Text string
	// Title and DocType say what kind of report it is, so that "the last
	// inspection" is the last of its kind (not a focused visit between).
	Title, DocType string
}

// Mention is a document saying what became of an earlier inspection's
// recommendations or weaknesses ("has not been addressed", "this was a
// recommendation at the last inspection"), with the earlier document it
// points back to where that is in the corpus, and the recommendation it
// means where it names one.
type Mention struct {
	DocID string `json:"doc"`
	Date  string `json:"date"`
	Quote string `json:"quote"`
	// Earlier is the document pointed back to: the one of the year the
	// quote names, else the subject's latest earlier document; empty when
	// the quote names a year no document of the subject is from.
	Earlier     string `json:"earlier_doc,omitempty"`
	EarlierDate string `json:"earlier_date,omitempty"`
	// RefersTo is the item of Earlier the quote is about (empty when it
	// speaks of the recommendations as a whole), with their overlap.
	RefersTo string  `json:"refers_to,omitempty"`
	Score    float64 `json:"score"`
	// Item is the mentioning document's own recommendation when the quote
	// is part of it ("… This was a recommendation at the last inspection.").
	Item string `json:"item,omitempty"`
}

// statusCue matches sentences that say an earlier recommendation or
// weakness has not been dealt with, whatever they point back to.
var statusCue = rules.pattern("status_cue")

// backRef matches a pointer back to an earlier inspection or its
// recommendations.
var backRef = rules.pattern("back_ref")

// backStatus is what a sentence that points back says became of it: the
// words of recommendations and weaknesses, or of progress and its lack.
var backStatus = rules.pattern("back_status")

// minMentionWords is the least number of words of a mention.
const minMentionWords = 7

// backHints are strings every match of backRef holds, as written in
// rules/patterns.txt or upper-cased: a cheap test before the pattern.
var backHints = func() []string {
	var out []string
	for _, h := range rules.list("back_ref_hints") {
		out = append(out, h, strings.ToUpper(h))
	}
	return out
}()

// mayPointBack says whether a text may hold a match of backRef.
func mayPointBack(s string) bool {
	for _, h := range backHints {
		if strings.Contains(s, h) {
			return true
		}
	}
	return false
}

var yearRE = regexp.MustCompile(`\b(19|20)\d\d\b`)

// mentionSpans finds the sentences of text that are mentions, as [start,
// end) offsets, in order, each once.
func mentionSpans(text string) [][2]int {
	var out [][2]int
	seen := map[int]bool{}
	add := func(loc []int, needStatus bool) {
		from, to := tok.SentenceAt(text, loc[0], loc[1])
		if seen[from] || len(strings.Fields(text[from:to])) < minMentionWords || !endsSentence(text[from:to]) {
			return // a heading or a line of the contents is no mention
		}
		if needStatus {
			s := text[from:to]
			rest := backRef.ReplaceAllString(s, " ")
			if !backStatus.MatchString(rest) {
				return
			}
		}
		seen[from] = true
		out = append(out, [2]int{from, to})
	}
	for _, loc := range statusCue.FindAllStringIndex(text, 100) {
		add(loc, false)
	}
	for _, loc := range backRef.FindAllStringIndex(text, 100) {
		add(loc, true)
	}
	sort.Slice(out, func(a, b int) bool { return out[a][0] < out[b][0] })
	return out
}

// earlierDocs are, per subject key, the documents of the traced items in
// date order.
type earlierDoc struct {
	id, date string
	kind     string // reportKind of its title and type
	items    []int
}

func (m *model) docsBySubject() map[string][]earlierDoc {
	at := map[string]int{}
	out := map[string][]earlierDoc{}
	for i, it := range m.in {
		k := subjectKey(it.Subject)
		if k == "" {
			continue
		}
		key := k + "\x00" + it.DocID
		j, ok := at[key]
		if !ok {
			j = len(out[k])
			at[key] = j
			out[k] = append(out[k], earlierDoc{id: it.DocID, date: it.Date, kind: reportKind(it.Title, it.DocType)})
		}
		out[k][j].items = append(out[k][j].items, i)
	}
	for k := range out {
		sort.SliceStable(out[k], func(a, b int) bool { return out[k][a].date < out[k][b].date })
	}
	return out
}

// kindWords are the words of a title that say what kind of inspection a
// report is of, beside its type.
var kindWords = rules.pattern("kind_words")

// reportKind is a report's type and the kind words of its title: "the
// last inspection" of a report is the last one of the same kind.
func reportKind(title, docType string) string {
	ks := kindWords.FindAllString(strings.ToLower(title), -1)
	sort.Strings(ks)
	return docType + "|" + strings.Join(slices.Compact(ks), " ")
}

// pointedBack is the document a quote from a document (of the given date
// and kind) points back to, among the subject's documents: one of a year
// the quote names for an inspection (an inspection reported on the next
// year counts), else the latest earlier one of the same kind, else the
// latest earlier one. ok is false when the quote names only years no
// document is from.
func pointedBack(quote, date, kind string, docs []earlierDoc) (d earlierDoc, ok bool) {
	var earlier []earlierDoc
	for _, e := range docs {
		if e.date < date && len(e.items) > 0 {
			earlier = append(earlier, e)
		}
	}
	if len(earlier) == 0 {
		return earlierDoc{}, false
	}
	own, _ := strconv.Atoi(date[:min(4, len(date))])
	var years []int
	for _, loc := range backRef.FindAllStringIndex(quote, -1) {
		// the years of the pointer, or just after it ("the last inspection
		// (December 2010)", "the previous inspection in 2013")
		for _, y := range yearRE.FindAllString(quote[loc[0]:min(len(quote), loc[1]+25)], -1) {
			if n, _ := strconv.Atoi(y); n < own || own == 0 {
				years = append(years, n)
			}
		}
	}
	if len(years) == 0 {
		for k := len(earlier) - 1; k >= 0; k-- {
			if earlier[k].kind == kind {
				return earlier[k], true
			}
		}
		return earlier[len(earlier)-1], true
	}
	for _, lag := range []int{0, 1} { // the inspection's year, then the report's
		for _, y := range years {
			best := -1
			for k, e := range earlier {
				if e.date[:min(4, len(e.date))] != strconv.Itoa(y+lag) {
					continue
				}
				if best < 0 || e.kind == kind && earlier[best].kind != kind ||
					(e.kind == kind) == (earlier[best].kind == kind) && len(e.items) > len(earlier[best].items) {
					best = k
				}
			}
			if best >= 0 {
				return earlier[best], true
			}
		}
	}
	return earlierDoc{}, false
}

// mentionOverlap is the least cosine of a quote and an item for the
// quote to be about that item rather than about the earlier
// recommendations as a whole.
const mentionOverlap = 0.30

// findMentions finds the mentions in the documents' texts and points each
// to the earlier document, and the item of it, it means.
// Quotes in known (a document's quotes already found in its items) are
// left out.
func findMentions(docs []DocText, m *model, known map[[2]string]bool) []Mention {
	var out []Mention
	cache := stemCache{}
	bySubject := m.docsBySubject()
	for _, d := range docs {
		for _, sp := range mentionSpans(d.Text) {
			quote := oneLine(d.Text[sp[0]:sp[1]])
			if known[[2]string{d.DocID, quote}] {
				continue
			}
			men := Mention{DocID: d.DocID, Date: d.Date, Quote: quote}
			e, ok := pointedBack(quote, d.Date, reportKind(d.Title, d.DocType), bySubject[subjectKey(d.Subject)])
			if !ok {
				out = append(out, men)
				continue
			}
			men.Earlier, men.EarlierDate = e.id, e.date
			// The issue is often named in the sentence before ("… This
			// was identified at the last inspection") or after ("These
			// include …"): the quote takes the one that names an item.
			from, to := sp[0], sp[1]
			if anaphor.MatchString(quote) {
				from = prevSentence(d.Text, from)
			}
			for _, end := range []int{to, nextSentence(d.Text, to)} {
				text := oneLine(d.Text[from:end])
				best, score := m.bestItem(cache, text, e.items)
				if best >= 0 && score >= mentionOverlap {
					men.Quote, men.RefersTo, men.Score = text, m.in[best].ItemID, round3(score)
					break
				}
			}
			out = append(out, men)
		}
	}
	return out
}

// anaphor matches a sentence that points to the one before it for what it
// is about ("This was identified …", "… plans to address this").
var anaphor = rules.pattern("anaphor")

// bestItem is the item, of those given, most alike the text, with their
// cosine.
func (m *model) bestItem(cache stemCache, text string, items []int) (int, float64) {
	qv := m.quoteVec(quoteTerms(cache, text))
	best, bestScore := -1, 0.0
	for _, i := range items {
		if m.aside[i] {
			continue // what the earlier report recommended is its list
		}
		if s := dot(qv, m.vecs[i]); s > bestScore {
			best, bestScore = i, s
		}
	}
	return best, bestScore
}

// prevSentence is where the sentence before the one at from starts, in the
// same block (from itself if there is none).
func prevSentence(text string, from int) int {
	k := from
	for k > 0 && (text[k-1] == ' ' || text[k-1] == '\n') {
		k--
	}
	if k == 0 || k < from && strings.Contains(text[k:from], "\n\n") {
		return from
	}
	start, _ := tok.SentenceAt(text, max(0, k-1), k)
	return start
}

// nextSentence is where the sentence after the one ending at to ends, in
// the same block (to itself if there is none).
func nextSentence(text string, to int) int {
	k := to
	for k < len(text) && (text[k] == ' ' || text[k] == '\n') {
		k++
	}
	if k == len(text) || strings.Contains(text[to:k], "\n\n") {
		return to
	}
	_, end := tok.SentenceAt(text, k, k+1)
	return end
}

// endsSentence says whether s ends as a sentence does.
func endsSentence(s string) bool {
	s = strings.TrimRight(s, " \n\"'’”)]")
	return s != "" && strings.ContainsAny(s[len(s)-1:], ".!?")
}

// oneLine is text with its runs of white space made single spaces.
func oneLine(text string) string { return strings.Join(strings.Fields(text), " ") }

// saidBefore finds the items that say they were recommended before ("This
// was a recommendation at the last inspection."), and links each to its
// most alike item in the document it points back to, when the two share
// at least a little (half the threshold): the report itself says they are
// one issue. It returns those links as edges scored at least Threshold,
// and a mention for each.
func (m *model) saidBefore(o Options) ([]Edge, []Mention) {
	var edges []Edge
	var mentions []Mention
	bySubject := m.docsBySubject()
	for i, it := range m.in {
		if m.aside[i] {
			continue
		}
		if !mayPointBack(it.Text) {
			continue
		}
		loc := backRef.FindStringIndex(it.Text)
		if loc == nil {
			continue
		}
		from, to := tok.SentenceAt(it.Text, loc[0], loc[1])
		quote := strings.Join(strings.Fields(it.Text[from:to]), " ")
		if !strings.Contains(strings.ToLower(quote), "recommend") {
			continue // "as at the last inspection, the service is good" is no such claim
		}
		men := Mention{DocID: it.DocID, Date: it.Date, Quote: quote, Item: it.ItemID}
		if e, ok := pointedBack(quote, it.Date, reportKind(it.Title, it.DocType), bySubject[subjectKey(it.Subject)]); ok {
			men.Earlier, men.EarlierDate = e.id, e.date
			best, bestScore := -1, 0.0
			for _, j := range e.items {
				if m.aside[j] {
					continue
				}
				if s := m.pairScore(i, j); s > bestScore {
					best, bestScore = j, s
				}
			}
			if best >= 0 && bestScore >= o.Threshold/2 {
				men.RefersTo, men.Score = m.in[best].ItemID, round3(bestScore)
				a, b := min(i, best), max(i, best)
				edges = append(edges, Edge{a, b, max(bestScore, o.Threshold)})
			}
		}
		mentions = append(mentions, men)
	}
	return edges, mentions
}

// quoteTerms are the content stems and the concepts a quote names.
func quoteTerms(cache stemCache, quote string) []string {
	ws := words(quote)
	st := cache.Stems(ws)
	return append(content(ws, st), conceptsOf(ws, st)...)
}

// quoteVec weighs a quote's terms as build weighs an item's, over the
// terms the items use.
func (m *model) quoteVec(terms []string) map[int32]float32 {
	v := map[int32]float32{}
	for _, t := range terms {
		if id, ok := m.terms[t]; ok {
			v[id]++
		}
	}
	var norm float64
	for id, f := range v {
		w := (1 + float32(math.Log(float64(f)))) * m.idf[id]
		if m.isConcept(id) {
			w *= float32(conceptWeight)
		}
		v[id] = w
		norm += float64(w * w)
	}
	for id := range v {
		v[id] /= float32(math.Sqrt(norm))
	}
	return v
}

// dot is the cosine of a quote's vector and an item's.
func dot(q map[int32]float32, v vec) float64 {
	s := 0.0
	for k, t := range v.terms {
		s += float64(q[t] * v.weights[k])
	}
	return s
}
