package extract

import (
	_ "embed"
	"fmt"
	"regexp"
	"strings"

	"github.com/scrutineer/scrutineer/corpus"
)

//go:embed rules/sections.txt
var sectionRules string

//go:embed rules/cues.txt
var cueRules string

//go:embed rules/lexicon.txt
var lexiconRules string

//go:embed rules/notitems.txt
var notItemRules string

// notItemPattern joins the lines of a file of alternatives into one
// pattern matched at the start of a text, case-insensitive.
func notItemPattern(src string) (*regexp.Regexp, error) {
	var alts []string
	for _, line := range strings.Split(src, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			if _, err := regexp.Compile(line); err != nil {
				return nil, fmt.Errorf("notitems.txt: %w", err)
			}
			alts = append(alts, line)
		}
	}
	if len(alts) == 0 {
		return nil, fmt.Errorf("notitems.txt: no patterns")
	}
	return regexp.Compile(`(?i)^(` + strings.Join(alts, "|") + `)`)
}

// sectionKind says what a section holds.
type sectionKind string

const (
	secRecommendation sectionKind = "recommendation"
	secStrength       sectionKind = "strength"
	secConcern        sectionKind = "concern"
	secFindings       sectionKind = "findings"
	secBoard          sectionKind = "board"
	secAuthority      sectionKind = "authority"
	secOther          sectionKind = "other"
	secContents       sectionKind = "contents" // a table of contents: section titles and pages, never items
)

type sectionRule struct {
	kind sectionKind
	cue  string
	re   *regexp.Regexp
}

type cueRule struct {
	kind     string // leadin, enumeration, recommendation, finding
	polarity string // -, strength, concern, lexicon
	cue      string
	triggers []string // lower-case words one of which a sentence must contain; nil for any
	re       *regexp.Regexp
}

// fires says whether the rule can match a sentence, by its trigger words,
// before the costlier pattern is tried.
func (r *cueRule) fires(lower string) bool {
	if r.triggers == nil {
		return true
	}
	for _, t := range r.triggers {
		if strings.Contains(lower, t) {
			return true
		}
	}
	return false
}

// lines yields the non-comment lines of a rules file, split on tabs.
func lines(src string, fields int) ([][]string, error) {
	var out [][]string
	for i, line := range strings.Split(src, "\n") {
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.SplitN(line, "\t", fields)
		if len(f) != fields {
			return nil, fmt.Errorf("line %d: want %d tab-separated fields: %q", i+1, fields, line)
		}
		out = append(out, f)
	}
	return out, nil
}

func parseSections(src string) ([]sectionRule, error) {
	rows, err := lines(src, 3)
	if err != nil {
		return nil, fmt.Errorf("sections: %w", err)
	}
	var out []sectionRule
	for _, r := range rows {
		re, err := regexp.Compile("(?i)" + r[2])
		if err != nil {
			return nil, fmt.Errorf("sections: %w", err)
		}
		out = append(out, sectionRule{sectionKind(r[0]), r[1], re})
	}
	return out, nil
}

func parseCues(src string) ([]cueRule, error) {
	rows, err := lines(src, 5)
	if err != nil {
		return nil, fmt.Errorf("cues: %w", err)
	}
	var out []cueRule
	for _, r := range rows {
		re, err := regexp.Compile("(?i)" + r[4])
		if err != nil {
			return nil, fmt.Errorf("cues: %w", err)
		}
		var triggers []string
		if r[3] != "*" {
			for _, t := range strings.Split(r[3], ",") {
				triggers = append(triggers, strings.ToLower(strings.TrimSpace(t)))
			}
		}
		out = append(out, cueRule{r[0], r[1], r[2], triggers, re})
	}
	return out, nil
}

// lexicon scores a sentence as a strength or a concern.
type lexicon struct {
	re map[string]*regexp.Regexp // "+" and "-"
}

func parseLexicon(src string) (lexicon, error) {
	words := map[string][]string{}
	for _, line := range strings.Split(src, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		sign, word, ok := strings.Cut(line, " ")
		if !ok || (sign != "+" && sign != "-") {
			return lexicon{}, fmt.Errorf("lexicon: bad line %q", line)
		}
		words[sign] = append(words[sign], regexp.QuoteMeta(strings.TrimSpace(word)))
	}
	lx := lexicon{re: map[string]*regexp.Regexp{}}
	for sign, ws := range words {
		lx.re[sign] = regexp.MustCompile(`(?i)\b(` + strings.Join(ws, "|") + `)\b`)
	}
	return lx, nil
}

// negator turns the strength words after it, in the same clause, into
// concern words: "not used well enough", "no evidence of effective".
var negator = regexp.MustCompile(`(?i)\b(not|no|never|nor|cannot|n't|without|lack of|too)\b`)

// negationScope is how many words after a negator it reaches.
const negationScope = 8

// polarity judges a sentence by its words: "" when neither side wins.
func (lx lexicon) polarity(s string) corpus.Polarity {
	neg := len(lx.re["-"].FindAllStringIndex(s, -1))
	pos := 0
	negs := negator.FindAllStringIndex(s, -1)
	for _, m := range lx.re["+"].FindAllStringIndex(s, -1) {
		if negated(s, negs, m[0]) {
			neg++
		} else {
			pos++
		}
	}
	switch {
	case neg > pos:
		return corpus.Concern
	case pos > neg:
		return corpus.Strength
	}
	return corpus.NoPolarity
}

// negated says whether a negator governs the word at offset at: one comes
// before it within negationScope words, with no clause break between.
func negated(s string, negs [][]int, at int) bool {
	for _, n := range negs {
		if n[1] > at {
			break
		}
		between := s[n[1]:at]
		if strings.ContainsAny(between, ",;:.") {
			continue
		}
		if countWords(between) <= negationScope {
			return true
		}
	}
	return false
}
