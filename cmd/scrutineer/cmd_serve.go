package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/scrutineer/scrutineer/harvest"
	"github.com/scrutineer/scrutineer/index"
	"github.com/scrutineer/scrutineer/internal/pipeline"
	"github.com/scrutineer/scrutineer/web"
)

// runServe serves the search page and the JSON API. It owns the index while
// it runs and indexes what ingest stores meanwhile.
func runServe(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "serve", "[--data DIR] [--addr 127.0.0.1:8080] [--sources FILE --token TOKEN]")
	data := fs.String("data", "", "data directory")
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on (loopback unless told otherwise)")
	sourcesFile := fs.String("sources", "", "sources file for POST /api/sync (needs --token)")
	replica := fs.String("replica", "", "make this data directory's index a replica of this name: a search node of its own that follows the store (beside others, behind a load balancer)")
	token := fs.String("token", os.Getenv("SCRUTINEER_TOKEN"), "bearer token for the write endpoint (default $SCRUTINEER_TOKEN); without it the server is read-only")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	var sources *harvest.File
	if *sourcesFile != "" {
		if len(*token) < 16 {
			return usageError("serve --sources needs --token (or $SCRUTINEER_TOKEN) of at least 16 characters")
		}
		var err error
		if sources, err = harvest.Load(*sourcesFile); err != nil {
			return usageError("%v", err)
		}
	}
	dir := dataDir(*data)
	if *replica != "" {
		if err := index.SetReplica(dir, *replica); err != nil {
			return usageError("%v", err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "corpus.db")); err != nil {
		fmt.Fprintf(e.stderr, "scrutineer: %s holds no store yet: searches find nothing until documents are brought in (scrutineer ingest --data %s PATH, or a sync)\n", dir, dir)
	}
	st, err := openStore(e, dir)
	if err != nil {
		return err
	}
	defer st.Close()
	ix, err := index.OpenFor(ctx, dir, st)
	if err != nil {
		return err
	}
	defer ix.Close()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *addr, err)
	}
	s := &web.Server{Store: st, Index: ix, Log: e.log}
	if sources != nil {
		cfg, err := nightlyConfig(e, st, pipeline.Setup{Data: dir, Log: e.log}, sources, *sourcesFile)
		if err != nil {
			return usageError("%v", err)
		}
		cfg.Index = pipeline.IndexFunc(s.IndexStored) // the server owns the index: new documents are searchable at once
		s.Token = *token
		s.Sync = func(ctx context.Context) (any, error) { return pipeline.Nightly(ctx, cfg) }
	}
	go s.KeepIndexed(ctx, 5*time.Second)
	srv := web.HTTPServer(s)
	defer announce(dir, ln.Addr().String())() // where `search` finds the server while it holds the index
	fmt.Fprintf(e.stdout, "serving %s on http://%s/\n", dir, ln.Addr())
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shut)
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
