package trace_test

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/scrutineer/scrutineer/corpus"
	"github.com/scrutineer/scrutineer/internal/pipeline"
	"github.com/scrutineer/scrutineer/internal/samples"
	"github.com/scrutineer/scrutineer/trace"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// goldenThread is what a reader sees of a thread: its members, in order,
// each with its document and its link (score to two places).
type goldenThread struct {
	Label   string         `json:"label"`
	Status  string         `json:"status"`
	Members []goldenMember `json:"members"`
}

type goldenMember struct {
	Date  string `json:"date"`
	Title string `json:"title"`
	Text  string `json:"text"`
	Link  string `json:"link,omitempty"`
}

// TestGoldenThreads pins the threads of the sample corpus (the demo's)
// in testdata/golden/threads.json, through the whole chain: the samples
// ingested and extracted into a real store, loaded and traced as the
// server's stored threads are. Run `go test ./trace -update` after a
// deliberate change and read the diff.
func TestGoldenThreads(t *testing.T) {
	ctx := context.Background()
	src, data := t.TempDir(), t.TempDir()
	if _, err := samples.WriteTo(src); err != nil {
		t.Fatal(err)
	}
	st, err := corpus.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cfg, err := pipeline.Build(st, pipeline.Setup{Data: data, NoIndex: true})
	if err != nil {
		t.Fatal(err)
	}
	cfg.Read.Isolation.Enabled = false // the samples are our own files: read in this process
	if sum, err := pipeline.Ingest(ctx, cfg, []string{src}); err != nil || sum.Failed > 0 {
		t.Fatalf("ingest: %v %+v", err, sum)
	}
	res, err := trace.StoreThreads(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	got := []goldenThread{}
	for _, th := range res.Threads {
		g := goldenThread{Label: th.Label, Status: th.Status}
		for _, m := range th.Members {
			gm := goldenMember{Date: m.Date, Title: m.Title, Text: m.Text}
			if m.Link != nil {
				gm.Link = fmt.Sprintf("%.2f", m.Link.Score)
			}
			g.Members = append(g.Members, gm)
		}
		got = append(got, g)
	}
	out, _ := json.MarshalIndent(got, "", "  ")
	out = append(out, '\n')
	golden := filepath.Join("testdata", "golden", "threads.json")
	if *update {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, out, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./trace -update)", err)
	}
	if string(want) != string(out) {
		t.Errorf("the sample corpus's threads changed; if on purpose, run go test ./trace -update and read the diff.\ngot:\n%s", out)
	}
	if len(got) == 0 {
		t.Error("the sample corpus has no threads")
	}
}
