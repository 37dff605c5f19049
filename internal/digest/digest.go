// Package digest turns what sync runs added into alerts: every saved
// search (watch) is run against the items those runs added and nothing
// else, and new recommendations that join a thread of earlier ones are
// listed with the years they were made before. A digest covers every sync
// run whose digest was not yet written, so a run killed before its digest
// is caught up by the next and no arrival is missed or repeated.
package digest

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/scrutineer/scrutineer/corpus"
	"github.com/scrutineer/scrutineer/index"
	"github.com/scrutineer/scrutineer/trace"
)

// Digest is the alerts of one or more sync runs.
type Digest struct {
	RunID     int64          `json:"run_id"`
	Runs      []int64        `json:"runs"` // the sync runs it covers
	Created   string         `json:"created"`
	Documents []Document     `json:"documents"`
	Watches   []WatchResult  `json:"watches"`
	Recurring []Recurrence   `json:"recurring"`
	Counts    map[string]int `json:"counts"`
}

// Document is a document the runs added or changed.
type Document struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Date      string `json:"date"`
	Publisher string `json:"publisher"`
	DocType   string `json:"doc_type"`
	Subject   string `json:"subject"`
	Source    string `json:"source"`
	Status    string `json:"status"` // new, or updated (a new version at a known address)
	NewItems  int    `json:"new_items"`
}

// WatchResult is what one saved search found among the new items.
type WatchResult struct {
	corpus.Watch
	Total int         `json:"total"`
	Hits  []index.Hit `json:"hits"`
}

// Recurrence is a new recommendation that joins a thread of earlier ones.
type Recurrence struct {
	ItemID  string    `json:"item_id"`
	DocID   string    `json:"doc_id"`
	Text    string    `json:"text"`
	Title   string    `json:"title"`
	Date    string    `json:"date"`
	Thread  string    `json:"thread"`
	Years   []string  `json:"years_before"`
	Earlier []Earlier `json:"earlier"`
	// ResponseStatus is, for a recommendation restated in a response,
	// the status the response gives it: what came of it.
	ResponseStatus string `json:"response_status,omitempty"`
}

// Earlier is an earlier member of a thread.
type Earlier struct {
	ItemID string `json:"item_id"`
	DocID  string `json:"doc_id"`
	Title  string `json:"title"`
	Date   string `json:"date"`
	Text   string `json:"text"`
	// ResponseStatus is the status a response gave it, if it is one.
	ResponseStatus string `json:"response_status,omitempty"`
}

// MaxHits is how many hits of one watch a digest lists.
const MaxHits = 50

// Source is what a digest reads from the store; *corpus.Store is one.
type Source interface {
	UnalertedArrivals(ctx context.Context, upTo int64) ([]corpus.Arrival, []int64, error)
	Watches(ctx context.Context) ([]corpus.Watch, error)
	Document(ctx context.Context, id string) (*corpus.Document, error)
	Items(ctx context.Context, docID string) ([]corpus.Item, error)
}

// Build gathers the arrivals of every sync run up to runID whose digest
// has not been written, runs the saved searches against them and finds
// the new recommendations in the stored threads (none without threads).
// It returns nil when there is nothing to report; Runs lists the runs
// covered either way (mark them with corpus.Store.MarkAlerted once
// delivered).
func Build(ctx context.Context, st Source, threads Threads, runID int64) (*Digest, []int64, error) {
	arrivals, runs, err := st.UnalertedArrivals(ctx, runID)
	if err != nil || len(arrivals) == 0 {
		return nil, runs, err
	}
	d := &Digest{RunID: runID, Runs: runs, Created: time.Now().UTC().Format(time.RFC3339),
		Documents: []Document{}, Watches: []WatchResult{}, Recurring: []Recurrence{}}
	watches, err := st.Watches(ctx)
	if err != nil {
		return nil, runs, err
	}
	w := newWatchRun(watches)
	updated := map[string]bool{} // documents that replace an earlier version
	news := newArrived()
	seen := map[string]bool{}
	for _, a := range arrivals {
		if seen[a.DocID] {
			continue
		}
		seen[a.DocID] = true
		doc, err := st.Document(ctx, a.DocID)
		if err != nil {
			return nil, runs, err
		}
		items, err := st.Items(ctx, a.DocID)
		if err != nil {
			return nil, runs, err
		}
		status := "new"
		if a.Previous != "" {
			status = "updated"
			updated[a.DocID] = true
			if items, err = itemsNotIn(ctx, st, items, a.Previous); err != nil {
				return nil, runs, err
			}
		}
		news.add(doc, items)
		d.Documents = append(d.Documents, Document{ID: doc.ID, Title: doc.Title, Date: doc.Date, Publisher: doc.Publisher,
			DocType: doc.DocType, Subject: doc.Subject, Source: a.Path, Status: status, NewItems: len(items)})
		if err := w.add(ctx, doc, items, updated); err != nil {
			return nil, runs, err
		}
	}
	if d.Watches, err = w.finish(ctx, updated); err != nil {
		return nil, runs, err
	}
	if d.Recurring, err = recurrences(ctx, threads, news); err != nil {
		return nil, runs, err
	}
	hits := 0
	for _, w := range d.Watches {
		hits += w.Total
	}
	d.Counts = map[string]int{"documents": len(d.Documents), "new_items": len(news.items), "watch_hits": hits, "recurring": len(d.Recurring)}
	return d, runs, nil
}

