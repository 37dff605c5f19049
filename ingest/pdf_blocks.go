package ingest

import (
	"math"
	"regexp"
	"sort"
	"strings"
	"unicode"

	"github.com/scrutineer/scrutineer/corpus"
	"github.com/scrutineer/scrutineer/ingest/pdftext"
)

// listMarker matches the marker that opens a list item: bullets, dashes,
// numbers "1." "1)" "(a)" "a)" "iv.".
var listMarker = regexp.MustCompile(`^(?:[•◼▪●○■□◦➢❖✓▸►\-–*·]|#\.|\(?\d{1,3}[.)]|\((?:[a-z]{1,2}|[ivx]{1,5}|[A-Z])\)|[a-z][.)]|[ivx]{1,5}[.)])(?:\s+|$)`)

// splitMarker returns the list marker at the start of s and the rest.
func splitMarker(s string) (marker, rest string) {
	m := listMarker.FindString(s)
	if m == "" {
		return "", s
	}
	rest = strings.TrimSpace(s[len(m):])
	if rest == "" {
		return strings.TrimSpace(m), ""
	}
	return strings.TrimSpace(m), rest
}

// digitsRun matches runs of digits, so "Page 3 of 12" and "Page 4 of 12" compare equal.
var digitsRun = regexp.MustCompile(`\d+`)

// pageNumberLine matches lines that are only a page number.
var pageNumberLine = regexp.MustCompile(`(?i)^(?:page\s*)?[-–(]?\s*#\s*[-–)]?(?:\s*(?:of|/)\s*#)?$`)

// isNumberOnly says whether s is a bare number ("2025", "17").
func isNumberOnly(s string) bool {
	s = strings.TrimSpace(s)
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// isPageNumber says whether a line is a page number ("3", "Page 3 of 12",
// "- 3 -"): the pattern, with a number no larger than a page count could be.
func isPageNumber(s string, pages int) bool {
	if !pageNumberLine.MatchString(furnitureKey(s)) {
		return false
	}
	n := 0
	for _, r := range s {
		if r >= '0' && r <= '9' {
			n = n*10 + int(r-'0')
			if n > 100000 {
				return false
			}
		} else if n > 0 {
			break
		}
	}
	return n <= 2*pages+50
}

func furnitureKey(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(digitsRun.ReplaceAllString(s, "#")), " "))
}

// browserPrint matches what a browser prints at the head and foot of a
// web page saved as a PDF: the date and time ("1/30/26, 9:31 PM") before
// the page's title, and its address before a page count ("… 4/16"). As
// OCR reads them a little differently on each page, they are matched by
// their form rather than by recurring.
var browserPrint = regexp.MustCompile(`(?i)^\d{1,2}/\d{1,2}/\d{2,4},?\s+\d{1,2}:\d{2}(\s?[ap]m)?\b|^\S*https?:\S+.*\b\d{1,4}\s*/\s*\d{1,4}\s*$`)

// furnitureZone is how many lines at the top and bottom of a page are
// looked at for running headers, footers and page numbers.
const furnitureZone = 3

// removeFurniture drops running headers and footers (a line that recurs at
// the top or bottom of at least half the pages, numbers aside) and page
// numbers. Page boundaries are kept.
func removeFurniture(pages []pdftext.Page) [][]pdftext.Line {
	counts := map[string]int{}
	for _, p := range pages {
		seen := map[string]bool{}
		for i, l := range p.Lines {
			if i < furnitureZone || i >= len(p.Lines)-furnitureZone {
				k := furnitureKey(l.Text)
				if !seen[k] {
					seen[k] = true
					counts[k]++
				}
			}
		}
	}
	need := int(math.Ceil(float64(len(pages)) / 2))
	if need < 2 {
		need = 2
	}
	out := make([][]pdftext.Line, len(pages))
	for pi, p := range pages {
		for i, l := range p.Lines {
			inZone := i < furnitureZone || i >= len(p.Lines)-furnitureZone
			if inZone && (isPageNumber(l.Text, len(pages)) || browserPrint.MatchString(l.Text) || counts[furnitureKey(l.Text)] >= need && !isNumberOnly(l.Text)) {
				continue
			}
			out[pi] = append(out[pi], l)
		}
	}
	return out
}

