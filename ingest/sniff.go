package ingest

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"regexp"

	"github.com/scrutineer/scrutineer/corpus"
)

// sniff detects the format of data from its content, never its name. Data
// files (JSON, CSV, spreadsheets) are not documents: they come back as
// ErrUnsupported with what they are. An SQL dump is read when its rows hold
// prose (see sqlReader).
func sniff(data []byte) (corpus.Format, error) {
	head := data[:min(len(data), 4096)]
	if bytes.Contains(head[:min(len(head), 1024)], []byte("%PDF-")) {
		return corpus.PDF, nil
	}
	if bytes.HasPrefix(head, []byte("PK\x03\x04")) {
		return sniffZip(data)
	}
	if bytes.HasPrefix(bytes.TrimLeft(head, " \t\r\n\xef\xbb\xbf"), []byte(`{\rtf`)) {
		return RTF, nil
	}
	for _, m := range binaryMagic {
		if bytes.HasPrefix(head, m.magic) {
			return "", fmt.Errorf("%w: %s", ErrUnsupported, m.what)
		}
	}
	text := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	utf16 := bytes.HasPrefix(head, []byte("\xff\xfe")) || bytes.HasPrefix(head, []byte("\xfe\xff"))
	if !utf16 && bytes.IndexByte(head, 0) >= 0 {
		return "", fmt.Errorf("%w: binary data", ErrUnsupported)
	}
	lower := bytes.ToLower(text[:min(len(text), 2048)])
	switch {
	case bytes.HasPrefix(lower, []byte("<?xml")) || bytes.HasPrefix(lower, []byte("<publicwhip")):
		if bytes.Contains(lower, []byte("<html")) {
			return corpus.HTML, nil
		}
		return corpus.XML, nil
	case bytes.HasPrefix(lower, []byte("<!doctype html")) || bytes.HasPrefix(lower, []byte("<html")) ||
		(len(lower) > 0 && lower[0] == '<' && htmlTag.Match(lower)):
		return corpus.HTML, nil
	case len(text) > 0 && (text[0] == '{' || text[0] == '[') && json.Valid(bytes.TrimSpace(data)):
		return "", fmt.Errorf("%w: data file (JSON), not a document", ErrUnsupported)
	case sqlDump.Match(head):
		return SQL, nil // a document when its rows hold prose: the reader decides
	case looksCSV(data):
		return "", fmt.Errorf("%w: data file (CSV), not a document", ErrUnsupported)
	}
	return corpus.Text, nil
}

var htmlTag = regexp.MustCompile(`<(?:head|body|div|p|meta|title|table|section|article)[\s>]`)

var sqlDump = regexp.MustCompile(`(?im)^(?:-- (?:mysql|mariadb|postgresql) (?:database )?dump|create table |insert into |pragma )`)

var binaryMagic = []struct {
	magic []byte
	what  string
}{
	{[]byte("\x89PNG"), "PNG image"}, {[]byte("\xff\xd8\xff"), "JPEG image"}, {[]byte("GIF8"), "GIF image"},
	{[]byte("\xd0\xcf\x11\xe0"), "legacy Office file"}, {[]byte("\x1f\x8b"), "gzip archive"},
	{[]byte("II*\x00"), "TIFF image"}, {[]byte("MM\x00*"), "TIFF image"},
}

// looksCSV says whether data starts as a table: records of three or more
// fields, the same number in each, as CSV or TSV data has and prose has not.
// Quoted fields may run over lines, so the CSV reader decides, not lines.
func looksCSV(data []byte) bool {
	head := data[:min(len(data), 256<<10)]
	for _, sep := range []rune{',', '\t'} {
		r := csv.NewReader(bytes.NewReader(head))
		r.Comma = sep
		r.FieldsPerRecord = -1
		r.LazyQuotes = true
		first, err := r.Read()
		if err != nil || len(first) < 3 {
			continue
		}
		same, total := 0, 0
		for total < 20 {
			rec, err := r.Read()
			if err != nil {
				break
			}
			total++
			if len(rec) == len(first) {
				same++
			}
		}
		if total >= 2 && same*10 >= total*8 {
			return true
		}
	}
	return false
}
