package corpus

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

const documentColumns = `id, format, title, date, publisher, doc_type, subject, language, url, pages, size,
	text, blocks, warnings, provenance, facts, entities, source, rules, ocr`

func scanDocument(row interface{ Scan(...any) error }) (*Document, error) {
	var d Document
	var format, blocks, warnings, provenance, facts, entities, ocr string
	err := row.Scan(&d.ID, &format, &d.Title, &d.Date, &d.Publisher, &d.DocType, &d.Subject, &d.Language, &d.URL,
		&d.Pages, &d.Size, &d.Text, &blocks, &warnings, &provenance, &facts, &entities, &d.Source, &d.Rules, &ocr)
	if err != nil {
		return nil, err
	}
	d.Format = Format(format)
	for _, f := range []struct {
		raw string
		dst any
	}{{blocks, &d.Blocks}, {warnings, &d.Warnings}, {provenance, &d.Provenance}, {facts, &d.Facts}, {entities, &d.Entities}, {ocr, &d.OCR}} {
		if err := json.Unmarshal([]byte(f.raw), f.dst); err != nil {
			return nil, fmt.Errorf("decode document %s: %w", d.ID, err)
		}
	}
	return &d, nil
}

// Document returns the stored document with the given id.
func (s *Store) Document(ctx context.Context, id string) (*Document, error) {
	row := s.db.QueryRowContext(ctx, `SELECT `+documentColumns+` FROM documents WHERE id=?`, id)
	d, err := scanDocument(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("document %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	return d, s.restOfText(ctx, d)
}

// restOfText appends to d's text the parts stored after the first, if
// any: only a text longer than textPart has them.
func (s *Store) restOfText(ctx context.Context, d *Document) error {
	if len(d.Text) < textPart-utf8.UTFMax {
		return nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT text FROM text_parts WHERE doc_id=? ORDER BY part`, d.ID)
	if err != nil {
		return fmt.Errorf("document %s: %w", d.ID, err)
	}
	defer rows.Close()
	var b strings.Builder
	b.WriteString(d.Text)
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return fmt.Errorf("document %s: %w", d.ID, err)
		}
		b.WriteString(p)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("document %s: %w", d.ID, err)
	}
	d.Text = b.String()
	return nil
}

// Documents calls fn for every stored document, in id order (those whose
// text is stored in parts after the others).
func (s *Store) Documents(ctx context.Context, fn func(*Document) error) error {
	rows, err := s.db.QueryContext(ctx, `SELECT `+documentColumns+` FROM documents ORDER BY id`)
	if err != nil {
		return fmt.Errorf("list documents: %w", err)
	}
	defer rows.Close()
	var long []string // documents whose text has parts, read after the rows are closed
	for rows.Next() {
		d, err := scanDocument(rows)
		if err != nil {
			return err
		}
		if len(d.Text) >= textPart-utf8.UTFMax {
			long = append(long, d.ID)
			continue
		}
		if err := fn(d); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rows.Close()
	for _, id := range long {
		d, err := s.Document(ctx, id)
		if err != nil {
			return err
		}
		if err := fn(d); err != nil {
			return err
		}
	}
	return nil
}

// Items returns the items of a document in text order.
func (s *Store) Items(ctx context.Context, docID string) ([]Item, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, kind, polarity, text, section, page, start, "end", themes, cue, facts, detail
		FROM items WHERE doc_id=? ORDER BY seq`, docID)
	if err != nil {
		return nil, fmt.Errorf("items of %s: %w", docID, err)
	}
	defer rows.Close()
	var out []Item
	for rows.Next() {
		it := Item{DocID: docID}
		var kind, pol, themes, facts, detail string
		if err := rows.Scan(&it.ID, &kind, &pol, &it.Text, &it.Section, &it.Page, &it.Span.Start, &it.Span.End,
			&themes, &it.Cue, &facts, &detail); err != nil {
			return nil, fmt.Errorf("items of %s: %w", docID, err)
		}
		it.Kind, it.Polarity = Kind(kind), Polarity(pol)
		_ = json.Unmarshal([]byte(themes), &it.Themes)
		_ = json.Unmarshal([]byte(facts), &it.Facts)
		it.setDetail(detail)
		out = append(out, it)
	}
	return out, rows.Err()
}

// SourceRecord is one path a document was read from.
type SourceRecord struct {
	Path      string `json:"path"`
	Current   bool   `json:"current"`
	FirstSeen string `json:"first_seen"`
	LastSeen  string `json:"last_seen"`
}

// Sources returns the paths a document was read from.
func (s *Store) Sources(ctx context.Context, docID string) ([]SourceRecord, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT path, current, first_seen, last_seen FROM sources WHERE doc_id=? ORDER BY path`, docID)
	if err != nil {
		return nil, fmt.Errorf("sources of %s: %w", docID, err)
	}
	defer rows.Close()
	var out []SourceRecord
	for rows.Next() {
		var r SourceRecord
		if err := rows.Scan(&r.Path, &r.Current, &r.FirstSeen, &r.LastSeen); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Replacement is the version that replaced a document: when no address it
// was read from has it as its current version any more, the current
// version at the address it was last seen at; "" for a document still
// current (or never read from an address).
func (s *Store) Replacement(ctx context.Context, docID string) (string, error) {
	var current int
	err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(current), 1) FROM sources WHERE doc_id=?`, docID).Scan(&current)
	if err != nil || current == 1 {
		return "", err
	}
	var by string
	err = s.db.QueryRowContext(ctx, `SELECT n.doc_id FROM sources o JOIN sources n ON n.path = o.path AND n.current = 1
		WHERE o.doc_id=? ORDER BY o.last_seen DESC, n.doc_id LIMIT 1`, docID).Scan(&by)
	return by, err
}

// Versions returns the document ids stored for path, newest first.
func (s *Store) Versions(ctx context.Context, path string) ([]string, error) {
	ids, err := s.queryStrings(ctx, `SELECT doc_id FROM sources WHERE path=? ORDER BY current DESC, first_seen DESC`, path)
	if err != nil {
		return nil, fmt.Errorf("versions of %s: %w", path, err)
	}
	return ids, nil
}

// queryStrings runs a query of one text column and returns its values.
func (s *Store) queryStrings(ctx context.Context, q string, args ...any) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// Stats counts what the store holds.
type Stats struct {
	Documents int `json:"documents"`
	Sources   int `json:"sources"`
	Items     int `json:"items"`
}

// Stats returns the number of documents, sources and items.
func (s *Store) Stats(ctx context.Context) (Stats, error) {
	var st Stats
	err := s.db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM sources),
		(SELECT count(*) FROM items)`).Scan(&st.Documents, &st.Sources, &st.Items)
	return st, err
}

// ItemRow is an item with what trace and the matrix need of its document.
type ItemRow struct {
	Item
	Date, Subject, Title, Publisher, DocType, Source string
	// Replaced says that a newer version of the item's document has
	// taken its place at every address it was read from.
	Replaced bool
}

// ItemRows calls fn for every item, with its document's date, subject,
// title, publisher and type and whether a newer version replaced it, in
// document date order.
func (s *Store) ItemRows(ctx context.Context, fn func(ItemRow) error) error {
	rows, err := s.db.QueryContext(ctx, `SELECT i.id, i.doc_id, i.kind, i.polarity, i.text, i.section, i.page, i.start, i."end",
		i.themes, i.cue, d.date, d.subject, d.title, d.publisher, d.doc_type, d.source, i.detail, COALESCE(v.cur, 1)
		FROM items i JOIN documents d ON d.id = i.doc_id
		LEFT JOIN (SELECT doc_id, MAX(current) AS cur FROM sources GROUP BY doc_id) v ON v.doc_id = d.id
		ORDER BY d.date, i.doc_id, i.seq`)
	if err != nil {
		return fmt.Errorf("list items: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r ItemRow
		var kind, pol, themes, detail string
		var current int
		if err := rows.Scan(&r.ID, &r.DocID, &kind, &pol, &r.Text, &r.Section, &r.Page, &r.Span.Start, &r.Span.End,
			&themes, &r.Cue, &r.Date, &r.Subject, &r.Title, &r.Publisher, &r.DocType, &r.Source, &detail, &current); err != nil {
			return err
		}
		r.Replaced = current == 0
		r.Kind, r.Polarity = Kind(kind), Polarity(pol)
		_ = json.Unmarshal([]byte(themes), &r.Themes)
		r.setDetail(detail)
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// DocumentValues returns the distinct values of a document field
// ("subject", "publisher", "doc_type") in the store, sorted.
func (s *Store) DocumentValues(ctx context.Context, field string) ([]string, error) {
	switch field {
	case "subject", "publisher", "doc_type":
	default:
		return nil, fmt.Errorf("document values: no field %q", field)
	}
	out, err := s.queryStrings(ctx, `SELECT DISTINCT `+field+` FROM documents WHERE `+field+` != '' ORDER BY 1`)
	if err != nil {
		return nil, fmt.Errorf("document values: %w", err)
	}
	return out, nil
}

// Generation is a value that changes whenever documents or items are
// added, replaced or removed: what a cache of results derived from the
// store is keyed on.
func (s *Store) Generation(ctx context.Context) (string, error) {
	var docs, items, maxItem int64
	err := s.db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM items),
		(SELECT coalesce(max(rowid), 0) FROM items)`).Scan(&docs, &items, &maxItem)
	if err != nil {
		return "", fmt.Errorf("store generation: %w", err)
	}
	return fmt.Sprintf("%d/%d/%d", docs, items, maxItem), nil
}
