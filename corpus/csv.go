package corpus

import (
	"encoding/csv"
	"io"
	"strings"
)

// CSV writes rows for spreadsheets: every cell that a spreadsheet would
// read as a formula (starting with =, +, -, @, a tab or a carriage
// return, as OWASP lists them) is prefixed with an apostrophe, so that
// a document title such as =HYPERLINK(…) is shown, never run.
type CSV struct {
	w *csv.Writer
}

// NewCSV returns a CSV writer; with bom, the file starts with a UTF-8 byte
// order mark, so that Excel reads curly quotes and accents as they are.
func NewCSV(w io.Writer, bom bool) (*CSV, error) {
	if bom {
		if _, err := io.WriteString(w, "\ufeff"); err != nil {
			return nil, err
		}
	}
	return &CSV{w: csv.NewWriter(w)}, nil
}

// Row writes one row.
func (c *CSV) Row(cells ...string) error {
	for i, s := range cells {
		cells[i] = SafeCell(s)
	}
	return c.w.Write(cells)
}

// Flush writes what is buffered and reports any error.
func (c *CSV) Flush() error {
	c.w.Flush()
	return c.w.Error()
}

// SafeCell is s as a spreadsheet shows it and never runs it.
func SafeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
