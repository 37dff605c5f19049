// Package cli holds what every command of the scrutineer binary shares:
// flag sets that report to standard error, positional arguments among
// flags, and the errors that become exit codes (in cmd/scrutineer's
// exitCode).
package cli

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
)

// Errors that map to exit codes.
var (
	ErrUsage   = errors.New("usage")
	ErrPartial = errors.New("partial")        // some documents or queries failed; the run went on
	ErrGate    = errors.New("below the gate") // a measured figure is below a --min-… threshold
)

// UsageError marks an error as a usage error (exit 2).
func UsageError(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrUsage, fmt.Sprintf(format, a...))
}

// NewFlags is a flag set for "scrutineer NAME USAGE" that reports to stderr.
func NewFlags(stderr io.Writer, name, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: scrutineer %s %s\n", name, usage)
		fs.PrintDefaults()
	}
	return fs
}

// ParseFlags parses args, turning flag errors into usage errors. Flags may
// come before or after the positional arguments.
func ParseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, UsageError("%s: %v", fs.Name(), err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

// Clip is s cut to n bytes with an ellipsis, for one line of a listing.
func Clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// WriteJSON writes v as indented JSON: the one way the commands' --json
// output is written.
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
