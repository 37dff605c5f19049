package ingest

import (
	"errors"
	"strings"
	"testing"
)

// TestPagesThatFailAreNotAScan: a PDF whose pages could not be read says
// why, not that it needs OCR; one whose pages hold no text does.
func TestPagesThatFailAreNotAScan(t *testing.T) {
	failed := &pdfResult{Pages: []pdfPage{{Err: "page 1: compressed stream exceeds 64 MB"}, {Err: "page 2: compressed stream exceeds 64 MB"}}}
	_, err := pdfDocument(failed)
	if !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), "compressed stream exceeds 64 MB") || errors.Is(err, ErrNoText) {
		t.Errorf("pages that failed: %v", err)
	}
	if _, err := pdfDocument(&pdfResult{}); !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), "no pages") {
		t.Errorf("no pages: %v", err)
	}
	images := &pdfResult{Pages: []pdfPage{{}, {}}}
	if _, err := pdfDocument(images); !errors.Is(err, ErrNoText) {
		t.Errorf("pages without text: %v", err)
	}
}
