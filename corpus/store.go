package corpus

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	_ "modernc.org/sqlite" // pure-Go SQLite driver
)

// Store is the corpus record of truth: documents, their sources (paths and
// URLs, with versions), extracted items, and ingest runs, in one SQLite
// database, with the original bytes of every document kept content-addressed
// beside it so any result can be traced back to the exact file.
type Store struct {
	db  *sql.DB
	dir string
	pg  bool // a PostgreSQL database, not SQLite in dir
}

// ErrNotFound is returned when a document or item does not exist.
var ErrNotFound = errors.New("not found")

const schema = `
CREATE TABLE IF NOT EXISTS documents (
	id TEXT PRIMARY KEY,
	format TEXT NOT NULL,
	title TEXT, date TEXT, publisher TEXT, doc_type TEXT, subject TEXT, language TEXT, url TEXT,
	pages INTEGER NOT NULL DEFAULT 0,
	size INTEGER NOT NULL DEFAULT 0,
	text TEXT NOT NULL,
	blocks TEXT NOT NULL,
	warnings TEXT NOT NULL,
	provenance TEXT NOT NULL,
	facts TEXT NOT NULL DEFAULT '[]',
	entities TEXT NOT NULL DEFAULT '[]',
	source TEXT NOT NULL,
	ingested_at TEXT NOT NULL,
	rules TEXT NOT NULL DEFAULT '',
	ocr TEXT NOT NULL DEFAULT '[]',
	changes INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS sources (
	path TEXT NOT NULL,
	doc_id TEXT NOT NULL REFERENCES documents(id),
	current INTEGER NOT NULL,
	first_seen TEXT NOT NULL,
	last_seen TEXT NOT NULL,
	run_id INTEGER,
	PRIMARY KEY (path, doc_id)
);
CREATE INDEX IF NOT EXISTS sources_doc ON sources(doc_id);
CREATE TABLE IF NOT EXISTS items (
	id TEXT PRIMARY KEY,
	doc_id TEXT NOT NULL REFERENCES documents(id),
	seq INTEGER NOT NULL,
	kind TEXT NOT NULL,
	polarity TEXT,
	text TEXT NOT NULL,
	section TEXT,
	page INTEGER NOT NULL,
	start INTEGER NOT NULL,
	end INTEGER NOT NULL,
	themes TEXT NOT NULL,
	cue TEXT NOT NULL,
	facts TEXT NOT NULL DEFAULT '[]',
	detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS items_doc ON items(doc_id, seq);
CREATE TABLE IF NOT EXISTS text_parts (
	doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
	part INTEGER NOT NULL,
	text TEXT NOT NULL,
	PRIMARY KEY (doc_id, part)
);
CREATE TABLE IF NOT EXISTS index_state (
	doc_id TEXT PRIMARY KEY REFERENCES documents(id),
	indexed_at TEXT NOT NULL,
	changes INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS runs (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	kind TEXT NOT NULL,
	args TEXT NOT NULL,
	started TEXT NOT NULL,
	finished TEXT,
	status TEXT NOT NULL,
	counts TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE IF NOT EXISTS failures (
	run_id INTEGER NOT NULL REFERENCES runs(id),
	path TEXT NOT NULL,
	reason TEXT NOT NULL
);
`

// Open opens (creating if needed) the store in dir.
func Open(dir string) (*Store, error) { return OpenAt(dir, "") }

