package index

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"

	"github.com/scrutineer/scrutineer/corpus"
)

// ErrLocked is returned when another process has the index open.
var ErrLocked = errors.New("the index is open in another scrutineer process (is `scrutineer serve` running?)")

// LockTimeout is how long Open waits for another process to let go.
var LockTimeout = 3 * time.Second

// Years a search from one whole year to another looks up as year terms:
// from 2016 to 2022 is the seven terms 2016…2022, which bleve unions as
// bitmaps once per segment and intersects with the other filters the same
// way, far cheaper than a date range (or a "not from 2023 on" clause,
// which it cannot intersect as bitmaps).
const (
	minRangeYear = 1990
	maxRangeYear = 2040
)

// Format is the version of what the index holds and how. An index of
// another format is refused with ErrFormat: the store rebuilds it.
const Format = "5" // 2: facet codes of combinations, no year_ge terms; 3: bodies as keywords; 4: Welsh text, language facet; 5: no replaced versions

// ErrFormat is returned by Open for an index made by another version.
var ErrFormat = errors.New("the index was made by another version of scrutineer: run `scrutineer reindex`")

var formatKey = []byte("scrutineer-index-format")

// BatchSize is how many entries go into one bleve batch.
const BatchSize = 1000

func init() {
	// Bound what one query may expand to (wildcards, prefixes, fuzzy terms).
	searcher.DisjunctionMaxClauseCount = 20000
}

// Index is an open search index: the entries are spread over shards (a
// document and its items always in the same one), which are searched in
// parallel through a bleve alias and written in parallel.
type Index struct {
	shards []bleve.Index
	alias  bleve.IndexAlias
	path   string
	facets *facetCodes
	cols   columns // facet codes per segment, for counting (facetcols.go)
	// fresh is set while an index made empty is filled (Rebuild): no
	// document has items in it to replace, so none are looked up.
	fresh bool
	// replica is the name the index records what it holds under in the
	// store ("" for the main index; see SetReplica).
	replica string
}

