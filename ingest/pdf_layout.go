package ingest

import (
	"math"
	"regexp"
	"sort"
	"strings"
)

// pdfLine is one line of text on a page: glyphs on one baseline, with
// words rebuilt from the gaps between glyphs. A line whose glyphs are far
// apart (table columns) keeps its parts as Cells.
type pdfLine struct {
	Text  string
	Cells []string // two or more when the line is a row of separate columns
	X0    float64
	X1    float64
	Y     float64 // baseline, points from the bottom of the page
	Size  float64 // dominant font size
	Bold  bool
}

// pdfPage is the text of one page as lines from top to bottom.
type pdfPage struct {
	Lines  []pdfLine
	Width  float64
	Height float64
	Err    string // why the page could not be read, if it could not
	OCR    int    // glyphs drawn invisibly, as OCR layers over scans are
	Glyphs int    // all glyphs with text
}

// Word spacing thresholds, as fractions of the font size. A gap wider than
// wordGap between two glyphs is a space (a space is about 0.25 em, kerning
// under 0.1 em); a gap wider than cellGap splits a line into cells.
const (
	wordGap = 0.16
	cellGap = 2.2
)

// spacedCapitals matches a word typed with a space between its capitals,
// "A G E N D A", as headings sometimes are; it reads as one word.
var spacedCapitals = regexp.MustCompile(`\b(?:[A-Z] ){3,}[A-Z]\b`)

// layoutLines groups glyphs into lines and words.
func layoutLines(glyphs []glyph, width, height float64) []pdfLine {
	gs := glyphs[:0:0]
	for _, g := range glyphs {
		if g.size <= 0.5 || math.IsNaN(g.x) || math.IsNaN(g.y) {
			continue
		}
		if width > 0 && (g.x < -20 || g.x > width+20 || g.y < -20 || g.y > height+20) {
			continue // outside the page: not shown
		}
		gs = append(gs, g)
	}
	sort.SliceStable(gs, func(i, j int) bool { return gs[i].y > gs[j].y })
	var lines []pdfLine
	for i := 0; i < len(gs); {
		ref := gs[i]
		j := i + 1
		for j < len(gs) {
			tol := 0.45 * math.Max(ref.size, gs[j].size)
			if math.Abs(gs[j].y-ref.y) > tol {
				break
			}
			if gs[j].size > ref.size && !gs[j].space {
				ref = gs[j]
			}
			j++
		}
		row := append([]glyph(nil), gs[i:j]...)
		sort.SliceStable(row, func(a, b int) bool { return row[a].x < row[b].x })
		if l, ok := buildLine(row); ok {
			lines = append(lines, l)
		}
		i = j
	}
	return lines
}

// buildLine turns glyphs sorted by x into a line of words.
func buildLine(row []glyph) (pdfLine, bool) {
	var cells []string
	var b strings.Builder
	sizes := map[float64]int{}
	bold, total := 0, 0
	x0, x1 := math.Inf(1), math.Inf(-1)
	var prev *glyph
	pendingSpace := false
	tracking := letterSpacing(row)
	flush := func() {
		if s := strings.TrimSpace(b.String()); s != "" {
			s = ligatures.Replace(s) // private-use bullets become bullets before markers are looked for
			s = spacedCapitals.ReplaceAllStringFunc(s, func(m string) string { return strings.ReplaceAll(m, " ", "") })
			cells = append(cells, s)
		}
		b.Reset()
		pendingSpace = false
	}
	for i := range row {
		g := &row[i]
		if g.space {
			pendingSpace = true
			continue
		}
		if prev != nil {
			gap := g.x - (prev.x + prev.w)
			size := math.Min(prev.size, g.size)
			if g.text == prev.text && math.Abs(g.x-prev.x) < 0.2*math.Max(prev.w, 0.3*size) {
				continue // the same glyph printed twice (fake bold, shadows)
			}
			superscript := g.size < 0.8*prev.size && g.y-prev.y > 0.2*prev.size && isDigits(g.text)
			switch {
			case gap > cellGap*size:
				flush()
			case pendingSpace || gap > math.Max(wordGap*size, 1.6*tracking) || superscript && !prev.sup:
				b.WriteByte(' ')
			}
		}
		pendingSpace = false
		g.sup = prev != nil && g.size < 0.8*prev.size && g.y-prev.y > 0.2*prev.size && isDigits(g.text) || prev != nil && prev.sup && isDigits(g.text) && math.Abs(g.y-prev.y) < 0.1*g.size
		b.WriteString(g.text)
		sizes[math.Round(g.size*2)/2] += len(g.text)
		total += len(g.text)
		if g.bold {
			bold += len(g.text)
		}
		x0 = math.Min(x0, g.x)
		x1 = math.Max(x1, g.x+g.w)
		prev = g
	}
	flush()
	if len(cells) == 0 {
		return pdfLine{}, false
	}
	best, bestN := 0.0, -1
	for s, n := range sizes {
		if n > bestN || (n == bestN && s > best) {
			best, bestN = s, n
		}
	}
	l := pdfLine{Text: strings.Join(cells, " "), X0: x0, X1: x1, Y: row[0].y, Size: best, Bold: bold*2 > total}
	// the baseline of the line is that of its dominant size, not a superscript
	for _, g := range row {
		if math.Round(g.size*2)/2 == best {
			l.Y = g.y
			break
		}
	}
	if len(cells) > 1 {
		l.Cells = cells
	}
	return l, true
}

// letterSpacing returns the typical gap between glyphs of a line: about
// zero in ordinary text, the tracking in letter-spaced text ("A G E N D A"),
// where a word gap must be wider than that.
func letterSpacing(row []glyph) float64 {
	var gaps []float64
	for i := 1; i < len(row); i++ {
		if row[i].space || row[i-1].space {
			continue
		}
		gaps = append(gaps, row[i].x-(row[i-1].x+row[i-1].w))
	}
	if len(gaps) < 4 {
		return 0
	}
	sort.Float64s(gaps)
	return math.Max(gaps[len(gaps)/2], 0)
}

func isDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}
