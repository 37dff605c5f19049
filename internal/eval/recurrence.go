package eval

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
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
	paths, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	if len(paths) == 0 {
		return nil, nil, fmt.Errorf("no recurrence files in %s", dir)
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
	gold := map[[2]string]bool{}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, nil, err
		}
		var g RecurrenceGold
		if err := json.Unmarshal(data, &g); err != nil {
			return nil, nil, fmt.Errorf("read %s: %w", p, err)
		}
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
		for _, t := range g.Threads {
			for a := 0; a < len(t.Members); a++ {
				for b := a + 1; b < len(t.Members); b++ {
					ma, mb := t.Members[a], t.Members[b]
					if ma.File == mb.File {
						continue // pairs are scored across reports
					}
					gold[pairKey(fmt.Sprintf("%s#%d", ma.File, ma.Index), fmt.Sprintf("%s#%d", mb.File, mb.Index))] = true
				}
			}
		}
	}
	sort.Slice(in, func(a, b int) bool { return in[a].ItemID < in[b].ItemID })
	return in, gold, nil
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
