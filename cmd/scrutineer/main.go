// Command scrutineer ingests public-sector inspection material, extracts
// every recommendation and finding, indexes them for search and traces
// recommendations that recur across the years.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"sort"
	"strings"
	"syscall"

	"github.com/scrutineer/scrutineer/corpus"
	"github.com/scrutineer/scrutineer/internal/cli"
	"github.com/scrutineer/scrutineer/internal/isolate"
)

// command is one subcommand: its one-line summary and its Run.
type command struct {
	summary string
	run     func(ctx context.Context, env *env, args []string) error
}

// commands lists every subcommand, one file each (cmd_NAME.go).
var commands = map[string]command{
	"ingest":   {"bring files and folders into the corpus store", runIngest},
	"extract":  {"print one file's text or its document and items as JSON", runExtract},
	"bench":    {"measure text quality and speed against baselines", runBench},
	"demo":     {"ingest the embedded sample corpus and show what was found", runDemo},
	"runs":     {"list recent ingest runs and their failures", runRuns},
	"eval":     {"score extraction against gold labels", runEval},
	"search":   {"search documents and items, with filters and facets", runSearch},
	"reindex":  {"rebuild the search index from the store", runReindex},
	"migrate":  {"copy the store's database from SQLite into PostgreSQL, or back", runMigrate},
	"worker":   {"take queued files and documents and read, extract and store them (scale-out)", runWorker},
	"indexer":  {"keep the search index and the stored threads up to date with the store", runIndexer},
	"rederive": {"extract again the items of documents that older rules extracted, and index them", runRederive},
	"trace":    {"recommendations that recur across the years, and the theme × year matrix", runTrace},
	"synth":    {"write a synthetic corpus (PDF, HTML, text) for benchmarks", runSynth},
	"serve":    {"serve the search page and the JSON API", runServe},
	"sync":     {"fetch what is new from folders and web sources, index it, alert on saved searches", runSync},
	"watch":    {"saved searches run against what each sync adds (add, list, rm)", runWatch},
}

// env is what every subcommand gets: where to write and how to log.
type env struct {
	stdout, stderr io.Writer
	log            *slog.Logger
	isTerminal     bool
	store          string // --store: the store's database address ("" is SQLite in the data directory)
}

// Errors that map to exit codes.
var (
	errUsage   = cli.ErrUsage
	errPartial = cli.ErrPartial // some documents or queries failed; the run went on
	errGate    = cli.ErrGate    // an evaluation's figure is below a --min-… threshold
)

// usageError marks err as a usage error (exit 2).
var usageError = cli.UsageError

// memoryTarget is the heap size the collector works to stay under (the
// process's own, not the PDF reader children's); GOMEMLIMIT overrides it.
const memoryTarget = 384 << 20

func main() {
	if code, ok := isolate.Child(os.Exit); ok { // this process is an isolated reader (of a PDF)
		os.Exit(code)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryTarget)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	e := &env{stdout: os.Stdout, stderr: os.Stderr, isTerminal: isTerminal(os.Stderr)}
	e.log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	os.Exit(exitCode(run(ctx, e, os.Args[1:]), e.stderr))
}

func run(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		printUsage(e.stdout)
		if len(args) == 0 {
			return usageError("no command given")
		}
		return nil
	}
	cmd, ok := commands[args[0]]
	if !ok {
		return usageError("unknown command %q (see 'scrutineer help')", args[0])
	}
	return cmd.run(ctx, e, args[1:])
}

// exitCode is the one place errors become exit codes: 0 success, 1 partial
// (something failed, the run went on), 2 usage, 3 a failure that stopped the
// run; for sync, 4 nothing new and 5 another sync is running; for eval, 6 a
// figure below its gate.
func exitCode(err error, stderr io.Writer) int {
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errNothingNew):
		return 4
	case errors.Is(err, errBusy):
		fmt.Fprintln(stderr, "scrutineer:", err)
		return 5
	case errors.Is(err, errGate):
		fmt.Fprintln(stderr, "scrutineer:", err)
		return 6
	case errors.Is(err, errPartial):
		fmt.Fprintln(stderr, "scrutineer:", err)
		return 1
	case errors.Is(err, errUsage):
		fmt.Fprintln(stderr, "scrutineer:", strings.TrimPrefix(err.Error(), "usage: "))
		return 2
	default:
		fmt.Fprintln(stderr, "scrutineer:", err)
		return 3
	}
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "scrutineer: text mining for inspection reports, statements and debates\n\nUsage: scrutineer COMMAND [flags] [args]\n\nCommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-9s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'scrutineer COMMAND -h' for a command's flags.")
}

// newFlags returns a flag set that reports errors instead of exiting.
// Every command takes --store: where the store's database is.
func newFlags(e *env, name, usage string) *flag.FlagSet {
	fs := cli.NewFlags(e.stderr, name, usage)
	fs.StringVar(&e.store, "store", os.Getenv("SCRUTINEER_STORE"),
		"the store's database: postgres://… for PostgreSQL, empty for SQLite in the data directory (default $SCRUTINEER_STORE)")
	return fs
}

// openStore opens the store of the data directory dir, its database where
// --store says.
func openStore(e *env, dir string) (*corpus.Store, error) { return corpus.OpenAt(dir, e.store) }

// parseFlags parses args, turning flag errors into usage errors. Flags may
// come before or after the positional arguments.
var parseFlags = cli.ParseFlags

// dataDir is where the store lives: --data, else $SCRUTINEER_DATA, else ./scrutineer-data.
func dataDir(flagValue string) string {
	if flagValue != "" {
		return flagValue
	}
	if v := os.Getenv("SCRUTINEER_DATA"); v != "" {
		return v
	}
	return "scrutineer-data"
}

// writeJSON prints v as indented JSON on standard output: the one way the
// commands' --json output is written.
func writeJSON(e *env, v any) error { return cli.WriteJSON(e.stdout, v) }
