package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"

	"github.com/scrutineer/scrutineer/corpus"
	"github.com/scrutineer/scrutineer/internal/pipeline"
	"github.com/scrutineer/scrutineer/internal/samples"
	"github.com/scrutineer/scrutineer/trace"
)

// runDemo ingests the embedded sample corpus into a temporary data
// directory and shows what was found in each document and which
// recommendations came back.
func runDemo(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "demo", "[--serve=false] [--addr 127.0.0.1:8080] [--keep]")
	keep := fs.Bool("keep", false, "keep the temporary data directory and print its path")
	serve := fs.Bool("serve", true, "serve the search page and API over the sample corpus after showing what was found")
	addr := fs.String("addr", "127.0.0.1:8080", "address to serve on")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "scrutineer-demo-")
	if err != nil {
		return err
	}
	if !*keep {
		defer os.RemoveAll(dir)
	}
	srcDir := filepath.Join(dir, "samples")
	if err := os.MkdirAll(srcDir, 0o755); err != nil {
		return err
	}
	if _, err := samples.WriteTo(srcDir); err != nil {
		return fmt.Errorf("write samples: %w", err)
	}
	data := filepath.Join(dir, "data")
	st, err := openStore(e, data)
	if err != nil {
		return err
	}
	defer st.Close()
	cfg, err := pipeline.Build(st, pipeline.Setup{Data: data, Log: e.log})
	if err != nil {
		return err
	}
	sum, err := pipeline.Ingest(ctx, cfg, []string{srcDir})
	if err != nil {
		return err
	}
	if sum.IndexError != "" {
		return fmt.Errorf("index the samples: %s", sum.IndexError)
	}
	fmt.Fprintf(e.stdout, "Ingested the sample corpus (a fictional council, Glanmorfa): %d documents, %d items.\n\n", sum.New, sum.Items)
	err = st.Documents(ctx, func(d *corpus.Document) error {
		items, err := st.Items(ctx, d.ID)
		if err != nil {
			return err
		}
		printListing(e, d, items)
		fmt.Fprintln(e.stdout)
		return nil
	})
	if err != nil {
		return err
	}
	threads, ok, err := trace.StoredThreads(ctx, st)
	if err != nil || !ok {
		return fmt.Errorf("the samples' threads were not stored: %v %s", err, sum.TraceError)
	}
	fmt.Fprintln(e.stdout, "Recommendations made again in later documents (scrutineer trace):")
	printThreads(e, threads)
	fmt.Fprintln(e.stdout)
	if *keep {
		fmt.Fprintf(e.stdout, "Data directory: %s\n", data)
	}
	if sum.Failed > 0 {
		return fmt.Errorf("%w: %d sample files failed", errPartial, sum.Failed)
	}
	if !*serve {
		return nil
	}
	st.Close()
	listen := freeAddr(*addr)
	if listen != *addr {
		fmt.Fprintf(e.stdout, "%s is in use: serving on %s instead.\n", *addr, listen)
	}
	fmt.Fprintln(e.stdout, "Open the address below in a browser; Ctrl-C stops.")
	return runServe(ctx, e, []string{"--data", data, "--addr", listen})
}

// freeAddr is addr if it can be listened on, else the next of the
// following ten ports on the same host that can, else any free port.
func freeAddr(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	p, err := strconv.Atoi(port)
	if err != nil {
		return addr
	}
	for i := 0; i <= 10; i++ {
		try := net.JoinHostPort(host, strconv.Itoa(p+i))
		if ln, err := net.Listen("tcp", try); err == nil {
			ln.Close()
			return try
		}
	}
	return net.JoinHostPort(host, "0")
}
