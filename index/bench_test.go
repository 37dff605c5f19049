package index

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer/internal/synth"
)

// BenchmarkSearchMix runs a filtered term query with facets and highlights
// against the index in $SCRUTINEER_BENCH_INDEX (a data directory made by
// `scrutineer bench search`), skipping when it is not set.
func BenchmarkSearchMix(b *testing.B) {
	dir := os.Getenv("SCRUTINEER_BENCH_INDEX")
	if dir == "" {
		b.Skip("set SCRUTINEER_BENCH_INDEX to a directory built by `scrutineer bench search`")
	}
	ix, err := Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	ctx := context.Background()
	reqs := []Request{
		{Query: "caseloads", Limit: 20},
		{Query: "supervision", Limit: 20, Kind: []string{"recommendation"}, From: "2016", To: "2022"},
		{Query: `"pathway plans"`, Limit: 20},
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := ix.Search(ctx, reqs[i%len(reqs)]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoad indexes synthetic documents and items in bulk; the custom
// metric is items indexed per second.
func BenchmarkLoad(b *testing.B) {
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		ix, err := Open(b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		g := synth.New(synth.Config{Seed: 1, Items: 20000})
		var entries []Entry
		items := 0
		for {
			d, its := g.Next()
			if d == nil {
				break
			}
			entries = append(entries, Entry{Doc: d, Items: its})
			items += len(its)
		}
		b.StartTimer()
		start := time.Now()
		if err := ix.Load(ctx, entries); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(items)/time.Since(start).Seconds(), "items/s")
		b.StopTimer()
		ix.Close()
	}
}