// itemsNotIn keeps the items whose text the previous version did not have.
func itemsNotIn(ctx context.Context, st Source, items []corpus.Item, prevID string) ([]corpus.Item, error) {
	prev, err := st.Items(ctx, prevID)
	if err != nil {
		return nil, err
	}
	had := map[string]bool{}
	for _, it := range prev {
		had[normal(it.Text)] = true
	}
	var out []corpus.Item
	for _, it := range items {
		if !had[normal(it.Text)] {
			out = append(out, it)
		}
	}
	return out, nil
}

func normal(s string) string { return strings.Join(strings.Fields(strings.ToLower(s)), " ") }

// chunkDocs is how many documents one memory index holds while watches
// run, so a digest of a first sync of a large corpus stays in bounded memory.
const chunkDocs = 100

// watchRun runs the saved searches over the arrivals as they are read, a
// memory index of chunkDocs documents at a time, keeping each watch's hits.
type watchRun struct {
	out   []WatchResult
	docs  []*corpus.Document // the chunk being gathered
	items [][]corpus.Item    // its documents' new items
}

func newWatchRun(watches []corpus.Watch) *watchRun {
	w := &watchRun{out: make([]WatchResult, len(watches))}
	for i, wt := range watches {
		w.out[i] = WatchResult{Watch: wt, Hits: []index.Hit{}}
	}
	return w
}

// add takes a document with its new items, searching the chunk once full.
func (w *watchRun) add(ctx context.Context, doc *corpus.Document, items []corpus.Item, updated map[string]bool) error {
	if len(w.out) == 0 {
		return nil
	}
	w.docs, w.items = append(w.docs, doc), append(w.items, items)
	if len(w.docs) < chunkDocs {
		return nil
	}
	return w.search(ctx, updated)
}

// finish searches the last chunk and keeps each watch's best hits.
func (w *watchRun) finish(ctx context.Context, updated map[string]bool) ([]WatchResult, error) {
	if err := w.search(ctx, updated); err != nil {
		return nil, err
	}
	for i := range w.out {
		hits := w.out[i].Hits
		sort.SliceStable(hits, func(a, b int) bool { return hits[a].Score > hits[b].Score })
		w.out[i].Hits = hits[:min(len(hits), MaxHits)]
	}
	return w.out, nil
}

// search indexes the gathered chunk in memory and adds what each watch finds.
func (w *watchRun) search(ctx context.Context, updated map[string]bool) error {
	if len(w.docs) == 0 {
		return nil
	}
	mem, err := index.NewMemory()
	if err != nil {
		return err
	}
	defer mem.Close()
	if err := mem.PutAll(ctx, w.docs, w.items); err != nil {
		return err
	}
	w.docs, w.items = w.docs[:0], w.items[:0]
	for i := range w.out {
		req := Request(w.out[i].Watch)
		req.Limit, req.Group = MaxHits, true // one hit per document, the others under it
		res, err := mem.Search(ctx, req)
		if err != nil {
			return fmt.Errorf("watch %q: %w", w.out[i].Name, err)
		}
		hits, removed := dropStale(res.Hits, updated)
		w.out[i].Hits = append(w.out[i].Hits, hits...)
		w.out[i].Total += int(res.Total) - removed
	}
	return nil
}

