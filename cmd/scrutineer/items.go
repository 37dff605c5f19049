package main

import (
	"github.com/scrutineer/scrutineer/extract"
	"github.com/scrutineer/scrutineer/internal/pipeline"
)

// taxonomyFlag documents the flag of the commands that extract.
const taxonomyFlag = "theme taxonomy file replacing the embedded one (see corpus/rules/themes.txt)"

// chainExtractor is the extractor the chain uses (items, and the bodies and
// people a document names), for the commands that extract without
// storing; a taxonomy file that cannot be read is a usage error.
func chainExtractor(taxonomy string) (pipeline.Extractor, error) {
	x, err := pipeline.NewExtractor(taxonomy)
	if err != nil {
		return nil, usageError("%v", err)
	}
	return x, nil
}

// rulesExtractor is the extractor itself, for the commands that measure it
// or use its taxonomy.
func rulesExtractor() (*extract.Extractor, error) {
	x, err := extract.New(extract.Options{})
	if err != nil {
		return nil, usageError("%v", err)
	}
	return x, nil
}
