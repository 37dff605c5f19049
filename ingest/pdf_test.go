package ingest

import (
	"context"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer/corpus"
	"github.com/scrutineer/scrutineer/internal/pdfgen"
)

var flowBlocks = []pdfgen.Block{
	{Kind: pdfgen.Heading, Text: "Inspection of Tregaron Borough Council children’s services"},
	{Kind: pdfgen.Para, Text: "Inspectors found that the multi-agency safeguarding hub responds quickly when children are at risk, and that thresholds are well understood by partners across the borough and beyond."},
	{Kind: pdfgen.Subheading, Text: "What needs to improve?"},
	{Kind: pdfgen.Bullet, Text: "The quality and timeliness of pathway plans for care leavers, including their health histories."},
	{Kind: pdfgen.Bullet, Text: "Manageable caseloads for social workers in the assessment teams."},
	{Kind: pdfgen.Para, Text: strings.Repeat("Social workers visit children regularly and know them well, and managers provide regular supervision that is recorded on the child’s file. ", 30)},
}

func readGenerated(t *testing.T, spacing pdfgen.Spacing, iso Isolation) *corpus.Document {
	t.Helper()
	f := pdfgen.Flow{Header: "Tregaron Borough Council inspection", Footer: "Page %d of %d", Spacing: spacing}
	data := f.Layout(flowBlocks).Bytes()
	doc, err := Read(context.Background(), "report.pdf", data, Options{Isolation: iso})
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	return doc
}

// TestPDFWordSpacing reads the same document set three ways: with space
// characters, with spaces widened by Tw, and with words placed by TJ
// offsets and no space characters at all. Each must give the same words.
func TestPDFWordSpacing(t *testing.T) {
	want := strings.Fields("Inspectors found that the multi-agency safeguarding hub responds quickly when children are at risk, and that thresholds are well understood by partners across the borough and beyond.")
	for _, sp := range []struct {
		name    string
		spacing pdfgen.Spacing
	}{{"plain", pdfgen.Plain}, {"word-space", pdfgen.WordSpace}, {"kerned", pdfgen.Kerned}} {
		t.Run(sp.name, func(t *testing.T) {
			doc := readGenerated(t, sp.spacing, Isolation{})
			if !strings.Contains(doc.Text, strings.Join(want, " ")) {
				t.Errorf("text lacks the paragraph with correct spacing:\n%s", doc.Text[:min(len(doc.Text), 600)])
			}
			if strings.Contains(doc.Text, "thatthe") || strings.Contains(doc.Text, "Socialworkers") {
				t.Error("glued words in text")
			}
		})
	}
}

func TestPDFLayout(t *testing.T) {
	doc := readGenerated(t, pdfgen.Kerned, Isolation{})
	if doc.Pages < 2 {
		t.Fatalf("want at least 2 pages, got %d", doc.Pages)
	}
	if strings.Contains(doc.Text, "Tregaron Borough Council inspection") || strings.Contains(doc.Text, "Page 1 of") {
		t.Error("running header or footer left in the text")
	}
	if got := strings.Count(doc.Text, "\f"); got != doc.Pages-1 {
		t.Errorf("want %d form feeds between pages, got %d", doc.Pages-1, got)
	}
	var headings, items []string
	for _, b := range doc.Blocks {
		text := doc.BlockText(b)
		if b.Span.End > len(doc.Text) || b.Span.Start > b.Span.End {
			t.Fatalf("bad span %+v", b.Span)
		}
		switch b.Kind {
		case corpus.Heading:
			headings = append(headings, text)
		case corpus.ListItem:
			items = append(items, text)
			if b.Marker != "•" {
				t.Errorf("list marker %q, want •", b.Marker)
			}
		}
		if strings.Contains(text, "\f") {
			t.Errorf("a block spans a page break: %q", text)
		}
	}
	if len(headings) < 2 || headings[0] != "Inspection of Tregaron Borough Council children’s services" || headings[1] != "What needs to improve?" {
		t.Errorf("headings = %q", headings)
	}
	if len(items) != 2 || !strings.HasPrefix(items[0], "• The quality and timeliness of pathway plans for care leavers, including their health histories.") {
		t.Errorf("list items = %q", items)
	}
	last := doc.Blocks[len(doc.Blocks)-1]
	if last.Page != doc.Pages {
		t.Errorf("last block on page %d, want %d", last.Page, doc.Pages)
	}
	if doc.Title != "Inspection of Tregaron Borough Council children’s services" || doc.Subject != "Tregaron Borough Council" {
		t.Errorf("title %q subject %q", doc.Title, doc.Subject)
	}
}

// TestPDFHyphenatedCompound checks that a compound broken at its hyphen at
// a line end reads as one word with its hyphen.
func TestPDFHyphenatedCompound(t *testing.T) {
	d := pdfgen.Doc{Pages: []pdfgen.Page{{Lines: []pdfgen.Line{
		{X: 60, Y: 700, Size: 11, Text: "Leaders have strengthened the multi-"},
		{X: 60, Y: 686, Size: 11, Text: "agency response and the recom-"},
		{X: 60, Y: 672, Size: 11, Text: "mendation was met; the recommendation stands."},
	}}}}
	doc, err := Read(context.Background(), "h.pdf", d.Bytes(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := "Leaders have strengthened the multi-agency response and the recommendation was met; the recommendation stands."
	if doc.Text != want {
		t.Errorf("got  %q\nwant %q", doc.Text, want)
	}
}

func TestPDFIsolatedMatchesInProcess(t *testing.T) {
	a := readGenerated(t, pdfgen.WordSpace, Isolation{})
	b := readGenerated(t, pdfgen.WordSpace, Isolation{Enabled: true, Timeout: DefaultIsolation.Timeout, MemLimit: 512 << 20})
	if a.Text != b.Text || len(a.Blocks) != len(b.Blocks) {
		t.Error("the isolated reader gives other text than the in-process one")
	}
}
