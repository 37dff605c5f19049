package corpus

import (
	"crypto/sha256"
	"encoding/hex"
)

// Format is the kind of source file, detected from its content.
type Format string

// The formats scrutineer reads.
// MaxSearchedText is how much of a document's text the full-text index
// analyses. The rest is stored and extracted like the beginning (its
// items are searched), but analysing tens of megabytes of one document
// at once would take the process past its memory bound; real reports
// are well under it (a 336-page inquiry volume has about 1.2 MB).
const MaxSearchedText = 4 << 20

const (
	PDF  Format = "pdf"
	HTML Format = "html"
	Text Format = "text"
	XML  Format = "xml"
)

// DocTypes lists the document types of the contract in DESIGN.md.
var DocTypes = []string{
	"inspection_report", "focused_visit", "monitoring_visit", "written_statement",
	"debate", "assurance_review", "press_release", "news_article", "minutes",
	"inquiry_report", "committee_report", "government_response", "council_report", "audit_report",
	"accident_report", "pfd_report", "other",
}

// ValidDocType reports whether t is one of DocTypes.
func ValidDocType(t string) bool {
	for _, d := range DocTypes {
		if d == t {
			return true
		}
	}
	return false
}

// Span is a half-open byte range [Start, End) into a document's text.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// BlockKind says what a layout block is.
type BlockKind string

// The layout block kinds.
const (
	Heading   BlockKind = "heading"
	Paragraph BlockKind = "paragraph"
	ListItem  BlockKind = "list_item"
	TableRow  BlockKind = "table_row"
	Speech    BlockKind = "speech"
)

// Block is one layout unit of a document: a heading, a paragraph, a list
// item, a table row or a speech. Its Span points into Document.Text.
type Block struct {
	Kind    BlockKind `json:"kind"`
	Span    Span      `json:"span"`
	Page    int       `json:"page"`              // 1-based; 0 when the format has no pages
	Level   int       `json:"level,omitempty"`   // heading level, 1 is the largest
	Marker  string    `json:"marker,omitempty"`  // list marker as printed: "•", "1.", "(a)"
	Speaker string    `json:"speaker,omitempty"` // for speeches
	Bold    bool      `json:"bold,omitempty"`    // set in bold throughout (PDF): how reports set their recommendations apart
	// Lang is the block's language ("cy", "en") in a document with Welsh
	// in it; "" means the document's own.
	Lang string `json:"lang,omitempty"`
}

// Metadata fields whose origin is recorded in Document.Provenance.
const (
	FieldTitle     = "title"
	FieldDate      = "date"
	FieldPublisher = "publisher"
	FieldDocType   = "doc_type"
	FieldSubject   = "subject"
	FieldLanguage  = "language"
	FieldURL       = "url"
)

// Where a metadata value came from.
const (
	FromText     = "text"
	FromFile     = "file"     // the file's own metadata (PDF info, HTML meta)
	FromManifest = "manifest" // a manifest or sidecar, which overrides the rest
	FromPath     = "path"     // the file name or folder
)

// Document is one source file as text with its layout and metadata.
// Unknown metadata is the empty string and is written as null.
type Document struct {
	ID         string            // "sha256:<hex of the source bytes>"
	Source     string            // the path or URL it was read from
	Format     Format            //
	Title      string            //
	Date       string            // YYYY-MM-DD, YYYY-MM or YYYY; never invented
	Publisher  string            //
	DocType    string            // one of DocTypes
	Subject    string            // the body the document is about, e.g. the council inspected
	Language   string            // "en", "cy"
	URL        string            // where it was published, when known
	Pages      int               // 0 for formats without pages
	Size       int64             // bytes of the source
	Text       string            // blocks separated by "\n\n", pages by "\f"
	Blocks     []Block           //
	Warnings   []string          // things a reader should know: "needs OCR", "read as HTML: named .pdf"
	Provenance map[string]string // field -> FromText, FromFile, FromManifest, FromPath
	Facts      []Fact            // money, percentages and other structured facts
	Entities   []Entity          // public bodies and people with roles (set by extract)
	Rules      string            // the version of the extraction rules that made its items
	OCR        []PageOCR         // the pages whose text came from OCR, with its confidence
}

// PageOCR says that a page's text came from optical character
// recognition, and how sure the recogniser was (its mean word
// confidence, 0 to 100).
type PageOCR struct {
	Page       int     `json:"page"`
	Confidence float64 `json:"confidence"`
}

// OCRPage says whether page p's text came from OCR.
func (d *Document) OCRPage(p int) bool {
	for _, o := range d.OCR {
		if o.Page == p {
			return true
		}
	}
	return false
}

// Entity is a public body or a person named in a document.
type Entity struct {
	Kind string `json:"kind"`           // "body" or "person"
	Name string `json:"name"`           // the canonical name of a body; a person's name
	Role string `json:"role,omitempty"` // "Minister for Children and Social Care"
	Text string `json:"text"`           // as the document puts it
	Span Span   `json:"span"`
}

// Fact is a structured value found in the text, such as an amount of money.
type Fact struct {
	Kind  string  `json:"kind"` // "money", "percent"
	Text  string  `json:"text"`
	Value float64 `json:"value"`
	Span  Span    `json:"span"`
}

// DocID returns the identity of a document read from data.
func DocID(data []byte) string {
	sum := sha256.Sum256(data)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// SetMeta sets a metadata field with its provenance. An empty value is ignored.
func (d *Document) SetMeta(field, value, from string) {
	if value == "" {
		return
	}
	switch field {
	case FieldTitle:
		d.Title = value
	case FieldDate:
		d.Date = value
	case FieldPublisher:
		d.Publisher = value
	case FieldDocType:
		d.DocType = value
	case FieldSubject:
		d.Subject = value
	case FieldLanguage:
		d.Language = value
	case FieldURL:
		d.URL = value
	default:
		return
	}
	if d.Provenance == nil {
		d.Provenance = map[string]string{}
	}
	d.Provenance[field] = from
}

// BlockText returns the text of block b.
func (d *Document) BlockText(b Block) string {
	return d.Text[b.Span.Start:b.Span.End]
}

// Year returns the first four characters of the date, or "".
func (d *Document) Year() string {
	if len(d.Date) >= 4 {
		return d.Date[:4]
	}
	return ""
}
