package index

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"
)

// Entry types.
const (
	TypeDocument = "document"
	TypeItem     = "item"
)

// Field names.
const (
	fType      = "type"
	fDocID     = "doc_id"
	fItemID    = "item_id"
	fTitle     = "title"
	fText      = "text"
	fSection   = "section"
	fKind      = "kind"
	fPolarity  = "polarity"
	fDocType   = "doc_type"
	fPublisher = "publisher"
	fSubject   = "subject"
	fThemes    = "themes"
	fLanguage  = "language"
	fCue       = "cue"
	fNumber    = "number" // an item's printed number: stored, not searched
	fAddressee = "addressee"
	fDate      = "date"
	fDateText  = "date_text"
	fYear      = "year"
	fPage      = "page"
	fStart     = "start"
	fEnd       = "end"
	fBodies    = "bodies"
	fSource    = "source"
	fSnippet   = "snippet" // stored only: an item's words, a document's opening
	fRest      = "rest"    // a document's text past its stored head: searched, not stored
	fFacets    = "facets"  // codes of an entry's facet values (facetcodes.go)
	fTextCy    = "text_cy" // Welsh text again, analysed as Welsh (welsh.go): searched, not stored
	fPairText  = "pair"    // a Welsh item's English counterpart's words: searched, not stored
)

// newMapping is the index mapping: English analysis with stemming for
// words, keywords for the facets and filters, a date and a year.
func newMapping() mapping.IndexMapping {
	text := func(store bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = en.AnalyzerName
		f.Store = store
		f.IncludeTermVectors = store // for highlighting
		f.IncludeInAll = true
		f.DocValues = false // nothing sorts or facets on words: doc values would copy every term of every text
		return f
	}
	kw := func() *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store = true
		f.IncludeInAll = false
		f.DocValues = false // facets come from the one facets field
		return f
	}
	// All facet values live in one field, so counting facets reads one
	// field's doc values per hit rather than seven.
	facets := bleve.NewKeywordFieldMapping()
	facets.Analyzer = keyword.Name
	facets.Store = false
	facets.IncludeInAll = false
	facets.DocValues = true
	// page, start and end are shown, never searched
	num := func() *mapping.FieldMapping {
		f := bleve.NewNumericFieldMapping()
		f.Store = true
		f.Index = false
		f.DocValues = false
		f.IncludeInAll = false
		return f
	}
	// the public bodies an entry names or comes from, one keyword each
	// (bodyKey): a query that names a body by any of its names finds them
	bodies := bleve.NewKeywordFieldMapping()
	bodies.Analyzer = keyword.Name
	bodies.Store = false
	bodies.DocValues = false
	bodies.IncludeInAll = false
	snippet := bleve.NewTextFieldMapping()
	snippet.Index = false
	snippet.DocValues = false
	snippet.Store = true
	snippet.IncludeInAll = false
	date := bleve.NewDateTimeFieldMapping()
	date.Store = false
	date.DocValues = false // only range queries read it
	date.IncludeInAll = false

	welsh := bleve.NewTextFieldMapping()
	welsh.Analyzer = welshAnalyzer
	welsh.Store = false
	welsh.IncludeInAll = false
	welsh.DocValues = false
	common := func(dm *mapping.DocumentMapping) {
		dm.AddFieldMappingsAt(fTextCy, welsh)
		dm.AddFieldMappingsAt(fType, kw())
		dm.AddFieldMappingsAt(fDocID, kw())
		dm.AddFieldMappingsAt(fText, text(true))
		for _, k := range []string{fDocType, fPublisher, fSubject, fThemes, fLanguage, fYear, fDateText, fSource} {
			dm.AddFieldMappingsAt(k, kw())
		}
		dm.AddFieldMappingsAt(fDate, date)
		dm.AddFieldMappingsAt(fBodies, bodies)
		dm.AddFieldMappingsAt(fSnippet, snippet)
		dm.AddFieldMappingsAt(fFacets, facets)
	}
	doc := bleve.NewDocumentMapping()
	common(doc)
	doc.AddFieldMappingsAt(fTitle, text(true))
	// the text past the stored head is searched, phrases included: indexed
	// with positions, not stored
	rest := text(false)
	rest.IncludeTermVectors = true
	doc.AddFieldMappingsAt(fRest, rest)
	item := bleve.NewDocumentMapping()
	common(item)
	// an item carries its document's title to show, not to search: a search
	// for words of a title finds the document, and the item by its own words
	item.AddFieldMappingsAt(fTitle, snippet)
	item.AddFieldMappingsAt(fItemID, kw())
	item.AddFieldMappingsAt(fSection, text(true))
	for _, k := range []string{fKind, fPolarity, fCue, fAddressee} {
		item.AddFieldMappingsAt(k, kw())
	}
	for _, k := range []string{fPage, fStart, fEnd} {
		item.AddFieldMappingsAt(k, num())
	}
	item.AddFieldMappingsAt(fNumber, snippet)
	pair := text(false)
	pair.IncludeTermVectors = false
	item.AddFieldMappingsAt(fPairText, pair)
	m := bleve.NewIndexMapping()
	m.TypeField = fType
	m.ScoringModel = index.BM25Scoring
	m.DefaultAnalyzer = en.AnalyzerName
	m.AddDocumentMapping(TypeDocument, doc)
	m.AddDocumentMapping(TypeItem, item)
	m.DefaultMapping.Enabled = false
	m.StoreDynamic = false
	m.IndexDynamic = false
	return m
}
