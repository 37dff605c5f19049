package ingest

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"time"

	"github.com/scrutineer/scrutineer/corpus"
)

// Word-processor files (.docx, .odt, .rtf) are read by pandoc, Debian's
// well-kept converter, into HTML, and that by the HTML reader, so their
// headings, lists and tables become blocks as a web page's do. pandoc runs
// as a child with a time limit and a memory limit (its runtime's -M), on
// the file's bytes from standard input, in its sandbox (no files or
// network). Without pandoc such a file is reported as unsupported, with
// what to install.

// The office formats.
const (
	DOCX corpus.Format = "docx"
	ODT  corpus.Format = "odt"
	RTF  corpus.Format = "rtf"
)

// pandocInput names each format as pandoc reads it.
var pandocInput = map[corpus.Format]string{DOCX: "docx", ODT: "odt", RTF: "rtf"}

// sniffZip tells a word-processor file from other zip archives by the
// parts it holds.
func sniffZip(data []byte) (corpus.Format, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", fmt.Errorf("%w: a damaged zip archive: %v", ErrMalformed, err)
	}
	for _, f := range zr.File {
		switch f.Name {
		case "word/document.xml":
			return DOCX, nil
		case "mimetype":
			if f.UncompressedSize64 < 100 {
				if r, err := f.Open(); err == nil {
					b, _ := io.ReadAll(io.LimitReader(r, 100))
					r.Close()
					if strings.TrimSpace(string(b)) == "application/vnd.oasis.opendocument.text" {
						return ODT, nil
					}
				}
			}
		}
	}
	return "", fmt.Errorf("%w: zip archive (a spreadsheet, presentation or archive, not a text document)", ErrUnsupported)
}

// officeReader reads one office format through pandoc.
type officeReader struct {
	format corpus.Format
	iso    Isolation
}

// pandocMemory bounds pandoc's heap when no isolation limit is set.
const pandocMemory = 512 << 20

func (o officeReader) read(ctx context.Context, data []byte) (*corpus.Document, error) {
	bin, err := exec.LookPath("pandoc")
	if err != nil {
		return nil, fmt.Errorf("%w: a %s file needs pandoc to be read (Debian's pandoc package)", ErrUnsupported, strings.ToUpper(string(o.format)))
	}
	timeout, mem := o.iso.Timeout, o.iso.MemLimit
	if timeout <= 0 {
		timeout = DefaultIsolation.Timeout
	}
	if mem <= 0 {
		mem = pandocMemory
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--sandbox", "-f", pandocInput[o.format], "-t", "html5", "--standalone",
		"--metadata", "pagetitle=document", "+RTS", fmt.Sprintf("-M%dm", mem>>20), "-RTS")
	cmd.Stdin = bytes.NewReader(data)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &cappedBuffer{b: &out, max: 64 << 20}, &cappedBuffer{b: &stderr, max: 8 << 10}
	start := time.Now()
	if err := cmd.Run(); err != nil {
		switch {
		case ctx.Err() != nil:
			return nil, fmt.Errorf("%w after %s", ErrTimeout, time.Since(start).Round(time.Second))
		case strings.Contains(stderr.String(), "Heap exhausted"):
			return nil, fmt.Errorf("%w (%d MB)", ErrMemory, mem>>20)
		case errors.Is(err, errTooMuchOutput):
			return nil, fmt.Errorf("%w: its text runs past 64 MB", ErrTooLarge)
		}
		msg := strings.TrimSpace(stderr.String())
		if i := strings.IndexByte(msg, '\n'); i > 0 {
			msg = msg[:i]
		}
		return nil, fmt.Errorf("%w: pandoc could not read it: %s", ErrMalformed, msg)
	}
	doc, err := htmlReader{}.read(ctx, out.Bytes())
	if err != nil {
		return nil, err
	}
	doc.Warnings = append(doc.Warnings, fmt.Sprintf("read from %s with pandoc", strings.ToUpper(string(o.format))))
	if doc.Provenance != nil && doc.Provenance[corpus.FieldTitle] != "" && doc.Title == "document" {
		doc.Title = ""
		delete(doc.Provenance, corpus.FieldTitle)
	}
	return doc, nil
}

var errTooMuchOutput = errors.New("too much output")

// cappedBuffer keeps at most max bytes, then fails the writer, which
// ends the child.
type cappedBuffer struct {
	b   *bytes.Buffer
	max int
}

func (l *cappedBuffer) Write(p []byte) (int, error) {
	if l.b.Len()+len(p) > l.max {
		return 0, errTooMuchOutput
	}
	return l.b.Write(p)
}
