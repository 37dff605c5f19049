package bench

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/scrutineer/scrutineer/corpus"
)

// ReadFunc reads a file as the product does.
type ReadFunc func(ctx context.Context, name string, data []byte) (*corpus.Document, error)

// PDFFile is the measurement of one PDF.
type PDFFile struct {
	Path        string  `json:"path"`
	Pages       int     `json:"pages"`
	BornDigital bool    `json:"born_digital"` // has a real text layer (not empty, not an OCR layer over scans)
	Score       Score   `json:"score"`
	Seconds     float64 `json:"seconds"`     // ours, wall time, including the isolated child process
	RefSeconds  float64 `json:"ref_seconds"` // pdftotext, wall time
	Err         string  `json:"error,omitempty"`
	Note        string  `json:"note,omitempty"`
}

// Pdftotext runs pdftotext on path and returns its text and wall time.
func Pdftotext(ctx context.Context, path string) (string, time.Duration, error) {
	start := time.Now()
	cmd := exec.CommandContext(ctx, "pdftotext", "-enc", "UTF-8", path, "-")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	d := time.Since(start)
	if err != nil {
		return "", d, fmt.Errorf("pdftotext %s: %v: %s", path, err, strings.TrimSpace(errb.String()))
	}
	return out.String(), d, nil
}

// MeasurePDF compares our text of one PDF with pdftotext's.
func MeasurePDF(ctx context.Context, path string, read ReadFunc) PDFFile {
	r := PDFFile{Path: path}
	data, err := os.ReadFile(path)
	if err != nil {
		r.Err = err.Error()
		return r
	}
	ref, refTime, refErr := Pdftotext(ctx, path)
	r.RefSeconds = refTime.Seconds()
	start := time.Now()
	doc, err := read(ctx, path, data)
	r.Seconds = time.Since(start).Seconds()
	refPages := strings.Count(ref, "\f")
	refChars := len(strings.Join(strings.Fields(ref), ""))
	switch {
	case err != nil:
		r.Err = err.Error()
		r.Pages = refPages
	case doc.Format != corpus.PDF:
		r.Note = "not a PDF: read as " + string(doc.Format)
	case refErr != nil:
		r.Err = refErr.Error()
	default:
		r.Pages = doc.Pages
		r.Score = Compare(Words(doc.Text), Words(StripFurniture(ref)))
		r.BornDigital = refChars >= 100*max(refPages, 1)
		for _, w := range doc.Warnings {
			if strings.HasPrefix(w, "scanned") {
				r.BornDigital = false
				r.Note = "scanned with an OCR layer"
			}
		}
	}
	if r.Err != "" && refChars < 20*max(refPages, 1) {
		r.Note = "no text layer (pdftotext finds none either)"
	}
	return r
}
