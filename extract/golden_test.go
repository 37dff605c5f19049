package extract

import (
	"context"
	"encoding/json"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer/ingest"
	"github.com/scrutineer/scrutineer/internal/samples"
)

var update = flag.Bool("update", false, "rewrite the golden files")

type goldenItem struct {
	Kind     string   `json:"kind"`
	Polarity string   `json:"polarity,omitempty"`
	Cue      string   `json:"cue"`
	Section  string   `json:"section,omitempty"`
	Page     int      `json:"page"`
	Text     string   `json:"text"`
	Themes   []string `json:"themes"`
}

// TestGolden pins the items of each sample document in a readable file
// under testdata/golden; run `go test ./extract -update` after a deliberate
// change and read the diff.
func TestGolden(t *testing.T) {
	x, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	err = fs.WalkDir(samples.Files(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, _ := fs.ReadFile(samples.Files(), p)
		doc, err := ingest.Read(context.Background(), p, data, ingest.Options{})
		if err != nil {
			t.Errorf("%s: %v", p, err)
			return nil
		}
		var got []goldenItem
		for _, it := range x.Extract(doc) {
			got = append(got, goldenItem{string(it.Kind), string(it.Polarity), it.Cue, it.Section, it.Page, it.Text, it.Themes})
		}
		out, _ := json.MarshalIndent(got, "", "  ")
		out = append(out, '\n')
		golden := filepath.Join("testdata", "golden", strings.TrimSuffix(p, filepath.Ext(p))+".json")
		if *update {
			os.MkdirAll(filepath.Dir(golden), 0o755)
			return os.WriteFile(golden, out, 0o644)
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Errorf("%s: %v (run go test ./extract -update)", p, err)
			return nil
		}
		if string(want) != string(out) {
			t.Errorf("%s: items differ from %s (run go test ./extract -update and read the diff)", p, golden)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
