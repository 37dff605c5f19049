package index

import (
	"context"
	"os"
	"testing"
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
