package pipeline

import (
	"context"
	"errors"
	"path/filepath"

	"github.com/scrutineer/scrutineer/index"
	"github.com/scrutineer/scrutineer/internal/digest"
)

// NightlyConfig is a whole unattended sync: the sync itself, then the
// index, then the digest of alerts.
type NightlyConfig struct {
	SyncConfig
	Dir string // the data directory, where the lock is kept
	// Index brings the search index up to date with the store and returns
	// how many documents it indexed.
	Index     func(ctx context.Context) (int, error)
	DigestDir string // default DIR/digests
	Webhook   string // URL the JSON digest is POSTed to, if set
}

// NightlyReport is what a nightly sync did; `sync --json` prints it.
type NightlyReport struct {
	SyncSummary
	IndexError string        `json:"index_error,omitempty"`
	IndexHeld  bool          `json:"index_held_by_server,omitempty"` // the server indexes what was stored
	Digest     *DigestReport `json:"digest"`
}

// DigestReport says where the digest went.
type DigestReport struct {
	Runs         []int64        `json:"runs"`
	Markdown     string         `json:"markdown"`
	JSON         string         `json:"json"`
	Counts       map[string]int `json:"counts"`
	Webhook      string         `json:"webhook,omitempty"`
	WebhookError string         `json:"webhook_error,omitempty"`
}

// Nightly takes the sync lock and runs the sync, the index update and the
// digest. It returns ErrBusy at once when another sync holds the lock.
func Nightly(ctx context.Context, cfg NightlyConfig) (NightlyReport, error) {
	release, err := LockSync(cfg.Dir)
	if err != nil {
		return NightlyReport{}, err
	}
	defer release()
	sum, err := Sync(ctx, cfg.SyncConfig)
	rep := NightlyReport{SyncSummary: sum}
	if err != nil {
		return rep, err
	}
	if cfg.Index != nil {
		n, err := cfg.Index(ctx)
		rep.Indexed = n
		switch {
		case errors.Is(err, index.ErrLocked):
			rep.IndexHeld = true
		case err != nil:
			rep.IndexError = err.Error()
		}
	}
	d, runs, err := digest.Build(ctx, cfg.Store, sum.RunID)
	if err != nil {
		return rep, err
	}
	if d == nil {
		return rep, cfg.Store.MarkAlerted(ctx, runs, "")
	}
	dir := cfg.DigestDir
	if dir == "" {
		dir = filepath.Join(cfg.Dir, "digests")
	}
	mdPath, jsonPath, err := d.Write(dir)
	if err != nil {
		return rep, err
	}
	rep.Digest = &DigestReport{Runs: runs, Markdown: mdPath, JSON: jsonPath, Counts: d.Counts, Webhook: cfg.Webhook}
	if cfg.Webhook != "" {
		if err := d.Post(ctx, cfg.Webhook); err != nil {
			rep.Digest.WebhookError = err.Error()
		}
	}
	return rep, cfg.Store.MarkAlerted(context.WithoutCancel(ctx), runs, jsonPath)
}