// OpenAt opens the store whose database is at addr: a PostgreSQL address
// (postgres://…), or "" for SQLite in dir. The originals are kept in dir
// either way.
func OpenAt(dir, addr string) (*Store, error) {
	if err := os.MkdirAll(filepath.Join(dir, "originals"), 0o755); err != nil {
		return nil, fmt.Errorf("open store %s: %w", dir, err)
	}
	if IsPostgres(addr) {
		db, err := openPostgres(context.Background(), addr)
		if err != nil {
			return nil, fmt.Errorf("open store: %w", err)
		}
		return &Store{db: db, dir: dir, pg: true}, nil
	}
	if addr != "" {
		return nil, fmt.Errorf("open store: %q is not a postgres:// address", addr)
	}
	dsn := "file:" + filepath.Join(dir, "corpus.db") +
		"?_pragma=busy_timeout(15000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(1)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", dir, err)
	}
	if _, err := db.Exec(schema); err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: create schema: %w", dir, err)
	}
	if _, err := db.Exec(tracesSchema + jobsSchema); err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: create schema: %w", dir, err)
	}
	if err := migrate(db); err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: %w", dir, err)
	}
	return &Store{db: db, dir: dir}, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// DB exposes the database handle to packages that add their own tables.
func (s *Store) DB() *sql.DB { return s.db }

func now() string { return time.Now().UTC().Format(time.RFC3339Nano) }

// Outcome says what storing a file did.
type Outcome string

// The outcomes of storing a file.
const (
	New       Outcome = "new"       // a document not seen before, at a path not seen before
	Updated   Outcome = "updated"   // a new version of the file at a known path (the old one is kept)
	Unchanged Outcome = "unchanged" // the same bytes were already stored for this path
	Alias     Outcome = "alias"     // known bytes seen at a new path: one document, another source
)

