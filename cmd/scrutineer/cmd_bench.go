package main

import (
	"context"

	"github.com/scrutineer/scrutineer/internal/bench"
)

// runBench runs one of the benchmarks (internal/bench).
func runBench(ctx context.Context, e *env, args []string) error {
	return bench.Run(ctx, &bench.Env{Stdout: e.stdout, Stderr: e.stderr, Log: e.log}, args)
}
