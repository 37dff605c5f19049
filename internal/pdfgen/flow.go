package pdfgen

import (
	"fmt"
	"strings"
)

// BlockKind is the kind of a flowed block.
type BlockKind int

// Block kinds for Flow.
const (
	Para BlockKind = iota
	Heading
	Subheading
	Bullet
	Numbered
)

// Block is a unit of text to flow onto pages.
type Block struct {
	Kind BlockKind
	Text string
}

// Flow sets out blocks on A4 pages.
type Flow struct {
	Header  string  // running header on every page ("" for none)
	Footer  string  // running footer; "%d" and "%d" get the page number and count
	Spacing Spacing // how body paragraphs are justified
	Info    map[string]string
}

const (
	marginLeft  = 62.0
	textWidth   = 470.0
	top         = 770.0
	bottom      = 70.0
	bodySize    = 10.5
	headingSize = 16.0
	subSize     = 12.5
)

// wrap breaks text into lines no wider than width, breaking hyphenated
// compounds at their hyphen when a whole word does not fit.
func wrap(text string, size, width float64) []string {
	var lines []string
	cur := ""
	for _, w := range strings.Fields(text) {
		try := w
		if cur != "" {
			try = cur + " " + w
		}
		if TextWidth(try, size) <= width || cur == "" {
			cur = try
			continue
		}
		if i := strings.IndexByte(w, '-'); i > 0 && i < len(w)-1 && TextWidth(cur+" "+w[:i+1], size) <= width {
			lines = append(lines, cur+" "+w[:i+1])
			cur = w[i+1:]
			continue
		}
		lines = append(lines, cur)
		cur = w
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}

// Layout flows blocks onto pages and returns the document.
func (f Flow) Layout(blocks []Block) Doc {
	var pages []Page
	var page Page
	y := top
	newPage := func() {
		pages = append(pages, page)
		page = Page{}
		y = top
	}
	number := 0
	for _, b := range blocks {
		size, bold, indent, marker := bodySize, false, 0.0, ""
		switch b.Kind {
		case Heading:
			size, bold = headingSize, true
		case Subheading:
			size, bold = subSize, true
		case Bullet:
			indent, marker = 18, "•"
		case Numbered:
			number++
			indent, marker = 22, fmt.Sprintf("%d.", number)
		}
		if b.Kind != Numbered {
			number = 0
		}
		lead := size * 1.35
		lines := wrap(b.Text, size, textWidth-indent)
		if y-lead*float64(min(len(lines), 2)) < bottom {
			newPage()
		}
		for i, text := range lines {
			if y < bottom {
				newPage()
			}
			l := Line{X: marginLeft + indent, Y: y, Size: size, Bold: bold, Text: text}
			if b.Kind == Para || b.Kind == Bullet || b.Kind == Numbered {
				l.Spacing = f.Spacing
				if i < len(lines)-1 {
					l.Width = textWidth - indent
				}
			}
			if i == 0 && marker != "" {
				page.Lines = append(page.Lines, Line{X: marginLeft, Y: y, Size: size, Text: marker})
			}
			page.Lines = append(page.Lines, l)
			y -= lead
		}
		y -= size * 0.9
	}
	pages = append(pages, page)
	for i := range pages {
		if f.Header != "" {
			pages[i].Lines = append(pages[i].Lines, Line{X: marginLeft, Y: 805, Size: 8, Text: f.Header})
		}
		if f.Footer != "" {
			text := f.Footer
			if strings.Count(text, "%d") == 2 {
				text = fmt.Sprintf(text, i+1, len(pages))
			}
			pages[i].Lines = append(pages[i].Lines, Line{X: marginLeft, Y: 36, Size: 8, Text: text})
		}
	}
	return Doc{Pages: pages, Info: f.Info}
}
