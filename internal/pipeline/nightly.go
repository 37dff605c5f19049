package pipeline

import (
	"context"
	"path/filepath"

	"github.com/scrutineer/scrutineer/internal/digest"
)

// NightlyConfig is a whole unattended sync: the sync itself, with the
// index and the threads, then the digest of alerts.
type NightlyConfig struct {
	SyncConfig
	Dir       string // the data directory, where the lock is kept
	DigestDir string // default DIR/digests
	Webhook   string // URL the JSON digest is POSTed to, if set
}

// NightlyReport is what a nightly sync did; `sync --json` prints it.
type NightlyReport struct {
	SyncSummary
	Digest *DigestReport `json:"digest"`
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

// Nightly takes the sync lock and runs the sync (with the rest of the
// chain: index and threads) and the digest. It returns ErrBusy at once when another sync holds the lock.
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
	d, runs, err := digest.Build(ctx, cfg.Store, cfg.Trace, sum.RunID)
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
