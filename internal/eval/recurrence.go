package eval

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
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
}

// RecurrenceReport is the pairwise score of linking.
type RecurrenceReport struct {
	Threshold  float64    `json:"threshold"`
	Pairs      Score      `json:"pairs"`
	FalseLinks []LinkPair `json:"worst_false_links"`
	Missed     []LinkPair `json:"missed_links"`
}

// LinkPair is a pair of recommendations.
type LinkPair struct {
	A     string  `json:"a"`
	B     string  `json:"b"`
	TextA string  `json:"text_a"`
	TextB string  `json:"text_b"`
	Score float64 `json:"score"`
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
					Themes: themes(r.Text)})
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

// StoreRecurrence maps the hand-judged threads of dir onto what the
// pipeline made of the labelled reports in st (ingest them first): each
// label's recommendations are paired one to one with the recommendation
// items of its document (the document id is the file's sha256) by their
// words, as the extraction score pairs them. It returns the store's
// recommendations of those documents as trace inputs, built as the trace
// command builds them (with the subjects ingest found), and the gold pairs
// in item ids; a labelled recommendation with no item stays in the gold
// under its label id, so that its pairs count as missed. unmatched is the
// number of such recommendations; absent, the labelled reports not in st.
func StoreRecurrence(ctx context.Context, st *corpus.Store, dir string) (in []trace.Input, gold map[[2]string]bool, unmatched, absent int, err error) {
	golds, err := readRecurrence(dir)
	if err != nil {
		return nil, nil, 0, 0, err
	}
	labels, err := LoadLabels(filepath.Join(dir, "..", "labels"))
	if err != nil {
		return nil, nil, 0, 0, err
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
		return nil, nil, 0, 0, err
	}
	id := map[string]string{} // "label file#index" -> item id
	for _, doc := range slices.Sorted(maps.Keys(byDoc)) {
		l := byDoc[doc]
		if len(items[doc]) == 0 {
			absent++
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
		unmatched += len(goldTexts) - len(pairs)
		in = append(in, items[doc]...)
	}
	return in, goldPairs(golds, id), unmatched, absent, nil
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
	res := trace.Trace(in, nil, o, 1)
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
	rep := RecurrenceReport{Threshold: o.Threshold}
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
	// the worst false links are the least alike: sort by word overlap, ascending
	sort.Slice(rep.FalseLinks, func(a, b int) bool { return rep.FalseLinks[a].Score < rep.FalseLinks[b].Score })
	sort.Slice(rep.Missed, func(a, b int) bool { return rep.Missed[a].A+rep.Missed[a].B < rep.Missed[b].A+rep.Missed[b].B })
	return rep
}
