package corpus

import (
	"encoding/json"
	"strings"
)

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

	// Number is the item's printed number or label ("7", "R3", "6.2",
	// "a"); Addressee who is asked to act ("NHS England", "the council"),
	// "" when the text does not say.
	Number    string
	Addressee string
	// Part is the part of a combined report the item belongs to, such as
	// PartBoard for a safeguarding board's part; "" for the main part.
	Part string
	// Response and ResponseStatus are, for a recommendation restated in a
	// response, what the response says and the status it states for it
	// (accepted, accepted in principle, partially accepted, not accepted,
	// noted, or the response's own word).
	Response       string
	ResponseStatus string
	// AlsoAt are the other places the same item is printed in the
	// document (a summary and the body, the body and an annex).
	AlsoAt []Location
	// OCR says the item was found on a page whose text came from OCR.
	OCR bool
	// Lang is the item's language in a document with Welsh in it ("cy",
	// "en"); Pair, in a bilingual document, is the id of the same item in
	// the other language.
	Lang string
	Pair string
}

// Location is one place an item is printed.
type Location struct {
	Page  int `json:"page"`
	Start int `json:"start"`
	End   int `json:"end"`
}

// PartBoard is the Part of items in a safeguarding board's part of a
// combined inspection report.
const PartBoard = "board"

// Listed says whether a cue is that of an item found in a list, a
// section or a labelled block of its document ("section:…", "list:…",
// "block:…"), rather than by a
// sentence cue in running text.
func Listed(cue string) bool {
	return strings.HasPrefix(cue, "section:") || strings.HasPrefix(cue, "list:") || strings.HasPrefix(cue, "block:")
}

// itemDetail is how the store keeps an item's number, addressee, part,
// response and other locations: one JSON column, its empty fields left out.
type itemDetail struct {
	Number         string     `json:"number,omitempty"`
	Addressee      string     `json:"addressee,omitempty"`
	Part           string     `json:"part,omitempty"`
	Response       string     `json:"response,omitempty"`
	ResponseStatus string     `json:"response_status,omitempty"`
	AlsoAt         []Location `json:"also_at,omitempty"`
	OCR            bool       `json:"ocr,omitempty"`
	Lang           string     `json:"lang,omitempty"`
	Pair           string     `json:"pair,omitempty"`
}

func (it *Item) detail() string {
	return marshalOrEmpty(itemDetail{it.Number, it.Addressee, it.Part, it.Response, it.ResponseStatus, it.AlsoAt, it.OCR, it.Lang, it.Pair})
}

func (it *Item) setDetail(s string) {
	var d itemDetail
	if json.Unmarshal([]byte(s), &d) == nil {
		it.Number, it.Addressee, it.Part, it.Response, it.ResponseStatus, it.AlsoAt, it.OCR, it.Lang, it.Pair = d.Number, d.Addressee, d.Part, d.Response, d.ResponseStatus, d.AlsoAt, d.OCR, d.Lang, d.Pair
	}
}