// Known tells what is already stored for path and document id, without
// parsing anything: Unchanged when path's current version is id, Alias when
// the document exists under other paths, and "" when the file must be read.
func (s *Store) Known(ctx context.Context, path, id string) (Outcome, error) {
	var cur string
	err := s.db.QueryRowContext(ctx, `SELECT doc_id FROM sources WHERE path=? AND current=1`, path).Scan(&cur)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("look up source %s: %w", path, err)
	}
	if cur == id {
		return Unchanged, nil
	}
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM documents WHERE id=?`, id).Scan(&n); err != nil {
		return "", fmt.Errorf("look up document %s: %w", id, err)
	}
	if n > 0 {
		if cur != "" {
			return Updated, nil
		}
		return Alias, nil
	}
	return "", nil
}

// AddSource records that path now holds the already stored document id.
// runID is the run that saw it (0 for none).
func (s *Store) AddSource(ctx context.Context, runID int64, path, id string) (Outcome, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return "", fmt.Errorf("add source %s: %w", path, err)
	}
	defer tx.Rollback()
	out, err := linkSource(ctx, tx, runID, path, id)
	if err != nil {
		return "", err
	}
	return out, tx.Commit()
}

// linkSource makes id the current version at path and says what that was;
// a new link remembers the run that made it.
func linkSource(ctx context.Context, tx *sql.Tx, runID int64, path, id string) (Outcome, error) {
	var cur string
	err := tx.QueryRowContext(ctx, `SELECT doc_id FROM sources WHERE path=? AND current=1`, path).Scan(&cur)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("link source %s: %w", path, err)
	}
	t := now()
	if cur == id {
		_, err := tx.ExecContext(ctx, `UPDATE sources SET last_seen=? WHERE path=? AND doc_id=?`, t, path, id)
		return Unchanged, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE sources SET current=0 WHERE path=?`, path); err != nil {
		return "", fmt.Errorf("link source %s: %w", path, err)
	}
	// which version is current changed: the indexes hold the one replaced,
	// and this one, as they were (a replaced version is in no index)
	for _, doc := range []string{cur, id} {
		if err := forgetIndexed(ctx, tx, doc); err != nil {
			return "", fmt.Errorf("link source %s: %w", path, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO sources(path, doc_id, current, first_seen, last_seen, run_id) VALUES(?,?,1,?,?,?)
		ON CONFLICT(path, doc_id) DO UPDATE SET current=1, last_seen=excluded.last_seen, run_id=excluded.run_id`,
		path, id, t, t, nullID(runID)); err != nil {
		return "", fmt.Errorf("link source %s: %w", path, err)
	}
	if cur != "" {
		return Updated, nil
	}
	var others int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM sources WHERE doc_id=? AND path<>?`, id, path).Scan(&others); err != nil {
		return "", fmt.Errorf("link source %s: %w", path, err)
	}
	if others > 0 {
		return Alias, nil
	}
	return New, nil
}

// Put stores a document read from path, with its items and original bytes,
// in one transaction: after a crash either all of it is there or none.
// runID is the run that read it (0 for none).
// The original is written first, content-addressed, so it is never missing
// for a stored document; nil means it is kept already (PutOriginal).
func (s *Store) Put(ctx context.Context, runID int64, path string, doc *Document, items []Item, original []byte) (Outcome, error) {
	if !s.pg && original != nil {
		if err := s.writeOriginal(doc.ID, original); err != nil {
			return "", err
		}
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return "", fmt.Errorf("store %s: %w", path, err)
	}
	defer tx.Rollback()
	if s.pg && original != nil { // in the database, for every machine that uses it
		if _, err := tx.ExecContext(ctx, `INSERT INTO blobs(id, data) VALUES(?,?) ON CONFLICT DO NOTHING`, doc.ID, original); err != nil {
			return "", fmt.Errorf("store %s: keep original: %w", path, err)
		}
	}
	if err := insertDocument(ctx, tx, doc); err != nil {
		return "", fmt.Errorf("store %s: %w", path, err)
	}
	if err := replaceItems(ctx, tx, doc.ID, items); err != nil {
		return "", fmt.Errorf("store %s: %w", path, err)
	}
	out, err := linkSource(ctx, tx, runID, path, doc.ID)
	if err != nil {
		return "", err
	}
	if err := tx.Commit(); err != nil {
		return "", fmt.Errorf("store %s: commit: %w", path, err)
	}
	return out, nil
}

func insertDocument(ctx context.Context, tx *sql.Tx, d *Document) error {
	blocks, _ := json.Marshal(d.Blocks)
	warnings := d.Warnings
	if warnings == nil {
		warnings = []string{}
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO documents(id, format, title, date, publisher, doc_type, subject, language, url,
		pages, size, text, blocks, warnings, provenance, facts, entities, source, ingested_at, rules, ocr)
		VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
		ON CONFLICT(id) DO UPDATE SET format=excluded.format, title=excluded.title, date=excluded.date,
		publisher=excluded.publisher, doc_type=excluded.doc_type, subject=excluded.subject, language=excluded.language,
		url=excluded.url, pages=excluded.pages, text=excluded.text, blocks=excluded.blocks, warnings=excluded.warnings,
		provenance=excluded.provenance, facts=excluded.facts, entities=excluded.entities, rules=excluded.rules, ocr=excluded.ocr`,
		d.ID, string(d.Format), d.Title, d.Date, d.Publisher, d.DocType, d.Subject, d.Language, d.URL,
		d.Pages, d.Size, textParts(d.Text)[0], string(blocks), marshalOrEmpty(warnings), marshalOrEmpty(d.Provenance),
		marshalOrEmpty(d.Facts), marshalOrEmpty(d.Entities), d.Source, now(), d.Rules, marshalOrEmpty(ocrOrEmpty(d.OCR)))
	if err != nil {
		return err
	}
	return insertTextParts(ctx, tx, d.ID, d.Text)
}

func ocrOrEmpty(o []PageOCR) []PageOCR {
	if o == nil {
		return []PageOCR{}
	}
	return o
}

// textPart is the most text one row holds: a longer text is stored in
// parts (the documents row holds the first, text_parts the rest), so that
// storing it copies a part at a time, not all of it at once.
const textPart = 4 << 20

// textParts splits text into parts of at most textPart bytes, at
// character boundaries.
func textParts(text string) []string {
	var out []string
	for len(text) > textPart {
		cut := textPart
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		out = append(out, text[:cut])
		text = text[cut:]
	}
	return append(out, text)
}

// insertTextParts stores the parts of text after the first.
func insertTextParts(ctx context.Context, tx *sql.Tx, id, text string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM text_parts WHERE doc_id=?`, id); err != nil {
		return err
	}
	for k, p := range textParts(text)[1:] {
		if _, err := tx.ExecContext(ctx, `INSERT INTO text_parts(doc_id, part, text) VALUES(?,?,?)`, id, k+1, p); err != nil {
			return err
		}
	}
	return nil
}

// Rederive replaces the items of a stored document with those extracted
// again by rules version doc.Rules, with the bodies and people it names,
// in one transaction: a document never holds items of two versions.
func (s *Store) Rederive(ctx context.Context, doc *Document, items []Item) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("rederive %s: %w", doc.ID, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `UPDATE documents SET rules=?, entities=? WHERE id=?`, doc.Rules, marshalOrEmpty(doc.Entities), doc.ID); err != nil {
		return fmt.Errorf("rederive %s: %w", doc.ID, err)
	}
	if err := replaceItems(ctx, tx, doc.ID, items); err != nil {
		return fmt.Errorf("rederive %s: %w", doc.ID, err)
	}
	return tx.Commit()
}

