package corpus

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
)

// Jobs: a run whose files are read by workers elsewhere (scrutineer
// worker, from a queue) records each file's outcome here, keyed by run and
// path, so that a job done twice (a worker killed after storing, before it
// acknowledged) is counted once. The run's own counts say how many jobs it
// queued; its progress is the jobs done.

const jobsSchema = `
CREATE TABLE IF NOT EXISTS jobs (
	run_id INTEGER NOT NULL REFERENCES runs(id),
	path TEXT NOT NULL,
	doc_id TEXT NOT NULL DEFAULT '',
	outcome TEXT NOT NULL,
	items INTEGER NOT NULL DEFAULT 0,
	pages INTEGER NOT NULL DEFAULT 0,
	reason TEXT NOT NULL DEFAULT '',
	worker TEXT NOT NULL DEFAULT '',
	done_at TEXT NOT NULL,
	PRIMARY KEY (run_id, path)
);
CREATE TABLE IF NOT EXISTS replica_state (
	replica TEXT NOT NULL,
	doc_id TEXT NOT NULL REFERENCES documents(id),
	indexed_at TEXT NOT NULL,
	changes INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (replica, doc_id)
);
CREATE TABLE IF NOT EXISTS store_meta (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS blobs (
	id TEXT PRIMARY KEY,
	data BLOB NOT NULL
);
`

// Job is the outcome of one file of a run read by a worker.
type Job struct {
	RunID   int64  `json:"run_id"`
	Path    string `json:"path"`
	DocID   string `json:"doc_id,omitempty"`
	Outcome string `json:"outcome"` // new, updated, unchanged, alias, failed, skipped
	Items   int    `json:"items"`
	Pages   int    `json:"pages"`
	Reason  string `json:"reason,omitempty"`
	Worker  string `json:"worker,omitempty"`
}

// RecordJob records a job's outcome once: a job recorded already is left
// as it was (and false returned). A failed job is listed among the run's
// failures too.
func (s *Store) RecordJob(ctx context.Context, j Job) (bool, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("record job %s: %w", j.Path, err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `INSERT INTO jobs(run_id, path, doc_id, outcome, items, pages, reason, worker, done_at)
		VALUES(?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING`,
		j.RunID, j.Path, j.DocID, j.Outcome, j.Items, j.Pages, j.Reason, j.Worker, now())
	if err != nil {
		return false, fmt.Errorf("record job %s: %w", j.Path, err)
	}
	n, _ := res.RowsAffected()
	if n > 0 && j.Outcome == "failed" {
		if _, err := tx.ExecContext(ctx, `INSERT INTO failures(run_id, path, reason) VALUES(?,?,?)`, j.RunID, j.Path, j.Reason); err != nil {
			return false, fmt.Errorf("record job %s: %w", j.Path, err)
		}
	}
	return n > 0, tx.Commit()
}

// RunJobs counts the jobs of a run done, by outcome, with the items and
// pages they stored.
func (s *Store) RunJobs(ctx context.Context, runID int64) (map[string]int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT outcome, count(*), coalesce(sum(items), 0), coalesce(sum(pages), 0)
		FROM jobs WHERE run_id=? GROUP BY outcome`, runID)
	if err != nil {
		return nil, fmt.Errorf("jobs of run %d: %w", runID, err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var outcome string
		var n, items, pages int
		if err := rows.Scan(&outcome, &n, &items, &pages); err != nil {
			return nil, err
		}
		out[outcome] += n
		out["done"] += n
		out["items"] += items
		out["pages"] += pages
	}
	return out, rows.Err()
}

// SetRunCounts replaces a run's counts (a queued run's, as it goes).
func (s *Store) SetRunCounts(ctx context.Context, runID int64, counts map[string]int) error {
	_, err := s.db.ExecContext(ctx, `UPDATE runs SET counts=? WHERE id=?`, marshalOrEmpty(counts), runID)
	return err
}

// PutOriginal keeps the bytes of document id where every process that
// uses the store can read them: in the database of a PostgreSQL store, in
// the data directory of a SQLite one. Keeping them twice keeps them once.
func (s *Store) PutOriginal(ctx context.Context, id string, data []byte) error {
	if !s.pg {
		return s.writeOriginal(id, data)
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO blobs(id, data) VALUES(?,?) ON CONFLICT DO NOTHING`, id, data); err != nil {
		return fmt.Errorf("keep original %s: %w", id, err)
	}
	return nil
}

// Original returns the bytes of document id as they were read.
func (s *Store) Original(ctx context.Context, id string) ([]byte, error) {
	if !s.pg {
		data, err := os.ReadFile(s.OriginalPath(id))
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("original %s: %w", id, ErrNotFound)
		}
		return data, err
	}
	var data []byte
	err := s.db.QueryRowContext(ctx, `SELECT data FROM blobs WHERE id=?`, id).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("original %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("original %s: %w", id, err)
	}
	return data, nil
}

// Run returns one run (without its failures).
func (s *Store) Run(ctx context.Context, id int64) (Run, error) {
	var r Run
	var counts string
	err := s.db.QueryRowContext(ctx, `SELECT id, kind, args, started, coalesce(finished,''), status, counts FROM runs WHERE id=?`, id).
		Scan(&r.ID, &r.Kind, &r.Args, &r.Started, &r.Finished, &r.Status, &counts)
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("run %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return r, fmt.Errorf("run %d: %w", id, err)
	}
	_ = json.Unmarshal([]byte(counts), &r.Counts)
	return r, nil
}

// JobsWith returns the jobs of a run with one outcome (its failures, say).
func (s *Store) JobsWith(ctx context.Context, runID int64, outcome string) ([]Job, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT path, doc_id, reason, worker FROM jobs WHERE run_id=? AND outcome=? ORDER BY path`, runID, outcome)
	if err != nil {
		return nil, fmt.Errorf("jobs of run %d: %w", runID, err)
	}
	defer rows.Close()
	var out []Job
	for rows.Next() {
		j := Job{RunID: runID, Outcome: outcome}
		if err := rows.Scan(&j.Path, &j.DocID, &j.Reason, &j.Worker); err != nil {
			return nil, err
		}
		out = append(out, j)
	}
	return out, rows.Err()
}

// SourceRun is the run that made document id current at path (0 for
// none, or when it is not).
func (s *Store) SourceRun(ctx context.Context, path, id string) (int64, error) {
	var run sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT run_id FROM sources WHERE path=? AND doc_id=? AND current=1`, path, id).Scan(&run)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("source %s: %w", path, err)
	}
	return run.Int64, nil
}

// ID is the store's identity: made when first asked, kept in the store
// (and by migrate), so that processes that share a queue server take only
// their own store's jobs.
func (s *Store) ID(ctx context.Context) (string, error) {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO store_meta(key, value) VALUES('id', ?) ON CONFLICT DO NOTHING`, hex.EncodeToString(b)); err != nil {
		return "", fmt.Errorf("store id: %w", err)
	}
	var id string
	if err := s.db.QueryRowContext(ctx, `SELECT value FROM store_meta WHERE key='id'`).Scan(&id); err != nil {
		return "", fmt.Errorf("store id: %w", err)
	}
	return id, nil
}