// bodySize is the font size most of the text is set in.
func bodySize(pages [][]pdftext.Line) float64 {
	w := map[float64]int{}
	for _, p := range pages {
		for _, l := range p {
			w[l.Size] += len(l.Text)
		}
	}
	best, n := 10.0, -1
	for s, c := range w {
		if c > n {
			best, n = s, c
		}
	}
	return best
}

// vocabulary lists the words of the document, to decide whether a hyphen
// at the end of a line belongs to the word ("multi-agency") or only breaks it.
func vocabulary(pages [][]pdftext.Line) map[string]bool {
	v := map[string]bool{}
	for _, p := range pages {
		for _, l := range p {
			for _, w := range strings.Fields(l.Text) {
				v[strings.ToLower(strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) }))] = true
			}
		}
	}
	return v
}

// joinLines joins wrapped lines, mending words broken at a line end: the
// hyphen is dropped when the word without it is used elsewhere in the
// document and the hyphenated form is not.
func joinLines(lines []string, vocab map[string]bool) string {
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			prev := b.String()
			if strings.HasSuffix(prev, "-") && len(prev) > 1 && unicode.IsLetter(rune(prev[len(prev)-2])) &&
				l != "" && unicode.IsLower([]rune(l)[0]) {
				head := prev[strings.LastIndexByte(prev, ' ')+1 : len(prev)-1]
				tail := l
				if j := strings.IndexFunc(l, func(r rune) bool { return !unicode.IsLetter(r) }); j >= 0 {
					tail = l[:j]
				}
				whole := strings.ToLower(head + tail)
				hyphened := strings.ToLower(head + "-" + tail)
				if vocab[whole] && !vocab[hyphened] {
					s := prev[:len(prev)-1]
					b.Reset()
					b.WriteString(s)
				}
				b.WriteString(l)
				continue
			}
			b.WriteByte(' ')
		}
		b.WriteString(l)
	}
	return b.String()
}

// pdfBlocks turns the lines of each page into layout blocks.
func pdfBlocks(t *textBuilder, pages [][]pdftext.Line) {
	pb := &pageBlocks{t: t, body: bodySize(pages), vocab: vocabulary(pages), curBold: true}
	pb.sizes = headingSizes(pages, pb.body)
	for pi, lines := range pages {
		if pi > 0 {
			t.nextPage()
		}
		var prev *pdftext.Line
		pb.curKind = ""
		for i := range lines {
			pb.line(&lines[i], prev)
			prev = &lines[i]
		}
		pb.flush()
	}
}

// pageBlocks gathers a page's lines into blocks: the block being built,
// its kind, marker and level, and whether every line of it is bold.
type pageBlocks struct {
	t       *textBuilder
	body    float64         // the body text's size
	vocab   map[string]bool // words the document uses, to join hyphenated lines
	sizes   map[float64]int // heading levels by size
	cur     []string
	curKind corpus.BlockKind
	marker  string
	level   int
	curBold bool
}

// flush adds the block being built.
func (pb *pageBlocks) flush() {
	if len(pb.cur) > 0 {
		text := joinLines(pb.cur, pb.vocab)
		if pb.marker != "" {
			text = pb.marker + " " + text
		}
		pb.t.add(pb.curKind, text, pb.level, pb.marker, "")
		if pb.curBold && pb.curKind != corpus.Heading && len(pb.t.blocks) > 0 {
			pb.t.blocks[len(pb.t.blocks)-1].Bold = true
		}
	}
	pb.cur, pb.marker, pb.level, pb.curBold = nil, "", 0, true
}

