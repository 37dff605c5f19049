package eval

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/scrutineer/scrutineer/corpus"
	"github.com/scrutineer/scrutineer/trace"
)

// RecurrenceGold is one council's hand-judged threads.
type RecurrenceGold struct {
	Subject string `json:"subject"`
	Threads []struct {
		Issue   string `json:"issue"`
		Members []struct {
			File  string `json:"file"`
			Index int    `json:"index"`
		} `json:"members"`
	} `json:"threads"`
	Mentions []struct {
		File     string `json:"file"`
		Quote    string `json:"quote"`
		RefersTo string `json:"refers_to"`
	} `json:"explicit_mentions"`
}

// MentionGold is a hand-found mention of an earlier inspection's
// recommendations, in the pipeline's ids: the document that says it, the
// earlier document it points back to ("" when that is not in the corpus)
// and the recommendations of it that it names (none when it speaks of
// them as a whole).
type MentionGold struct {
	DocID   string
	Quote   string
	Earlier string
	Items   map[string]bool
}

// MentionScore is how the mentions trace found compare with the gold.
type MentionScore struct {
	Gold        int      `json:"gold"`
	Found       int      `json:"found"`         // gold quotes trace found
	EarlierOK   int      `json:"earlier_right"` // of those, pointed back to the right document (or to none, rightly)
	Named       int      `json:"named"`         // found gold mentions that name recommendations of the earlier document
	ItemOK      int      `json:"item_right"`    // of those, linked to one of them
	Other       int      `json:"other"`         // mentions found in the same documents that match no gold quote
	OtherQuotes []string `json:"other_quotes,omitempty"`
}

// RecurrenceReport is the pairwise score of linking.
type RecurrenceReport struct {
	Threshold  float64    `json:"threshold"`
	Pairs      Score      `json:"pairs"`
	FalseLinks []LinkPair `json:"worst_false_links"`
	Missed     []LinkPair `json:"missed_links"`
	// Mentions scores the explicit mentions found (scored on the
	// pipeline's store, whose documents' texts are at hand).
	Mentions *MentionScore `json:"mentions,omitempty"`
	// ByCouncil is the pairwise score of each council's threads.
	ByCouncil map[string]*Score `json:"by_council"`
	// Earlier scores "was this recommended before?": for each item with
	// an earlier member in its gold thread, whether one of them is among
	// the first one and three items trace.Earlier gives.
	Earlier EarlierScore `json:"earlier"`
}

// EarlierScore is recall at 1 and 3 of an earlier gold member.
type EarlierScore struct {
	Asked   int     `json:"asked"`
	At1     int     `json:"at1"`
	At3     int     `json:"at3"`
	Recall1 float64 `json:"recall_at_1"`
	Recall3 float64 `json:"recall_at_3"`
}

// ScoreEarlier asks trace.Earlier about every item that has an earlier
// member in its gold thread (a gold pair across reports, the other
// dated before it).
func ScoreEarlier(in []trace.Input, gold map[[2]string]bool) EarlierScore {
	return scoreEarlier(in, gold, trace.NewFinder(in), "")
}

// scoreEarlier is ScoreEarlier with the finder f, asking only about the
// items of subject (all, when "").
func scoreEarlier(in []trace.Input, gold map[[2]string]bool, f *trace.Finder, subject string) EarlierScore {
	date, of := map[string]string{}, map[string]string{}
	for _, it := range in {
		date[it.ItemID], of[it.ItemID] = it.Date, it.Subject
	}
	earlier := map[string]map[string]bool{} // item -> its earlier gold partners
	for p := range gold {
		a, b := p[0], p[1]
		if date[a] > date[b] {
			a, b = b, a
		}
		if date[a] == "" || date[a] >= date[b] {
			continue
		}
		if earlier[b] == nil {
			earlier[b] = map[string]bool{}
		}
		earlier[b][a] = true
	}
	var s EarlierScore
	for _, item := range slices.Sorted(maps.Keys(earlier)) {
		if subject != "" && of[item] != subject {
			continue
		}
		s.Asked++
		for k, e := range f.Earlier(item, 3) {
			if earlier[item][e.ItemID] {
				if k == 0 {
					s.At1++
				}
				s.At3++
				break
			}
		}
	}
	s.compute()
	return s
}

func (s *EarlierScore) compute() {
	if s.Asked > 0 {
		s.Recall1, s.Recall3 = float64(s.At1)/float64(s.Asked), float64(s.At3)/float64(s.Asked)
	}
}

// add accumulates another score's counts.
func (s *EarlierScore) add(o EarlierScore) {
	s.Asked += o.Asked
	s.At1 += o.At1
	s.At3 += o.At3
	s.compute()
}

