package trace

import (
	"sort"

	"github.com/scrutineer/scrutineer/corpus"
)

// Cell counts the items of one theme in one year.
type Cell struct {
	Recommendations int `json:"recommendations"`
	Concerns        int `json:"concerns"`
	Strengths       int `json:"strengths"` // when strengths are asked for
}

// Matrix is the theme × year picture: how many recommendations and
// concerns (and, when asked for, strengths) each theme drew in each year.
type Matrix struct {
	Themes []string                   `json:"themes"`
	Years  []string                   `json:"years"`
	Cells  map[string]map[string]Cell `json:"cells"` // theme -> year -> counts
	// Reports is, per year, how many documents the counted items come
	// from: a cell divided by it is a count per report.
	Reports map[string]int `json:"reports"`
}

// BuildMatrix counts the inputs by theme and year.
func BuildMatrix(in []Input) Matrix {
	m := Matrix{Cells: map[string]map[string]Cell{}, Reports: map[string]int{}}
	themes, years := map[string]bool{}, map[string]bool{}
	docs := map[string]bool{}
	for _, it := range in {
		if len(it.Date) < 4 {
			continue
		}
		y := it.Date[:4]
		if !docs[it.DocID] && (it.Kind == corpus.Recommendation || it.Polarity != corpus.NoPolarity) {
			docs[it.DocID] = true
			m.Reports[y]++
		}
		for _, th := range it.Themes {
			row := m.Cells[th]
			if row == nil {
				row = map[string]Cell{}
				m.Cells[th] = row
			}
			c := row[y]
			switch {
			case it.Kind == corpus.Recommendation:
				c.Recommendations++
			case it.Polarity == corpus.Concern:
				c.Concerns++
			case it.Polarity == corpus.Strength:
				c.Strengths++
			default:
				continue
			}
			row[y] = c
			themes[th], years[y] = true, true
		}
	}
	m.Themes, m.Years = sortedKeys(themes), sortedKeys(years)
	sort.Strings(m.Years)
	return m
}

// HasStrengths says whether any cell counts strengths.
func (m Matrix) HasStrengths() bool {
	for _, row := range m.Cells {
		for _, c := range row {
			if c.Strengths > 0 {
				return true
			}
		}
	}
	return false
}
