package ingest

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"unicode"

	"github.com/scrutineer/scrutineer/corpus"
)

// A formatReader turns the bytes of one file into document text with its
// layout blocks.
type formatReader interface {
	read(ctx context.Context, data []byte) (*corpus.Document, error)
}

// Options configure Read.
type Options struct {
	Isolation Isolation // how PDFs are read; the zero value reads in this process
	MaxSize   int64     // larger files are refused; 0 means DefaultMaxSize
	// Meta is metadata from a manifest or sidecar for this file; it
	// overrides what the text says.
	Meta map[string]string
	// OCR says when a PDF's pages are read by OCR; "" is OCRAuto.
	OCR OCRMode
	// OCRProgress, when set, is called as each page read by OCR is done,
	// with the pages done and the pages to do; from several goroutines.
	OCRProgress func(done, total int)
}

// DefaultMaxSize is the largest file read unless told otherwise.
const DefaultMaxSize = 128 << 20

func readers(opts Options) map[corpus.Format]formatReader {
	return map[corpus.Format]formatReader{
		corpus.PDF:  pdfReader{iso: opts.Isolation, ocr: opts.OCR, progress: opts.OCRProgress},
		corpus.HTML: htmlReader{},
		corpus.XML:  xmlReader{},
		corpus.Text: textReader{},
		DOCX:        officeReader{DOCX, opts.Isolation},
		ODT:         officeReader{ODT, opts.Isolation},
		RTF:         officeReader{RTF, opts.Isolation},
		SQL:         sqlReader{},
	}
}

// Read reads one file's bytes into a Document with metadata. name is used
// in messages, for the extension check and for dates in file names; the
// format comes from the content.
func Read(ctx context.Context, name string, data []byte, opts Options) (*corpus.Document, error) {
	max := opts.MaxSize
	if max <= 0 {
		max = DefaultMaxSize
	}
	switch {
	case len(data) == 0:
		return nil, ErrEmpty
	case int64(len(data)) > max:
		return nil, fmt.Errorf("%w: %d MB (limit %d MB)", ErrTooLarge, len(data)>>20, max>>20)
	}
	format, err := sniff(data)
	if err != nil {
		return nil, err
	}
	doc, err := readers(opts)[format].read(ctx, data)
	if err != nil {
		return nil, err
	}
	doc.ID = corpus.DocID(data)
	doc.Source = name
	doc.Format = format
	doc.Size = int64(len(data))
	if w := extensionMismatch(name, format); w != "" {
		doc.Warnings = append([]string{w}, doc.Warnings...)
	}
	if len(doc.Text) > corpus.MaxSearchedText {
		doc.Warnings = append(doc.Warnings, fmt.Sprintf("text of %d MB: the first %d MB is searched as the document's text; all of it is stored and its items extracted and searched",
			len(doc.Text)>>20, corpus.MaxSearchedText>>20))
	}
	if strings.TrimSpace(doc.Text) == "" && format != corpus.PDF {
		return nil, fmt.Errorf("%w: no text in %s", ErrEmpty, format)
	}
	if m := errorPage(doc.Text); m != "" {
		return nil, fmt.Errorf("%w: it says %q", ErrErrorPage, m)
	}
	applyMeta(doc, opts.Meta)
	detectMetadata(doc, name)
	doc.Facts = findFacts(doc.Text)
	return doc, nil
}

// errorPageHead matches what a web server's error page says at its head:
// "Report not found", "Page not found", "404", "Sorry, the document you
// requested no longer exists", "Access denied".
var errorPageHead = regexp.MustCompile(`(?im)^\W*((page|report|document|file|resource) (was )?not found|404\b.{0,40}|error 404|not found|sorry,? (the|this) (page|document|report|file)[^.\n]{0,60}(no longer exists|not (be )?found|cannot be found|has (been )?(moved|removed))|access denied|forbidden|this page (isn['’]t|is not) available)\W*$`)

// errorPage returns what a short text says that makes it a web server's
// error page saved in a document's place, or "". A real document that
// mentions a missing page runs to far more words.
func errorPage(text string) string {
	if moreWordsThan(text, 250) {
		return ""
	}
	head := text
	if len(head) > 1500 {
		head = head[:1500]
	}
	return strings.TrimSpace(errorPageHead.FindString(head))
}

// moreWordsThan says whether text has more than n words, reading no
// further than it must.
func moreWordsThan(text string, n int) bool {
	words, in := 0, false
	for _, r := range text {
		if unicode.IsSpace(r) {
			in = false
			continue
		}
		if !in {
			if words++; words > n {
				return true
			}
			in = true
		}
	}
	return false
}

var extensionFormats = map[string]corpus.Format{
	".pdf": corpus.PDF, ".html": corpus.HTML, ".htm": corpus.HTML, ".xhtml": corpus.HTML, ".xml": corpus.XML,
	".txt": corpus.Text, ".md": corpus.Text, ".rst": corpus.Text, ".text": corpus.Text,
	".docx": DOCX, ".odt": ODT, ".rtf": RTF, ".sql": SQL,
}

// extensionMismatch says so when a file's name promises another format than
// its content: "named .pdf but is HTML: read as HTML".
func extensionMismatch(name string, got corpus.Format) string {
	ext := strings.ToLower(filepath.Ext(name))
	want, ok := extensionFormats[ext]
	if !ok || want == got {
		return ""
	}
	return fmt.Sprintf("named %s but is %s: read as %s", ext, strings.ToUpper(string(got)), strings.ToUpper(string(got)))
}
