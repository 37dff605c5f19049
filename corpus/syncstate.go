package corpus

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
)

// What a sync remembers between runs: per address, what the publisher said
// about it last time (ETag, Last-Modified, the listing's own date) and
// which document it held; the saved searches; and which sync runs have had
// their digest of alerts written.

const syncSchema = `
CREATE TABLE IF NOT EXISTS fetch_state (
	source TEXT NOT NULL,
	key TEXT NOT NULL,
	etag TEXT NOT NULL DEFAULT '',
	last_modified TEXT NOT NULL DEFAULT '',
	stamp TEXT NOT NULL DEFAULT '',
	doc_id TEXT NOT NULL DEFAULT '',
	checked TEXT NOT NULL,
	unreadable TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (source, key)
);
CREATE TABLE IF NOT EXISTS watches (
	name TEXT PRIMARY KEY,
	query TEXT NOT NULL,
	filters TEXT NOT NULL DEFAULT '{}',
	created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS alerted_runs (
	run_id INTEGER PRIMARY KEY REFERENCES runs(id),
	digest TEXT NOT NULL,
	at TEXT NOT NULL
);
`

// migrate brings a store made by an earlier version up to this schema.
func migrate(db *sql.DB) error {
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM pragma_table_info('sources') WHERE name='run_id'`).Scan(&n); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if n == 0 {
		if _, err := db.Exec(`ALTER TABLE sources ADD COLUMN run_id INTEGER`); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
	}
	if _, err := db.Exec(syncSchema); err != nil { // the sync tables, before columns are added to them
		return fmt.Errorf("migrate: %w", err)
	}
	for _, c := range []struct{ table, column, def string }{
		{"fetch_state", "unreadable", `TEXT NOT NULL DEFAULT ''`},
		{"items", "detail", `TEXT NOT NULL DEFAULT '{}'`},
		{"documents", "rules", `TEXT NOT NULL DEFAULT ''`},
		{"documents", "ocr", `TEXT NOT NULL DEFAULT '[]'`},
		{"documents", "changes", `INTEGER NOT NULL DEFAULT 0`},
		{"index_state", "changes", `INTEGER NOT NULL DEFAULT 0`},
		{"replica_state", "changes", `INTEGER NOT NULL DEFAULT 0`},
	} {
		if err := db.QueryRow(`SELECT count(*) FROM pragma_table_info(?) WHERE name=?`, c.table, c.column).Scan(&n); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		if n == 0 {
			if _, err := db.Exec(`ALTER TABLE ` + c.table + ` ADD COLUMN ` + c.column + ` ` + c.def); err != nil {
				return fmt.Errorf("migrate: %w", err)
			}
		}
	}
	if _, err := db.Exec(`CREATE INDEX IF NOT EXISTS sources_run ON sources(run_id)`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// FetchState is what the last sync learned about one address of a source:
// a URL, or a file of a watched folder.
type FetchState struct {
	Key          string // the URL or file path
	ETag         string // the server's validators, sent back on the next request
	LastModified string
	Stamp        string // the listing's own date for it (feed updated, sitemap lastmod), or a file's size and time
	DocID        string // the document it held (for an unreadable file, the id its bytes would have)
	// Unreadable is why the file there could not be read, when it could
	// not: it is not read again until it changes.
	Unreadable string
}

// FetchStates returns what is remembered of every address of a source.
func (s *Store) FetchStates(ctx context.Context, source string) (map[string]FetchState, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT key, etag, last_modified, stamp, doc_id, unreadable FROM fetch_state WHERE source=?`, source)
	if err != nil {
		return nil, fmt.Errorf("read sync state of %s: %w", source, err)
	}
	defer rows.Close()
	out := map[string]FetchState{}
	for rows.Next() {
		var f FetchState
		if err := rows.Scan(&f.Key, &f.ETag, &f.LastModified, &f.Stamp, &f.DocID, &f.Unreadable); err != nil {
			return nil, fmt.Errorf("read sync state of %s: %w", source, err)
		}
		out[f.Key] = f
	}
	return out, rows.Err()
}

// SaveFetchStates records what a sync learned, in one transaction.
func (s *Store) SaveFetchStates(ctx context.Context, source string, states []FetchState) error {
	if len(states) == 0 {
		return nil
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("save sync state of %s: %w", source, err)
	}
	defer tx.Rollback()
	t := now()
	for _, f := range states {
		if _, err := tx.ExecContext(ctx, `INSERT INTO fetch_state(source, key, etag, last_modified, stamp, doc_id, checked, unreadable)
			VALUES(?,?,?,?,?,?,?,?) ON CONFLICT(source, key) DO UPDATE SET etag=excluded.etag,
			last_modified=excluded.last_modified, stamp=excluded.stamp, doc_id=excluded.doc_id, checked=excluded.checked,
			unreadable=excluded.unreadable`,
			source, f.Key, f.ETag, f.LastModified, f.Stamp, f.DocID, t, f.Unreadable); err != nil {
			return fmt.Errorf("save sync state of %s: %w", source, err)
		}
	}
	return tx.Commit()
}

