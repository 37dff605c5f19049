package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/scrutineer/scrutineer/corpus"
	"github.com/scrutineer/scrutineer/harvest"
	"github.com/scrutineer/scrutineer/internal/pipeline"
	"github.com/scrutineer/scrutineer/internal/queue"
)

// Exit codes of sync beyond the common ones: nothing was new, or another
// sync holds the lock.
var (
	errNothingNew = errors.New("nothing new")
	errBusy       = pipeline.ErrBusy
)

// runSync fetches what is new from the sources file, ingests and indexes
// it, and writes the digest of alerts. Exit codes: 0 new or changed
// documents, 1 some failed (the run went on), 3 the run failed, 4 nothing
// new, 5 another sync is running.
func runSync(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "sync", "[--data DIR] --sources FILE [--json] [--digest-dir DIR] [--webhook URL]")
	data := fs.String("data", "", "data directory")
	sourcesFile := fs.String("sources", "", "sources file (TOML): folders, feeds, sitemaps and listing pages")
	asJSON := fs.Bool("json", false, "print the run summary as JSON")
	digestDir := fs.String("digest-dir", "", "where digests are written (default: the sources file's [alerts] dir, else DATA/digests)")
	webhook := fs.String("webhook", "", "URL the JSON digest is POSTed to (default: the sources file's [alerts] webhook)")
	read := addReadFlags(fs)
	queueURL := fs.String("queue", "", "leave reading what is new to workers (scrutineer worker) through this NATS JetStream server (nats://…); the sync waits for them")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if *sourcesFile == "" {
		return usageError("sync needs --sources FILE")
	}
	file, err := harvest.Load(*sourcesFile)
	if err != nil {
		return usageError("%v", err)
	}
	dir := dataDir(*data)
	st, err := openStore(e, dir)
	if err != nil {
		return err
	}
	defer st.Close()
	setup, err := read.setup(e, dir)
	if err != nil {
		return err
	}
	cfg, err := nightlyConfig(e, st, setup, file, *sourcesFile)
	if err != nil {
		return usageError("%v", err)
	}
	if *digestDir != "" {
		cfg.DigestDir = *digestDir
	}
	if *webhook != "" {
		cfg.Webhook = *webhook
	}
	if *queueURL != "" {
		q, err := pipeline.OpenQueue(ctx, *queueURL, st, queue.Options{})
		if err != nil {
			return err
		}
		defer q.Close()
		cfg.Queue = q
	}
	rep, err := pipeline.Nightly(ctx, cfg)
	if err != nil {
		return err
	}
	if *asJSON {
		if err := writeJSON(e, rep); err != nil {
			return err
		}
	} else {
		printSync(e, rep)
	}
	return syncOutcome(rep)
}

// nightlyConfig is the sync configuration shared by the command and the
// server's sync endpoint.
func nightlyConfig(e *env, st *corpus.Store, setup pipeline.Setup, file *harvest.File, sourcesFile string) (pipeline.NightlyConfig, error) {
	cfg := pipeline.NightlyConfig{Dir: setup.Data, DigestDir: file.Alerts.Dir, Webhook: file.Alerts.Webhook}
	var err error
	cfg.Config, err = pipeline.Build(st, setup)
	cfg.OCRProgress = newProgress(&env{stderr: e.stderr}).ocr // lines every few seconds: a nightly run has no terminal
	cfg.Sources, cfg.SourcesFile = file.Sources, sourcesFile
	return cfg, err
}

// syncOutcome maps a finished run to its exit code's error.
func syncOutcome(rep pipeline.NightlyReport) error {
	failedSources := rep.FailedSources()
	switch {
	case failedSources == len(rep.Sources) && failedSources > 0:
		return fmt.Errorf("sync failed: every source failed (first: %s: %s)", rep.Sources[0].Name, rep.Sources[0].Error)
	case failedSources > 0 || rep.Failed > 0:
		return fmt.Errorf("%w: %d sources and %d documents failed", errPartial, failedSources, rep.Failed)
	case rep.IndexError != "":
		return fmt.Errorf("%w: documents stored, index not updated: %s", errPartial, rep.IndexError)
	case rep.Digest != nil && rep.Digest.WebhookError != "":
		return fmt.Errorf("%w: digest written to %s but not delivered: %s", errPartial, rep.Digest.JSON, rep.Digest.WebhookError)
	case rep.New+rep.Updated == 0 && rep.Digest == nil:
		// (a run that adds nothing but delivers the digest of a killed run's
		// documents has news)
		return errNothingNew
	}
	return nil
}

func printSync(e *env, rep pipeline.NightlyReport) {
	fmt.Fprintf(e.stdout, "sync run %d: new %d  updated %d  unchanged %d  failed %d  (%d items, %d indexed, %.1fs)\n",
		rep.RunID, rep.New, rep.Updated, rep.Unchanged, rep.Failed, rep.Items, rep.Indexed, rep.Seconds)
	for _, s := range rep.Sources {
		status := "ok"
		if s.Error != "" {
			status = "FAILED: " + s.Error
		}
		if s.Deferred > 0 {
			status += fmt.Sprintf(" (%d more next run: max_documents)", s.Deferred)
		}
		fmt.Fprintf(e.stdout, "  %-24s %-8s listed %d  new %d  updated %d  unchanged %d  failed %d  %s\n",
			s.Name, s.Kind, s.Listed, s.New, s.Updated, s.Unchanged, s.Failed, status)
		for _, f := range s.Failures {
			fmt.Fprintf(e.stdout, "      %s: %s\n", f.Path, f.Reason)
		}
	}
	if rep.IndexHeld {
		fmt.Fprintln(e.stdout, "  index: held by the server, which indexes the new documents within seconds")
	}
	if d := rep.Digest; d != nil {
		fmt.Fprintf(e.stdout, "  digest: %s (%d documents, %d watch hits, %d recommended before)\n",
			d.Markdown, d.Counts["documents"], d.Counts["watch_hits"], d.Counts["recurring"])
		if d.Webhook != "" && d.WebhookError == "" {
			fmt.Fprintf(e.stdout, "  digest posted to %s\n", d.Webhook)
		}
	}
}