// LinkPair is a pair of recommendations.
type LinkPair struct {
	A     string `json:"a"`
	B     string `json:"b"`
	TextA string `json:"text_a"`
	TextB string `json:"text_b"`
	// Score is the plain word overlap of the two texts (Similarity).
	Score float64 `json:"score"`
	// Trace is the score trace's linking gives the pair.
	Trace float64 `json:"trace_score"`
}

// RecurrenceInputs reads the gold files of dir and the label files beside
// them (../labels) and returns the labelled recommendations as trace inputs
// (item id "file#index"), with the gold pairs.
func RecurrenceInputs(dir string, themes func(string) []string) ([]trace.Input, map[[2]string]bool, error) {
	golds, err := readRecurrence(dir)
	if err != nil {
		return nil, nil, err
	}
	labels, err := LoadLabels(filepath.Join(dir, "..", "labels"))
	if err != nil {
		return nil, nil, err
	}
	byFile := map[string]Label{}
	for _, l := range labels {
		byFile[filepath.Base(l.path)] = l
	}
	var in []trace.Input
	for _, g := range golds {
		for file, l := range byFile {
			if !strings.HasPrefix(file, g.Subject+"__") {
				continue
			}
			for i, r := range l.Recommendations {
				in = append(in, trace.Input{ItemID: fmt.Sprintf("%s#%d", file, i), DocID: file, Date: l.Date,
					Subject: g.Subject, Title: file, Kind: corpus.Recommendation, Text: r.Text, Section: r.Section,
					Part: partOf(r.Section), Themes: themes(r.Text)})
			}
		}
	}
	sort.Slice(in, func(a, b int) bool { return in[a].ItemID < in[b].ItemID })
	return in, goldPairs(golds, nil), nil
}

// goldPairs returns the cross-report pairs of the gold threads, each member
// named "label file#index", or by its item id in ids where it has one.
func goldPairs(golds []RecurrenceGold, ids map[string]string) map[[2]string]bool {
	out := map[[2]string]bool{}
	name := func(file string, index int) string {
		k := fmt.Sprintf("%s#%d", file, index)
		if id, ok := ids[k]; ok {
			return id
		}
		return k
	}
	for _, g := range golds {
		for _, t := range g.Threads {
			for a := 0; a < len(t.Members); a++ {
				for b := a + 1; b < len(t.Members); b++ {
					ma, mb := t.Members[a], t.Members[b]
					if ma.File == mb.File {
						continue // pairs are scored across reports
					}
					out[pairKey(name(ma.File, ma.Index), name(mb.File, mb.Index))] = true
				}
			}
		}
	}
	return out
}

// StoreRun is what StoreRecurrenceRun returns.
type StoreRun struct {
	in                []trace.Input
	gold              map[[2]string]bool
	unmatched, absent int
	// Docs are the texts of the labelled documents, for finding mentions.
	Docs []trace.DocText
	// Mentions are the gold mentions, in the store's ids.
	Mentions []MentionGold
}

// Inputs are the store's recommendations of the labelled documents, the
// gold pairs, and the unmatched and absent counts.
func (r StoreRun) Inputs() ([]trace.Input, map[[2]string]bool, int, int) {
	return r.in, r.gold, r.unmatched, r.absent
}

// StoreRecurrenceRun maps the hand-judged threads of dir onto what the
// pipeline made of the labelled reports in st (ingest them first): each
// label's recommendations are paired one to one with the recommendation
// items of its document (the document id is the file's sha256) by their
// words, as the extraction score pairs them. Its inputs are the store's
// recommendations of those documents, built as the trace command builds
// them (with the subjects ingest found), and the gold pairs in item ids; a
// labelled recommendation with no item stays in the gold under its label
// id, so that its pairs count as missed (unmatched counts them; absent,
// the labelled reports not in st). It also holds the documents' texts and
// the gold mentions.
func StoreRecurrenceRun(ctx context.Context, st *corpus.Store, dir string) (StoreRun, error) {
	return storeRecurrence(ctx, st, dir)
}

