package trace

import (
	"fmt"
	"io"
	"strings"

	"github.com/scrutineer/scrutineer/corpus"
)

// WriteCSV writes threads as CSV, one row per member, each cell safe to
// open in a spreadsheet (corpus.CSV).
func WriteCSV(w io.Writer, ts []Thread) error {
	cw, err := corpus.NewCSV(w, true)
	if err != nil {
		return err
	}
	cw.Row("thread_id", "label", "status", "themes", "member", "item_id", "doc_id", "date", "subject", "title", "source", "page", "section",
		"text", "linked_to", "link_score", "shared")
	for _, t := range ts {
		for i, m := range t.Members {
			to, score, shared := "", "", ""
			if m.Link != nil {
				to, score, shared = m.Link.To, fmt.Sprint(m.Link.Score), strings.Join(m.Link.Shared, ";")
			}
			page := ""
			if m.Page > 0 {
				page = fmt.Sprint(m.Page)
			}
			if err := cw.Row(t.ID, t.Label, t.Status, strings.Join(t.Themes, ";"), fmt.Sprint(i+1), m.ItemID, m.DocID, m.Date,
				m.Subject, m.Title, m.Source, page, m.Section, m.Text, to, score, shared); err != nil {
				return err
			}
		}
	}
	return cw.Flush()
}
