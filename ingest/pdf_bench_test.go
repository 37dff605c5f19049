package ingest

import (
	"context"
	"testing"

	"github.com/scrutineer/scrutineer/internal/pdfgen"
	"github.com/scrutineer/scrutineer/internal/synth"
)

// BenchmarkPDF reads generated PDFs in this process: content streams to
// glyphs, lines, blocks and metadata. The metric is pages per second.
func BenchmarkPDF(b *testing.B) {
	g := synth.New(synth.Config{Seed: 1, Items: 600})
	dir := b.TempDir()
	paths, err := g.WriteFiles(dir)
	if err != nil {
		b.Fatal(err)
	}
	var pdfs [][]byte
	for i := 0; i < len(paths); i += 3 { // every third file is a PDF
		pdfs = append(pdfs, mustRead(b, paths[i]))
	}
	pdfs = append(pdfs, pdfgen.Sample())
	b.ResetTimer()
	pages := 0
	for i := 0; i < b.N; i++ {
		for _, data := range pdfs {
			doc, err := Read(context.Background(), "b.pdf", data, Options{})
			if err != nil {
				b.Fatal(err)
			}
			pages += doc.Pages
		}
	}
	b.ReportMetric(float64(pages)/b.Elapsed().Seconds(), "pages/s")
}