func storeRecurrence(ctx context.Context, st *corpus.Store, dir string) (StoreRun, error) {
	var run StoreRun
	golds, err := readRecurrence(dir)
	if err != nil {
		return run, err
	}
	labels, err := LoadLabels(filepath.Join(dir, "..", "labels"))
	if err != nil {
		return run, err
	}
	councils := map[string]bool{}
	for _, g := range golds {
		councils[g.Subject] = true
	}
	byDoc := map[string]Label{} // document id -> label, for the councils judged
	for _, l := range labels {
		council, _, _ := strings.Cut(filepath.Base(l.path), "__")
		if councils[council] && l.SHA256 != "" {
			byDoc["sha256:"+l.SHA256] = l
		}
	}
	items := map[string][]trace.Input{} // document id -> its recommendations
	err = st.ItemRows(ctx, func(r corpus.ItemRow) error {
		if _, ok := byDoc[r.DocID]; ok && r.Kind == corpus.Recommendation {
			items[r.DocID] = append(items[r.DocID], trace.InputOf(r))
		}
		return nil
	})
	if err != nil {
		return run, err
	}
	id := map[string]string{}    // "label file#index" -> item id
	docOf := map[string]string{} // label file -> document id
	for _, doc := range slices.Sorted(maps.Keys(byDoc)) {
		l := byDoc[doc]
		docOf[filepath.Base(l.path)] = doc
		if len(items[doc]) == 0 {
			run.absent++
		} else {
			d, err := st.Document(ctx, doc)
			if err != nil {
				return run, err
			}
			run.Docs = append(run.Docs, trace.DocText{DocID: d.ID, Date: d.Date, Subject: d.Subject, Text: d.Text, Title: d.Title, DocType: d.DocType})
		}
		var goldTexts, predTexts []string
		for _, r := range l.Recommendations {
			goldTexts = append(goldTexts, r.Text)
		}
		for _, it := range items[doc] {
			predTexts = append(predTexts, it.Text)
		}
		pairs := Match(goldTexts, predTexts)
		for _, p := range pairs {
			id[fmt.Sprintf("%s#%d", filepath.Base(l.path), p.Gold)] = items[doc][p.Pred].ItemID
		}
		run.unmatched += len(goldTexts) - len(pairs)
		run.in = append(run.in, items[doc]...)
	}
	run.gold = goldPairs(golds, id)
	for _, g := range golds {
		for _, men := range g.Mentions {
			doc, ok := docOf[men.File]
			if !ok {
				continue
			}
			file, indexes := referent(men.RefersTo)
			mg := MentionGold{DocID: doc, Quote: men.Quote, Earlier: docOf[file], Items: map[string]bool{}}
			for _, k := range indexes {
				if it, ok := id[fmt.Sprintf("%s#%d", file, k)]; ok {
					mg.Items[it] = true
				}
			}
			run.Mentions = append(run.Mentions, mg)
		}
	}
	return run, nil
}

var (
	labelFile  = regexp.MustCompile(`[a-z-]+__\d{4}-\d\d-\d\d\.json`)
	indexWords = regexp.MustCompile(`\b(?:index|indices|items?)\s+((?:\d+(?:-\d+)?(?:,\s*|\s+and\s+)?)+)`)
)

// referent reads a gold mention's refers_to: the label file of the
// earlier report, if it is in the corpus, and the indexes of the
// recommendations meant ("index 14", "indices 5 and 2", "LSCB items
// 21-26"). What follows a ";", and indexes "of this report", are about
// the mentioning report, not the earlier one.
func referent(s string) (file string, indexes []int) {
	head, _, _ := strings.Cut(s, ";")
	file = labelFile.FindString(head)
	if file == "" || strings.Contains(head, "this report") {
		return file, nil
	}
	for _, m := range indexWords.FindAllStringSubmatch(head, -1) {
		for _, part := range regexp.MustCompile(`\d+(?:-\d+)?`).FindAllString(m[1], -1) {
			lo, hi, _ := strings.Cut(part, "-")
			a, _ := strconv.Atoi(lo)
			b := a
			if hi != "" {
				b, _ = strconv.Atoi(hi)
			}
			for k := a; k <= b && k-a < 100; k++ {
				indexes = append(indexes, k)
			}
		}
	}
	return file, indexes
}

// ScoreMentions compares the mentions trace found in the labelled
// documents with the gold: a gold quote is found when a mention from its
// document shares most of its words (0.6 of the shorter quote's).
func ScoreMentions(found []trace.Mention, gold []MentionGold) MentionScore {
	sc := MentionScore{Gold: len(gold)}
	docs := map[string]bool{}
	for _, g := range gold {
		docs[g.DocID] = true
	}
	matched := make([]bool, len(found))
	for _, g := range gold {
		gt := Tokens(g.Quote)
		hit, earlierOK, itemOK := false, false, false
		for k, f := range found {
			if f.DocID != g.DocID || containment(gt, Tokens(f.Quote)) < 0.6 {
				continue
			}
			hit, matched[k] = true, true
			earlierOK = earlierOK || f.Earlier == g.Earlier
			itemOK = itemOK || g.Items[f.RefersTo]
		}
		if !hit {
			continue
		}
		sc.Found++
		if earlierOK {
			sc.EarlierOK++
		}
		if len(g.Items) > 0 {
			sc.Named++
			if itemOK {
				sc.ItemOK++
			}
		}
	}
	for k, f := range found {
		if docs[f.DocID] && !matched[k] {
			sc.Other++
			sc.OtherQuotes = append(sc.OtherQuotes, f.Quote)
		}
	}
	return sc
}

