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
	Label           string `json:"label"`
	File            string `json:"file"`
	Recommendations Score  `json:"recommendations"`
	Strengths       Score  `json:"strengths"`
	// Board counts the recommendations found whose part of the report
	// (the safeguarding board's, "LSCB: ", or the authority's) is the
	// label's.
	Board          Agreement `json:"board_part"`
	Misses         []Miss    `json:"misses,omitempty"`
	FalsePositives []string  `json:"false_positives,omitempty"`
	Err            string    `json:"error,omitempty"`
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
	Board           Agreement    `json:"board_part"`
}

// Agreement counts how many of the items found agree with their labels on
// something.
type Agreement struct {
	Agree int     `json:"agree"`
	Of    int     `json:"of"`
	Share float64 `json:"share"`
}

func (a *Agreement) add(ok bool) {
	a.Of++
	if ok {
		a.Agree++
	}
	a.Share = float64(a.Agree) / float64(a.Of)
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
		var goldRecs, goldStr, predRecs, predStr, predSections []string
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
				predSections = append(predSections, it.Section)
			case it.Polarity == corpus.Strength && strings.HasPrefix(it.Cue, "section:strengths"):
				predStr = append(predStr, it.Text)
			}
		}
		var pairs []Pair
		fr.Recommendations, pairs = ScoreOf(goldRecs, predRecs)
		fr.Misses, fr.FalsePositives = misses("recommendation", goldRecs, predRecs, pairs)
		for _, p := range pairs {
			ok := isBoard(l.Recommendations[p.Gold].Section) == isBoard(predSections[p.Pred])
			fr.Board.add(ok)
			rep.Board.add(ok)
		}
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

// isBoard says whether a section is in the part of a report addressed to
// a safeguarding board.
func isBoard(section string) bool { return strings.HasPrefix(section, "LSCB: ") }

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
