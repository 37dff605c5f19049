package pdftext

import (
	"math"
	"regexp"
	"sort"
	"strings"
)

// Line is one line of text on a page: glyphs on one baseline, with
// words rebuilt from the gaps between glyphs. A line whose glyphs are far
// apart (table columns) keeps its parts as Cells.
type Line struct {
	Text  string
	Cells []string // two or more when the line is a row of separate columns
	X0    float64
	X1    float64
	Y     float64 // baseline, points from the bottom of the page
	Size  float64 // dominant font size
	Bold  bool
}

// Page is the text of one page as lines from top to bottom.
type Page struct {
	Lines  []Line
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
func layoutLines(glyphs []glyph, width, height float64) []Line {
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
	var lines []Line
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
func buildLine(row []glyph) (Line, bool) {
	lb := lineBuilder{sizes: map[float64]int{}, x0: math.Inf(1), x1: math.Inf(-1), tracking: letterSpacing(row)}
	for i := range row {
		lb.glyph(&row[i])
	}
	lb.flush()
	if len(lb.cells) == 0 {
		return Line{}, false
	}
	best, bestN := 0.0, -1
	for s, n := range lb.sizes {
		if n > bestN || (n == bestN && s > best) {
			best, bestN = s, n
		}
	}
	l := Line{Text: strings.Join(lb.cells, " "), X0: lb.x0, X1: lb.x1, Y: row[0].y, Size: best, Bold: lb.bold*2 > lb.total}
	// the baseline of the line is that of its dominant size, not a superscript
	for _, g := range row {
		if math.Round(g.size*2)/2 == best {
			l.Y = g.y
			break
		}
	}
	if len(lb.cells) > 1 {
		l.Cells = lb.cells
	}
	return l, true
}

// lineBuilder is the state of buildLine: the cells so far and the one being
// written, the characters by size and in bold, and the line's extent.
type lineBuilder struct {
	cells        []string
	b            strings.Builder
	sizes        map[float64]int // characters by size, to half a point
	bold, total  int
	x0, x1       float64
	prev         *glyph
	pendingSpace bool
	tracking     float64 // the line's letter spacing
}

// flush ends the cell being written.
func (lb *lineBuilder) flush() {
	if s := strings.TrimSpace(lb.b.String()); s != "" {
		s = Ligatures.Replace(s) // private-use bullets become bullets before markers are looked for
		s = spacedCapitals.ReplaceAllStringFunc(s, func(m string) string { return strings.ReplaceAll(m, " ", "") })
		lb.cells = append(lb.cells, s)
	}
	lb.b.Reset()
	lb.pendingSpace = false
}

// glyph adds one glyph: a wide gap before it starts a cell, a narrower one
// a word; a glyph printed twice over itself is dropped, and a raised
// small number is marked as a footnote's.
func (lb *lineBuilder) glyph(g *glyph) {
	if g.space {
		lb.pendingSpace = true
		return
	}
	prev := lb.prev
	if prev != nil {
		gap := g.x - (prev.x + prev.w)
		size := math.Min(prev.size, g.size)
		if g.text == prev.text && math.Abs(g.x-prev.x) < 0.2*math.Max(prev.w, 0.3*size) {
			return // the same glyph printed twice (fake bold, shadows)
		}
		superscript := g.size < 0.8*prev.size && g.y-prev.y > 0.2*prev.size && isDigits(g.text)
		switch {
		case gap > cellGap*size:
			lb.flush()
		case lb.pendingSpace || gap > math.Max(wordGap*size, 1.6*lb.tracking) || superscript && !prev.sup:
			lb.b.WriteByte(' ')
		}
	}
	lb.pendingSpace = false
	g.sup = prev != nil && g.size < 0.8*prev.size && g.y-prev.y > 0.2*prev.size && isDigits(g.text) || prev != nil && prev.sup && isDigits(g.text) && math.Abs(g.y-prev.y) < 0.1*g.size
	lb.b.WriteString(g.text)
	lb.sizes[math.Round(g.size*2)/2] += len(g.text)
	lb.total += len(g.text)
	if g.bold {
		lb.bold += len(g.text)
	}
	lb.x0 = math.Min(lb.x0, g.x)
	lb.x1 = math.Max(lb.x1, g.x+g.w)
	lb.prev = g
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
