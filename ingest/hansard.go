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
	t := newTextBuilder(false)
	var (
		stack    []string
		speaker  string
		text     strings.Builder
		kinds    = map[string]int{}
		firstID  string
		headings []string
	)
	flush := func(kind corpus.BlockKind, level int) {
		s := text.String()
		text.Reset()
		if strings.TrimSpace(s) == "" {
			return
		}
		if kind == corpus.Heading {
			headings = append(headings, cleanText(s))
		}
		t.add(kind, s, level, "", speaker)
	}
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if len(t.blocks) == 0 {
				return nil, fmt.Errorf("%w: XML: %v", ErrMalformed, err)
			}
			doc.Warnings = append(doc.Warnings, "XML cut short: "+err.Error())
			break
		}
		switch x := tok.(type) {
		case xml.StartElement:
			name := x.Name.Local
			if len(stack) >= maxXMLDepth {
				return nil, fmt.Errorf("%w: XML nested deeper than %d", ErrMalformed, maxXMLDepth)
			}
			stack = append(stack, name)
			kinds[name]++
			switch name {
			case "speech", "ques", "reply":
				speaker = xmlAttr(x, "speakername")
				if speaker == "" {
					speaker = xmlAttr(x, "speaker")
				}
			case "p", "major-heading", "minor-heading", "oral-heading", "tr":
				flush(corpus.Paragraph, 0)
			case "td", "th":
				text.WriteString("\t")
			case "br":
				text.WriteString(" ")
			}
			if id := xmlAttr(x, "id"); firstID == "" && publicwhipID.MatchString(id) {
				firstID = id
			}
		case xml.EndElement:
			name := x.Name.Local
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
			switch name {
			case "major-heading":
				flush(corpus.Heading, 1)
			case "minor-heading", "oral-heading":
				flush(corpus.Heading, 2)
			case "p", "tr":
				if speaker != "" {
					flush(corpus.Speech, 0)
				} else {
					flush(corpus.Paragraph, 0)
				}
			case "speech", "ques", "reply":
				flush(corpus.Speech, 0)
				speaker = ""
			}
		case xml.CharData:
			if len(stack) > 0 && (stack[len(stack)-1] == "mpname" || stack[len(stack)-1] == "mspname") {
				continue // the speaker list of a division
			}
			text.Write(x)
		}
	}
	flush(corpus.Paragraph, 0)
	doc.Text, doc.Blocks = t.text(), t.blocks
	if kinds["publicwhip"] > 0 {
		hansardMeta(doc, firstID, kinds, headings)
	}
	return doc, nil
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
