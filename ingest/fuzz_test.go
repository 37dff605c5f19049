package ingest

import (
	"context"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/scrutineer/scrutineer/ingest/pdftext"
	"github.com/scrutineer/scrutineer/internal/pdfgen"
)

// The fuzz targets check that no input makes a reader panic or produce
// blocks whose spans fall outside the text. Seeds live in testdata/fuzz.

func checkDoc(t *testing.T, text string, spans [][2]int) {
	if !utf8.ValidString(text) {
		t.Fatal("text is not valid UTF-8")
	}
	for _, s := range spans {
		if s[0] < 0 || s[1] > len(text) || s[0] > s[1] {
			t.Fatalf("span %v outside text of %d bytes", s, len(text))
		}
	}
}

func fuzzRead(t *testing.T, r formatReader, data []byte) {
	doc, err := r.read(context.Background(), data)
	if err != nil || doc == nil {
		return
	}
	var spans [][2]int
	for _, b := range doc.Blocks {
		spans = append(spans, [2]int{b.Span.Start, b.Span.End})
	}
	checkDoc(t, doc.Text, spans)
}

func FuzzPDF(f *testing.F) {
	f.Add(pdfgen.Sample())
	f.Add(pdfgen.SelfReferencingPages())
	f.Add(pdfgen.HugePageCount())
	pdftext.PageTimeout = 300 * time.Millisecond // a looping page must not stall the fuzzer
	pdftext.MaxPages = 32                        // nor a thousand of them
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := pdftext.Read(data)
		if err != nil {
			return
		}
		doc, err := pdfDocument(res)
		if err != nil {
			return
		}
		var spans [][2]int
		for _, b := range doc.Blocks {
			spans = append(spans, [2]int{b.Span.Start, b.Span.End})
		}
		checkDoc(t, doc.Text, spans)
	})
}

func FuzzHTML(f *testing.F) {
	f.Add([]byte("<html><body><h1>T</h1><ul><li>a</li></ul><table><tr><td>x</td></tr></table></body></html>"))
	f.Add([]byte("<div><div><p>Skip to main content</p><script>x</script>"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, htmlReader{}, data) })
}

func FuzzXML(f *testing.F) {
	f.Add([]byte(`<?xml version="1.0"?><publicwhip><speech speakername="A" id="uk.org.publicwhip/debate/2009-10-26a.1.0"><p>x &pound;</p></speech></publicwhip>`))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, xmlReader{}, data) })
}

func FuzzText(f *testing.F) {
	f.Add([]byte("Title\n=====\n\n#. one\n#. two\n\n**Speaker**: words\n\fpage two"))
	f.Add([]byte("\xff\xfeT\x00e\x00x\x00t\x00"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, textReader{}, data) })
}

func FuzzSQL(f *testing.F) {
	f.Add([]byte("-- export\nINSERT INTO items (title, body, speaker) VALUES ('Q1', 'Minister, will the council''s plan be published? ' || 'x', 'A Member'), ('Q2', NULL, X'00ff');\n"))
	f.Add([]byte("INSERT OR REPLACE INTO `t` VALUES ('it\\'s', (1+2), /* c */ 'b');"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, sqlReader{}, data) })
}

func FuzzSniff(f *testing.F) {
	f.Add([]byte("%PDF-1.4"))
	f.Add([]byte("a,b,c\n1,2,3\n4,5,6\n"))
	f.Fuzz(func(t *testing.T, data []byte) { _, _ = sniff(data) })
}
