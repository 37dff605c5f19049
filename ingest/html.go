package ingest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"regexp"
	"strings"

	readability "github.com/go-shiori/go-readability"
	"github.com/scrutineer/scrutineer/corpus"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
)

// htmlReader reads a web page's main content: go-readability finds the
// article and drops navigation and sidebars; the boilerplate rules drop
// what it keeps ("Share this page", "Alert me about debates like this").
// When readability finds too little, the whole body is read with nav,
// header, footer, aside, form, script and cookie banners removed.
type htmlReader struct{}

// siteSuffix is the site name after a page title: "… | GOV.WALES", "… - GOV.UK".
var siteSuffix = regexp.MustCompile(`\s+[|–-]\s+[^|–-]{2,40}$`)

// maxHTMLDepth bounds element nesting; deeper elements are read as text.
const maxHTMLDepth = 256

func (htmlReader) read(_ context.Context, data []byte) (*corpus.Document, error) {
	r, err := charset.NewReader(bytes.NewReader(data), "text/html")
	if err != nil {
		r = bytes.NewReader(data)
	}
	if len(data) > maxTreeBytes {
		doc, meta := htmlStream(r, len(data))
		if len(doc.Blocks) == 0 {
			return nil, fmt.Errorf("%w: no text in HTML", ErrEmpty)
		}
		for k, v := range meta {
			doc.SetMeta(metaField(k), siteSuffix.ReplaceAllString(v, ""), corpus.FromFile)
		}
		return doc, nil
	}
	root, err := html.Parse(r)
	if err != nil {
		// The parser refuses pathological nesting; the tokenizer does not.
		return htmlTokensOnly(data, err)
	}
	doc := &corpus.Document{Format: corpus.HTML}
	meta := htmlMeta(root)
	body := findElement(root, atom.Body)
	if body == nil {
		body = root
	}
	content := body
	if len(data) > maxReadabilityBytes {
		// a page this large is a document, not an article among
		// navigation: read the whole body, without the copy of the tree
		// readability works on
		return htmlDocument(doc, root, body, meta), nil
	}
	fullText := len(strings.Fields(textContent(body, 0)))
	parser := readability.NewParser()
	parser.MaxElemsToParse = 200000
	if article, err := parser.ParseDocument(cloneTree(root, 0), nil); err == nil && article.Node != nil {
		if n := len(strings.Fields(article.TextContent)); n >= 80 || n*2 >= fullText {
			content = article.Node
		}
		if article.Title != "" {
			meta["readability:title"] = article.Title
		}
	}
	return htmlDocument(doc, root, content, meta), nil
}

// maxReadabilityBytes is the largest page whose main content readability
// looks for.
const maxReadabilityBytes = 4 << 20

// htmlDocument reads the element content of root into doc, with the
// metadata of meta.
func htmlDocument(doc *corpus.Document, root, content *html.Node, meta map[string]string) *corpus.Document {
	t := newTextBuilder(false)
	w := htmlWalker{t: t}
	if content != findElement(root, atom.Body) { // the body holds its own heading
		if h1 := findElement(root, atom.H1); h1 != nil && !strings.Contains(textContent(content, 0), textContent(h1, 0)) {
			w.walk(h1, 0) // the page heading sits outside the article
		}
	}
	w.walk(content, 0)
	w.flush()
	doc.Text, doc.Blocks = t.text(), t.blocks
	if h1 := findElement(content, atom.H1); h1 != nil || findElement(root, atom.H1) != nil {
		delete(meta, "title") // the page's own heading beats the window title
		delete(meta, "readability:title")
	}
	for k, v := range meta {
		if metaField(k) == corpus.FieldTitle {
			v = siteSuffix.ReplaceAllString(v, "")
		}
		doc.SetMeta(metaField(k), v, corpus.FromFile)
	}
	return doc
}

func metaField(k string) string {
	switch k {
	case "title", "og:title", "dc.title", "readability:title":
		return corpus.FieldTitle
	case "article:published_time", "dc.date", "dcterms.created", "date", "govuk:first-published-at":
		return corpus.FieldDate
	case "og:site_name", "dc.publisher", "govuk:publishing-organisation":
		return corpus.FieldPublisher
	case "lang":
		return corpus.FieldLanguage
	}
	return ""
}

