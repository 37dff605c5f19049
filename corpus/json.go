package corpus

import "encoding/json"

// DocumentJSON is the document object of the `extract --json` contract.
type DocumentJSON struct {
	ID        string   `json:"id"`
	Source    string   `json:"source"`
	Format    Format   `json:"format"`
	Title     *string  `json:"title"`
	DocType   *string  `json:"doc_type"`
	Publisher *string  `json:"publisher"`
	Subject   *string  `json:"subject"`
	Date      *string  `json:"date"`
	Language  *string  `json:"language"`
	URL       *string  `json:"url,omitempty"`
	Pages     int      `json:"pages"`
	Warnings  []string `json:"warnings"`
	// Provenance says where each metadata value came from (text, file, manifest, path).
	Provenance map[string]string `json:"provenance,omitempty"`
	Facts      []Fact            `json:"facts,omitempty"`
	Entities   []Entity          `json:"entities,omitempty"`
	Rules      *string           `json:"rules"` // the extraction rules' version
}

// ItemJSON is one item of the `extract --json` contract.
type ItemJSON struct {
	ID       string   `json:"id"`
	Kind     Kind     `json:"kind"`
	Polarity *string  `json:"polarity"`
	Text     string   `json:"text"`
	Section  *string  `json:"section"`
	Page     int      `json:"page"`
	Start    int      `json:"start"`
	End      int      `json:"end"`
	Themes   []string `json:"themes"`
	Cue      string   `json:"cue"`
	Facts    []Fact   `json:"facts,omitempty"`

	Number         *string    `json:"number"`
	Addressee      *string    `json:"addressee"`
	Part           *string    `json:"part"`
	Response       *string    `json:"response"`
	ResponseStatus *string    `json:"response_status"`
	AlsoAt         []Location `json:"also_at"`
}

// nullable turns the empty string into a JSON null.
func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// JSON returns the contract view of d.
func (d *Document) JSON() DocumentJSON {
	w := d.Warnings
	if w == nil {
		w = []string{}
	}
	return DocumentJSON{
		ID: d.ID, Source: d.Source, Format: d.Format,
		Title: nullable(d.Title), DocType: nullable(d.DocType), Publisher: nullable(d.Publisher), Rules: nullable(d.Rules),
		Subject: nullable(d.Subject), Date: nullable(d.Date), Language: nullable(d.Language),
		URL: nullable(d.URL), Pages: d.Pages, Warnings: w, Provenance: d.Provenance, Facts: d.Facts, Entities: d.Entities,
	}
}

// JSON returns the contract view of it.
func (it *Item) JSON() ItemJSON {
	themes := it.Themes
	if themes == nil {
		themes = []string{}
	}
	also := it.AlsoAt
	if also == nil {
		also = []Location{}
	}
	return ItemJSON{
		ID: it.ID, Kind: it.Kind, Polarity: nullable(string(it.Polarity)), Text: it.Text,
		Section: nullable(it.Section), Page: it.Page, Start: it.Span.Start, End: it.Span.End,
		Themes: themes, Cue: it.Cue, Facts: it.Facts,
		Number: nullable(it.Number), Addressee: nullable(it.Addressee), Part: nullable(it.Part),
		Response: nullable(it.Response), ResponseStatus: nullable(it.ResponseStatus), AlsoAt: also,
	}
}

// ExtractJSON is the whole `extract --json` object.
type ExtractJSON struct {
	Document DocumentJSON `json:"document"`
	Items    []ItemJSON   `json:"items"`
}

// NewExtractJSON builds the contract object for a document and its items.
func NewExtractJSON(d *Document, items []Item) ExtractJSON {
	out := ExtractJSON{Document: d.JSON(), Items: make([]ItemJSON, 0, len(items))}
	for i := range items {
		out.Items = append(out.Items, items[i].JSON())
	}
	return out
}

// marshalOrEmpty encodes v, or returns "null" when v cannot be encoded.
func marshalOrEmpty(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "null"
	}
	return string(b)
}
