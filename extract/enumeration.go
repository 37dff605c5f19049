package extract

import (
	"strings"
	"sync"

	"github.com/jdkato/prose/v2"
)

// tagger holds prose's tagging model (about 25 MB), loaded when an
// Extractor reads its first document and freed with the Extractor, so a
// process that goes on to index does not carry it.
type tagger struct {
	once  sync.Once
	model *prose.Model
}

func (t *tagger) get() *prose.Model {
	t.once.Do(func() {
		doc, err := prose.NewDocument("Load the model.", prose.WithExtraction(false), prose.WithSegmentation(false))
		if err == nil {
			t.model = doc.Model
		}
	})
	return t.model
}

type taggedToken struct {
	text  string
	tag   string
	start int // in the tagged string
}

// tag returns the tokens of s with their part-of-speech tags and offsets.
func (tg *tagger) tag(s string) []taggedToken {
	m := tg.get()
	if m == nil {
		return nil
	}
	doc, err := prose.NewDocument(s, prose.UsingModel(m), prose.WithSegmentation(false), prose.WithExtraction(false))
	if err != nil {
		return nil
	}
	var out []taggedToken
	cursor := 0
	for _, tok := range doc.Tokens() {
		i := strings.Index(s[cursor:], tok.Text)
		if i < 0 {
			continue
		}
		out = append(out, taggedToken{tok.Text, tok.Tag, cursor + i})
		cursor += i + len(tok.Text)
	}
	return out
}

func isVerb(tag string) bool { return tag == "VB" || tag == "VBG" || tag == "VBP" }

// verbForm groups tags so that "developing …, conducting …" and "improve …
// and implement …" coordinate, but "coaching and mentoring" (gerund after
// base verb) does not split.
func verbForm(tag string) string {
	if tag == "VBG" {
		return "VBG"
	}
	return "VB"
}

// splitEnumeration splits a list of coordinated verb phrases, "developing a
// simple, ambitious vision, conducting research into causes, especially
// around poverty, and engaging with partners", into one span per phrase:
// a new phrase starts at a comma or "and" followed by a verb; a phrase that
// would not start with a verb stays with the one before ("ambitious vision").
func (tg *tagger) splitEnumeration(s string) []span {
	toks := tg.tag(s)
	if len(toks) == 0 {
		return nil
	}
	var cuts []int // token indexes where a phrase starts
	first := -1
	for i, t := range toks {
		if isVerb(t.tag) {
			first = i
			break
		}
	}
	if first < 0 {
		return nil
	}
	cuts = append(cuts, first)
	form := verbForm(toks[first].tag)
	for i := first + 1; i < len(toks)-1; i++ {
		t := toks[i]
		next := i + 1
		if t.text == "," && next < len(toks) && (toks[next].text == "and" || toks[next].text == "or") {
			next++
			i++
		}
		if next >= len(toks) || !isVerb(toks[next].tag) {
			continue
		}
		switch {
		case t.text == "," || toks[i].text == "and" && toks[i-1].text == ",":
			cuts = append(cuts, next)
			form = verbForm(toks[next].tag)
		case (t.text == "and" || t.text == "or") && verbForm(toks[next].tag) == form && next-cuts[len(cuts)-1] > 3:
			cuts = append(cuts, next)
		}
	}
	if len(cuts) < 2 {
		return nil
	}
	var out []span
	for k, c := range cuts {
		start := toks[c].start
		end := len(s)
		if k+1 < len(cuts) {
			end = toks[cuts[k+1]].start
		}
		seg := strings.TrimRight(s[start:end], " ,;.")
		seg = strings.TrimSuffix(strings.TrimSuffix(seg, " and"), " or")
		seg = strings.TrimRight(seg, " ,;")
		out = append(out, span{start, start + len(seg)})
	}
	return out
}
