package extract

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer/corpus"
	"github.com/scrutineer/scrutineer/ingest"
	"github.com/scrutineer/scrutineer/internal/samples"
)

// benchDocs reads the documents extraction is measured on: the sample
// corpus, or the folder $SCRUTINEER_BENCH_CORPUS when set.
func benchDocs(b *testing.B) ([]*corpus.Document, int) {
	b.Helper()
	var docs []*corpus.Document
	words := 0
	add := func(name string, data []byte) {
		if doc, err := ingest.Read(context.Background(), name, data, ingest.Options{}); err == nil {
			docs = append(docs, doc)
			words += len(strings.Fields(doc.Text))
		}
	}
	if dir := os.Getenv("SCRUTINEER_BENCH_CORPUS"); dir != "" {
		_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				if data, err := os.ReadFile(p); err == nil {
					add(p, data)
				}
			}
			return nil
		})
	} else {
		_ = fs.WalkDir(samples.Files(), ".", func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				data, _ := fs.ReadFile(samples.Files(), p)
				add(p, data)
			}
			return nil
		})
	}
	return docs, words
}

func BenchmarkExtract(b *testing.B) {
	docs, words := benchDocs(b)
	x, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	x.Extract(docs[0])
	b.SetBytes(int64(words)) // "bytes" here are words: MB/s reads as millions of words per second
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, d := range docs {
			x.Extract(d)
		}
	}
}