// StaleDocuments returns the ids of the documents whose items were not
// extracted by rules version rules.
func (s *Store) StaleDocuments(ctx context.Context, rules string) ([]string, error) {
	ids, err := s.queryStrings(ctx, `SELECT id FROM documents WHERE rules != ? ORDER BY id`, rules)
	if err != nil {
		return nil, fmt.Errorf("stale documents: %w", err)
	}
	return ids, nil
}

// ReplaceItems replaces the items of a stored document atomically.
func (s *Store) ReplaceItems(ctx context.Context, docID string, items []Item) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("replace items of %s: %w", docID, err)
	}
	defer tx.Rollback()
	if err := replaceItems(ctx, tx, docID, items); err != nil {
		return fmt.Errorf("replace items of %s: %w", docID, err)
	}
	return tx.Commit()
}

// forgetIndexed records that no index holds the document as it is now:
// its count of changes moves past the one each index recorded when it
// read the document, so an index that read it before this change (and
// records that after it) still holds it as it was.
func forgetIndexed(ctx context.Context, tx *sql.Tx, docID string) error {
	if docID == "" {
		return nil
	}
	_, err := tx.ExecContext(ctx, `UPDATE documents SET changes = changes + 1 WHERE id=?`, docID)
	return err
}

func replaceItems(ctx context.Context, tx *sql.Tx, docID string, items []Item) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM items WHERE doc_id=?`, docID); err != nil {
		return err
	}
	// no index holds this document as it is any more
	if err := forgetIndexed(ctx, tx, docID); err != nil {
		return err
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO items(id, doc_id, seq, kind, polarity, text, section, page, start, "end", themes, cue, facts, detail)
		VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for i, it := range items {
		themes := it.Themes
		if themes == nil {
			themes = []string{}
		}
		if _, err := stmt.ExecContext(ctx, it.ID, docID, i, string(it.Kind), string(it.Polarity), it.Text, it.Section,
			it.Page, it.Span.Start, it.Span.End, marshalOrEmpty(themes), it.Cue, marshalOrEmpty(it.Facts), it.detail()); err != nil {
			return err
		}
	}
	return nil
}

// OriginalPath returns where the original bytes of document id are kept.
func (s *Store) OriginalPath(id string) string {
	hex := strings.TrimPrefix(id, "sha256:")
	if len(hex) < 3 {
		hex = "000" + hex
	}
	return filepath.Join(s.dir, "originals", hex[:2], hex)
}

// writeOriginal keeps the source bytes, atomically (temporary file, fsync,
// rename), and only once.
func (s *Store) writeOriginal(id string, data []byte) error {
	path := s.OriginalPath(id)
	if fi, err := os.Stat(path); err == nil && fi.Size() == int64(len(data)) {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("keep original %s: %w", id, err)
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return fmt.Errorf("keep original %s: %w", id, err)
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("keep original %s: %w", id, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("keep original %s: %w", id, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("keep original %s: %w", id, err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("keep original %s: %w", id, err)
	}
	return nil
}