// Watch is a saved search run against what each sync adds.
type Watch struct {
	Name    string              `json:"name"`
	Query   string              `json:"query"`
	Filters map[string][]string `json:"filters,omitempty"` // kind, polarity, type, publisher, subject, theme
	Created string              `json:"created"`
}

// ErrExists is returned when a name is already taken.
var ErrExists = errors.New("already exists")

// AddWatch saves a search under a new name.
func (s *Store) AddWatch(ctx context.Context, w Watch) error {
	filters, _ := json.Marshal(w.Filters)
	_, err := s.db.ExecContext(ctx, `INSERT INTO watches(name, query, filters, created) VALUES(?,?,?,?)`,
		w.Name, w.Query, string(filters), now())
	if err != nil {
		var n int
		if s.db.QueryRowContext(ctx, `SELECT count(*) FROM watches WHERE name=?`, w.Name).Scan(&n) == nil && n > 0 {
			return fmt.Errorf("add watch %q: %w", w.Name, ErrExists)
		}
		return fmt.Errorf("add watch %q: %w", w.Name, err)
	}
	return nil
}

// Watches lists the saved searches by name.
func (s *Store) Watches(ctx context.Context) ([]Watch, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT name, query, filters, created FROM watches ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("list watches: %w", err)
	}
	defer rows.Close()
	out := []Watch{}
	for rows.Next() {
		var w Watch
		var filters string
		if err := rows.Scan(&w.Name, &w.Query, &filters, &w.Created); err != nil {
			return nil, fmt.Errorf("list watches: %w", err)
		}
		_ = json.Unmarshal([]byte(filters), &w.Filters)
		out = append(out, w)
	}
	return out, rows.Err()
}

// RemoveWatch deletes a saved search.
func (s *Store) RemoveWatch(ctx context.Context, name string) error {
	res, err := s.db.ExecContext(ctx, `DELETE FROM watches WHERE name=?`, name)
	if err != nil {
		return fmt.Errorf("remove watch %q: %w", name, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("remove watch %q: %w", name, ErrNotFound)
	}
	return nil
}

// Arrival is a document that a run made current at one of its addresses.
type Arrival struct {
	RunID    int64  `json:"run_id"`
	DocID    string `json:"doc_id"`
	Path     string `json:"source"`
	Previous string `json:"previous,omitempty"` // the version it replaced at that address
}

// UnalertedArrivals returns what the sync runs before and including upTo
// made current whose digest has not been written: runs killed before their
// digest are caught up by the next, so no arrival is missed or repeated.
func (s *Store) UnalertedArrivals(ctx context.Context, upTo int64) ([]Arrival, []int64, error) {
	runs, err := s.queryInts(ctx, `SELECT id FROM runs WHERE kind='sync' AND id<=?
		AND id NOT IN (SELECT run_id FROM alerted_runs) ORDER BY id`, upTo)
	if err != nil {
		return nil, nil, fmt.Errorf("list runs to alert: %w", err)
	}
	var out []Arrival
	for _, run := range runs {
		rows, err := s.db.QueryContext(ctx, `SELECT s.doc_id, s.path, coalesce((SELECT p.doc_id FROM sources p
			WHERE p.path=s.path AND p.doc_id<>s.doc_id ORDER BY p.last_seen DESC LIMIT 1), '')
			FROM sources s WHERE s.run_id=? AND s.current=1 ORDER BY s.path`, run)
		if err != nil {
			return nil, nil, fmt.Errorf("list arrivals of run %d: %w", run, err)
		}
		for rows.Next() {
			a := Arrival{RunID: run}
			if err := rows.Scan(&a.DocID, &a.Path, &a.Previous); err != nil {
				rows.Close()
				return nil, nil, err
			}
			out = append(out, a)
		}
		rows.Close()
	}
	return out, runs, nil
}

// MarkAlerted records that the digest of these runs was written.
func (s *Store) MarkAlerted(ctx context.Context, runs []int64, digest string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	t := now()
	for _, r := range runs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO alerted_runs(run_id, digest, at) VALUES(?,?,?) ON CONFLICT DO NOTHING`, r, digest, t); err != nil {
			return fmt.Errorf("mark alerted: %w", err)
		}
	}
	return tx.Commit()
}

func (s *Store) queryInts(ctx context.Context, q string, args ...any) ([]int64, error) {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var v int64
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// UnreadableFile is a file a sync found and could not read.
type UnreadableFile struct {
	Source  string `json:"source"`
	Key     string `json:"key"` // the file or address
	Reason  string `json:"reason"`
	Checked string `json:"checked"`
}

// Unreadable lists the files syncs could not read, newest first: they are
// not read again until they change.
func (s *Store) Unreadable(ctx context.Context) ([]UnreadableFile, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT source, key, unreadable, checked FROM fetch_state WHERE unreadable != '' ORDER BY checked DESC, key`)
	if err != nil {
		return nil, fmt.Errorf("unreadable files: %w", err)
	}
	defer rows.Close()
	var out []UnreadableFile
	for rows.Next() {
		var u UnreadableFile
		if err := rows.Scan(&u.Source, &u.Key, &u.Reason, &u.Checked); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}
