package ingest

import (
	"errors"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer/ingest/pdftext"
)

// TestPagesThatFailAreNotAScan: a PDF whose pages could not be read says
// why, not that it needs OCR; one whose pages hold no text does.
func TestPagesThatFailAreNotAScan(t *testing.T) {
	failed := &pdftext.Result{Pages: []pdftext.Page{{Err: "page 1: compressed stream exceeds 64 MB"}, {Err: "page 2: compressed stream exceeds 64 MB"}}}
	_, err := pdfDocument(failed)
	if !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), "compressed stream exceeds 64 MB") || errors.Is(err, ErrNoText) {
		t.Errorf("pages that failed: %v", err)
	}
	if _, err := pdfDocument(&pdftext.Result{}); !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), "no pages") {
		t.Errorf("no pages: %v", err)
	}
	images := &pdftext.Result{Pages: []pdftext.Page{{}, {}}}
	if _, err := pdfDocument(images); !errors.Is(err, ErrNoText) {
		t.Errorf("pages without text: %v", err)
	}
}
