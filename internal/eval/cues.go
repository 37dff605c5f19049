package eval

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"sort"
	"strings"

	"github.com/scrutineer/scrutineer/corpus"
)

// CueItem is an item found by a cue in running text, for judging by hand.
type CueItem struct {
	File     string `json:"file"`
	DocType  string `json:"doc_type"`
	Cue      string `json:"cue"`
	Kind     string `json:"kind"`
	Polarity string `json:"polarity,omitempty"`
	Text     string `json:"text"`
	// Correct is the judgement: is this a recommendation (or a finding of
	// this polarity) as the document means it? Empty until judged.
	Correct *bool  `json:"correct"`
	Note    string `json:"note,omitempty"`
}

// FromRunningText says whether an item was found by a sentence cue rather
// than by its section or list.
func FromRunningText(it corpus.Item) bool {
	return !strings.HasPrefix(it.Cue, "section:") && it.Cue != "list:following-action"
}

// SampleCues draws n items spread over document types (round robin over
// types, random within each), reproducibly from seed.
func SampleCues(items []CueItem, n int, seed int64) []CueItem {
	byType := map[string][]CueItem{}
	for _, it := range items {
		byType[it.DocType] = append(byType[it.DocType], it)
	}
	types := make([]string, 0, len(byType))
	for t := range byType {
		types = append(types, t)
	}
	sort.Strings(types)
	r := rand.New(rand.NewSource(seed))
	for _, t := range types {
		l := byType[t]
		r.Shuffle(len(l), func(i, j int) { l[i], l[j] = l[j], l[i] })
	}
	var out []CueItem
	for len(out) < n {
		took := false
		for _, t := range types {
			if len(byType[t]) > 0 && len(out) < n {
				out = append(out, byType[t][0])
				byType[t] = byType[t][1:]
				took = true
			}
		}
		if !took {
			break
		}
	}
	return out
}

// CuePrecision reads judged items (JSON lines) and returns the share judged
// correct, overall and per cue.
func CuePrecision(path string) (total Score, byCue map[string]*Score, err error) {
	f, err := os.Open(path)
	if err != nil {
		return total, nil, err
	}
	defer f.Close()
	byCue = map[string]*Score{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var it CueItem
		if err := json.Unmarshal(sc.Bytes(), &it); err != nil {
			return total, nil, fmt.Errorf("%s line %d: %w", path, line, err)
		}
		if it.Correct == nil {
			return total, nil, fmt.Errorf("%s line %d: not judged", path, line)
		}
		s := byCue[it.Cue]
		if s == nil {
			s = &Score{}
			byCue[it.Cue] = s
		}
		o := Score{}
		if *it.Correct {
			o.TP = 1
		} else {
			o.FP = 1
		}
		s.Add(o)
		total.Add(o)
	}
	return total, byCue, sc.Err()
}
