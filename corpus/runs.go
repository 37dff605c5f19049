package corpus

import (
	"context"
	"encoding/json"
	"fmt"
)

// Run is one recorded ingest or sync run.
type Run struct {
	ID       int64          `json:"id"`
	Kind     string         `json:"kind"`
	Args     string         `json:"args"`
	Started  string         `json:"started"`
	Finished string         `json:"finished,omitempty"`
	Status   string         `json:"status"` // running, ok, partial, failed; a run left "running" was killed
	Counts   map[string]int `json:"counts"`
	Failures []Failure      `json:"failures,omitempty"`
}

// Failure is a file that could not be ingested, and why.
type Failure struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

// BeginRun records the start of a run and returns its id.
func (s *Store) BeginRun(ctx context.Context, kind, args string) (int64, error) {
	var id int64
	err := s.db.QueryRowContext(ctx, `INSERT INTO runs(kind, args, started, status) VALUES(?,?,?, 'running') RETURNING id`, kind, args, now()).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("begin run: %w", err)
	}
	return id, nil
}

// RecordFailure notes a file that failed in a run.
func (s *Store) RecordFailure(ctx context.Context, runID int64, path, reason string) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO failures(run_id, path, reason) VALUES(?,?,?)`, runID, path, reason)
	return err
}

// FinishRun records the end of a run.
func (s *Store) FinishRun(ctx context.Context, runID int64, status string, counts map[string]int) error {
	b, _ := json.Marshal(counts)
	_, err := s.db.ExecContext(ctx, `UPDATE runs SET finished=?, status=?, counts=? WHERE id=?`, now(), status, string(b), runID)
	return err
}

// Runs returns the most recent runs, newest first, with their failures.
func (s *Store) Runs(ctx context.Context, limit int) ([]Run, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, kind, args, started, coalesce(finished,''), status, counts
		FROM runs ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("list runs: %w", err)
	}
	var out []Run
	for rows.Next() {
		var r Run
		var counts string
		if err := rows.Scan(&r.ID, &r.Kind, &r.Args, &r.Started, &r.Finished, &r.Status, &counts); err != nil {
			rows.Close()
			return nil, err
		}
		_ = json.Unmarshal([]byte(counts), &r.Counts)
		out = append(out, r)
	}
	rows.Close()
	for i := range out {
		if _, queued := out[i].Counts["queued"]; queued && out[i].Status == "running" {
			// a run its workers are doing: how far they are
			jobs, err := s.RunJobs(ctx, out[i].ID)
			if err != nil {
				return nil, err
			}
			out[i].Counts["done"] = jobs["done"]
		}
		fr, err := s.db.QueryContext(ctx, `SELECT path, reason FROM failures WHERE run_id=? ORDER BY rowid`, out[i].ID)
		if err != nil {
			return nil, err
		}
		for fr.Next() {
			var f Failure
			if err := fr.Scan(&f.Path, &f.Reason); err != nil {
				fr.Close()
				return nil, err
			}
			out[i].Failures = append(out[i].Failures, f)
		}
		fr.Close()
	}
	return out, nil
}
