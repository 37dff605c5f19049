package ingest

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer/corpus"
)

const officeReport = `# Inspection of Tregaron Council children's services

The council has made progress since the last inspection.

## Recommendations

1. The council should reduce caseloads in the duty team.
2. Leaders should improve the quality of pathway plans.
`

// officeFile makes a word-processor file of the fictional report with
// pandoc itself.
func officeFile(t *testing.T, format string) []byte {
	t.Helper()
	if _, err := exec.LookPath("pandoc"); err != nil {
		t.Skip("no pandoc (Debian's pandoc package)")
	}
	out := filepath.Join(t.TempDir(), "report."+format)
	cmd := exec.Command("pandoc", "-s", "-f", "markdown", "-o", out)
	cmd.Stdin = strings.NewReader(officeReport)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("pandoc: %v %s", err, b)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestOfficeFiles: .docx, .odt and .rtf are read with their headings and
// lists, not skipped or stored as markup.
func TestOfficeFiles(t *testing.T) {
	for _, f := range []struct {
		ext  string
		want corpus.Format
	}{{"docx", DOCX}, {"odt", ODT}, {"rtf", RTF}} {
		data := officeFile(t, f.ext)
		doc, err := Read(context.Background(), "report."+f.ext, data, Options{})
		if err != nil {
			t.Fatalf("%s: %v", f.ext, err)
		}
		if doc.Format != f.want || !strings.Contains(doc.Text, "reduce caseloads in the duty team") || strings.Contains(doc.Text, "<w:") ||
			strings.Contains(doc.Text, `\par`) {
			t.Errorf("%s: format %s, text %q", f.ext, doc.Format, doc.Text)
		}
		var heading, list bool
		for _, b := range doc.Blocks {
			text := doc.BlockText(b)
			heading = heading || b.Kind == corpus.Heading && strings.Contains(text, "Recommendations")
			list = list || b.Kind == corpus.ListItem && strings.Contains(text, "pathway plans")
		}
		if !heading || !list {
			t.Errorf("%s: the heading (%v) and the list items (%v) should be blocks: %+v", f.ext, heading, list, doc.Blocks)
		}
	}
}

// TestOtherZips: a zip that is no word-processor file is unsupported with
// a reason; a damaged one is malformed.
func TestOtherZips(t *testing.T) {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, _ := zw.Create("xl/workbook.xml")
	w.Write([]byte("<workbook/>"))
	zw.Close()
	if _, err := Read(context.Background(), "sheet.xlsx", b.Bytes(), Options{}); !errors.Is(err, ErrUnsupported) {
		t.Errorf("a spreadsheet: %v", err)
	}
	if _, err := Read(context.Background(), "broken.docx", []byte("PK\x03\x04 not really a zip"), Options{}); !errors.Is(err, ErrMalformed) {
		t.Errorf("a damaged zip: %v", err)
	}
}
