package trace

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/scrutineer/scrutineer/corpus"
)

// Threads are stored, not recomputed per request. After ingest, sync or
// rederive, the commands bring the stored threads up to date (the default
// selection: recommendations, threads of two documents or more), and the
// server reads them while the store is unchanged. A selection (a
// publisher, dates) is traced on request.
//
// Items link only within their subject, so the store keeps each subject's
// threads under a key of its own ("subject:powys"), with a fingerprint of
// the subject's items, and the sum of the subjects' term counts (what a
// word's rarity is measured against: the whole store). An update traces
// again only the subjects whose items changed, weighed against the whole
// store's counts as they are now; tracing one subject against them gives
// exactly the threads that tracing the whole store would
// (TestSubjectAtATimeIsTheWhole). The other subjects keep threads weighed
// against the counts of their last trace, until the store has grown or
// shrunk by a tenth since: then they are traced again too.

// Keys of the stored traces.
const (
	storedKey    = "all"      // the whole store's trace
	subjectStore = "subject:" // prefix of one subject's
	termsKey     = "terms"    // the sum of the subjects' term counts
)

// restale is the change in the number of items, as a share, past which a
// subject traced against the old counts is traced again.
const restale = 0.1

// storedFormat changes when what a subject's stored trace means changes;
// with the rules files it is part of every fingerprint.
const storedFormat = "2" // 2: members carry what a response said of them

// modelPrint is the part of a subject's fingerprint that is not its items:
// the linker, concepts and patterns its threads were made with.
var modelPrint = func() string {
	h := sha256.New()
	h.Write([]byte(storedFormat))
	h.Write(linkerJSON)
	h.Write([]byte(conceptRules))
	h.Write([]byte(patternRules))
	return hex.EncodeToString(h.Sum(nil))[:16]
}()

// subjectTrace is what the store keeps of one subject.
type subjectTrace struct {
	Terms    *Background `json:"terms"`
	Threads  []Thread    `json:"threads"`
	Mentions []Mention   `json:"mentions"`
}

// Update says what an update of the stored threads did.
type Update struct {
	Items    int      `json:"items"`
	Subjects int      `json:"subjects"`
	Traced   []string `json:"traced"`  // subjects traced again
	Dropped  int      `json:"dropped"` // subjects no longer in the store
}

// StoreThreads brings the store's threads up to date and keeps them in it.
func StoreThreads(ctx context.Context, st *corpus.Store) (Result, error) {
	res, _, err := UpdateThreads(ctx, st, false)
	return res, err
}

// UpdateThreads traces again the subjects whose items changed since the
// stored threads were made (all of them with rebuild) and stores the
// result, the whole store's threads among it, in one transaction.
func UpdateThreads(ctx context.Context, st *corpus.Store, rebuild bool) (Result, Update, error) {
	gen, err := wholeGeneration(ctx, st)
	if err != nil {
		return Result{}, Update{}, err
	}
	in, err := Inputs(ctx, st, Selection{})
	if err != nil {
		return Result{}, Update{}, err
	}
	u := newUpdate(in)
	if err := u.plan(ctx, st, rebuild); err != nil {
		return Result{}, Update{}, err
	}
	rows, err := u.trace(ctx, st)
	if err != nil {
		return Result{}, Update{}, err
	}
	res, err := u.whole(ctx, st, in)
	if err != nil {
		return Result{}, Update{}, err
	}
	body, err := json.Marshal(res)
	if err != nil {
		return res, Update{}, fmt.Errorf("store threads: %w", err)
	}
	rows = append(rows, corpus.TraceRow{Key: storedKey, Generation: gen, Body: body})
	if err := st.SaveTraces(ctx, rows, u.dropped); err != nil {
		return res, Update{}, err
	}
	return res, Update{Items: len(in), Subjects: len(u.keys), Traced: u.traced, Dropped: len(u.dropped)}, nil
}

// update is one update of the stored threads under way.
type update struct {
	keys    []string           // subject keys, sorted
	inputs  map[string][]Input // by subject key, in the store's order
	prints  map[string]string  // fingerprint of each subject's items
	total   *Background        // the whole store's term counts, as they will be
	terms   map[string]*Background
	redo    map[string]bool // subjects to trace again
	traced  []string
	dropped []string // keys of subjects gone from the store
	made    map[string]subjectTrace
}

