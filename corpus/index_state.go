package corpus

import (
	"context"
	"fmt"
)

// The store records which documents the search index holds as they are
// now, so that an index update cut short is completed by the next one, and
// a rebuild starts from nothing.

// Unindexed returns up to limit ids of documents the index does not hold as stored.
func (s *Store) Unindexed(ctx context.Context, limit int) ([]string, error) {
	ids, err := s.queryStrings(ctx, `SELECT id FROM documents WHERE id NOT IN (SELECT doc_id FROM index_state) ORDER BY id LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("list unindexed documents: %w", err)
	}
	return ids, nil
}

// MarkIndexed records that the index holds these documents as stored.
func (s *Store) MarkIndexed(ctx context.Context, ids []string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	t := now()
	for _, id := range ids {
		if _, err := tx.ExecContext(ctx, `INSERT INTO index_state(doc_id, indexed_at) VALUES(?,?)
			ON CONFLICT(doc_id) DO UPDATE SET indexed_at=excluded.indexed_at`, id, t); err != nil {
			return fmt.Errorf("mark indexed: %w", err)
		}
	}
	return tx.Commit()
}

// ClearIndexState forgets what the index holds (before a rebuild).
func (s *Store) ClearIndexState(ctx context.Context) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM index_state`)
	return err
}

// CountUnindexed counts the stored documents the index does not hold as
// they are: what a search cannot find until the index catches up.
func (s *Store) CountUnindexed(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM documents WHERE id NOT IN (SELECT doc_id FROM index_state)`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("unindexed documents: %w", err)
	}
	return n, nil
}