// htmlMeta collects title, language and meta tags that carry metadata.
func htmlMeta(root *html.Node) map[string]string {
	out := map[string]string{}
	var walk func(n *html.Node, depth int)
	walk = func(n *html.Node, depth int) {
		if depth > maxHTMLDepth {
			return
		}
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Html:
				if l := attr(n, "lang"); l != "" {
					out["lang"] = strings.ToLower(strings.SplitN(l, "-", 2)[0])
				}
			case atom.Title:
				if _, ok := out["title"]; !ok {
					out["title"] = strings.TrimSpace(textContent(n, 0))
				}
			case atom.Meta:
				k := strings.ToLower(attr(n, "property") + attr(n, "name"))
				if metaField(k) != "" && k != "title" && k != "lang" {
					out[k] = strings.TrimSpace(attr(n, "content"))
				}
			case atom.Body:
				return // metadata lives in the head
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, depth+1)
		}
	}
	walk(root, 0)
	return out
}

// htmlWalker turns an element tree into blocks.
type htmlWalker struct {
	t      *textBuilder
	inline strings.Builder // text of the paragraph being gathered
}

func (w *htmlWalker) flush() {
	text := w.inline.String()
	w.inline.Reset()
	for _, line := range strings.Split(text, "\n") {
		if drop, _ := isBoilerplate(line); !drop {
			if m, rest := splitMarker(strings.TrimSpace(line)); m != "" && rest != "" && m != "-" {
				w.t.add(corpus.ListItem, rest, 0, m, "")
				continue
			}
			w.t.add(corpus.Paragraph, line, 0, "", "")
		}
	}
}

// skipped elements: never document text.
func skipElement(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Noscript, atom.Nav, atom.Footer, atom.Header, atom.Aside, atom.Form,
		atom.Button, atom.Select, atom.Svg, atom.Iframe, atom.Template, atom.Head:
		return true
	}
	if attr(n, "hidden") != "" || attr(n, "aria-hidden") == "true" || attr(n, "role") == "navigation" {
		return true
	}
	id := strings.ToLower(attr(n, "id") + " " + attr(n, "class"))
	for _, k := range []string{"cookie", "share", "social", "breadcrumb", "skip-link", "banner", "feedback", "related"} {
		if strings.Contains(id, k) {
			return true
		}
	}
	return false
}

func (w *htmlWalker) walk(n *html.Node, depth int) {
	switch n.Type {
	case html.TextNode:
		w.inline.WriteString(n.Data)
		return
	case html.ElementNode:
	default:
		if n.Type != html.DocumentNode {
			return
		}
	}
	if n.Type == html.ElementNode && skipElement(n) {
		return
	}
	if depth > maxHTMLDepth { // hostile nesting: keep the words, drop the structure
		w.inline.WriteString(" " + textContent(n, 0) + " ")
		return
	}
	switch n.DataAtom {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		w.flush()
		if text := textContent(n, 0); text != "" {
			if drop, _ := isBoilerplate(text); !drop {
				w.t.add(corpus.Heading, text, int(n.Data[1]-'0'), "", "")
			}
		}
		return
	case atom.Li:
		w.flush()
		w.children(n, depth)
		text := w.inline.String()
		w.inline.Reset()
		if drop, _ := isBoilerplate(text); !drop {
			w.t.add(corpus.ListItem, text, 0, "•", "")
		}
		return
	case atom.Tr:
		w.flush()
		var cells []string
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.DataAtom == atom.Td || c.DataAtom == atom.Th {
				cells = append(cells, textContent(c, 0))
			}
		}
		w.t.addRow(cells)
		return
	case atom.Br:
		w.inline.WriteString("\n")
		return
	case atom.P, atom.Div, atom.Section, atom.Article, atom.Main, atom.Blockquote, atom.Ul, atom.Ol,
		atom.Table, atom.Dl, atom.Dt, atom.Dd, atom.Figure, atom.Figcaption, atom.Pre, atom.Address:
		w.flush()
		w.children(n, depth)
		w.flush()
		return
	}
	w.children(n, depth)
}

