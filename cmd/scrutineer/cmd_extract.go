package main

import (
	"context"
	"fmt"
	"os"

	"github.com/scrutineer/scrutineer/corpus"
	"github.com/scrutineer/scrutineer/ingest"
)

func runExtract(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "extract", "[--json | --text] FILE")
	asJSON := fs.Bool("json", false, "print the document and its items as JSON (the contract in DESIGN.md)")
	asText := fs.Bool("text", false, "print the document text exactly as stored")
	asBlocks := fs.Bool("blocks", false, "print the layout blocks extraction reads (kind, page, marker, text), one a line")
	inProcess := fs.Bool("in-process", false, "read PDFs in this process rather than an isolated child")
	taxonomy := fs.String("taxonomy", "", taxonomyFlag)
	files, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		return usageError("extract takes one FILE")
	}
	x, err := chainExtractor(*taxonomy)
	if err != nil {
		return err
	}
	data, err := os.ReadFile(files[0])
	if err != nil {
		return fmt.Errorf("read %s: %w", files[0], err)
	}
	opts := ingest.Options{Isolation: ingest.DefaultIsolation}
	opts.Isolation.Enabled = !*inProcess
	doc, err := ingest.Read(ctx, files[0], data, opts)
	if err != nil {
		return fmt.Errorf("read %s: %w", files[0], err)
	}
	items := x.Extract(doc)
	switch {
	case *asText:
		_, err = fmt.Fprint(e.stdout, doc.Text)
		return err
	case *asBlocks:
		for _, b := range doc.Blocks {
			kind := string(b.Kind)
			if b.Level > 0 {
				kind += fmt.Sprint(b.Level)
			}
			fmt.Fprintf(e.stdout, "p%d\t%s\t%s\t%q\n", b.Page, kind, b.Marker, doc.BlockText(b))
		}
		return nil
	case *asJSON:
		return writeJSON(e, corpus.NewExtractJSON(doc, items))
	}
	printListing(e, doc, items)
	return nil
}
