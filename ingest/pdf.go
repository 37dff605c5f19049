package ingest

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"strings"

	"github.com/scrutineer/scrutineer/corpus"
	"github.com/scrutineer/scrutineer/ingest/pdftext"
)

// pdfReader reads PDFs: positioned glyphs from the content streams become
// words and lines (pdf_content.go, pdf_layout.go), running headers, footers
// and page numbers are dropped, and lines become blocks (pdf_blocks.go).
//
// Pages without a usable text layer are read by OCR (ocr.go), as the
// reader's OCR mode says.
type pdfReader struct {
	iso      Isolation
	ocr      OCRMode
	progress func(done, total int)
}

func (p pdfReader) read(ctx context.Context, data []byte) (*corpus.Document, error) {
	res, err := readPDF(ctx, data, p.iso)
	if err != nil {
		return nil, err
	}
	ocr, warnings, err := applyOCR(ctx, data, res, p.ocr, p.progress)
	if err != nil {
		return nil, err
	}
	doc, err := pdfDocument(res)
	if err != nil {
		if len(warnings) > 0 && errors.Is(err, ErrNoText) {
			return nil, fmt.Errorf("%w (%s)", err, warnings[0])
		}
		return nil, err
	}
	doc.OCR = ocr
	doc.Warnings = append(doc.Warnings, warnings...)
	if len(ocr) > 0 {
		doc.Warnings = append(doc.Warnings, fmt.Sprintf("%d of %d pages read by OCR", len(ocr), len(res.Pages)))
	}
	return doc, nil
}

// pageTrouble returns why the pages failed when at least half of them did
// (the first page's reason, with how many), or "".
func pageTrouble(pages []pdftext.Page) string {
	failed, first := 0, ""
	for _, pg := range pages {
		if pg.Err != "" {
			failed++
			if first == "" {
				first = pg.Err
			}
		}
	}
	if failed == 0 || failed*2 < len(pages) {
		return ""
	}
	if failed == 1 {
		return first
	}
	return fmt.Sprintf("%s (and %d more pages)", first, failed-1)
}

// WarnOCRLayer marks a PDF whose text is an OCR layer over page images.
const WarnOCRLayer = "scanned: the text is an OCR layer over page images"

// pdfDocument lays out a reader result as a document.
func pdfDocument(res *pdftext.Result) (*corpus.Document, error) {
	doc := &corpus.Document{Format: corpus.PDF, Pages: len(res.Pages)}
	chars, ocr, glyphs := 0, 0, 0
	for _, pg := range res.Pages {
		ocr += pg.OCR
		glyphs += pg.Glyphs
		if pg.Err != "" {
			doc.Warnings = append(doc.Warnings, pg.Err)
		}
		for _, l := range pg.Lines {
			chars += len(strings.TrimSpace(l.Text))
		}
	}
	if chars == 0 {
		// say what happened: pages that could not be read are not a scan
		if reason := pageTrouble(res.Pages); reason != "" {
			return nil, fmt.Errorf("%w: no page could be read: %s", ErrMalformed, reason)
		}
		if len(res.Pages) == 0 {
			return nil, fmt.Errorf("%w: no pages", ErrMalformed)
		}
		return nil, ErrNoText
	}
	if ocr*2 > glyphs {
		doc.Warnings = append(doc.Warnings, WarnOCRLayer)
	}
	if len(res.Pages) > 2 && chars < 40*len(res.Pages) {
		doc.Warnings = append(doc.Warnings, "little text for its pages: some pages may be images (needs OCR)")
	}
	t := newTextBuilder(true)
	pages := removeFurniture(res.Pages)
	for i := range pages {
		pages[i] = bilingualColumns(pages[i], res.Pages[i].Width)
	}
	pdfBlocks(t, pages)
	doc.Text, doc.Blocks = t.text(), t.blocks
	if title := res.Info["Title"]; usableInfoTitle(title) {
		doc.SetMeta(corpus.FieldTitle, title, corpus.FromFile)
	}
	return doc, nil
}

//go:embed rules/titles.txt
var titleRules string

// leftoverTitle are the words of the titles word processors leave behind
// (rules/titles.txt).
var leftoverTitle = ruleLines(titleRules)

// ruleLines are the lines of a rule file that are not comments or blank.
func ruleLines(src string) []string {
	var out []string
	for _, line := range strings.Split(src, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	return out
}

// usableInfoTitle rejects the titles word processors leave behind.
func usableInfoTitle(t string) bool {
	l := strings.ToLower(t)
	if len(strings.Fields(t)) < 3 {
		return false
	}
	for _, bad := range leftoverTitle {
		if strings.Contains(l, bad) {
			return false
		}
	}
	return true
}
