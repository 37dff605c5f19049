package pdfgen

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"golang.org/x/text/encoding/charmap"
)

// Spacing says how a justified line is set.
type Spacing int

// Ways of setting a line.
const (
	Plain     Spacing = iota // one string with space characters
	WordSpace                // space characters widened with Tw (word processors)
	Kerned                   // each word placed by TJ offsets, no space characters (ghostscript)
)

// Line is one line of text at a position (points, from the bottom left).
type Line struct {
	X, Y    float64
	Size    float64
	Bold    bool
	Text    string
	Width   float64 // justify to this width when > 0
	Spacing Spacing
}

// Page is one page of lines.
type Page struct{ Lines []Line }

// Doc is a whole PDF.
type Doc struct {
	Pages []Page
	Info  map[string]string // Title, Author, CreationDate...
}

// PageWidth and PageHeight are A4 in points.
const (
	PageWidth  = 595.0
	PageHeight = 842.0
)

// encode turns text into WinAnsi bytes; characters outside it become '?'.
func encode(s string) []byte {
	out := make([]byte, 0, len(s))
	for _, r := range s {
		if b, ok := charmap.Windows1252.EncodeRune(r); ok {
			out = append(out, b)
		} else {
			out = append(out, '?')
		}
	}
	return out
}

// pdfString writes b as a PDF literal string.
func pdfString(b []byte) string {
	var s strings.Builder
	s.WriteByte('(')
	for _, c := range b {
		switch c {
		case '(', ')', '\\':
			s.WriteByte('\\')
			s.WriteByte(c)
		default:
			if c < 32 || c > 126 {
				fmt.Fprintf(&s, "\\%03o", c)
			} else {
				s.WriteByte(c)
			}
		}
	}
	s.WriteByte(')')
	return s.String()
}

// TextWidth returns the width of s in points at size.
func TextWidth(s string, size float64) float64 {
	w := 0.0
	for _, c := range encode(s) {
		w += float64(helveticaWidth(c))
	}
	return w * size / 1000
}

func lineOps(l Line) string {
	font := "/F1"
	if l.Bold {
		font = "/F2"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "BT %s %.2f Tf 1 0 0 1 %.2f %.2f Tm ", font, l.Size, l.X, l.Y)
	words := strings.Fields(l.Text)
	natural := TextWidth(l.Text, l.Size)
	extra := 0.0
	if l.Width > natural && len(words) > 1 {
		extra = (l.Width - natural) / float64(len(words)-1)
	}
	switch {
	case l.Spacing == WordSpace && extra > 0:
		fmt.Fprintf(&b, "%.3f Tw %s Tj 0 Tw ", extra, pdfString(encode(strings.Join(words, " "))))
	case l.Spacing == Kerned:
		// words with no space characters: the gap is a TJ offset (a space plus the extra)
		gap := (TextWidth(" ", l.Size) + extra) / l.Size * 1000
		b.WriteByte('[')
		for i, w := range words {
			if i > 0 {
				fmt.Fprintf(&b, " %.1f ", -gap)
			}
			b.WriteString(pdfString(encode(w)))
		}
		b.WriteString("] TJ ")
	default:
		fmt.Fprintf(&b, "%s Tj ", pdfString(encode(l.Text)))
	}
	b.WriteString("ET\n")
	return b.String()
}

// Bytes writes the document as PDF 1.4 with a correct cross-reference table.
func (d Doc) Bytes() []byte {
	w := &writer{}
	w.buf.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	widths := make([]string, 0, 224)
	for c := 32; c < 256; c++ {
		widths = append(widths, fmt.Sprint(helveticaWidth(byte(c))))
	}
	fontDict := func(name string) string {
		return fmt.Sprintf("<< /Type /Font /Subtype /Type1 /BaseFont /%s /Encoding /WinAnsiEncoding /FirstChar 32 /LastChar 255 /Widths [%s] >>",
			name, strings.Join(widths, " "))
	}
	n := len(d.Pages)
	// objects: 1 catalog, 2 pages, 3 font, 4 bold font, 5 info, then a page and its content for each page
	pageObj := func(i int) int { return 6 + 2*i }
	kids := make([]string, n)
	for i := range kids {
		kids[i] = fmt.Sprintf("%d 0 R", pageObj(i))
	}
	w.obj(1, "<< /Type /Catalog /Pages 2 0 R >>")
	w.obj(2, fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), n))
	w.obj(3, fontDict("Helvetica"))
	w.obj(4, fontDict("Helvetica-Bold"))
	w.obj(5, infoDict(d.Info))
	for i, p := range d.Pages {
		var content strings.Builder
		for _, l := range p.Lines {
			content.WriteString(lineOps(l))
		}
		w.obj(pageObj(i), fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.0f %.0f] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents %d 0 R >>",
			PageWidth, PageHeight, pageObj(i)+1))
		w.stream(pageObj(i)+1, content.String())
	}
	return w.finish(1, 5)
}

func infoDict(info map[string]string) string {
	keys := make([]string, 0, len(info))
	for k := range info {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString("<<")
	for _, k := range keys {
		fmt.Fprintf(&b, " /%s %s", k, pdfString(encode(info[k])))
	}
	b.WriteString(" >>")
	return b.String()
}

// writer collects numbered objects and their offsets.
type writer struct {
	buf     bytes.Buffer
	offsets map[int]int
}

func (w *writer) obj(n int, body string) {
	if w.offsets == nil {
		w.offsets = map[int]int{}
	}
	w.offsets[n] = w.buf.Len()
	fmt.Fprintf(&w.buf, "%d 0 obj\n%s\nendobj\n", n, body)
}

func (w *writer) stream(n int, data string) {
	w.obj(n, fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(data), data))
}

func (w *writer) finish(root, info int) []byte {
	max := 0
	for n := range w.offsets {
		if n > max {
			max = n
		}
	}
	xref := w.buf.Len()
	fmt.Fprintf(&w.buf, "xref\n0 %d\n0000000000 65535 f \n", max+1)
	for i := 1; i <= max; i++ {
		if off, ok := w.offsets[i]; ok {
			fmt.Fprintf(&w.buf, "%010d 00000 n \n", off)
		} else {
			w.buf.WriteString("0000000000 65535 f \n")
		}
	}
	fmt.Fprintf(&w.buf, "trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n", max+1, root, info, xref)
	return w.buf.Bytes()
}

// helveticaWidth is the advance of a WinAnsi code in Helvetica (AFM units).
func helveticaWidth(c byte) int {
	if c >= 32 && c < 127 {
		return helveticaASCII[c-32]
	}
	switch c {
	case 0x91, 0x92:
		return 222
	case 0x93, 0x94:
		return 333
	case 0x95:
		return 350
	case 0x96:
		return 556
	case 0x97:
		return 1000
	case 0xa3:
		return 556
	}
	return 556
}

var helveticaASCII = [95]int{
	278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space to /
	556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0 to ?
	1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // @ to O
	667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // P to _
	333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // ` to o
	556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, // p to ~
}
