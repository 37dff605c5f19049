package ingest

import (
	"bytes"
	"context"
	"image"
	"image/draw"
	"image/jpeg"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/scrutineer/scrutineer/internal/pdfgen"
)

// Tesseract's TSV becomes lines in points, top to bottom, with the mean
// confidence of the words.
func TestOCRLines(t *testing.T) {
	tsv := "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n" +
		"1\t1\t0\t0\t0\t0\t0\t0\t2480\t3508\t-1\t\n" +
		"5\t1\t1\t1\t1\t1\t300\t300\t200\t40\t90\tRecommendation\n" +
		"5\t1\t1\t1\t1\t2\t520\t300\t40\t40\t80\t7\n" +
		"5\t1\t1\t1\t2\t1\t300\t400\t150\t40\t70\tLeaders\n" +
		"5\t1\t1\t1\t2\t2\t470\t400\t150\t40\t-1\tshould\n"
	pg, conf := ocrLines([]byte(tsv))
	if len(pg.Lines) != 2 || pg.Lines[0].Text != "Recommendation 7" || pg.Lines[1].Text != "Leaders should" {
		t.Fatalf("lines %+v", pg.Lines)
	}
	if conf != 80 {
		t.Errorf("confidence %v, want 80 (the mean of 90, 80, 70; -1 is no word)", conf)
	}
	if pg.Width < 595 || pg.Width > 596 || pg.Lines[0].Y <= pg.Lines[1].Y {
		t.Errorf("page %.1f wide, lines at %.1f and %.1f: want A4 in points, top line higher", pg.Width, pg.Lines[0].Y, pg.Lines[1].Y)
	}
}

// A page that is only an image is read by OCR (with the real pdftoppm
// and Tesseract): its words are found, and the document and the page say
// their text came from OCR. The image is a born-digital page rendered by
// pdftoppm.
func TestOCRScannedPage(t *testing.T) {
	if err := OCRAvailable(); err != nil {
		t.Skipf("OCR cannot run here: %v (.ci/run installs it)", err)
	}
	dir := t.TempDir()
	src := pdfgen.Flow{}.Layout([]pdfgen.Block{
		{Kind: pdfgen.Heading, Text: "Areas for improvement"},
		{Kind: pdfgen.Para, Text: "The council should reduce caseloads for social workers so that children are visited regularly."},
	}).Bytes()
	if err := os.WriteFile(filepath.Join(dir, "src.pdf"), src, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("pdftoppm", "-r", "150", "-gray", "-png", "-singlefile", filepath.Join(dir, "src.pdf"), filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	f, err := os.Open(filepath.Join(dir, "page.png"))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	gray := image.NewGray(img.Bounds())
	draw.Draw(gray, gray.Bounds(), img, img.Bounds().Min, draw.Src)
	var jpg bytes.Buffer
	if err := jpeg.Encode(&jpg, gray, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	scan := pdfgen.Scanned(jpg.Bytes(), gray.Bounds().Dx(), gray.Bounds().Dy())

	if _, err := Read(context.Background(), "scan.pdf", scan, Options{OCR: OCROff}); err == nil {
		t.Fatal("with OCR off, an image-only page should have no text")
	}
	var calls [][2]int
	var mu sync.Mutex
	doc, err := Read(context.Background(), "scan.pdf", scan, Options{OCRProgress: func(done, total int) {
		mu.Lock()
		calls = append(calls, [2]int{done, total})
		mu.Unlock()
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(calls) != 1 || calls[0] != [2]int{1, 1} {
		t.Errorf("OCR progress %v, want one call: page 1 of 1 done", calls)
	}
	text := strings.Join(strings.Fields(doc.Text), " ")
	for _, w := range []string{"Areas for improvement", "reduce caseloads", "visited regularly"} {
		if !strings.Contains(text, w) {
			t.Errorf("OCR text lacks %q: %q", w, text)
		}
	}
	if len(doc.OCR) != 1 || doc.OCR[0].Page != 1 || doc.OCR[0].Confidence < 60 || !doc.OCRPage(1) {
		t.Errorf("OCR record %+v", doc.OCR)
	}
}