func newUpdate(in []Input) *update {
	u := &update{inputs: map[string][]Input{}, prints: map[string]string{}, terms: map[string]*Background{},
		redo: map[string]bool{}, made: map[string]subjectTrace{}}
	for _, it := range in {
		k := subjectKey(it.Subject)
		if _, ok := u.inputs[k]; !ok {
			u.keys = append(u.keys, k)
		}
		u.inputs[k] = append(u.inputs[k], it)
	}
	sort.Strings(u.keys)
	for _, k := range u.keys {
		h := sha256.New()
		h.Write([]byte(modelPrint))
		for _, it := range u.inputs[k] {
			b, _ := json.Marshal(it)
			h.Write(b)
		}
		u.prints[k] = hex.EncodeToString(h.Sum(nil))[:32]
	}
	return u
}

// plan decides which subjects to trace again and counts the whole store's
// terms: the stored sum, less the old counts of the subjects that changed
// or left, plus their new counts.
func (u *update) plan(ctx context.Context, st *corpus.Store, rebuild bool) error {
	have, err := st.TraceGenerations(ctx, subjectStore)
	if err != nil {
		return err
	}
	total, ok, err := storedTotal(ctx, st, have)
	if err != nil {
		return err
	}
	if rebuild || !ok {
		total = &Background{DF: map[string]int32{}}
	}
	for key := range have {
		k := strings.TrimPrefix(key, subjectStore)
		_, still := u.inputs[k]
		if still && !rebuild && ok && printOf(have[key]) == u.prints[k] {
			continue
		}
		if !still {
			u.dropped = append(u.dropped, key)
		}
		if !rebuild && ok { // take its old counts out of the sum
			old, err := storedSubject(ctx, st, key)
			if err != nil {
				return err
			}
			total.Add(old.Terms.negated())
		}
	}
	for _, k := range u.keys {
		g, stored := have[subjectStore+k]
		if rebuild || !ok || !stored || printOf(g) != u.prints[k] {
			u.redo[k] = true
			u.terms[k] = CountTerms(u.inputs[k])
			total.Add(u.terms[k])
		}
	}
	total.prune()
	u.total = total
	for _, k := range u.keys { // weighed against counts far from today's
		if g, stored := have[subjectStore+k]; stored && !u.redo[k] && stale(weighedOf(g), total.N) {
			u.redo[k] = true
		}
	}
	sort.Strings(u.dropped)
	return nil
}