// dropStale removes the document entries of updated documents (they were
// there before; only their new items are news) and says how many it removed.
func dropStale(hits []index.Hit, updated map[string]bool) ([]index.Hit, int) {
	var out []index.Hit
	removed := 0
	stale := func(h index.Hit) bool { return h.ItemID == nil && updated[h.DocID] }
	for _, h := range hits {
		if stale(h) {
			removed++
			if len(h.Also) == 0 {
				continue
			}
			first := h.Also[0]
			first.Also, h = h.Also[1:], first
		}
		also := h.Also[:0:0]
		for _, a := range h.Also {
			if stale(a) {
				removed++
				continue
			}
			also = append(also, a)
		}
		h.Also = also
		out = append(out, h)
	}
	return out, removed
}

// Request is the search a watch runs.
func Request(w corpus.Watch) index.Request {
	f := w.Filters
	return index.Request{Query: w.Query, Kind: f["kind"], Polarity: f["polarity"], DocType: f["type"],
		Publisher: f["publisher"], Subject: f["subject"], Theme: f["theme"], AllowEmpty: true}
}

// Threads reads the stored threads of a subject; the pipeline's tracer
// is one.
type Threads interface {
	SubjectThreads(ctx context.Context, subjects ...string) ([]trace.Thread, error)
}

// arrived is what the runs brought: the new items, the documents with
// new recommendations, and the bodies those are about (first spelling).
type arrived struct {
	items, docs, seen map[string]bool
	subjects          []string
}

func newArrived() *arrived {
	return &arrived{items: map[string]bool{}, docs: map[string]bool{}, seen: map[string]bool{}}
}

// add notes a document's new items.
func (a *arrived) add(doc *corpus.Document, items []corpus.Item) {
	for _, it := range items {
		a.items[it.ID] = true
		if it.Kind != corpus.Recommendation {
			continue
		}
		a.docs[doc.ID] = true
		if s := strings.ToLower(doc.Subject); !a.seen[s] { // of no subject too: a response restating a report
			a.seen[s] = true
			a.subjects = append(a.subjects, doc.Subject)
		}
	}
}

// recurrences finds the new recommendations that join a thread of earlier
// ones about the same body, in the stored threads of the bodies the new
// recommendations are about (a replaced version is in none).
func recurrences(ctx context.Context, threads Threads, news *arrived) ([]Recurrence, error) {
	out := []Recurrence{}
	if threads == nil || len(news.subjects) == 0 {
		return out, nil
	}
	ts, err := threads.SubjectThreads(ctx, news.subjects...) // all at once: a first sync brings thousands
	if err != nil {
		return nil, fmt.Errorf("threads: %w", err)
	}
	for _, t := range ts {
		for _, m := range t.Members {
			if rec, ok := recurrence(t, m, news.items, news.docs); ok {
				out = append(out, rec)
			}
		}
	}
	sort.Slice(out, func(a, b int) bool {
		if out[a].DocID != out[b].DocID {
			return out[a].DocID < out[b].DocID
		}
		return out[a].ItemID < out[b].ItemID
	})
	return out, nil
}

// recurrence is member m of thread t as news: a new item with the
// members of earlier documents, none of them new, before it.
func recurrence(t trace.Thread, m trace.Member, newItems, newDocs map[string]bool) (Recurrence, bool) {
	if !newItems[m.ItemID] {
		return Recurrence{}, false
	}
	rec := Recurrence{ItemID: m.ItemID, DocID: m.DocID, Text: m.Text, Title: m.Title, Date: m.Date, Thread: t.Label,
		ResponseStatus: m.ResponseStatus}
	years := map[string]bool{}
	for _, o := range t.Members {
		if o.DocID == m.DocID || newDocs[o.DocID] || (m.Date != "" && o.Date >= m.Date) {
			continue
		}
		rec.Earlier = append(rec.Earlier, Earlier{ItemID: o.ItemID, DocID: o.DocID, Title: o.Title, Date: o.Date, Text: o.Text,
			ResponseStatus: o.ResponseStatus})
		if len(o.Date) >= 4 {
			years[o.Date[:4]] = true
		}
	}
	for y := range years {
		rec.Years = append(rec.Years, y)
	}
	sort.Strings(rec.Years)
	return rec, len(rec.Earlier) > 0
}
