package ingest

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/scrutineer/scrutineer/corpus"
	"golang.org/x/net/html/charset"
)

// xmlReader reads Hansard / TheyWorkForYou-style XML (<publicwhip> with
// major and minor headings, speeches with speakers, questions and replies)
// as one document a file: headings become heading blocks, each paragraph of
// a speech a speech block carrying its speaker. Other XML is read as its
// text elements in order.
type xmlReader struct{}

// publicwhipID carries the date of a TheyWorkForYou item: "uk.org.publicwhip/wms/2009-10-26a.1WS.0".
var publicwhipID = regexp.MustCompile(`publicwhip/([a-z]+)/(\d{4}-\d{2}-\d{2})`)

// maxXMLDepth bounds element nesting.
const maxXMLDepth = 256

func (xmlReader) read(_ context.Context, data []byte) (*corpus.Document, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = false
	dec.Entity = xml.HTMLEntity
	dec.CharsetReader = charset.NewReaderLabel
	doc := &corpus.Document{Format: corpus.XML}
	r := &xmlBlocks{t: newTextBuilder(false), kinds: map[string]int{}}
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if len(r.t.blocks) == 0 {
				return nil, fmt.Errorf("%w: XML: %v", ErrMalformed, err)
			}
			doc.Warnings = append(doc.Warnings, "XML cut short: "+err.Error())
			break
		}
		switch x := tok.(type) {
		case xml.StartElement:
			if len(r.stack) >= maxXMLDepth {
				return nil, fmt.Errorf("%w: XML nested deeper than %d", ErrMalformed, maxXMLDepth)
			}
			r.start(x)
		case xml.EndElement:
			r.end(x.Name.Local)
		case xml.CharData:
			if n := len(r.stack); n > 0 && (r.stack[n-1] == "mpname" || r.stack[n-1] == "mspname") {
				continue // the speaker list of a division
			}
			r.text.Write(x)
		}
	}
	r.flush(corpus.Paragraph, 0)
	doc.Text, doc.Blocks = r.t.text(), r.t.blocks
	if r.kinds["publicwhip"] > 0 {
		hansardMeta(doc, r.firstID, r.kinds, r.headings)
	}
	return doc, nil
}

// xmlBlocks is the state of reading an XML document into blocks: the open
// elements, the speaker of the speech being read, the text not yet
// written, and what the metadata is read from (the elements met, the
// first record id, the headings).
type xmlBlocks struct {
	t        *textBuilder
	stack    []string
	speaker  string
	text     strings.Builder
	kinds    map[string]int
	firstID  string
	headings []string
}

// flush writes the text gathered as a block of kind.
func (r *xmlBlocks) flush(kind corpus.BlockKind, level int) {
	s := r.text.String()
	r.text.Reset()
	if strings.TrimSpace(s) == "" {
		return
	}
	if kind == corpus.Heading {
		r.headings = append(r.headings, cleanText(s))
	}
	r.t.add(kind, s, level, "", r.speaker)
}

// start opens an element: a speech names its speaker, a paragraph or
// heading ends the text before it, cells are separated by tabs.
func (r *xmlBlocks) start(x xml.StartElement) {
	name := x.Name.Local
	r.stack = append(r.stack, name)
	r.kinds[name]++
	switch name {
	case "speech", "ques", "reply":
		r.speaker = xmlAttr(x, "speakername")
		if r.speaker == "" {
			r.speaker = xmlAttr(x, "speaker")
		}
	case "p", "major-heading", "minor-heading", "oral-heading", "tr":
		r.flush(corpus.Paragraph, 0)
	case "td", "th":
		r.text.WriteString("\t")
	case "br":
		r.text.WriteString(" ")
	}
	if id := xmlAttr(x, "id"); r.firstID == "" && publicwhipID.MatchString(id) {
		r.firstID = id
	}
}

// end closes an element, writing what it held as a heading, a speech or a
// paragraph.
func (r *xmlBlocks) end(name string) {
	if len(r.stack) > 0 {
		r.stack = r.stack[:len(r.stack)-1]
	}
	switch name {
	case "major-heading":
		r.flush(corpus.Heading, 1)
	case "minor-heading", "oral-heading":
		r.flush(corpus.Heading, 2)
	case "p", "tr":
		if r.speaker != "" {
			r.flush(corpus.Speech, 0)
		} else {
			r.flush(corpus.Paragraph, 0)
		}
	case "speech", "ques", "reply":
		r.flush(corpus.Speech, 0)
		r.speaker = ""
	}
}

func xmlAttr(e xml.StartElement, name string) string {
	for _, a := range e.Attr {
		if a.Name.Local == name {
			return strings.TrimSpace(a.Value)
		}
	}
	return ""
}

// hansardMeta sets what a TheyWorkForYou file says of itself: its house and
// kind (from the item ids), its date, and its first heading as title.
func hansardMeta(doc *corpus.Document, id string, kinds map[string]int, headings []string) {
	m := publicwhipID.FindStringSubmatch(id)
	if m == nil {
		return
	}
	doc.SetMeta(corpus.FieldDate, m[2], corpus.FromFile)
	house, docType := "UK Parliament", "debate"
	switch m[1] {
	case "wms", "lordswms":
		docType = "written_statement"
	case "spor", "spwa", "spwrans":
		house = "Scottish Parliament"
	case "ni":
		house = "Northern Ireland Assembly"
	case "senedd", "wales":
		house = "Senedd"
	}
	if m[1] == "spwa" || m[1] == "wrans" || kinds["ques"] > 0 && kinds["speech"] == 0 {
		docType = "written_answers"
	}
	if !corpus.ValidDocType(docType) {
		docType = "other"
	}
	doc.SetMeta(corpus.FieldPublisher, house, corpus.FromFile)
	doc.SetMeta(corpus.FieldDocType, docType, corpus.FromFile)
	if len(headings) > 0 {
		title := headings[0]
		if len(headings) > 1 && len(title) < 40 {
			title += ": " + headings[1]
		}
		doc.SetMeta(corpus.FieldTitle, title, corpus.FromText)
	}
}
