package index

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/scrutineer/scrutineer/corpus"
)

// Sync indexes every stored document the index does not hold as stored,
// in batches of about BatchSize entries, and records each batch in the
// store once bleve has it. It returns the number of documents indexed.
func (ix *Index) Sync(ctx context.Context, st *corpus.Store, progress func(done int)) (int, error) {
	done := 0
	for {
		pending, err := st.Unindexed(ctx, ix.replica, 200)
		if err != nil {
			return done, err
		}
		if len(pending) == 0 {
			return done, nil
		}
		bs := ix.newBatches()
		var inBatch []corpus.Pending
		textBytes := 0
		flush := func() error {
			if len(inBatch) == 0 {
				return nil
			}
			if err := ix.commitAll(bs); err != nil {
				return err
			}
			if err := st.MarkIndexed(ctx, ix.replica, inBatch); err != nil {
				return err
			}
			done += len(inBatch)
			if progress != nil {
				progress(done)
			}
			bs = ix.newBatches()
			inBatch = inBatch[:0]
			textBytes = 0
			return nil
		}
		for _, p := range pending {
			id := p.ID
			if err := ctx.Err(); err != nil {
				return done, err
			}
			d, items, err := readForIndex(ctx, st, id)
			if err != nil {
				return done, err
			}
			if d == nil {
				// a replaced version is searched through the version that
				// replaced it, and read on its own page
				if err := ix.remove(bs, id); err != nil {
					return done, err
				}
				inBatch = append(inBatch, p)
				continue
			}
			if len(items) > BatchSize {
				// more items than a batch holds: in batches of their own
				if err := flush(); err != nil {
					return done, err
				}
				if err := ix.addLarge(d, items); err != nil {
					return done, err
				}
				inBatch = append(inBatch, p)
				if err := flush(); err != nil {
					return done, err
				}
				continue
			}
			if textBytes+len(d.Text) > maxBatchText {
				// a batch never holds more text than the bound, or than
				// one document alone when that is larger
				if err := flush(); err != nil {
					return done, err
				}
			}
			if err := ix.addToBatch(bs, d, items); err != nil {
				return done, err
			}
			inBatch = append(inBatch, p)
			textBytes += len(d.Text)
			if bs.size() >= BatchSize*len(bs) {
				if err := flush(); err != nil {
					return done, err
				}
			}
		}
		if err := flush(); err != nil {
			return done, err
		}
	}
}

// readForIndex reads a document and its items as the index takes them:
// only the searched part of its text. The document is nil when a newer
// version replaced it.
func readForIndex(ctx context.Context, st *corpus.Store, id string) (*corpus.Document, []corpus.Item, error) {
	if by, err := st.Replacement(ctx, id); err != nil || by != "" {
		return nil, nil, err
	}
	d, err := st.Document(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if len(d.Text) > corpus.MaxSearchedText {
		// only the searched part is analysed: let the rest go now
		head, _ := splitHead(d.Text, corpus.MaxSearchedText)
		d.Text = strings.Clone(head)
	}
	items, err := st.Items(ctx, id)
	return d, items, err
}

// maxBatchText bounds the text analysed in one batch (a larger document
// goes in a batch of its own), so that indexing memory follows the largest
// document, not the size of the corpus (bench ingest --copies 1,4 shows
// it); smaller batches cost more merging.
const maxBatchText = 512 << 10

// Rebuild empties the index and indexes every stored document again.
func Rebuild(ctx context.Context, dir string, st *corpus.Store, progress func(done int)) (int, error) {
	probe, err := Open(dir) // fails with ErrLocked while another process holds it
	switch {
	case errors.Is(err, ErrFormat): // what a rebuild is for
	case err != nil:
		return 0, err
	default:
		probe.Close()
	}
	if err := st.ClearIndexState(ctx, ReplicaOf(dir)); err != nil {
		return 0, err
	}
	if err := Remove(dir); err != nil {
		return 0, err
	}
	stats, err := st.Stats(ctx)
	if err != nil {
		return 0, err
	}
	ix, err := OpenSized(dir, stats.Documents+stats.Items)
	if err != nil {
		return 0, err
	}
	defer ix.Close()
	ix.fresh = true
	return ix.Sync(ctx, st, progress)
}

// OpenFor opens the index of the store in dir, rebuilding it from the
// store first when it was made by another version of scrutineer.
func OpenFor(ctx context.Context, dir string, st *corpus.Store) (*Index, error) {
	ix, err := Open(dir)
	if !errors.Is(err, ErrFormat) {
		return ix, err
	}
	if _, err := Rebuild(ctx, dir, st, nil); err != nil {
		return nil, fmt.Errorf("rebuild the index: %w", err)
	}
	return Open(dir)
}
