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
	cw.Write([]string{"thread_id", "label", "status", "themes", "member", "item_id", "doc_id", "date", "subject", "title", "text",
		"linked_to", "link_score", "shared"})
	for _, t := range ts {
		for i, m := range t.Members {
			to, score, shared := "", "", ""
			if m.Link != nil {
				to, score, shared = m.Link.To, fmt.Sprint(m.Link.Score), strings.Join(m.Link.Shared, ";")
			}
			cw.Write([]string{t.ID, t.Label, t.Status, strings.Join(t.Themes, ";"), fmt.Sprint(i + 1), m.ItemID, m.DocID, m.Date,
				m.Subject, m.Title, m.Text, to, score, shared})
		}
	}
	cw.Flush()
	return cw.Error()
}
