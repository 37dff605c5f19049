package trace

import (
	"regexp"
	"strings"
)

// DocText is a document's text, for finding explicit mentions of earlier
// recommendations.
type DocText struct {
	DocID, Date, Subject, Text string
}

// Mention is a later document saying an earlier recommendation has not
// been met, linked to the recommendation it most likely means.
type Mention struct {
	DocID    string  `json:"doc"`
	Date     string  `json:"date"`
	Quote    string  `json:"quote"`
	RefersTo string  `json:"refers_to"` // item id
	Score    float64 `json:"score"`
}

// mentionCue matches the sentences that say so.
var mentionCue = regexp.MustCompile(`(?i)\b(ha(s|ve) not (yet )?been (fully |sufficiently |adequately )?(addressed|met|implemented|resolved|acted upon)|remains? (an? )?(area|areas) (for|of) (improvement|development|concern)|(identified|raised|highlighted) (at|in|during) the (last|previous|earlier) inspection|recommendations? (from|made at|of|made in) the (last|previous) inspection|since the (last|previous) inspection,? [^.]{0,120}\b(not|no|limited|insufficient)\b|continues? to be an? (area|weakness|concern))`)

var sentenceEnd = regexp.MustCompile(`[.!?](\s|$)`)

// findMentions finds mention sentences and links each to the most similar
// item of an earlier document about the same subject.
func findMentions(docs []DocText, m *model, o Options) []Mention {
	var out []Mention
	cache := stemCache{}
	for _, d := range docs {
		for _, loc := range mentionCue.FindAllStringIndex(d.Text, 50) {
			quote := sentenceAround(d.Text, loc[0], loc[1])
			qv := cache.terms(quote)
			best, bestScore := -1, 0.0
			for i, it := range m.in {
				if !strings.EqualFold(it.Subject, d.Subject) || it.Date >= d.Date || it.DocID == d.DocID {
					continue
				}
				if s := overlap(qv, m, i); s > bestScore {
					best, bestScore = i, s
				}
			}
			if best >= 0 && bestScore >= o.Threshold/2 {
				out = append(out, Mention{DocID: d.DocID, Date: d.Date, Quote: quote, RefersTo: m.in[best].ItemID, Score: bestScore})
			}
		}
	}
	return out
}

// overlap is the weighted share of item i's stems found in the quote.
func overlap(quote []string, m *model, i int) float64 {
	in := map[int32]bool{}
	for _, q := range quote {
		if id, ok := m.terms[q]; ok {
			in[id] = true
		}
	}
	v := m.vecs[i]
	s := 0.0
	for k, t := range v.terms {
		if in[t] {
			s += float64(v.weights[k] * v.weights[k])
		}
	}
	return s
}

// sentenceAround returns the sentence holding text[start:end].
func sentenceAround(text string, start, end int) string {
	from := 0
	for _, loc := range sentenceEnd.FindAllStringIndex(text[max(0, start-600):start], -1) {
		from = max(0, start-600) + loc[1]
	}
	to := len(text)
	if loc := sentenceEnd.FindStringIndex(text[end:]); loc != nil {
		to = end + loc[0] + 1
	}
	return strings.Join(strings.Fields(text[from:min(to, from+800)]), " ")
}