func (w *htmlWalker) children(n *html.Node, depth int) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c, depth+1)
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// textContent returns the text under n with white space collapsed,
// skipping scripts and styles; iterative, so nesting depth cannot hurt.
func textContent(n *html.Node, _ int) string {
	var b strings.Builder
	stack := []*html.Node{n}
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		switch {
		case x.Type == html.TextNode:
			b.WriteString(x.Data)
			b.WriteByte(' ')
			continue
		case x.Type == html.ElementNode && (x.DataAtom == atom.Script || x.DataAtom == atom.Style):
			continue
		}
		for c := x.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, c)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

func findElement(n *html.Node, a atom.Atom) *html.Node {
	stack := []*html.Node{n}
	for len(stack) > 0 {
		x := stack[0]
		stack = stack[1:]
		if x.Type == html.ElementNode && x.DataAtom == a {
			return x
		}
		for c := x.FirstChild; c != nil; c = c.NextSibling {
			stack = append(stack, c)
		}
	}
	return nil
}

// htmlTokensOnly reads the text of HTML that the parser refused, breaking
// paragraphs at block elements, and says so in a warning.
func htmlTokensOnly(data []byte, cause error) (*corpus.Document, error) {
	doc, _ := htmlStream(bytes.NewReader(data), len(data))
	if len(doc.Blocks) == 0 {
		return nil, fmt.Errorf("%w: parse HTML: %v", ErrMalformed, cause)
	}
	doc.Warnings = append(doc.Warnings, "HTML could not be parsed ("+cause.Error()+"): read as text")
	return doc, nil
}

// maxTreeBytes is the largest page read as an element tree; a larger one
// is read token by token (htmlStream), in memory that follows its text
// rather than its tree.
const maxTreeBytes = 16 << 20

// htmlStream reads a page token by token, without building its tree:
// headings, list items and paragraphs as blocks; scripts, styles,
// navigation, headers, footers, asides and forms left out; the title as
// metadata.
func htmlStream(r io.Reader, size int) (*corpus.Document, map[string]string) {
	z := html.NewTokenizer(r)
	t := newTextBuilder(false)
	t.b.Grow(size / 2)
	meta := map[string]string{}
	var para, title strings.Builder
	skip, inTitle := 0, false
	kind, level, marker := corpus.Paragraph, 0, ""
	flush := func() {
		t.add(kind, para.String(), level, marker, "")
		para.Reset()
		kind, level, marker = corpus.Paragraph, 0, ""
	}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			flush()
			doc := &corpus.Document{Format: corpus.HTML, Text: t.text(), Blocks: t.blocks}
			if tl := strings.TrimSpace(title.String()); tl != "" {
				meta["title"] = tl
			}
			return doc, meta
		case html.TextToken:
			switch {
			case inTitle:
				title.Write(z.Text())
			case skip == 0:
				para.Write(z.Text())
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			start := tt != html.EndTagToken
			switch a := atom.Lookup(name); a {
			case atom.Title:
				inTitle = start && tt == html.StartTagToken
			case atom.Script, atom.Style, atom.Nav, atom.Header, atom.Footer, atom.Aside, atom.Form, atom.Noscript, atom.Template:
				if tt == html.StartTagToken {
					skip++
				} else if tt == html.EndTagToken && skip > 0 {
					skip--
				}
			case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
				flush()
				if start {
					kind, level = corpus.Heading, int(name[1]-'0')
				}
			case atom.Li:
				flush()
				if start {
					kind, marker = corpus.ListItem, "•"
				}
			case atom.P, atom.Div, atom.Br, atom.Tr, atom.Section, atom.Article, atom.Blockquote, atom.Ul, atom.Ol, atom.Table:
				flush()
			}
		}
	}
}

// cloneTree copies a tree (readability changes what it is given), cutting
// it at maxHTMLDepth so that hostile nesting cannot make it recurse deeply.
func cloneTree(n *html.Node, depth int) *html.Node {
	c := &html.Node{Type: n.Type, DataAtom: n.DataAtom, Data: n.Data, Namespace: n.Namespace,
		Attr: append([]html.Attribute(nil), n.Attr...)}
	if depth > maxHTMLDepth {
		c.AppendChild(&html.Node{Type: html.TextNode, Data: textContent(n, 0)})
		return c
	}
	for k := n.FirstChild; k != nil; k = k.NextSibling {
		c.AppendChild(cloneTree(k, depth+1))
	}
	return c
}
