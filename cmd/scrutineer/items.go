package main

import (
	"sync"

	"github.com/scrutineer/scrutineer/corpus"
	"github.com/scrutineer/scrutineer/extract"
)

// The extractor is built once per process (its tagging model loads once)
// and shared by every document.
var (
	extractorOnce sync.Once
	extractor     *extract.Extractor
	extractorErr  error
	taxonomyPath  string // set by --taxonomy before the first document
)

func getExtractor() (*extract.Extractor, error) {
	extractorOnce.Do(func() {
		opts := extract.Options{}
		if taxonomyPath != "" {
			opts.Taxonomy, extractorErr = extract.LoadTaxonomy(taxonomyPath)
			if extractorErr != nil {
				return
			}
		}
		extractor, extractorErr = extract.New(opts)
	})
	return extractor, extractorErr
}

// extractItems returns the items of a document, and notes on it the bodies
// and people it names.
func extractItems(d *corpus.Document) []corpus.Item {
	x, err := getExtractor()
	if err != nil {
		return nil // checked by checkExtractor before any document is read
	}
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
