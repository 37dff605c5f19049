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
// hold as it is (it has not read it, or has read it before its last
// change), and its argument.
func notIn(replica string) (string, []any) {
	if replica == "" {
		return `NOT EXISTS (SELECT 1 FROM index_state s WHERE s.doc_id = documents.id AND s.changes = documents.changes)`, nil
	}
	return `NOT EXISTS (SELECT 1 FROM replica_state s WHERE s.replica=? AND s.doc_id = documents.id AND s.changes = documents.changes)`,
		[]any{replica}
}

// Pending is a document an index does not hold as it is, with its count
// of changes when it was listed: what the index records once it holds it.
type Pending struct {
	ID      string
	Changes int64
}

// Unindexed returns up to limit documents the index of replica does not
// hold as stored.
func (s *Store) Unindexed(ctx context.Context, replica string, limit int) ([]Pending, error) {
	cond, args := notIn(replica)
	rows, err := s.db.QueryContext(ctx, `SELECT id, changes FROM documents WHERE `+cond+` ORDER BY id LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("list unindexed documents: %w", err)
	}
	defer rows.Close()
	var out []Pending
	for rows.Next() {
		var p Pending
		if err := rows.Scan(&p.ID, &p.Changes); err != nil {
			return nil, fmt.Errorf("list unindexed documents: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// MarkIndexed records that the index of replica holds these documents as
// they were when listed: a document changed since is listed again.
func (s *Store) MarkIndexed(ctx context.Context, replica string, docs []Pending) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	t := now()
	for _, d := range docs {
		q, args := `INSERT INTO index_state(doc_id, indexed_at, changes) VALUES(?,?,?)
			ON CONFLICT(doc_id) DO UPDATE SET indexed_at=excluded.indexed_at, changes=excluded.changes`, []any{d.ID, t, d.Changes}
		if replica != "" {
			q, args = `INSERT INTO replica_state(replica, doc_id, indexed_at, changes) VALUES(?,?,?,?)
				ON CONFLICT(replica, doc_id) DO UPDATE SET indexed_at=excluded.indexed_at, changes=excluded.changes`,
				[]any{replica, d.ID, t, d.Changes}
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
