package corpus

import "strings"

// Kind says what an extracted item is.
type Kind string

// The item kinds.
const (
	Recommendation Kind = "recommendation"
	Finding        Kind = "finding"
)

// Polarity qualifies a finding.
type Polarity string

// The polarities of a finding; recommendations have none.
const (
	NoPolarity Polarity = ""
	Strength   Polarity = "strength"
	Concern    Polarity = "concern"
)

// Item is one recommendation or finding extracted from a document, with the
// evidence for it: where it sits and the cue that found it.
type Item struct {
	ID       string
	DocID    string
	Kind     Kind
	Polarity Polarity
	Text     string
	Section  string
	Page     int
	Span     Span
	Themes   []string
	Cue      string
	Facts    []Fact
}

// Listed says whether a cue is that of an item found in a list or a
// section of its document ("section:…", "list:…"), rather than by a
// sentence cue in running text.
func Listed(cue string) bool {
	return strings.HasPrefix(cue, "section:") || strings.HasPrefix(cue, "list:")
}
