package eval

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
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
	Publisher       string     `json:"publisher"`
	Recommendations []GoldItem `json:"recommendations"`
	Strengths       []GoldItem `json:"strengths"`
	Concerns        []GoldItem `json:"concerns"`
	path            string     // of the label file
}

// GoldItem is one labelled item.
type GoldItem struct {
	Text           string  `json:"text"`
	Section        string  `json:"section"`
	Group          *string `json:"group"`
	Number         any     `json:"number"` // a string, or an integer in the Ofsted labels
	ResponseStatus *string `json:"response_status"`
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
	DocType         string `json:"doc_type"`  // the label's
	Publisher       string `json:"publisher"` // the label's
	Recommendations Score  `json:"recommendations"`
	Strengths       Score  `json:"strengths"`
	Concerns        Score  `json:"concerns"`
	// Board counts the recommendations found whose part of the report
	// (the safeguarding board's, "LSCB: ", or the authority's) is the
	// label's.
	Board Agreement `json:"board_part"`
	// Metadata says what the document's type, date and subject were found
	// to be, beside the label's.
	Metadata       MetaCheck `json:"metadata"`
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
	Concerns        Score        `json:"concerns"`
	Board           Agreement    `json:"board_part"`
	// DocType, Date and Subject count the documents whose metadata agree
	// with their labels.
	Title, DocType, Date, Subject Agreement
	// ByDocType and ByPublisher add up the recommendations of the files
	// of each document type and publisher (the labels' own).
	ByDocType   map[string]*Score `json:"by_doc_type"`
	ByPublisher map[string]*Score `json:"by_publisher"`
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

// EvaluateLabels scores extraction on every labelled file. The PDFs are
// found by each label's "file", relative to root.
//
// Every recommendation the extractor returns is scored, however it was
// found (a sentence cue in running text counts as much as a list item):
// the precision is what a user sees. Strengths and concerns are scored
// as the labels have them, from explicit lists: the items of a strengths
// or concerns section.
func EvaluateLabels(ctx context.Context, labels []Label, root string, run Extraction) Report {
	rep := Report{ByDocType: map[string]*Score{}, ByPublisher: map[string]*Score{}}
	for _, l := range labels {
		fr := FileResult{Label: filepath.Base(l.path), File: l.File, DocType: l.DocType, Publisher: l.Publisher}
		var goldRecs, goldStr, goldCon, predRecs, predStr, predCon, predParts []string
		for _, g := range l.Recommendations {
			goldRecs = append(goldRecs, g.Text)
		}
		for _, g := range l.Strengths {
			goldStr = append(goldStr, g.Text)
		}
		for _, g := range l.Concerns {
			goldCon = append(goldCon, g.Text)
		}
		doc, items, err := run(ctx, filepath.Join(root, l.File))
		var predCues []string
		if doc != nil {
			fr.Metadata = checkMeta(l, doc)
			rep.DocType.add(fr.Metadata.DocTypeOK)
			rep.Title.add(fr.Metadata.TitleOK)
			if l.Date != "" {
				rep.Date.add(fr.Metadata.DateOK)
			}
			if l.Subject != nil && isCouncil(*l.Subject) {
				rep.Subject.add(fr.Metadata.SubjectOK) // a council the gazetteer knows: other subjects are descriptions
			}
		}
		if err != nil {
			fr.Err = err.Error()
		}
		for _, it := range items {
			switch {
			case it.Kind == corpus.Recommendation:
				predRecs = append(predRecs, it.Text)
				predParts = append(predParts, it.Part)
				predCues = append(predCues, it.Cue)
			case it.Polarity == corpus.Strength && strings.HasPrefix(it.Cue, "section:strengths"):
				predStr = append(predStr, it.Text)
			case it.Polarity == corpus.Concern && strings.HasPrefix(it.Cue, "section:") && it.Cue != "section:summary-of-findings":
				predCon = append(predCon, it.Text)
			}
		}
		var pairs []Pair
		fr.Recommendations, pairs = ScoreOf(goldRecs, predRecs)
		fr.Misses, fr.FalsePositives = misses("recommendation", goldRecs, predRecs, pairs)
		for k, fp := range unmatched(len(predRecs), pairs) {
			fr.FalsePositives[k] = "recommendation (" + predCues[fp] + "): " + predRecs[fp]
		}
		for _, p := range pairs {
			ok := partOf(l.Recommendations[p.Gold].Section) == predParts[p.Pred] // the part found, the label's part
			fr.Board.add(ok)
			rep.Board.add(ok)
		}
		var sp []Pair
		fr.Strengths, sp = ScoreOf(goldStr, predStr)
		m, fp := misses("strength", goldStr, predStr, sp)
		fr.Misses = append(fr.Misses, m...)
		fr.FalsePositives = append(fr.FalsePositives, fp...)
		var cp []Pair
		fr.Concerns, cp = ScoreOf(goldCon, predCon)
		m, fp = misses("concern", goldCon, predCon, cp)
		fr.Misses = append(fr.Misses, m...)
		fr.FalsePositives = append(fr.FalsePositives, fp...)
		rep.Recommendations.Add(fr.Recommendations)
		rep.Strengths.Add(fr.Strengths)
		rep.Concerns.Add(fr.Concerns)
		addTo(rep.ByDocType, l.DocType, fr.Recommendations)
		addTo(rep.ByPublisher, l.Publisher, fr.Recommendations)
		rep.Files = append(rep.Files, fr)
	}
	return rep
}

func addTo(m map[string]*Score, key string, s Score) {
	if key == "" {
		key = "(none)"
	}
	if m[key] == nil {
		m[key] = &Score{}
	}
	m[key].Add(s)
}

// MetaCheck is a document's metadata against its label's.
type MetaCheck struct {
	Title     string `json:"title"`
	TitleOK   bool   `json:"title_ok"`
	DocType   string `json:"doc_type"`
	DocTypeOK bool   `json:"doc_type_ok"`
	Date      string `json:"date"`
	DateOK    bool   `json:"date_ok"`
	Subject   string `json:"subject"`
	SubjectOK bool   `json:"subject_ok"`
}

// titleSaysWhat matches a title that says what a document is.
var titleSaysWhat = regexp.MustCompile(`(?i)\b(inspection|re-?inspection|review|report|visit|minutes|response|statement|decision|recommendations|inquiry|prevention of future deaths|regulation 28|briefing|debate|hansard)\b`)

// namesCouncil says whether a title names the council, by any of its
// names or its place.
func namesCouncil(title, council string) bool {
	for _, n := range append(corpus.BodyNames(corpus.CouncilName(council)), corpus.PlaceName(corpus.CouncilName(council))) {
		if n != "" && strings.Contains(strings.ToLower(title), strings.ToLower(n)) {
			return true
		}
	}
	return false
}

func isCouncil(name string) bool {
	_, ok := corpus.CanonicalCouncil(name)
	return ok
}

// labelTypes maps the labels' finer document types to the contract's.
var labelTypes = map[string]string{"send_inspection": "inspection_report", "school_inspection": "inspection_report"}

func checkMeta(l Label, d *corpus.Document) MetaCheck {
	want := l.DocType
	if t, ok := labelTypes[want]; ok {
		want = t
	}
	m := MetaCheck{Title: d.Title, DocType: d.DocType, Date: d.Date, Subject: d.Subject}
	// the labels give no titles: a title is taken as right when it says
	// what the document is, and whose it is when the label names a
	// council, in the document's own words
	m.TitleOK = titleSaysWhat.MatchString(d.Title)
	if l.Subject != nil && isCouncil(*l.Subject) {
		m.TitleOK = m.TitleOK && namesCouncil(d.Title, *l.Subject)
	}
	m.DocTypeOK = d.DocType == want
	// a date as precise as the document says it, agreeing as far as it goes
	m.DateOK = d.Date != "" && strings.HasPrefix(l.Date, d.Date)
	if l.Subject != nil {
		m.SubjectOK = strings.EqualFold(corpus.CouncilName(*l.Subject), corpus.CouncilName(d.Subject))
	}
	return m
}

// unmatched lists the predictions no pair took, in order.
func unmatched(n int, pairs []Pair) []int {
	used := map[int]bool{}
	for _, p := range pairs {
		used[p.Pred] = true
	}
	var out []int
	for j := 0; j < n; j++ {
		if !used[j] {
			out = append(out, j)
		}
	}
	return out
}

// isBoard says whether a section is in the part of a report addressed to
// a safeguarding board.
func isBoard(section string) bool { return strings.HasPrefix(section, "LSCB: ") }

// partOf is the part of a report a labelled item is in: the labels prefix
// the sections of a safeguarding board's part with "LSCB: ".
func partOf(section string) string {
	if isBoard(section) {
		return corpus.PartBoard
	}
	return ""
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
