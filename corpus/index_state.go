package corpus

import (
	"context"
	"fmt"
)

// The store records which documents a search index holds as they are now,
// so that an index update cut short is completed by the next one, and a
// rebuild starts from nothing. The main index (replica "") records it in
// index_state; each replica, an index of its own that a search node on
// another machine keeps from the same store, records it in replica_state
// under its name. Storing a document's items again forgets it for all.

// notIn is the condition for a document the index of replica does not
// hold, and its argument.
func notIn(replica string) (string, []any) {
	if replica == "" {
		return `id NOT IN (SELECT doc_id FROM index_state)`, nil
	}
	return `id NOT IN (SELECT doc_id FROM replica_state WHERE replica=?)`, []any{replica}
}

// Unindexed returns up to limit ids of documents the index of replica
// does not hold as stored.
func (s *Store) Unindexed(ctx context.Context, replica string, limit int) ([]string, error) {
	cond, args := notIn(replica)
	ids, err := s.queryStrings(ctx, `SELECT id FROM documents WHERE `+cond+` ORDER BY id LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("list unindexed documents: %w", err)
	}
	return ids, nil
}

// MarkIndexed records that the index of replica holds these documents as
// stored.
func (s *Store) MarkIndexed(ctx context.Context, replica string, ids []string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	t := now()
	for _, id := range ids {
		q, args := `INSERT INTO index_state(doc_id, indexed_at) VALUES(?,?)
			ON CONFLICT(doc_id) DO UPDATE SET indexed_at=excluded.indexed_at`, []any{id, t}
		if replica != "" {
			q, args = `INSERT INTO replica_state(replica, doc_id, indexed_at) VALUES(?,?,?)
				ON CONFLICT(replica, doc_id) DO UPDATE SET indexed_at=excluded.indexed_at`, []any{replica, id, t}
		}
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("mark indexed: %w", err)
		}
	}
	return tx.Commit()
}

// ClearIndexState forgets what the index of replica holds (before a
// rebuild).
func (s *Store) ClearIndexState(ctx context.Context, replica string) error {
	if replica != "" {
		_, err := s.db.ExecContext(ctx, `DELETE FROM replica_state WHERE replica=?`, replica)
		return err
	}
	_, err := s.db.ExecContext(ctx, `DELETE FROM index_state`)
	return err
}

// CountUnindexed counts the stored documents the index of replica does not
// hold as they are: what a search cannot find until the index catches up.
func (s *Store) CountUnindexed(ctx context.Context, replica string) (int, error) {
	var n int
	cond, args := notIn(replica)
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM documents WHERE `+cond, args...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("unindexed documents: %w", err)
	}
	return n, nil
}