// line adds one line (prev is the line before on the page, or nil): a list
// item starts at a marker, a table row stands alone, a heading or a
// paragraph goes on until the kind, the size or a gap changes.
func (pb *pageBlocks) line(l, prev *pdftext.Line) {
	text, marker := lineMarker(l, prev)
	heading := isHeadingLine(l, pb.body) || (marker != "" && isCapsHeading(text))
	gap := prev != nil && (prev.Y-l.Y > 1.55*math.Max(l.Size, prev.Size) || l.Y > prev.Y)
	if heading && marker != "" && len(l.Cells) <= 2 {
		text, marker = marker+" "+text, "" // "2. RECOMMENDATIONS" is a numbered heading
	}
	switch {
	case marker != "":
		pb.flush()
		pb.curKind, pb.marker = corpus.ListItem, marker
		pb.cur = append(pb.cur, text)
	case len(l.Cells) > 1:
		pb.flush()
		pb.t.addRow(l.Cells)
	case heading:
		if pb.curKind != corpus.Heading || gap || prev == nil || prev.Size != l.Size {
			pb.flush()
			pb.curKind, pb.level = corpus.Heading, pb.sizes[l.Size]
		}
		pb.cur = append(pb.cur, text)
	default:
		if pb.curKind == corpus.Heading || gap || len(pb.cur) == 0 {
			pb.flush()
			pb.curKind = corpus.Paragraph
		}
		pb.cur = append(pb.cur, text)
	}
	if len(pb.cur) > 0 && pb.cur[len(pb.cur)-1] == text {
		pb.curBold = pb.curBold && l.Bold // the line just added to the block
	}
}

// lineMarker splits a line's list marker from its text: a first cell that
// is only a marker, or a marker that starts the text (a dash that follows
// a line ending in a hyphen is the word's end, not a marker).
func lineMarker(l, prev *pdftext.Line) (text, marker string) {
	text = l.Text
	if len(l.Cells) > 0 {
		if m, rest := splitMarker(l.Cells[0]); m != "" && rest == "" {
			marker, text = m, strings.Join(l.Cells[1:], " ")
		}
	}
	if marker == "" {
		if m, rest := splitMarker(text); m != "" && rest != "" && (m != "-" || prev == nil || !strings.HasSuffix(prev.Text, "-")) {
			marker, text = m, rest
		}
	}
	return text, marker
}

// isHeadingLine says whether a line is set as a heading: larger than the
// body text, or bold and short without closing punctuation.
func isHeadingLine(l *pdftext.Line, body float64) bool {
	if len(l.Cells) > 1 || len(l.Text) > 200 {
		return false
	}
	if l.Size >= body*1.15 && len(strings.Fields(l.Text)) <= 25 {
		return true
	}
	if !l.Bold || len(strings.Fields(l.Text)) > 16 {
		return false
	}
	last := l.Text[len(l.Text)-1]
	return last != '.' && last != ',' && last != ';'
}

// isCapsHeading says whether text is a short line in capitals, as numbered
// chapter headings are ("RECOMMENDATIONS", "CORONER’S CONCERNS").
func isCapsHeading(text string) bool {
	letters, upper := 0, 0
	for _, r := range text {
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		}
	}
	return letters >= 4 && upper == letters && len(strings.Fields(text)) <= 12 && !strings.ContainsAny(text, "0123456789")
}

// headingSizes ranks the sizes larger than the body text: the largest is level 1.
func headingSizes(pages [][]pdftext.Line, body float64) map[float64]int {
	set := map[float64]bool{}
	for _, p := range pages {
		for _, l := range p {
			if l.Size >= body*1.15 {
				set[l.Size] = true
			}
		}
	}
	var sizes []float64
	for s := range set {
		sizes = append(sizes, s)
	}
	sort.Sort(sort.Reverse(sort.Float64Slice(sizes)))
	out := map[float64]int{}
	for i, s := range sizes {
		out[s] = min(i+1, 6)
	}
	// bold headings at body size come after the sized ones
	out[body] = min(len(sizes)+1, 6)
	return out
}
