package trace

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
)

// WriteCSV writes threads as CSV, one row per member.
func WriteCSV(w io.Writer, ts []Thread) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"thread_id", "label", "status", "themes", "member", "item_id", "doc_id", "date", "subject", "title", "text"})
	for _, t := range ts {
		for i, m := range t.Members {
			cw.Write([]string{t.ID, t.Label, t.Status, strings.Join(t.Themes, ";"), fmt.Sprint(i + 1), m.ItemID, m.DocID, m.Date,
				m.Subject, m.Title, m.Text})
		}
	}
	cw.Flush()
	return cw.Error()
}
