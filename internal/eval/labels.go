package eval

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/scrutineer/scrutineer/corpus"
)

// Label is one gold label file (LABELS.md).
type Label struct {
	File            string     `json:"file"`
	SHA256          string     `json:"sha256"` // of the file: its document id is "sha256:" and this
	DocType         string     `json:"doc_type"`
	Subject         *string    `json:"subject"`
	Date            string     `json:"date"`
	Framework       string     `json:"framework"`
	Recommendations []GoldItem `json:"recommendations"`
	Strengths       []GoldItem `json:"strengths"`
	path            string     // of the label file
}

// GoldItem is one labelled item.
type GoldItem struct {
	Text    string  `json:"text"`
	Section string  `json:"section"`
	Group   *string `json:"group"`
}

// LoadLabels reads every *.json label file in dir.
func LoadLabels(dir string) ([]Label, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("no label files in %s", dir)
	}
	sort.Strings(paths)
	var out []Label
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		var l Label
		if err := json.Unmarshal(data, &l); err != nil {
			return nil, fmt.Errorf("read label %s: %w", p, err)
		}
		l.path = p
		out = append(out, l)
	}
	return out, nil
}

// Extraction reads a file and extracts its items, as the product does.
type Extraction func(ctx context.Context, path string) (*corpus.Document, []corpus.Item, error)

// FileResult is the score of one labelled file.
type FileResult struct {
	Label           string   `json:"label"`
	File            string   `json:"file"`
	Recommendations Score    `json:"recommendations"`
	Strengths       Score    `json:"strengths"`
	Misses          []Miss   `json:"misses,omitempty"`
	FalsePositives  []string `json:"false_positives,omitempty"`
	Err             string   `json:"error,omitempty"`
}

// Miss is a gold item not found, with the closest prediction.
type Miss struct {
	Kind    string  `json:"kind"`
	Gold    string  `json:"gold"`
	Closest string  `json:"closest"`
	Sim     float64 `json:"similarity"`
}

// Report is the whole evaluation.
type Report struct {
	Files           []FileResult `json:"files"`
	Recommendations Score        `json:"recommendations"`
	Strengths       Score        `json:"strengths"`
}

// fromOfficialList says whether an item was found in a list or section
// (rather than by a cue in running text): the items the labels cover.
func fromOfficialList(it corpus.Item) bool {
	return corpus.Listed(it.Cue)
}

// EvaluateLabels scores extraction on every labelled file. The PDFs are
// found by each label's "file", relative to root.
func EvaluateLabels(ctx context.Context, labels []Label, root string, run Extraction) Report {
	var rep Report
	for _, l := range labels {
		fr := FileResult{Label: filepath.Base(l.path), File: l.File}
		var goldRecs, goldStr, predRecs, predStr []string
		for _, g := range l.Recommendations {
			goldRecs = append(goldRecs, g.Text)
		}
		for _, g := range l.Strengths {
			goldStr = append(goldStr, g.Text)
		}
		_, items, err := run(ctx, filepath.Join(root, l.File))
		if err != nil {
			fr.Err = err.Error()
		}
		for _, it := range items {
			if !fromOfficialList(it) {
				continue
			}
			switch {
			case it.Kind == corpus.Recommendation:
				predRecs = append(predRecs, it.Text)
			case it.Polarity == corpus.Strength && strings.HasPrefix(it.Cue, "section:strengths"):
				predStr = append(predStr, it.Text)
			}
		}
		var pairs []Pair
		fr.Recommendations, pairs = ScoreOf(goldRecs, predRecs)
		fr.Misses, fr.FalsePositives = misses("recommendation", goldRecs, predRecs, pairs)
		var sp []Pair
		fr.Strengths, sp = ScoreOf(goldStr, predStr)
		m, fp := misses("strength", goldStr, predStr, sp)
		fr.Misses = append(fr.Misses, m...)
		fr.FalsePositives = append(fr.FalsePositives, fp...)
		rep.Recommendations.Add(fr.Recommendations)
		rep.Strengths.Add(fr.Strengths)
		rep.Files = append(rep.Files, fr)
	}
	return rep
}

func misses(kind string, gold, pred []string, pairs []Pair) ([]Miss, []string) {
	matchedG, matchedP := map[int]bool{}, map[int]bool{}
	for _, p := range pairs {
		matchedG[p.Gold], matchedP[p.Pred] = true, true
	}
	var out []Miss
	for i, g := range gold {
		if matchedG[i] {
			continue
		}
		j, sim := Best(g, pred)
		m := Miss{Kind: kind, Gold: g, Sim: sim}
		if j >= 0 {
			m.Closest = pred[j]
		}
		out = append(out, m)
	}
	var fps []string
	for j, p := range pred {
		if !matchedP[j] {
			fps = append(fps, kind+": "+p)
		}
	}
	return out, fps
}