// ReplicaOf is the replica name of the index in data directory dir: ""
// for the main index, which records what it holds in the store's
// index_state; a replica (a search node of its own following the same
// store) records it under its name.
func ReplicaOf(dir string) string {
	b, err := os.ReadFile(filepath.Join(dir, "replica"))
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// SetReplica makes the index of dir the replica name: from then on it
// follows the store on its own. A data directory is one replica for good:
// naming it otherwise is an error.
func SetReplica(dir, name string) error {
	if name == "" || strings.ContainsAny(name, "/\\ \n") || len(name) > 64 {
		return fmt.Errorf("bad replica name %q", name)
	}
	switch was := ReplicaOf(dir); was {
	case name:
		return nil
	case "":
	default:
		return fmt.Errorf("%s is replica %q, not %q", dir, was, name)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return writeAtomic(filepath.Join(dir, "replica"), []byte(name+"\n"))
}

// Replica is the index's replica name ("" for the main index).
func (ix *Index) Replica() string { return ix.replica }

// ShardsFor is how many shards suit an index of this many entries: one
// for a small corpus (searching shards through an alias costs a round of
// its own, BM25 statistics included), one per CPU up to four for a large
// one, where searching them in parallel pays. $SCRUTINEER_INDEX_SHARDS
// overrides it.
func ShardsFor(entries int) int {
	if v, err := strconv.Atoi(os.Getenv("SCRUTINEER_INDEX_SHARDS")); err == nil && v > 0 && v <= 16 {
		return v
	}
	if entries < largeIndex {
		return 1
	}
	return min(4, max(1, runtime.GOMAXPROCS(0)))
}

// largeIndex is the number of entries from which an index is sharded.
const largeIndex = 200_000

// Open opens the index in dir, creating it (for a small corpus) when it
// does not exist.
func Open(dir string) (*Index, error) { return OpenSized(dir, 0) }

// OpenSized opens the index in dir, creating it when it does not exist
// with the shards that suit the given number of entries. An existing index
// keeps the shards it was made with (reindex to change them).
func OpenSized(dir string, entries int) (*Index, error) {
	path := filepath.Join(dir, "index")
	n := ShardsFor(entries)
	if raw, err := os.ReadFile(filepath.Join(path, "shards")); err == nil {
		if v, err := strconv.Atoi(strings.TrimSpace(string(raw))); err == nil && v > 0 {
			n = v
		}
	} else if err := os.MkdirAll(path, 0o755); err != nil {
		return nil, fmt.Errorf("open index %s: %w", path, err)
	} else if err := writeAtomic(filepath.Join(path, "shards"), []byte(strconv.Itoa(n))); err != nil {
		return nil, fmt.Errorf("open index %s: %w", path, err)
	}
	ix := &Index{path: path, replica: ReplicaOf(dir)}
	for i := 0; i < n; i++ {
		sp := filepath.Join(path, fmt.Sprintf("shard-%d", i))
		bi, err := bleve.OpenUsing(sp, shardConfig())
		if errors.Is(err, bleve.ErrorIndexPathDoesNotExist) {
			if err = newShard(sp); err == nil {
				bi, err = bleve.OpenUsing(sp, shardConfig())
			}
		}
		if err != nil {
			ix.Close()
			if strings.Contains(err.Error(), "timeout") {
				return nil, ErrLocked
			}
			return nil, fmt.Errorf("open index %s: %w", sp, err)
		}
		ix.shards = append(ix.shards, bi)
		if f, err := bi.GetInternal(formatKey); err != nil || string(f) != Format {
			ix.Close()
			if err != nil {
				return nil, fmt.Errorf("open index %s: %w", sp, err)
			}
			return nil, ErrFormat
		}
	}
	fc, err := loadFacetCodes(ix.shards)
	if err != nil {
		ix.Close()
		return nil, fmt.Errorf("open index %s: facet codes: %w", path, err)
	}
	ix.facets = fc
	ix.alias = bleve.NewIndexAlias(ix.shards...)
	return ix, nil
}

// writeAtomic writes a small file whole or not at all: a process killed
// while writing it leaves the file as it was.
func writeAtomic(path string, data []byte) error {
	tmp := path + ".new"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// shardConfig is the run-time configuration of a shard: a new map for
// each call, since bleve writes the store's path into the one it is given.
func shardConfig() map[string]interface{} {
	return map[string]interface{}{"bolt_timeout": LockTimeout.String()}
}

// newShard makes an empty shard at sp: made beside it and renamed into
// place, so that a process killed while making it leaves no shard half
// made, which could not be opened, only a leftover the next one removes.
func newShard(sp string) error {
	tmp := sp + ".new"
	if err := os.RemoveAll(tmp); err != nil {
		return err
	}
	bi, err := bleve.NewUsing(tmp, newMapping(), scorch.Name, scorch.Name, shardConfig())
	if err != nil {
		return err
	}
	err = bi.SetInternal(formatKey, []byte(Format))
	if cerr := bi.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Rename(tmp, sp)
}

// NewMemory returns an index held in memory only, with the same mapping
// and query behaviour, for a handful of documents: the alerts of one sync
// run are searched in one, so a saved search sees only what that run added.
func NewMemory() (*Index, error) {
	// scorch with no path keeps its segments in memory: several times
	// faster to fill than bleve's in-memory key-value store
	bi, err := bleve.NewUsing("", newMapping(), scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("new memory index: %w", err)
	}
	fc, err := loadFacetCodes([]bleve.Index{bi})
	if err != nil {
		return nil, fmt.Errorf("new memory index: %w", err)
	}
	return &Index{shards: []bleve.Index{bi}, alias: bleve.NewIndexAlias(bi), facets: fc}, nil
}

// Warm reads into memory the facet codes of every entry (facetcols.go),
// which makes counting facets several times faster. A process that serves
// many searches calls it once open, and again now and then to read the
// segments that indexing and merging made since; a search before the
// first Warm reads its hits' codes from the index as it goes.
func (ix *Index) Warm() error { return ix.cols.warm(ix.shards) }

// WarmBytes is the memory the facet codes read by Warm take.
func (ix *Index) WarmBytes() int { return ix.cols.bytes() }

// Remove deletes the index in dir (for a rebuild).
func Remove(dir string) error { return os.RemoveAll(filepath.Join(dir, "index")) }

// Close closes the index.
func (ix *Index) Close() error {
	var first error
	for _, s := range ix.shards {
		if err := s.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// Count returns the number of entries (documents and items).
func (ix *Index) Count() (uint64, error) {
	var n uint64
	for _, s := range ix.shards {
		c, err := s.DocCount()
		if err != nil {
			return 0, err
		}
		n += c
	}
	return n, nil
}

// shardOf is the shard a document and its items live in.
func (ix *Index) shardOf(docID string) int {
	h := fnv.New32a()
	h.Write([]byte(docID))
	return int(h.Sum32() % uint32(len(ix.shards)))
}

// batches holds one batch per shard.
type batches []*bleve.Batch

func (ix *Index) newBatches() batches {
	bs := make(batches, len(ix.shards))
	for i, s := range ix.shards {
		bs[i] = s.NewBatch()
	}
	return bs
}

func (bs batches) size() int {
	n := 0
	for _, b := range bs {
		n += b.Size()
	}
	return n
}

// commitAll writes every shard's batch, in parallel, each with the facet
// codes known so far.
func (ix *Index) commitAll(bs batches) error {
	errs := make([]error, len(bs))
	var wg sync.WaitGroup
	for i, b := range bs {
		if b.Size() == 0 {
			continue
		}
		saved, err := ix.facets.saveTo(i, b)
		if err != nil {
			return err
		}
		wg.Add(1)
		go func(i int, b *bleve.Batch) {
			defer wg.Done()
			if err := ix.shards[i].Batch(b); err != nil {
				errs[i] = fmt.Errorf("index batch: %w", err)
				return
			}
			saved()
		}(i, b)
	}
	wg.Wait()
	return errors.Join(errs...)
}

func docKey(id string) string  { return "d:" + id }
func itemKey(id string) string { return "i:" + id }

// entry fields shared by a document and its items.
func common(d *corpus.Document) map[string]interface{} {
	m := map[string]interface{}{fDocID: d.ID, fTitle: d.Title, fSource: d.Source, fBodies: bodies(d)}
	for k, v := range map[string]string{fDocType: d.DocType, fPublisher: d.Publisher, fSubject: d.Subject,
		fLanguage: d.Language, fDateText: d.Date} {
		if v != "" { // an unknown value is absent, not an empty facet
			m[k] = v
		}
	}
	if y := d.Year(); y != "" {
		m[fYear] = y
	}
	if t, ok := parseDate(d.Date, false); ok {
		m[fDate] = t
	}
	return m
}

// facetGroups lists an entry's facet values as "name:value" terms, in the
// groups that get one code each (facetcodes.go).
func facetGroups[K ~string, P ~string](d *corpus.Document, kind K, pol P, addressee, lang string, themes []string) [][]string {
	var shared, own []string
	add := func(out []string, name, v string) []string {
		if v != "" {
			out = append(out, name+":"+v)
		}
		return out
	}
	shared = add(shared, "year", d.Year())
	shared = add(shared, "doc_type", d.DocType)
	shared = add(shared, "publisher", d.Publisher)
	own = add(own, "kind", string(kind))
	own = add(own, "polarity", string(pol))
	own = add(own, "addressee", addressee)
	own = add(own, "language", lang)
	groups := [][]string{shared, add(nil, "subject", d.Subject), own}
	for _, t := range themes {
		if len(themes) <= maxThemesInCode {
			groups[2] = add(groups[2], "theme", t)
		} else {
			groups = append(groups, add(nil, "theme", t))
		}
	}
	return groups
}

// maxThemesInCode is the most themes an entry's kind and polarity share a
// code with; more (a document's) get a code each.
const maxThemesInCode = 3

// bodies lists every name of the bodies a document is by or about or
// names, so a search for one name finds the others (CIW finds CSSIW).
func bodies(d *corpus.Document) []string {
	seen := map[string]bool{}
	var names []string
	add := func(n string) {
		if k := bodyKey(n); k != "" && !seen[k] {
			seen[k] = true
			names = append(names, k)
		}
	}
	add(d.Publisher)
	add(d.Subject)
	for _, e := range d.Entities {
		if e.Kind == "body" {
			add(e.Name)
		}
	}
	return names
}

// addresseeName is how an addressee is filed: a public body under its
// canonical name ("CQC" is the Care Quality Commission), anyone else as
// the item names them, less a leading "the".
func addresseeName(a string) string {
	a = strings.TrimSpace(a)
	if a == "" {
		return ""
	}
	if names := corpus.BodyNames(a); len(names) > 1 {
		return names[0]
	}
	if t := strings.TrimPrefix(strings.TrimPrefix(a, "the "), "The "); t != "" {
		a = strings.ToUpper(t[:1]) + t[1:]
	}
	return a
}

// bodyKey is the term a body is indexed under, whichever of its names is
// given: its canonical name in lower case.
func bodyKey(name string) string {
	return strings.ToLower(strings.TrimSpace(corpus.BodyNames(name)[0]))
}

// PutAll indexes documents with their items (items[i] are docs[i]'s) in
// one batch per shard.
func (ix *Index) PutAll(ctx context.Context, docs []*corpus.Document, items [][]corpus.Item) error {
	bs := ix.newBatches()
	for i, d := range docs {
		if err := ix.addToBatch(bs, d, items[i]); err != nil {
			return err
		}
	}
	return ix.commitAll(bs)
}

// Put indexes a document and its items in one batch, deleting the items
// it had before, so a re-extracted document is replaced atomically.
func (ix *Index) Put(ctx context.Context, d *corpus.Document, items []corpus.Item) error {
	return ix.PutAll(ctx, []*corpus.Document{d}, [][]corpus.Item{items})
}

// addToBatch adds a document's entries (and the deletion of its old items).
func (ix *Index) addToBatch(bs batches, d *corpus.Document, items []corpus.Item) error {
	b := bs[ix.shardOf(d.ID)]
	if err := ix.dropStale(b, d.ID, items); err != nil {
		return err
	}
	return ix.addEntries(b, d, items)
}

// dropStale deletes, in b, the indexed items of a document that items
// does not hold.
func (ix *Index) dropStale(b *bleve.Batch, docID string, items []corpus.Item) error {
	if ix.fresh {
		return nil
	}
	old, err := ix.itemKeys(docID)
	if err != nil {
		return err
	}
	keep := map[string]bool{}
	for _, it := range items {
		keep[itemKey(it.ID)] = true
	}
	for _, k := range old {
		if !keep[k] {
			b.Delete(k)
		}
	}
	return nil
}

// remove deletes, in bs, a document and its items.
func (ix *Index) remove(bs batches, docID string) error {
	b := bs[ix.shardOf(docID)]
	if err := ix.dropStale(b, docID, nil); err != nil {
		return err
	}
	b.Delete(docKey(docID))
	return nil
}

// addLarge indexes a document with more items than a batch holds: its
// items in batches of their own, then the document with the removal of
// the items it no longer has, so that memory follows the batch, not the
// document. Item keys are the items' own: a run killed between the
// batches leaves entries the next run overwrites.
func (ix *Index) addLarge(d *corpus.Document, items []corpus.Item) error {
	themes := map[string]bool{}
	for k := 0; k < len(items); k += BatchSize {
		bs := ix.newBatches()
		if err := ix.addItems(bs[ix.shardOf(d.ID)], d, items[k:min(k+BatchSize, len(items))], themes); err != nil {
			return err
		}
		if err := ix.commitAll(bs); err != nil {
			return err
		}
	}
	bs := ix.newBatches()
	b := bs[ix.shardOf(d.ID)]
	if err := ix.dropStale(b, d.ID, items); err != nil {
		return err
	}
	if err := ix.addDocument(b, d, themes); err != nil {
		return err
	}
	return ix.commitAll(bs)
}

// addEntries adds the entries of a document and its items to a batch.
func (ix *Index) addEntries(b *bleve.Batch, d *corpus.Document, items []corpus.Item) error {
	themes := map[string]bool{}
	if err := ix.addItems(b, d, items, themes); err != nil {
		return err
	}
	return ix.addDocument(b, d, themes)
}

// addItems adds the entries of items of d to a batch, and their themes to
// themes.
func (ix *Index) addItems(b *bleve.Batch, d *corpus.Document, items []corpus.Item, themes map[string]bool) error {
	var pairText map[string]string // a bilingual item's words in the other language
	for _, it := range items {
		if it.Pair != "" {
			if pairText == nil {
				pairText = map[string]string{}
			}
			pairText[it.ID] = it.Text
		}
	}
	for _, it := range items {
		m := common(d)
		m[fType] = TypeItem
		m[fItemID] = it.ID
		m[fText] = it.Text // stored: the hit's text and its highlight
		m[fSection] = it.Section
		m[fKind] = string(it.Kind)
		if it.Polarity != "" {
			m[fPolarity] = string(it.Polarity)
		}
		m[fThemes] = it.Themes
		m[fCue] = it.Cue
		if it.Number != "" {
			m[fNumber] = it.Number
		}
		addressee := addresseeName(it.Addressee)
		if addressee != "" {
			m[fAddressee] = addressee
		}
		lang := it.Lang
		if lang == "" {
			lang = langAt(d, it.Span.Start)
		}
		if lang != "" {
			m[fLanguage] = lang
		}
		if lang == "cy" {
			m[fTextCy] = it.Text
		}
		// found by the words of either language: the other's words are
		// searched with it (not shown)
		if other, ok := pairText[it.Pair]; ok {
			if lang == "cy" {
				m[fPairText] = other
			} else {
				m[fTextCy] = other
			}
		}
		m[fFacets] = ix.facets.encode(facetGroups(d, it.Kind, it.Polarity, addressee, lang, it.Themes)...)
		m[fPage] = float64(it.Page)
		m[fStart] = float64(it.Span.Start)
		m[fEnd] = float64(it.Span.End)
		if err := b.Index(itemKey(it.ID), m); err != nil {
			return fmt.Errorf("index item %s: %w", it.ID, err)
		}
		for _, t := range it.Themes {
			themes[t] = true
		}
	}
	return nil
}

// addDocument adds the entry of d itself, with its items' themes.
func (ix *Index) addDocument(b *bleve.Batch, d *corpus.Document, themes map[string]bool) error {
	m := common(d)
	m[fType] = TypeDocument
	text := d.Text
	if len(text) > corpus.MaxSearchedText {
		text, _ = splitHead(text, corpus.MaxSearchedText) // the read warned of it
	}
	m[fText], m[fRest] = splitHead(text, storedHead)
	m[fSnippet] = opening(d.Text, 300)
	var ts []string
	for t := range themes {
		ts = append(ts, t)
	}
	m[fThemes] = ts
	if cy := welshText(d, text); cy != "" {
		m[fTextCy] = cy
	}
	m[fFacets] = ix.facets.encode(facetGroups(d, TypeDocument, "", "", d.Language, ts)...)
	if err := b.Index(docKey(d.ID), m); err != nil {
		return fmt.Errorf("index document %s: %w", d.ID, err)
	}
	return nil
}

// langAt is the language of the text at offset in d: its block's, where
// the document marks its blocks' languages, else the document's.
func langAt(d *corpus.Document, offset int) string {
	for _, b := range d.Blocks {
		if b.Span.Start <= offset && offset < b.Span.End {
			if b.Lang != "" {
				return b.Lang
			}
			break
		}
	}
	return d.Language
}

// welshText is the Welsh in a document's searched text: all of it for a
// Welsh document, its Welsh blocks for a bilingual one.
func welshText(d *corpus.Document, text string) string {
	if d.Language == "cy" {
		return text
	}
	var b strings.Builder
	for _, bl := range d.Blocks {
		if bl.Lang == "cy" && bl.Span.End <= len(text) {
			b.WriteString(text[bl.Span.Start:bl.Span.End])
			b.WriteString("\n\n")
		}
	}
	return b.String()
}

// storedHead is how much of a document's text the index stores (with term
// vectors, for highlighting); the rest is searched but not stored, so a
// hit on a 300-page report does not load and decompress all of it.
const storedHead = 16 << 10

// splitHead cuts text at a space near n bytes: the head and the rest.
func splitHead(text string, n int) (string, string) {
	if len(text) <= n {
		return text, ""
	}
	cut := n
	if i := strings.LastIndexAny(text[:n], " \n\f"); i > n/2 {
		cut = i
	}
	return text[:cut], text[cut:]
}

// itemKeys returns the keys of the items indexed for a document.
func (ix *Index) itemKeys(docID string) ([]string, error) {
	q := query.NewConjunctionQuery([]query.Query{termQuery(fDocID, docID), termQuery(fType, TypeItem)})
	req := bleve.NewSearchRequestOptions(q, 100000, 0, false)
	res, err := ix.shards[ix.shardOf(docID)].Search(req)
	if err != nil {
		return nil, fmt.Errorf("find items of %s: %w", docID, err)
	}
	keys := make([]string, 0, len(res.Hits))
	for _, h := range res.Hits {
		keys = append(keys, h.ID)
	}
	return keys, nil
}

func termQuery(field, term string) query.Query {
	q := query.NewTermQuery(term)
	q.SetField(field)
	return q
}

// parseDate reads YYYY, YYYY-MM or YYYY-MM-DD; end chooses the last day of
// a partial date instead of the first.
func parseDate(s string, end bool) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02", "2006-01", "2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			if end {
				switch layout {
				case "2006-01":
					t = t.AddDate(0, 1, -1)
				case "2006":
					t = t.AddDate(1, 0, -1)
				}
			}
			return t, true
		}
	}
	return time.Time{}, false
}

// opening returns about n bytes from the start of text, cut at a word.
func opening(text string, n int) string {
	text = strings.Join(strings.Fields(text[:min(len(text), n*2)]), " ")
	if len(text) <= n {
		return text
	}
	cut := strings.LastIndexByte(text[:n], ' ')
	if cut < n/2 {
		cut = n
	}
	return text[:cut] + "…"
}

// Entry is a document with its items, for Load.
type Entry struct {
	Doc   *corpus.Document
	Items []corpus.Item
}

// Load adds many documents to an index that does not hold them yet (a
// bulk build: nothing is looked up to be replaced), in batches.
func (ix *Index) Load(ctx context.Context, entries []Entry) error {
	bs := ix.newBatches()
	for _, e := range entries {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := ix.addEntries(bs[ix.shardOf(e.Doc.ID)], e.Doc, e.Items); err != nil {
			return err
		}
		if bs.size() >= BatchSize*len(bs) {
			if err := ix.commitAll(bs); err != nil {
				return err
			}
			bs = ix.newBatches()
		}
	}
	return ix.commitAll(bs)
}
