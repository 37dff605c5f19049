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
