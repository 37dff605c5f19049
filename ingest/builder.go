package ingest

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/scrutineer/scrutineer/ingest/pdftext"

	"github.com/scrutineer/scrutineer/corpus"
	"golang.org/x/text/unicode/norm"
)

// Separators of the document text (the contract of `extract --text`).
const (
	blockSep = "\n\n"
	pageSep  = "\n\f\n"
)

// textBuilder assembles a document's text from blocks, recording each
// block's span and page, so every reader produces the same shape of text.
type textBuilder struct {
	b      strings.Builder
	blocks []corpus.Block
	page   int
	empty  bool // nothing written on the current page yet
}

func newTextBuilder(paged bool) *textBuilder {
	t := &textBuilder{empty: true}
	if paged {
		t.page = 1
	}
	return t
}

// nextPage starts a new page.
func (t *textBuilder) nextPage() {
	t.b.WriteString(pageSep)
	t.page++
	t.empty = true
}

// add appends a block of text (normalised first); empty text is dropped.
func (t *textBuilder) add(kind corpus.BlockKind, text string, level int, marker, speaker string) {
	text = cleanText(text)
	if text == "" {
		return
	}
	if !t.empty {
		t.b.WriteString(blockSep)
	}
	start := t.b.Len()
	t.b.WriteString(text)
	t.blocks = append(t.blocks, corpus.Block{
		Kind: kind, Span: corpus.Span{Start: start, End: t.b.Len()}, Page: t.page,
		Level: level, Marker: marker, Speaker: speaker,
	})
	t.empty = false
}

// addRow appends a table row, its cells separated by tabs.
func (t *textBuilder) addRow(cells []string) {
	var parts []string
	for _, c := range cells {
		if c = cleanText(c); c != "" {
			parts = append(parts, c)
		}
	}
	if len(parts) == 0 {
		return
	}
	if !t.empty {
		t.b.WriteString(blockSep)
	}
	start := t.b.Len()
	t.b.WriteString(strings.Join(parts, "\t"))
	t.blocks = append(t.blocks, corpus.Block{Kind: corpus.TableRow, Span: corpus.Span{Start: start, End: t.b.Len()}, Page: t.page})
	t.empty = false
}

func (t *textBuilder) text() string { return t.b.String() }

// ligatures expands typographic ligatures and maps private-use bullets
// and odd spaces, as the PDF layout does (pdftext.Ligatures).
var ligatures = pdftext.Ligatures

// hasLigature says whether s holds a character ligatures replaces (all
// of them are outside ASCII), so that plain text is not copied for
// nothing.
func hasLigature(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return strings.ContainsAny(s, "ﬁﬂﬀﬃﬄﬅﬆ\uf0b7\uf0a7\uf0d8\uf0fc\u00ad\u200b\ufeff\u00a0\u2009\u202f")
		}
	}
	return false
}

// cleanText normalises the text of one block: valid UTF-8 in NFC, no
// control characters, ligatures expanded, white space collapsed to single
// spaces.
func cleanText(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if hasLigature(s) {
		s = ligatures.Replace(s)
	}
	if !norm.NFC.IsNormalString(s) {
		s = norm.NFC.String(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case unicode.IsControl(r) || r == '\uFFFD' || (r >= 0xE000 && r <= 0xF8FF):
			continue // control characters and private-use glyphs carry no text
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}
