package ingest

import (
	"errors"

	"github.com/scrutineer/scrutineer/ingest/pdftext"
	"github.com/scrutineer/scrutineer/internal/isolate"
)

// Sentinel errors callers branch on. Each is wrapped with the file name and
// the detail, e.g. "read report.pdf: encrypted: ...".
var (
	ErrEncrypted   = pdftext.ErrEncrypted
	ErrMalformed   = pdftext.ErrMalformed // a PDF's, and any other format's
	ErrNoText      = errors.New("no text layer: needs OCR")
	ErrEmpty       = errors.New("empty file")
	ErrTooLarge    = errors.New("too large")
	ErrTimeout     = isolate.ErrTimeout
	ErrMemory      = isolate.ErrMemory
	ErrUnsupported = errors.New("unsupported format")
	ErrCrashed     = isolate.ErrCrashed
	ErrErrorPage   = errors.New("an error page, not a document")
)
