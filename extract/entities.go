package extract

import (
	"regexp"
	"sort"
	"strings"

	"github.com/scrutineer/scrutineer/corpus"
)

// People are found by their roles, the way public documents name them:
// "Huw Irranca-Davies, Minister for Children and Social Care",
// "Cabinet Member for Children's Services, Cllr Rachel Powell",
// "Councillor Sandra Davies, Powys County Council’s Cabinet Member for
// Future Generations", "the Interim Director". prose's entity tagger labels
// councils as people and acronyms as places, so roles and bodies come from
// patterns and the gazetteer instead.

const role = `(?:(?:Deputy |Shadow |Interim |Acting |Assistant |Corporate |Strategic |Senior |Chief |Executive )*(?:Minister|Secretary of State|Cabinet Member|Cabinet Secretary|Lead Member|Director|Head|Chief Executive|Leader|Chair|Chairman|Chairwoman|Chief Constable|Coroner|Senior Coroner|Assistant Coroner|Commissioner|Inspector|Lead inspector|Chief Inspector|Chief Social Worker|Portfolio Holder)(?: (?:for|of) [A-Z][\w’'&,\- ]{2,70}?)?)`

const personName = `(?:(?:Cllr\.?|Councillor|Mr\.?|Mrs\.?|Ms\.?|Miss|Dr\.?|Professor|Sir|Dame|Baroness|Lord|Lady) )?[A-Z][a-z’']+(?:-[A-Z][a-z’']+)?(?: [A-Z]\.)?(?: [A-Z][a-z’']+(?:-[A-Z][a-z’']+)?){1,2}`

var (
	nameThenRole = regexp.MustCompile(`(?m)(` + personName + `),\s+(?:[A-Z][\w’' ]{2,40}’s |the )?(` + role + `)(?:[,.;:)]|\s+(?:said|added|told|at|in|on)\b|$)`)
	roleThenName = regexp.MustCompile(`(?m)(` + role + `),?\s+(` + personName + `)(?:[,.;:)]|\s+(?:said|added|told)\b)`)
)

// Entities returns the public bodies named in a document (by any of their
// names, under the canonical one) and the people named with their roles.
func (x *Extractor) Entities(doc *corpus.Document) []corpus.Entity {
	var out []corpus.Entity
	seen := map[string]bool{}
	add := func(e corpus.Entity) {
		key := e.Kind + "|" + e.Name + "|" + e.Role
		if !seen[key] {
			seen[key] = true
			out = append(out, e)
		}
	}
	text := doc.Text
	var bodies []corpus.Entity
	for _, b := range append(append([]corpus.Body{}, corpus.Bodies...), corpus.Councils...) {
		for _, name := range append([]string{b.Name}, b.Aliases...) {
			if i := indexPhrase(text, name); i >= 0 {
				bodies = append(bodies, corpus.Entity{Kind: "body", Name: b.Name, Text: name, Span: corpus.Span{Start: i, End: i + len(name)}})
			}
		}
	}
	// a name inside a longer one is not a mention ("Local Government
	// Association" inside "Welsh Local Government Association")
	sort.SliceStable(bodies, func(i, j int) bool { return len(bodies[i].Text) > len(bodies[j].Text) })
	for i, b := range bodies {
		inside := false
		for _, o := range bodies[:i] {
			if b.Span.Start >= o.Span.Start && b.Span.End <= o.Span.End && o.Name != b.Name {
				inside = true
			}
		}
		if !inside {
			add(b)
		}
	}
	person := func(name, role string, start, end int) {
		name = cleanName(name)
		role = strings.TrimSpace(role)
		if notAName.MatchString(name) || strings.HasSuffix(role, " and") || strings.HasSuffix(role, " of") || strings.HasSuffix(role, " the") {
			return
		}
		add(corpus.Entity{Kind: "person", Name: name, Role: strings.TrimSpace(role), Text: text[start:end], Span: corpus.Span{Start: start, End: end}})
	}
	// The role patterns are costly on long texts: run them only near the
	// words a role contains.
	for _, b := range roleWindows(text) {
		part := text[b.start:b.end]
		for _, m := range nameThenRole.FindAllStringSubmatchIndex(part, 200) {
			person(part[m[2]:m[3]], part[m[4]:m[5]], b.start+m[2], b.start+m[5])
		}
		for _, m := range roleThenName.FindAllStringSubmatchIndex(part, 200) {
			person(part[m[4]:m[5]], part[m[2]:m[3]], b.start+m[2], b.start+m[5])
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Span.Start < out[j].Span.Start })
	return out
}

// roleWords are words one of which every role contains (the role
// pattern's alternatives, case as written).
var roleWords = []string{"Minister", "Secretary", "Member", "Director", "Head", "Chief", "Leader", "Chair",
	"Coroner", "Commissioner", "Inspector", "inspector", "Portfolio"}

// roleMargin is how far either side of a role word a name and a role may
// reach: further than any match of the patterns can.
const roleMargin = 300

// roleWindows returns the parts of text within roleMargin of a role word,
// overlapping parts merged: the role patterns find the same there as over
// the whole text, at a fraction of the cost on a long report.
func roleWindows(text string) []span {
	var at []int
	for _, w := range roleWords {
		for off := 0; ; {
			i := strings.Index(text[off:], w)
			if i < 0 {
				break
			}
			at = append(at, off+i)
			off += i + len(w)
		}
	}
	sort.Ints(at)
	var out []span
	for _, p := range at {
		win := span{max(0, p-roleMargin), min(len(text), p+roleMargin)}
		if n := len(out); n > 0 && win.start <= out[n-1].end {
			out[n-1].end = max(out[n-1].end, win.end)
		} else {
			out = append(out, win)
		}
	}
	return out
}

// notAName matches words that make a "name" a body or a role instead.
var notAName = regexp.MustCompile(`\b(Council|Board|Service|Services|Government|Executive|Chief|Member|Authority|Department|Office|Trust|Inspectorate|Committee|Partnership|and|of|the)\b|^\S*$`)

// cleanName drops titles from a name: "Cllr Rachel Powell" is Rachel Powell.
func cleanName(s string) string {
	for _, t := range []string{"Cllr. ", "Cllr ", "Councillor ", "Mr. ", "Mr ", "Mrs. ", "Mrs ", "Ms. ", "Ms ", "Miss ", "Dr. ", "Dr "} {
		s = strings.TrimPrefix(s, t)
	}
	return s
}

// indexPhrase finds phrase at word boundaries.
func indexPhrase(s, phrase string) int {
	for off := 0; ; {
		i := strings.Index(s[off:], phrase)
		if i < 0 {
			return -1
		}
		i += off
		j := i + len(phrase)
		if (i == 0 || !isWordByte(s[i-1])) && (j >= len(s) || !isWordByte(s[j])) {
			return i
		}
		off = i + 1
	}
}

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// itemFacts returns the document's facts that fall inside span.
func itemFacts(doc *corpus.Document, s corpus.Span) []corpus.Fact {
	var out []corpus.Fact
	for _, f := range doc.Facts {
		if f.Span.Start >= s.Start && f.Span.End <= s.End {
			out = append(out, f)
		}
	}
	return out
}
