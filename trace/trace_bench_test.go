package trace

import (
	"testing"

	"github.com/scrutineer/scrutineer/corpus"
	"github.com/scrutineer/scrutineer/internal/synth"
)

// BenchmarkTrace links 20,000 synthetic recommendations.
func BenchmarkTrace(b *testing.B) {
	g := synth.New(synth.Config{Seed: 1, Items: 30000})
	var in []Input
	for {
		d, items := g.Next()
		if d == nil {
			break
		}
		for _, it := range items {
			if it.Kind == corpus.Recommendation {
				in = append(in, Input{ItemID: it.ID, DocID: d.ID, Date: d.Date, Subject: d.Subject, Kind: it.Kind, Text: it.Text, Themes: it.Themes})
			}
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Trace(in, nil, Options{}, 2)
	}
	b.ReportMetric(float64(len(in)*b.N)/b.Elapsed().Seconds(), "items/s")
}
