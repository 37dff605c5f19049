package index

import (
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/stop"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"
)

// Welsh analysis: no English stemmer (it would cut Welsh words where they
// are not inflected), a Welsh stop list, and the initial mutations folded.
// Welsh changes the first sound of a word after certain words: "plant"
// (children) is "blant", "phlant" or "mhlant" by context, "cyngor"
// (council) "gyngor", "chyngor" or "nghyngor". A mutated form is indexed
// with the radical forms it may come from, at the same position, so that
// any form finds the others; queries are analysed alike.

// welshAnalyzer is the name of the Welsh analyzer in the index mapping.
const welshAnalyzer = "scrutineer_cy"

const (
	welshMutationFilter = "scrutineer_cy_mutations"
	welshStopFilter     = "scrutineer_cy_stop"
	welshStopMap        = "scrutineer_cy_stop_words"
)

// welshStopWords are Welsh function words, too frequent to tell texts apart.
var welshStopWords = strings.Fields(`a ac ag â am ar at y yr 'r i o yn ei eu ein eich fy dy gan gyda hefyd mae oes nad nid
	na ni neu ond wedi bod sydd hyn hynny fel dros drwy trwy rhwng ydy ydyw yw roedd bydd byddai mai pan os
	felly ddim hwn hon hyny dan heb wrth tuag`)

// mutations maps the opening of a mutated word to the openings of the
// radical forms it may come from: soft (c→g, p→b, t→d, b→f, m→f, d→dd,
// ll→l, rh→r), nasal (c→ngh, p→mh, t→nh, g→ng, b→m, d→n) and aspirate
// (c→ch, p→ph, t→th) mutations, and the h a vowel takes after "ei" (her),
// "eu" (their) and "ein" (our). Longer openings are tried first.
var mutations = []struct{ mutated, radicals []string }{
	{[]string{"ngh"}, []string{"c"}},
	{[]string{"mh"}, []string{"p"}},
	{[]string{"nh"}, []string{"t"}},
	{[]string{"ng"}, []string{"g"}},
	{[]string{"ch"}, []string{"c"}},
	{[]string{"ph"}, []string{"p"}},
	{[]string{"th"}, []string{"t"}},
	{[]string{"dd"}, []string{"d"}},
	{[]string{"g"}, []string{"c"}},
	{[]string{"b"}, []string{"p"}},
	{[]string{"d"}, []string{"t"}},
	{[]string{"f"}, []string{"b", "m"}},
	{[]string{"l"}, []string{"ll"}},
	{[]string{"r"}, []string{"rh"}},
	{[]string{"m"}, []string{"b"}},
	{[]string{"n"}, []string{"d"}},
}

// radicals returns the forms word may be a mutation of, word first.
func radicals(word string) []string {
	out := []string{word}
	for _, m := range mutations {
		for _, mu := range m.mutated {
			rest, ok := strings.CutPrefix(word, mu)
			if !ok || len(rest) < 2 {
				continue
			}
			for _, r := range m.radicals {
				out = append(out, r+rest)
			}
			return out
		}
	}
	if rest, ok := strings.CutPrefix(word, "h"); ok && len(rest) >= 2 && strings.ContainsRune("aeiouwyâêîôûŵŷ", []rune(rest)[0]) {
		out = append(out, rest) // "hysgol" after "ei": "ysgol"
	}
	return out
}

// mutationFilter emits, after each token, the radical forms it may be a
// mutation of, at the same position.
type mutationFilter struct{}

func (mutationFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	out := make(analysis.TokenStream, 0, len(in)*2)
	for _, tok := range in {
		out = append(out, tok)
		for _, r := range radicals(string(tok.Term))[1:] {
			out = append(out, &analysis.Token{Term: []byte(r), Start: tok.Start, End: tok.End, Position: tok.Position, Type: tok.Type})
		}
	}
	return out
}

func init() {
	_ = registry.RegisterTokenFilter(welshMutationFilter, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return mutationFilter{}, nil
	})
	_ = registry.RegisterTokenMap(welshStopMap, func(map[string]interface{}, *registry.Cache) (analysis.TokenMap, error) {
		tm := analysis.NewTokenMap()
		for _, w := range welshStopWords {
			tm.AddToken(w)
		}
		return tm, nil
	})
	_ = registry.RegisterTokenFilter(welshStopFilter, func(_ map[string]interface{}, c *registry.Cache) (analysis.TokenFilter, error) {
		tm, err := c.TokenMapNamed(welshStopMap)
		if err != nil {
			return nil, err
		}
		return stop.NewStopTokensFilter(tm), nil
	})
	_ = registry.RegisterAnalyzer(welshAnalyzer, func(_ map[string]interface{}, c *registry.Cache) (analysis.Analyzer, error) {
		tok, err := c.TokenizerNamed(unicode.Name)
		if err != nil {
			return nil, err
		}
		var filters []analysis.TokenFilter
		for _, name := range []string{lowercase.Name, welshStopFilter, welshMutationFilter} {
			f, err := c.TokenFilterNamed(name)
			if err != nil {
				return nil, err
			}
			filters = append(filters, f)
		}
		return &analysis.DefaultAnalyzer{Tokenizer: tok, TokenFilters: filters}, nil
	})
}
