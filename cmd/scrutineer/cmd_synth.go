package main

import (
	"context"
	"fmt"

	"github.com/scrutineer/scrutineer/internal/synth"
)

// runSynth writes a synthetic corpus of PDF, HTML and text files.
func runSynth(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "synth", "--out DIR [--items N] [--seed S]")
	out := fs.String("out", "", "folder to write the documents to")
	items := fs.Int("items", 2000, "recommendations and findings in all, about")
	seed := fs.Int64("seed", 1, "seed: the same seed writes the same corpus")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return usageError("synth needs --out DIR")
	}
	g := synth.New(synth.Config{Seed: *seed, Items: *items})
	paths, err := g.WriteFiles(*out)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "wrote %d documents to %s\n", len(paths), *out)
	return nil
}
