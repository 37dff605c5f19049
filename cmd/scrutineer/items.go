package main

import (
	"sync"

	"github.com/scrutineer/scrutineer/corpus"
	"github.com/scrutineer/scrutineer/extract"
)

// The one-shot commands (extract, eval) share one extractor per process.
// An ingest builds its own (see newExtractor), so that its tagging model is
// freed when the ingest ends and the indexing that follows does not carry it.
var (
	extractorOnce sync.Once
	extractor     *extract.Extractor
	extractorErr  error
	taxonomyPath  string // set by --taxonomy before the first document
)

func getExtractor() (*extract.Extractor, error) {
	extractorOnce.Do(func() { extractor, extractorErr = newExtractor() })
	return extractor, extractorErr
}

// newExtractor builds an extractor with the --taxonomy in force.
func newExtractor() (*extract.Extractor, error) {
	opts := extract.Options{}
	if taxonomyPath != "" {
		var err error
		if opts.Taxonomy, err = extract.LoadTaxonomy(taxonomyPath); err != nil {
			return nil, err
		}
	}
	return extract.New(opts)
}

// extractItems returns the items of a document, and notes on it the bodies
// and people it names.
func extractItems(d *corpus.Document) []corpus.Item {
	x, err := getExtractor()
	if err != nil {
		return nil // checked by checkExtractor before any document is read
	}
	return itemsOf(x, d)
}

// itemsWith returns an extraction function that uses x.
func itemsWith(x *extract.Extractor) func(*corpus.Document) []corpus.Item {
	return func(d *corpus.Document) []corpus.Item { return itemsOf(x, d) }
}

func itemsOf(x *extract.Extractor, d *corpus.Document) []corpus.Item {
	d.Entities = x.Entities(d)
	return x.Extract(d)
}

// checkExtractor reports a bad --taxonomy before a run starts.
func checkExtractor() error {
	if _, err := getExtractor(); err != nil {
		return usageError("%v", err)
	}
	return nil
}

// taxonomyFlag documents the flag shared by extract and ingest.
const taxonomyFlag = "theme taxonomy file replacing the embedded one (see extract/rules/themes.txt)"
