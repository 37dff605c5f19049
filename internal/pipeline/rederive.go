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
		doc, err := cfg.Store.Document(ctx, id)
		if err != nil {
			return sum, err
		}
		items := cfg.Extract(doc)
		if doc.Rules != cfg.Rules {
			return sum, fmt.Errorf("rederive %s: the extractor applied rules %q, not %q", id, doc.Rules, cfg.Rules)
		}
		if err := cfg.Store.Rederive(ctx, doc, items); err != nil {
			return sum, err
		}
		sum.Done++
		sum.Items += len(items)
		if cfg.Progress != nil {
			cfg.Progress(i+1, len(ids), id)
		}
	}
	sum.Seconds = time.Since(start).Seconds()
	return sum, nil
}
