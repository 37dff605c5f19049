package corpus

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Stored traces: what trace made of the store, kept with the store
// generation it was made at (Generation), so that the server and the
// digest read the threads rather than trace again. The body is trace's
// own JSON: the store keeps it, trace reads and writes it.

const tracesSchema = `CREATE TABLE IF NOT EXISTS traces (
	key TEXT PRIMARY KEY,
	generation TEXT NOT NULL,
	computed_at TEXT NOT NULL,
	body BLOB NOT NULL
);`

// SaveTrace keeps body under key, made at generation.
func (s *Store) SaveTrace(ctx context.Context, key, generation string, body []byte) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO traces(key, generation, computed_at, body) VALUES(?,?,?,?)
		ON CONFLICT(key) DO UPDATE SET generation=excluded.generation, computed_at=excluded.computed_at, body=excluded.body`,
		key, generation, now(), body)
	if err != nil {
		return fmt.Errorf("save trace %s: %w", key, err)
	}
	return nil
}

// Trace returns what is kept under key and the generation it was made at;
// ErrNotFound when nothing is.
func (s *Store) Trace(ctx context.Context, key string) (generation string, body []byte, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT generation, body FROM traces WHERE key=?`, key).Scan(&generation, &body)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil, fmt.Errorf("trace %s: %w", key, ErrNotFound)
	}
	if err != nil {
		return "", nil, fmt.Errorf("trace %s: %w", key, err)
	}
	return generation, body, nil
}

// TraceGeneration is the generation a stored trace was made at, without
// its body.
func (s *Store) TraceGeneration(ctx context.Context, key string) (string, error) {
	var gen string
	err := s.db.QueryRowContext(ctx, `SELECT generation FROM traces WHERE key=?`, key).Scan(&gen)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("trace %s: %w", key, ErrNotFound)
	}
	if err != nil {
		return "", fmt.Errorf("trace %s: %w", key, err)
	}
	return gen, nil
}

// TraceRow is one stored trace: its key, the generation (or fingerprint)
// it was made at, and its body.
type TraceRow struct {
	Key, Generation string
	Body            []byte
}

// SaveTraces keeps rows and removes the traces under drop, in one
// transaction: a trace made of parts (one per subject, and their sum) is
// never half written.
func (s *Store) SaveTraces(ctx context.Context, rows []TraceRow, drop []string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("save traces: %w", err)
	}
	defer tx.Rollback()
	at := now()
	for _, r := range rows {
		if _, err := tx.ExecContext(ctx, `INSERT INTO traces(key, generation, computed_at, body) VALUES(?,?,?,?)
			ON CONFLICT(key) DO UPDATE SET generation=excluded.generation, computed_at=excluded.computed_at, body=excluded.body`,
			r.Key, r.Generation, at, r.Body); err != nil {
			return fmt.Errorf("save trace %s: %w", r.Key, err)
		}
	}
	for _, k := range drop {
		if _, err := tx.ExecContext(ctx, `DELETE FROM traces WHERE key=?`, k); err != nil {
			return fmt.Errorf("drop trace %s: %w", k, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("save traces: %w", err)
	}
	return nil
}

// TraceGenerations returns the generation of each stored trace whose key
// starts with prefix, without reading the bodies.
func (s *Store) TraceGenerations(ctx context.Context, prefix string) (map[string]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT key, generation FROM traces WHERE substr(key, 1, ?) = ?`, len(prefix), prefix)
	if err != nil {
		return nil, fmt.Errorf("trace generations: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, g string
		if err := rows.Scan(&k, &g); err != nil {
			return nil, fmt.Errorf("trace generations: %w", err)
		}
		out[k] = g
	}
	return out, rows.Err()
}
