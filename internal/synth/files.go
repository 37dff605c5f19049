package synth

import (
	"fmt"
	"html"
	"os"
	"path/filepath"
	"strings"

	"github.com/scrutineer/scrutineer/corpus"
	"github.com/scrutineer/scrutineer/internal/pdfgen"
)

// WriteFiles writes the generator's documents as files under dir, a third
// each as PDF (set justified with positioned words, with running headers
// and page numbers), HTML (with navigation and a cookie banner around the
// article) and plain text, and returns their paths.
func (g *Generator) WriteFiles(dir string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var paths []string
	for n := 0; ; n++ {
		d, items := g.Next()
		if d == nil {
			return paths, nil
		}
		var name string
		var data []byte
		switch n % 3 {
		case 0:
			name, data = fmt.Sprintf("%06d.pdf", n), pdfOf(d, items)
		case 1:
			name, data = fmt.Sprintf("%06d.html", n), htmlOf(d, items)
		default:
			name, data = fmt.Sprintf("%06d.txt", n), textOf(d, items)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return nil, err
		}
		paths = append(paths, p)
	}
}

// sections splits a document's text into its blocks: the title, narrative
// paragraphs, the list heading, and each item.
func sections(d *corpus.Document) []string {
	return strings.Split(d.Text, "\n\n")
}

func isItem(text string, items []corpus.Item) bool {
	for _, it := range items {
		if it.Text == text {
			return true
		}
	}
	return false
}

func pdfOf(d *corpus.Document, items []corpus.Item) []byte {
	var blocks []pdfgen.Block
	for i, s := range sections(d) {
		switch {
		case i == 0:
			blocks = append(blocks, pdfgen.Block{Kind: pdfgen.Heading, Text: s})
			blocks = append(blocks, pdfgen.Block{Kind: pdfgen.Para, Text: "Report published: " + printedDate(d.Date)})
		case s == "What needs to improve?":
			blocks = append(blocks, pdfgen.Block{Kind: pdfgen.Subheading, Text: s})
		case isItem(s, items):
			blocks = append(blocks, pdfgen.Block{Kind: pdfgen.Bullet, Text: s})
		default:
			blocks = append(blocks, pdfgen.Block{Kind: pdfgen.Para, Text: s})
		}
	}
	f := pdfgen.Flow{Header: d.Subject + ": inspection of children’s services", Footer: "Page %d of %d", Spacing: pdfgen.Kerned}
	return f.Layout(blocks).Bytes()
}

func htmlOf(d *corpus.Document, items []corpus.Item) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>%s | %s</title></head><body>", html.EscapeString(d.Title), html.EscapeString(d.Publisher))
	b.WriteString(`<a href="#main">Skip to main content</a><div class="cookie-banner"><p>We use cookies.</p></div><nav><a href="/">Home</a></nav><main id="main"><article>`)
	inList := false
	for i, s := range sections(d) {
		e := html.EscapeString(s)
		switch {
		case i == 0:
			fmt.Fprintf(&b, "<h1>%s</h1><p>Published: %s</p>", e, printedDate(d.Date))
		case s == "What needs to improve?":
			fmt.Fprintf(&b, "<h2>%s</h2><ul>", e)
			inList = true
		case isItem(s, items) && inList:
			fmt.Fprintf(&b, "<li>%s</li>", e)
		default:
			if inList {
				b.WriteString("</ul>")
				inList = false
			}
			fmt.Fprintf(&b, "<p>%s</p>", e)
		}
	}
	if inList {
		b.WriteString("</ul>")
	}
	b.WriteString(`</article></main><footer><p>Share this page</p></footer></body></html>`)
	return []byte(b.String())
}

func textOf(d *corpus.Document, items []corpus.Item) []byte {
	var b strings.Builder
	for i, s := range sections(d) {
		switch {
		case i == 0:
			fmt.Fprintf(&b, "%s\n\nPublished: %s\n\n", s, printedDate(d.Date))
		case isItem(s, items):
			fmt.Fprintf(&b, "- %s\n", s)
		default:
			fmt.Fprintf(&b, "\n%s\n\n", s)
		}
	}
	return []byte(b.String())
}

var months = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}

// printedDate writes 2019-05-17 as "17 May 2019".
func printedDate(iso string) string {
	var y, m, d int
	if _, err := fmt.Sscanf(iso, "%d-%d-%d", &y, &m, &d); err != nil || m < 1 || m > 12 {
		return iso
	}
	return fmt.Sprintf("%d %s %d", d, months[m-1], y)
}
