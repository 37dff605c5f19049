package pipeline

import (
	"context"
	"fmt"
	"time"

	"github.com/scrutineer/scrutineer/corpus"
)

// RederiveConfig is what a rederive run needs.
type RederiveConfig struct {
	Store *corpus.Store
	// Rules is the version of the rules Extract applies; documents
	// extracted by another are done again.
	Rules    string
	Extract  func(*corpus.Document) []corpus.Item
	Progress func(done, total int, docID string)
}

// RederiveSummary is what a rederive run did.
type RederiveSummary struct {
	Rules   string  `json:"rules"`
	Stale   int     `json:"stale"`
	Done    int     `json:"done"`
	Items   int     `json:"items"`
	Seconds float64 `json:"seconds"`
}

// rederiveTouched extracts again the documents among ids that older
// rules extracted, and returns how many.
func rederiveTouched(ctx context.Context, cfg Config, ids []string) (int, error) {
	if cfg.Rules == "" || cfg.Extract == nil || len(ids) == 0 {
		return 0, nil
	}
	stale, err := cfg.Store.StaleDocuments(ctx, cfg.Rules)
	if err != nil {
		return 0, err
	}
	isStale := map[string]bool{}
	for _, id := range stale {
		isStale[id] = true
	}
	n := 0
	for _, id := range ids {
		if !isStale[id] {
			continue
		}
		isStale[id] = false // met twice in one run
		if err := rederiveOne(ctx, cfg.Store, cfg.Rules, cfg.Extract, id); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// rederiveOne extracts one stored document again.
func rederiveOne(ctx context.Context, st *corpus.Store, rules string, extract func(*corpus.Document) []corpus.Item, id string) error {
	doc, err := st.Document(ctx, id)
	if err != nil {
		return err
	}
	items := extract(doc)
	if doc.Rules != rules {
		return fmt.Errorf("rederive %s: the extractor applied rules %q, not %q", id, doc.Rules, rules)
	}
	return st.Rederive(ctx, doc, items)
}

// Rederive extracts again, from the stored text and layout, the items of
// every document whose rules version is not cfg.Rules. Each document is
// replaced in its own transaction, so a run killed at any moment leaves
// every document whole, of one version or the other, and the next run
// does what is left. The index follows: a rederived document is no
// longer marked indexed, and the next index sync takes it up.
func Rederive(ctx context.Context, cfg RederiveConfig) (RederiveSummary, error) {
	start := time.Now()
	sum := RederiveSummary{Rules: cfg.Rules}
	ids, err := cfg.Store.StaleDocuments(ctx, cfg.Rules)
	if err != nil {
		return sum, err
	}
	sum.Stale = len(ids)
	for i, id := range ids {
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		if err := rederiveOne(ctx, cfg.Store, cfg.Rules, func(d *corpus.Document) []corpus.Item {
			items := cfg.Extract(d)
			sum.Items += len(items)
			return items
		}, id); err != nil {
			return sum, err
		}
		sum.Done++
		if cfg.Progress != nil {
			cfg.Progress(i+1, len(ids), id)
		}
	}
	sum.Seconds = time.Since(start).Seconds()
	return sum, nil
}
