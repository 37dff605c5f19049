package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/scrutineer/scrutineer/corpus"
	"github.com/scrutineer/scrutineer/ingest"
	"github.com/scrutineer/scrutineer/internal/isolate"
	"github.com/scrutineer/scrutineer/internal/pdfgen"
)

func TestMain(m *testing.M) {
	if code, ok := isolate.Child(os.Exit); ok {
		os.Exit(code)
	}
	os.Exit(m.Run())
}

func write(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestIngestIdempotentWithVersions(t *testing.T) {
	ctx := context.Background()
	src := t.TempDir()
	write(t, filepath.Join(src, "report.pdf"), pdfgen.Sample())
	write(t, filepath.Join(src, "sub", "statement.txt"), []byte("Written statement\n\nThe council should improve its plans."))
	write(t, filepath.Join(src, "copy", "statement.txt"), []byte("Written statement\n\nThe council should improve its plans."))
	write(t, filepath.Join(src, "broken.pdf"), pdfgen.Truncated())
	write(t, filepath.Join(src, "data.json"), []byte(`{"a": 1}`))
	write(t, filepath.Join(src, ".hidden", "x.txt"), []byte("not read"))
	st, err := corpus.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cfg := Config{Store: st, Read: ingest.Options{Isolation: ingest.Isolation{Enabled: true, Timeout: ingest.DefaultIsolation.Timeout, MemLimit: 512 << 20}}}

	sum, err := Ingest(ctx, cfg, []string{src})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Read != 5 || sum.New != 2 || sum.Unchanged != 1 || sum.Failed != 1 || sum.Skipped != 1 {
		t.Fatalf("first run: %+v", sum)
	}
	if sum.Failures[0].Path != filepath.Join(src, "broken.pdf") || sum.Failures[0].Reason == "" {
		t.Errorf("failure %+v", sum.Failures[0])
	}

	sum, err = Ingest(ctx, cfg, []string{src})
	if err != nil {
		t.Fatal(err)
	}
	if sum.New != 0 || sum.Updated != 0 || sum.Unchanged != 3 {
		t.Errorf("second run should change nothing: %+v", sum)
	}

	write(t, filepath.Join(src, "sub", "statement.txt"), []byte("Written statement\n\nThe council must improve its plans."))
	sum, err = Ingest(ctx, cfg, []string{src})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Updated != 1 || sum.New != 0 {
		t.Errorf("changed file: %+v", sum)
	}
	vers, _ := st.Versions(ctx, filepath.Join(src, "sub", "statement.txt"))
	if len(vers) != 2 {
		t.Errorf("want the old version kept beside the new: %v", vers)
	}
	stats, _ := st.Stats(ctx)
	if stats.Documents != 3 || stats.Sources != 4 {
		t.Errorf("stats %+v", stats)
	}
	runs, _ := st.Runs(ctx, 10)
	if len(runs) != 3 || runs[2].Status != "partial" || len(runs[2].Failures) != 1 {
		t.Errorf("runs %+v", runs)
	}
}

func TestIngestMissingPath(t *testing.T) {
	st, err := corpus.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	sum, err := Ingest(context.Background(), Config{Store: st}, []string{"/no/such/place"})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Failed != 1 || sum.Failures[0].Path != "/no/such/place" {
		t.Errorf("%+v", sum)
	}
	// and the run's record says so, as `runs` shows it
	runs, err := st.Runs(context.Background(), 1)
	if err != nil || len(runs) != 1 || runs[0].Status != "partial" || len(runs[0].Failures) != 1 ||
		runs[0].Failures[0].Path != "/no/such/place" || runs[0].Failures[0].Reason == "" {
		t.Errorf("the run recorded: %+v %v", runs, err)
	}
}