// storedTotal is the stored sum of the subjects' term counts; ok is false
// when there is none (a store traced by an earlier version, or never).
func storedTotal(ctx context.Context, st *corpus.Store, have map[string]string) (*Background, bool, error) {
	_, body, err := st.Trace(ctx, termsKey)
	if errors.Is(err, corpus.ErrNotFound) || len(have) == 0 {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	var b Background
	if err := json.Unmarshal(body, &b); err != nil || b.DF == nil {
		return nil, false, nil // traced again from scratch
	}
	return &b, true, nil
}

// storedSubject reads one subject's stored trace.
func storedSubject(ctx context.Context, st *corpus.Store, key string) (subjectTrace, error) {
	_, body, err := st.Trace(ctx, key)
	if err != nil {
		return subjectTrace{}, err
	}
	var s subjectTrace
	if err := json.Unmarshal(body, &s); err != nil {
		return s, fmt.Errorf("stored trace %s: %w", key, err)
	}
	if s.Terms == nil {
		s.Terms = &Background{DF: map[string]int32{}}
	}
	return s, nil
}

// trace traces the subjects planned against the whole store's counts and
// returns their rows and the sum's.
func (u *update) trace(ctx context.Context, st *corpus.Store) ([]corpus.TraceRow, error) {
	var rows []corpus.TraceRow
	for _, k := range u.keys {
		if !u.redo[k] {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		docs, err := docTexts(ctx, st, u.inputs[k])
		if err != nil {
			return nil, err
		}
		res := Trace(u.inputs[k], docs, Options{Background: u.total}, 2)
		terms := u.terms[k]
		if terms == nil {
			terms = CountTerms(u.inputs[k])
		}
		s := subjectTrace{Terms: terms, Threads: res.Threads, Mentions: res.Mentions}
		body, err := json.Marshal(s)
		if err != nil {
			return nil, fmt.Errorf("store threads of %q: %w", k, err)
		}
		u.made[k] = s
		u.traced = append(u.traced, k)
		rows = append(rows, corpus.TraceRow{Key: subjectStore + k,
			Generation: u.prints[k] + "|" + strconv.Itoa(u.total.N), Body: body})
	}
	body, err := json.Marshal(u.total)
	if err != nil {
		return nil, fmt.Errorf("store term counts: %w", err)
	}
	return append(rows, corpus.TraceRow{Key: termsKey, Generation: strconv.Itoa(u.total.N), Body: body}), nil
}

// whole is the whole store's trace: every subject's threads and mentions,
// and the theme by year matrix of all the items.
func (u *update) whole(ctx context.Context, st *corpus.Store, in []Input) (Result, error) {
	res := Result{Matrix: BuildMatrix(in), Threads: []Thread{}, Mentions: []Mention{}}
	for _, k := range u.keys {
		s, ok := u.made[k]
		if !ok {
			var err error
			if s, err = storedSubject(ctx, st, subjectStore+k); err != nil {
				return Result{}, err
			}
		}
		res.Threads = append(res.Threads, s.Threads...)
		res.Mentions = append(res.Mentions, s.Mentions...)
	}
	sortThreads(res.Threads)
	return res, nil
}

// docTexts are the texts of the inputs' documents, to find explicit
// mentions of earlier recommendations in.
func docTexts(ctx context.Context, st *corpus.Store, in []Input) ([]DocText, error) {
	docs := []DocText{}
	seen := map[string]bool{}
	for _, it := range in {
		if seen[it.DocID] {
			continue
		}
		seen[it.DocID] = true
		d, err := st.Document(ctx, it.DocID)
		if err != nil {
			return nil, err
		}
		docs = append(docs, DocText{DocID: d.ID, Date: d.Date, Subject: d.Subject, Text: d.Text, Title: d.Title, DocType: d.DocType})
	}
	return docs, nil
}

// printOf and weighedOf read a subject's stored generation: the
// fingerprint of its items and the number of items its rarity was
// measured over.
func printOf(gen string) string {
	p, _, _ := strings.Cut(gen, "|")
	return p
}

func weighedOf(gen string) int {
	_, n, _ := strings.Cut(gen, "|")
	v, _ := strconv.Atoi(n)
	return v
}

// stale says whether counts over then items are too far from counts over
// now items to weigh a subject's threads by.
func stale(then, now int) bool {
	return math.Abs(float64(now-then)) > restale*float64(max(then, 1))
}

// negated is b with its counts negated, to take a subject's old counts
// out of a sum.
func (b *Background) negated() *Background {
	out := &Background{N: -b.N, DF: make(map[string]int32, len(b.DF))}
	for t, d := range b.DF {
		out.DF[t] = -d
	}
	return out
}

// prune drops the terms no item holds any more.
func (b *Background) prune() {
	for t, d := range b.DF {
		if d <= 0 {
			delete(b.DF, t)
		}
	}
}

// ThreadsStored says whether the whole store's trace is stored as of its
// present state, without reading the threads.
func ThreadsStored(ctx context.Context, st *corpus.Store) (bool, error) {
	gen, err := st.TraceGeneration(ctx, storedKey)
	if errors.Is(err, corpus.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	now, err := wholeGeneration(ctx, st)
	return err == nil && now == gen, err
}

// storedBody is the stored trace's JSON when it was made at the store's
// current generation.
func storedBody(ctx context.Context, st *corpus.Store) ([]byte, bool, error) {
	gen, body, err := st.Trace(ctx, storedKey)
	if errors.Is(err, corpus.ErrNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	now, err := wholeGeneration(ctx, st)
	if err != nil || now != gen {
		return nil, false, err
	}
	return body, true, nil
}

// wholeGeneration is what the whole store's stored trace is current for:
// the store's generation, and the linker, concepts and patterns it was
// made with (a new version of the rules traces again what an older made).
func wholeGeneration(ctx context.Context, st *corpus.Store) (string, error) {
	gen, err := st.Generation(ctx)
	return gen + "|" + modelPrint, err
}

// StoredThreads returns the stored trace of the whole store when it was
// made at the store's current generation; ok is false when there is none
// or the store has changed since.
func StoredThreads(ctx context.Context, st *corpus.Store) (res Result, ok bool, err error) {
	body, ok, err := storedBody(ctx, st)
	if !ok || err != nil {
		return Result{}, false, err
	}
	if err := json.Unmarshal(body, &res); err != nil {
		return Result{}, false, fmt.Errorf("stored threads: %w", err)
	}
	return res, true, nil
}

// StoredSubject returns the stored threads of the subjects a selection by
// subject alone names (ok is false for any other selection, or when the
// stored threads are not up to date): the threads the whole store's trace
// has for them, read rather than traced, with the matrix of their items.
func StoredSubject(ctx context.Context, st *corpus.Store, sel Selection) (res Result, ok bool, err error) {
	if sel.Subject == "" || sel.Publisher != "" || sel.DocType != "" || sel.From != "" || sel.To != "" ||
		sel.Concerns || sel.Strengths {
		return Result{}, false, nil
	}
	if ok, err := ThreadsStored(ctx, st); !ok || err != nil {
		return Result{}, false, err
	}
	in, err := Inputs(ctx, st, sel)
	if err != nil {
		return Result{}, false, err
	}
	res = Result{Matrix: BuildMatrix(in), Threads: []Thread{}, Mentions: []Mention{}}
	seen := map[string]bool{}
	for _, it := range in {
		k := subjectKey(it.Subject)
		if seen[k] {
			continue
		}
		seen[k] = true
		s, err := storedSubject(ctx, st, subjectStore+k)
		if errors.Is(err, corpus.ErrNotFound) {
			return Result{}, false, nil
		}
		if err != nil {
			return Result{}, false, err
		}
		res.Threads = append(res.Threads, s.Threads...)
		res.Mentions = append(res.Mentions, s.Mentions...)
	}
	sortThreads(res.Threads)
	return res, true, nil
}

// SubjectThreads are the threads of the subjects named, each by any of
// its names ("" for the documents that name none): the stored ones while
// they are current, traced now when they are not (the last trace failed,
// or none was made).
func SubjectThreads(ctx context.Context, st *corpus.Store, subjects ...string) ([]Thread, error) {
	out, ok, err := StoredSubjectThreads(ctx, st, subjects...)
	if ok || err != nil {
		return out, err
	}
	keys, err := subjectKeys(ctx, st, subjects)
	if err != nil {
		return nil, err
	}
	by := map[string][]Input{}
	err = st.ItemRows(ctx, func(r corpus.ItemRow) error {
		if k := subjectKey(r.Subject); keys[k] && (Selection{}).Keep(r) {
			by[k] = append(by[k], InputOf(r))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out = []Thread{}
	for _, in := range by {
		out = append(out, Trace(in, nil, Options{}, 2).Threads...)
	}
	sortThreads(out)
	return out, nil
}

// StoredSubjectThreads are the stored threads of the subjects named, each
// by any of its names ("" for the documents that name none); ok is false
// when the stored threads are not current.
func StoredSubjectThreads(ctx context.Context, st *corpus.Store, subjects ...string) (threads []Thread, ok bool, err error) {
	if ok, err := ThreadsStored(ctx, st); !ok || err != nil {
		return nil, false, err
	}
	keys, err := subjectKeys(ctx, st, subjects)
	if err != nil {
		return nil, false, err
	}
	out := []Thread{}
	for k := range keys {
		s, err := storedSubject(ctx, st, subjectStore+k)
		if errors.Is(err, corpus.ErrNotFound) {
			continue // no recommendations of it, so no threads
		}
		if err != nil {
			return nil, false, err
		}
		out = append(out, s.Threads...)
	}
	sortThreads(out)
	return out, true, nil
}

// subjectKeys are the keys of the stored subjects the names stand for, as
// search's filters resolve them, and of the names themselves.
func subjectKeys(ctx context.Context, st *corpus.Store, names []string) (map[string]bool, error) {
	keys := map[string]bool{}
	var named []string
	for _, n := range names {
		keys[subjectKey(n)] = true
		if n != "" {
			named = append(named, n)
		}
	}
	stored, err := resolveNames(ctx, st, "subject", named...)
	for v := range stored {
		keys[subjectKey(v)] = true
	}
	return keys, err
}
