package pipeline

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer/corpus"
	"github.com/scrutineer/scrutineer/ingest"
)

// rulesOf is an extractor that applies rules version v: one item per
// document, its text naming the version.
func rulesOf(v string) Extractor { return testRules{says: v, applies: v} }

// testRules says it applies one version of the rules and applies another
// when told to (an extractor out of step with its rules files).
type testRules struct{ says, applies string }

func (r testRules) Version() string { return r.says }

func (r testRules) Extract(d *corpus.Document) []corpus.Item {
	v := r.applies
	d.Rules = v
	return []corpus.Item{{ID: v + d.ID[7:15], DocID: d.ID, Kind: corpus.Recommendation, Text: "made by " + v,
		Cue: "test", Number: v, Span: corpus.Span{Start: 0, End: 3}}}
}

// TestRederive: documents extracted by older rules get items of the new
// rules, every field of them kept; a run stopped part way leaves each
// document of one version, and the next run finishes the rest and no more.
func TestRederive(t *testing.T) {
	ctx := context.Background()
	src := t.TempDir()
	for i := 0; i < 4; i++ {
		write(t, filepath.Join(src, fmt.Sprintf("s%d.txt", i)), []byte(fmt.Sprintf("Statement %d\n\nThe council should improve plan %d.", i, i)))
	}
	st, err := corpus.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := Ingest(ctx, Config{Store: st, Read: ingest.Options{}, Extractor: rulesOf("v1")}, []string{src}); err != nil {
		t.Fatal(err)
	}
	// stopped after two documents
	stop, cancel := context.WithCancel(ctx)
	sum, err := Rederive(stop, RederiveConfig{Config: Config{Store: st, Extractor: rulesOf("v2")},
		Progress: func(done, total int, _ string) {
			if done == 2 {
				cancel()
			}
		}})
	if !errors.Is(err, context.Canceled) || sum.Done != 2 || sum.Stale != 4 {
		t.Fatalf("stopped run: %+v, %v", sum, err)
	}
	sum, err = Rederive(ctx, RederiveConfig{Config: Config{Store: st, Extractor: rulesOf("v2")}})
	if err != nil || sum.Stale != 2 || sum.Done != 2 {
		t.Fatalf("second run: %+v, %v", sum, err)
	}
	err = st.Documents(ctx, func(d *corpus.Document) error {
		items, err := st.Items(ctx, d.ID)
		if err != nil {
			return err
		}
		if d.Rules != "v2" || len(items) != 1 || items[0].Text != "made by v2" || items[0].Number != "v2" {
			t.Errorf("%s: rules %q, items %+v", d.ID, d.Rules, items)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if sum, err = Rederive(ctx, RederiveConfig{Config: Config{Store: st, Extractor: rulesOf("v2")}}); err != nil || sum.Stale != 0 {
		t.Errorf("a third run found work: %+v, %v", sum, err)
	}
	// an extractor that does not say its version is refused, not stored
	_, err = Rederive(ctx, RederiveConfig{Config: Config{Store: st, Extractor: testRules{says: "v3", applies: "v2"}}})
	if err == nil || !strings.Contains(err.Error(), "rules") {
		t.Errorf("mismatched version: %v", err)
	}
}

// TestIngestRederivesWhatItMeetsAgain: an ingest that meets stored
// documents extracted by other rules extracts them again; one that meets
// them at its own rules leaves them be.
func TestIngestRederivesWhatItMeetsAgain(t *testing.T) {
	ctx := context.Background()
	src := t.TempDir()
	for i := 0; i < 3; i++ {
		write(t, filepath.Join(src, fmt.Sprintf("s%d.txt", i)), []byte(fmt.Sprintf("Statement %d\n\nThe council should improve plan %d.", i, i)))
	}
	st, err := corpus.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cfg := Config{Store: st, Extractor: rulesOf("v1")}
	if _, err := Ingest(ctx, cfg, []string{src}); err != nil {
		t.Fatal(err)
	}
	cfg.Extractor = rulesOf("v2")
	sum, err := Ingest(ctx, cfg, []string{src})
	if err != nil || sum.Rederived != 3 || sum.Unchanged != 3 {
		t.Fatalf("second ingest: %+v %v", sum, err)
	}
	if stale, _ := st.StaleDocuments(ctx, "v2"); len(stale) != 0 {
		t.Errorf("%d documents still of other rules", len(stale))
	}
	if sum, _ = Ingest(ctx, cfg, []string{src}); sum.Rederived != 0 {
		t.Errorf("a third ingest rederived %d", sum.Rederived)
	}
}
