package index

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/scrutineer/scrutineer/corpus"
)

// exportBatch is how many hits an export reads at a time.
const exportBatch = 500

// Export calls fn for every hit of a request, however many, in a stable
// order (by entry), reading them a batch at a time after the last one
// read (search-after): memory stays that of one batch, and nothing is
// skipped or repeated. Highlights are not made; paging, sorting and
// grouping of the request are ignored.
func (ix *Index) Export(ctx context.Context, r Request, fn func(Hit) error) error {
	q, err := ix.exportQuery(r)
	if err != nil {
		return err
	}
	var after []string
	for {
		req := bleve.NewSearchRequestOptions(q, exportBatch, 0, false)
		req.Fields = storedFields
		req.SortBy([]string{"_id"})
		if after != nil {
			req.SetSearchAfter(after)
		}
		res, err := ix.alias.SearchInContext(ctx, req)
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		for _, h := range res.Hits {
			if err := fn(hitOf(h)); err != nil {
				return err
			}
		}
		if len(res.Hits) < exportBatch {
			return nil
		}
		after = []string{res.Hits[len(res.Hits)-1].ID}
	}
}

// exportQuery checks and builds the query of an export.
func (ix *Index) exportQuery(r Request) (query.Query, error) {
	r.Limit, r.Offset, r.Group = exportBatch, 0, false
	if r.From != "" && r.To != "" && r.From > r.To && !strings.HasPrefix(r.From, r.To) {
		return nil, fmt.Errorf("%w: from %s is after to %s", ErrQuery, r.From, r.To)
	}
	if err := ix.resolveFilters(&r); err != nil {
		return nil, err
	}
	q, _, _, err := r.build(ix.shards[0].Mapping())
	return q, err
}

// ExportRow is one exported hit: what a researcher takes away.
type ExportRow struct {
	DocID     string   `json:"doc_id"`
	ItemID    string   `json:"item_id,omitempty"`
	Title     string   `json:"title"`
	Subject   string   `json:"subject"`
	Publisher string   `json:"publisher"`
	Date      string   `json:"date"`
	DocType   string   `json:"doc_type"`
	Kind      string   `json:"kind"`
	Polarity  string   `json:"polarity,omitempty"`
	Section   string   `json:"section"`
	Page      int      `json:"page,omitempty"`
	Number    string   `json:"number,omitempty"`
	Addressee string   `json:"addressee,omitempty"`
	Themes    []string `json:"themes"`
	Text      string   `json:"text"`
	Source    string   `json:"source"`
	Link      string   `json:"link"`
}

// RowOf is the export row of a hit; link is the address of its document
// (and item) to print.
func RowOf(h Hit, link string) ExportRow {
	r := ExportRow{DocID: h.DocID, Title: h.Title, Subject: h.Subject, Publisher: h.Publisher, Date: h.Date, DocType: h.DocType,
		Kind: h.Kind, Polarity: h.Polarity, Section: h.Section, Page: h.Page, Number: h.Number, Themes: h.Themes, Text: h.Text,
		Source: h.Source, Link: link, Addressee: h.Addressee}
	if h.ItemID != nil {
		r.ItemID = *h.ItemID
	}
	if r.Themes == nil {
		r.Themes = []string{}
	}
	return r
}

// ExportColumns are the CSV columns of an export, in the order of Cells.
var ExportColumns = []string{"title", "subject", "publisher", "date", "doc_type", "kind", "polarity", "section", "page", "number",
	"addressee", "themes", "text", "link", "source", "doc_id", "item_id"}

// Cells is the row as CSV cells.
func (r ExportRow) Cells() []string {
	page := ""
	if r.Page > 0 {
		page = fmt.Sprint(r.Page)
	}
	return []string{r.Title, r.Subject, r.Publisher, r.Date, r.DocType, r.Kind, r.Polarity, r.Section, page, r.Number, r.Addressee,
		strings.Join(r.Themes, ";"), r.Text, r.Link, r.Source, r.DocID, r.ItemID}
}

// ExportTo writes every hit of a request to w as "csv" (with a byte order
// mark, formula cells neutralised) or "jsonl" (one JSON object a line),
// as it reads them. link gives the address printed for a hit.
func (ix *Index) ExportTo(ctx context.Context, r Request, format string, w io.Writer, link func(Hit) string) error {
	if _, err := ix.exportQuery(r); err != nil {
		return err // before anything is written
	}
	switch format {
	case "csv":
		cw, err := corpus.NewCSV(w, true)
		if err != nil {
			return err
		}
		if err := cw.Row(ExportColumns...); err != nil {
			return err
		}
		if err := ix.Export(ctx, r, func(h Hit) error { return cw.Row(RowOf(h, link(h)).Cells()...) }); err != nil {
			return err
		}
		return cw.Flush()
	case "jsonl":
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		return ix.Export(ctx, r, func(h Hit) error { return enc.Encode(RowOf(h, link(h))) })
	}
	return fmt.Errorf("%w: export format must be csv or jsonl", ErrQuery)
}
