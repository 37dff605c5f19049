package ingest

import "errors"

// Sentinel errors callers branch on. Each is wrapped with the file name and
// the detail, e.g. "read report.pdf: encrypted: ...".
var (
	ErrEncrypted   = errors.New("encrypted")
	ErrMalformed   = errors.New("malformed")
	ErrNoText      = errors.New("no text layer: needs OCR")
	ErrEmpty       = errors.New("empty file")
	ErrTooLarge    = errors.New("too large")
	ErrTimeout     = errors.New("timed out")
	ErrMemory      = errors.New("memory limit exceeded")
	ErrUnsupported = errors.New("unsupported format")
	ErrCrashed     = errors.New("reader crashed")
	ErrErrorPage   = errors.New("an error page, not a document")
)
