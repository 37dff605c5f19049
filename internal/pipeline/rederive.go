package pipeline

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/scrutineer/scrutineer/corpus"
)

// RederiveConfig is what a rederive run needs: the chain, whose extractor
// does again the documents that other rules extracted.
type RederiveConfig struct {
	Config
	Progress func(done, total int, docID string)
}

// RederiveSummary is what a rederive run did.
type RederiveSummary struct {
	Rules   string  `json:"rules"`
	Stale   int     `json:"stale"`
	Done    int     `json:"done"`
	Items   int     `json:"items"`
	Seconds float64 `json:"seconds"`
	Finish
}

// rederiveTouched extracts again the documents among ids that older
// rules extracted, and returns how many.
func rederiveTouched(ctx context.Context, cfg Config, ids []string) (int, error) {
	rules := cfg.rules()
	if rules == "" || len(ids) == 0 {
		return 0, nil
	}
	stale, err := cfg.Store.StaleDocuments(ctx, rules)
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
		if err := rederiveOne(ctx, cfg.Store, rules, cfg.Extractor.Extract, id); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// rederiveOne extracts one stored document again.
func rederiveOne(ctx context.Context, st Store, rules string, extract func(*corpus.Document) []corpus.Item, id string) error {
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
// every document whose rules version is not that of cfg's extractor. Each document is
// replaced in its own transaction, so a run killed at any moment leaves
// every document whole, of one version or the other, and the next run
// does what is left. The index follows: a rederived document is no
// longer marked indexed, and the next index sync takes it up.
func Rederive(ctx context.Context, cfg RederiveConfig) (RederiveSummary, error) {
	start := time.Now()
	if cfg.Extractor == nil {
		return RederiveSummary{}, errors.New("rederive needs an extractor")
	}
	rules := cfg.rules()
	sum := RederiveSummary{Rules: rules}
	ids, err := cfg.Store.StaleDocuments(ctx, rules)
	if err != nil {
		return sum, err
	}
	sum.Stale = len(ids)
	for i, id := range ids {
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		if err := rederiveOne(ctx, cfg.Store, rules, func(d *corpus.Document) []corpus.Item {
			items := cfg.Extractor.Extract(d)
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
	sum.Finish = finish(ctx, cfg.Config)
	return sum, nil
}