// containment is the share of the smaller bag of words found in the other.
func containment(a, b map[string]int) float64 {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(a) == 0 {
		return 0
	}
	n := 0
	for w := range a {
		if b[w] > 0 {
			n++
		}
	}
	return float64(n) / float64(len(a))
}

// readRecurrence reads the gold files of dir.
func readRecurrence(dir string) ([]RecurrenceGold, error) {
	paths, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	if len(paths) == 0 {
		return nil, fmt.Errorf("no recurrence files in %s", dir)
	}
	var out []RecurrenceGold
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		var g RecurrenceGold
		if err := json.Unmarshal(data, &g); err != nil {
			return nil, fmt.Errorf("read %s: %w", p, err)
		}
		out = append(out, g)
	}
	return out, nil
}

func pairKey(a, b string) [2]string {
	if a > b {
		a, b = b, a
	}
	return [2]string{a, b}
}

// EvaluateRecurrence links the inputs and scores the cross-report pairs
// put in one thread against the gold pairs.
func EvaluateRecurrence(in []trace.Input, gold map[[2]string]bool, o trace.Options) RecurrenceReport {
	return EvaluateRecurrenceRun(in, gold, nil, nil, o)
}

// EvaluateRecurrenceRun is EvaluateRecurrence that also looks for
// mentions in the documents' texts and scores them against the gold
// mentions (when docs are given).
func EvaluateRecurrenceRun(in []trace.Input, gold map[[2]string]bool, docs []trace.DocText, mentions []MentionGold, o trace.Options) RecurrenceReport {
	res := trace.Trace(in, docs, o, 1)
	text := map[string]string{}
	for _, it := range in {
		text[it.ItemID] = it.Text
	}
	pred := map[[2]string]bool{}
	for _, t := range res.Threads {
		for a := 0; a < len(t.Members); a++ {
			for b := a + 1; b < len(t.Members); b++ {
				if t.Members[a].DocID != t.Members[b].DocID {
					pred[pairKey(t.Members[a].ItemID, t.Members[b].ItemID)] = true
				}
			}
		}
	}
	o = o.Resolved(len(in))
	rep := RecurrenceReport{Threshold: o.Threshold, Earlier: scoreEarlier(in, gold, trace.NewFinderWith(in, o), "")}
	if docs != nil {
		m := ScoreMentions(res.Mentions, mentions)
		rep.Mentions = &m
	}
	for p := range pred {
		if gold[p] {
			rep.Pairs.TP++
		} else {
			rep.Pairs.FP++
			rep.FalseLinks = append(rep.FalseLinks, LinkPair{A: p[0], B: p[1], TextA: text[p[0]], TextB: text[p[1]],
				Score: Similarity(Tokens(text[p[0]]), Tokens(text[p[1]]))})
		}
	}
	for p := range gold {
		if !pred[p] {
			rep.Pairs.FN++
			rep.Missed = append(rep.Missed, LinkPair{A: p[0], B: p[1], TextA: text[p[0]], TextB: text[p[1]]})
		}
	}
	rep.Pairs.compute()
	// by council (linking never crosses subjects): trace's constants were
	// set by hand on these councils, so these are not held-out figures
	subject := map[string]string{}
	for _, it := range in {
		subject[it.ItemID] = it.Subject
	}
	rep.ByCouncil = map[string]*Score{}
	count := func(p [2]string, tp, fp, fn int) {
		s := subject[p[0]]
		if rep.ByCouncil[s] == nil {
			rep.ByCouncil[s] = &Score{}
		}
		rep.ByCouncil[s].Add(Score{TP: tp, FP: fp, FN: fn})
	}
	for p := range pred {
		if gold[p] {
			count(p, 1, 0, 0)
		} else {
			count(p, 0, 1, 0)
		}
	}
	for p := range gold {
		if !pred[p] {
			count(p, 0, 0, 1)
		}
	}
	// the worst false links are the least alike: sort by word overlap, ascending
	sort.Slice(rep.FalseLinks, func(a, b int) bool { return rep.FalseLinks[a].Score < rep.FalseLinks[b].Score })
	// both with trace's own score; the missed ones nearest the threshold first
	var pairs [][2]string
	for _, ls := range [][]LinkPair{rep.FalseLinks, rep.Missed} {
		for _, l := range ls {
			pairs = append(pairs, [2]string{l.A, l.B})
		}
	}
	scores := trace.PairScores(in, o, pairs)
	for k := range rep.FalseLinks {
		rep.FalseLinks[k].Trace = scores[k]
	}
	for k := range rep.Missed {
		rep.Missed[k].Trace = scores[len(rep.FalseLinks)+k]
	}
	sort.Slice(rep.Missed, func(a, b int) bool {
		ma, mb := rep.Missed[a], rep.Missed[b]
		if ma.Trace != mb.Trace {
			return ma.Trace > mb.Trace
		}
		return ma.A+ma.B < mb.A+mb.B
	})
	return rep
}
