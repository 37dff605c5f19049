package trace

import (
	"strings"
)

// A recommendation names its issue first and then says why and how: "Improve
// the quality of pathway plans so that they contain…", "The quality and
// impact of supervision to ensure that decisions are timely…". Two items
// alike only in their purposes or examples ("…to ensure children's safety",
// "…including case records") are not the same issue, so the head is
// compared on its own.
var (
	// headLead is the opening of an instruction up to what is to be
	// ensured: "Ensure that", "The trust should ensure that", "Senior
	// leaders need to ensure". "Strengthen supervision to ensure…" is not
	// one: there the issue comes before the purpose.
	headLead = rules.pattern("head_lead")
	// headEnd is where the issue gives way to a purpose, an example or a
	// second sentence.
	headEnd = rules.pattern("head_end")
)

// minHead is the least length, in bytes, of a head: an end marker sooner
// than this is part of the issue's own words.
const minHead = 10

// head returns the part of an item's text that names what it asks for.
func head(text string) string {
	s := strings.TrimSpace(text)
	// a cheap test for "ensure" within reach of the lead before the pattern
	if lead := s[:min(len(s), 100)]; strings.Contains(lead, "nsure") || strings.Contains(lead, "NSURE") {
		if loc := headLead.FindStringIndex(s); loc != nil && loc[1] < len(s) {
			s = s[loc[1]:]
		}
	}
	if loc := headEnd.FindStringIndex(s); loc != nil && loc[0] > minHead {
		s = s[:loc[0]]
	}
	return s
}
