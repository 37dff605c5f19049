package ingest

import (
	"strings"

	"github.com/scrutineer/scrutineer/ingest/pdftext"
)

// Function words that tell Welsh from English. Short, frequent and rarely
// shared, so a few hundred words are enough to decide.
var (
	welshWords = wordSet("y yr a ac yn i o ei mae gan ar am wedi bod hefyd gyda ddim ond rydym ein eich " +
		"cyngor plant gwasanaethau sydd fel hyn hynny neu eu nad oes ydy ydyw roedd bydd byddwn gwneud")
	englishWords = wordSet("the and of to in is that for it with as was on be by are this which have from " +
		"not has at were been their will")
)

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// detectLanguage says whether text is English ("en") or Welsh ("cy"), and
// whether it has a substantial amount of both (bilingual publications).
func detectLanguage(text string) (lang string, mixed bool) {
	var cy, en int
	words := strings.Fields(strings.ToLower(text[:min(len(text), 200000)]))
	for _, w := range words {
		w = strings.Trim(w, ".,;:!?\"'’“”()")
		if englishWords[w] {
			en++
		} else if welshWords[w] && w != "a" && w != "i" && w != "o" {
			cy++
		}
	}
	if cy+en < 5 {
		return "", false
	}
	if cy > en {
		return "cy", en*4 > cy
	}
	return "en", cy*4 > en && cy >= 8
}

// bilingualColumns reads a page set in two columns, one Welsh and one
// English side by side (as Welsh public bodies print bilingual documents),
// column by column: the layout joins the two columns' lines at each height
// into one line of two cells, which would interleave the languages line
// by line. A page of two columns in one language (a table) is left as it
// is.
func bilingualColumns(lines []pdftext.Line, width float64) []pdftext.Line {
	two := 0
	var leftText, rightText strings.Builder
	for _, l := range lines {
		if len(l.Cells) == 2 {
			two++
			leftText.WriteString(l.Cells[0] + " ")
			rightText.WriteString(l.Cells[1] + " ")
		}
	}
	if two < 4 || two*2 < len(lines) {
		return lines
	}
	left, _ := detectLanguage(leftText.String())
	right, _ := detectLanguage(rightText.String())
	if left == "" || right == "" || left == right {
		return lines
	}
	mid := width / 2
	if mid <= 0 {
		mid = 300
	}
	var l1, l2 []pdftext.Line
	for _, l := range lines {
		switch {
		case len(l.Cells) == 2:
			a, b := l, l
			a.Text, a.Cells, a.X1 = l.Cells[0], nil, mid
			b.Text, b.Cells, b.X0 = l.Cells[1], nil, mid
			l1, l2 = append(l1, a), append(l2, b)
		case l.X0 >= mid-10:
			l2 = append(l2, l)
		default:
			l1 = append(l1, l)
		}
	}
	return append(l1, l2...)
}
