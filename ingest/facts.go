package ingest

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/scrutineer/scrutineer/corpus"
)

var (
	moneyFact   = regexp.MustCompile(`£\s?(\d{1,3}(?:,\d{3})*(?:\.\d+)?|\d+(?:\.\d+)?)\s?(million|billion|bn|m|k)?\b`)
	percentFact = regexp.MustCompile(`(\d+(?:\.\d+)?)\s?(?:per ?cent|%)`)
)

// findFacts finds amounts of money ("£6.172 million") and percentages ("47
// per cent") in text, as structured facts with their spans.
func findFacts(text string) []corpus.Fact {
	var out []corpus.Fact
	for _, m := range moneyFact.FindAllStringSubmatchIndex(text, 500) {
		v, err := strconv.ParseFloat(strings.ReplaceAll(text[m[2]:m[3]], ",", ""), 64)
		if err != nil {
			continue
		}
		if m[4] >= 0 {
			switch strings.ToLower(text[m[4]:m[5]]) {
			case "million", "m":
				v *= 1e6
			case "billion", "bn":
				v *= 1e9
			case "k":
				v *= 1e3
			}
		}
		out = append(out, corpus.Fact{Kind: "money", Text: text[m[0]:m[1]], Value: v, Span: corpus.Span{Start: m[0], End: m[1]}})
	}
	for _, m := range percentFact.FindAllStringSubmatchIndex(text, 500) {
		v, err := strconv.ParseFloat(text[m[2]:m[3]], 64)
		if err != nil {
			continue
		}
		out = append(out, corpus.Fact{Kind: "percent", Text: text[m[0]:m[1]], Value: v, Span: corpus.Span{Start: m[0], End: m[1]}})
	}
	return out
}
