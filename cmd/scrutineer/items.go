package main

import (
	"flag"
	"time"

	"github.com/scrutineer/scrutineer/extract"
	"github.com/scrutineer/scrutineer/ingest"
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

// readFlags are the flags of the commands that read files (ingest, sync,
// worker): how PDFs are read and items extracted.
type readFlags struct {
	timeout  *time.Duration
	ocr      *string
	taxonomy *string
}

func addReadFlags(fs *flag.FlagSet) readFlags {
	return readFlags{
		timeout:  fs.Duration("pdf-timeout", ingest.DefaultIsolation.Timeout, "time limit for reading one PDF"),
		ocr:      fs.String("ocr", "auto", "when PDF pages are read by OCR (Tesseract): auto (pages without a usable text layer), off, or force (every page)"),
		taxonomy: fs.String("taxonomy", "", taxonomyFlag),
	}
}

// setup is the chain's set-up for the data directory dir, as the flags say.
func (r readFlags) setup(e *env, dir string) (pipeline.Setup, error) {
	s := pipeline.Setup{Data: dir, Taxonomy: *r.taxonomy, PDFTimeout: *r.timeout, Log: e.log}
	var err error
	if s.OCR, err = ingest.ParseOCRMode(*r.ocr); err != nil {
		return s, usageError("%v", err)
	}
	return s, nil
}
