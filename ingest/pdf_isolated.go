package ingest

import (
	"bytes"
	"context"
	"encoding/gob"
	"fmt"
	"time"

	"github.com/scrutineer/scrutineer/ingest/pdftext"
	"github.com/scrutineer/scrutineer/internal/isolate"
)

// PDFs are read by pdftext in a child process of the same binary
// (package isolate): ledongthuc/pdf can panic, loop or allocate without
// bound on a hostile file, and only a process can be stopped from
// outside. The child reads the PDF on standard input and writes the
// gob-encoded pdftext.Result on standard output.

// Isolation sets how PDFs are read: in a child process (the default for
// the CLI) with a time limit per file and a memory limit per child.
type Isolation = isolate.Limits

// DefaultIsolation is what the CLI uses.
var DefaultIsolation = Isolation{Enabled: true, Timeout: 90 * time.Second, MemLimit: 512 << 20}

// pdfChild is the name the PDF reader is registered under.
const pdfChild = "pdf"

func init() {
	isolate.Register(pdfChild, readPDFChild, ErrMalformed, ErrEncrypted, ErrMemory, ErrNoText)
}

// readPDFChild is the child's side: the PDF's lines, gob-encoded.
func readPDFChild(data []byte) ([]byte, error) {
	res, err := pdftext.Read(data)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	if err := gob.NewEncoder(&out).Encode(res); err != nil {
		return nil, fmt.Errorf("encode result: %w", err)
	}
	return out.Bytes(), nil
}

// readPDF reads the lines of a PDF, in a child process when iso says so.
func readPDF(ctx context.Context, data []byte, iso Isolation) (*pdftext.Result, error) {
	if !iso.Enabled {
		return pdftext.Read(data)
	}
	out, err := isolate.Run(ctx, pdfChild, data, iso)
	if err != nil {
		return nil, err
	}
	var res pdftext.Result
	if err := gob.NewDecoder(bytes.NewReader(out)).Decode(&res); err != nil {
		return nil, fmt.Errorf("%w: decode reader output: %v", ErrCrashed, err)
	}
	return &res, nil
}
