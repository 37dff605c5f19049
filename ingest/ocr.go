package ingest

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"

	"github.com/scrutineer/scrutineer/corpus"
	"github.com/scrutineer/scrutineer/ingest/pdftext"
	"github.com/scrutineer/scrutineer/internal/isolate"
)

// OCR of image-only pages: poppler's pdftoppm renders a page at ocrDPI and
// Tesseract reads it (English and Welsh, when its language data is
// installed). Each page is one pair of processes under a time limit and,
// where prlimit is installed, a memory limit, so that a hostile page costs
// at most its limits; pages are read in parallel up to the cores. A page
// needs OCR when its text layer has next to nothing on it, or only
// garbage; OCRForce reads every page so.

// OCRMode says when pages are read by OCR.
type OCRMode string

// The OCR modes.
const (
	OCRAuto  OCRMode = "auto"  // pages without a usable text layer (the default)
	OCROff   OCRMode = "off"   // never: such pages stay without text
	OCRForce OCRMode = "force" // every page, whatever its text layer
)

// ParseOCRMode reads an --ocr value.
func ParseOCRMode(s string) (OCRMode, error) {
	switch m := OCRMode(s); m {
	case "", OCRAuto:
		return OCRAuto, nil
	case OCROff, OCRForce:
		return m, nil
	}
	return "", fmt.Errorf("--ocr is auto, off or force, not %q", s)
}

// OCR limits and settings.
const (
	ocrDPI         = 300
	ocrPageTimeout = 120 * time.Second
	ocrPageMemory  = 1 << 30 // address space of each tesseract process, where prlimit can set it
	// ocrMinConfidence is the mean word confidence below which a page's
	// OCR text is flagged as probably noise.
	ocrMinConfidence = 60
	// minPageChars is the least text a page's own layer must have for
	// OCRAuto to leave it be.
	minPageChars = 25
)

// ocrTools says whether pdftoppm and tesseract are installed, and which
// languages tesseract has.
var ocrTools = sync.OnceValues(func() (string, error) {
	for _, tool := range []string{"pdftoppm", "tesseract"} {
		if _, err := exec.LookPath(tool); err != nil {
			return "", fmt.Errorf("%s is not installed", tool)
		}
	}
	out, err := exec.Command("tesseract", "--list-langs").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("tesseract --list-langs: %v", err)
	}
	have := map[string]bool{}
	for _, l := range strings.Fields(string(out)) {
		have[l] = true
	}
	if !have["eng"] {
		return "", fmt.Errorf("tesseract has no English language data (tesseract-ocr-eng)")
	}
	langs := "eng"
	if have["cym"] {
		langs = "eng+cym"
	}
	return langs, nil
})

// OCRAvailable says whether OCR can run here, and if not, why.
func OCRAvailable() error {
	_, err := ocrTools()
	return err
}

// needsOCR says whether a page's text layer is too thin or too garbled to
// stand for the page.
func needsOCR(pg pdftext.Page) bool {
	chars, letters, odd := 0, 0, 0
	for _, l := range pg.Lines {
		for _, r := range l.Text {
			switch {
			case unicode.IsSpace(r):
				continue
			case unicode.IsLetter(r):
				letters++
			case r == '\uFFFD' || unicode.IsControl(r) || unicode.Is(unicode.Co, r):
				odd++
			}
			chars++
		}
	}
	if chars < minPageChars {
		return true
	}
	// garbage: a text layer of unmapped glyphs, mostly not letters
	return odd*4 > chars || letters*3 < chars
}

// ocrPages reads the given pages (1-based) of the PDF in data by OCR, in
// parallel, and returns them in the order asked, with each one's mean
// confidence; a page that fails has Err set.
func ocrPages(ctx context.Context, data []byte, pages []int, progress func(done, total int)) ([]pdftext.Page, []float64, error) {
	langs, err := ocrTools()
	if err != nil {
		return nil, nil, err
	}
	dir, err := os.MkdirTemp("", "scrutineer-ocr-")
	if err != nil {
		return nil, nil, err
	}
	defer os.RemoveAll(dir)
	src := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(src, data, 0o600); err != nil {
		return nil, nil, err
	}
	out := make([]pdftext.Page, len(pages))
	conf := make([]float64, len(pages))
	jobs := make(chan int)
	var wg sync.WaitGroup
	var done atomic.Int64
	for w := 0; w < min(runtime.NumCPU(), len(pages)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range jobs {
				out[k], conf[k] = ocrPage(ctx, src, dir, pages[k], langs)
				if n := done.Add(1); progress != nil {
					progress(int(n), len(pages))
				}
			}
		}()
	}
	for k := range pages {
		if ctx.Err() != nil {
			break
		}
		jobs <- k
	}
	close(jobs)
	wg.Wait()
	return out, conf, ctx.Err()
}

// ocrPage renders and reads one page.
func ocrPage(ctx context.Context, src, dir string, page int, langs string) (pdftext.Page, float64) {
	ctx, cancel := context.WithTimeout(ctx, ocrPageTimeout)
	defer cancel()
	img := filepath.Join(dir, fmt.Sprintf("p%d", page))
	n := strconv.Itoa(page)
	render := exec.CommandContext(ctx, "pdftoppm", "-r", strconv.Itoa(ocrDPI), "-f", n, "-l", n, "-gray", "-png", "-singlefile", src, img)
	render.SysProcAttr = isolate.ChildAttr()
	msg, err := render.CombinedOutput()
	if render.ProcessState != nil {
		maxOCRRSS.Note(isolate.RusageKB(render.ProcessState))
	}
	if err != nil {
		return pdftext.Page{Err: fmt.Sprintf("page %d: render for OCR: %v %s", page, err, strings.TrimSpace(string(msg)))}, 0
	}
	defer os.Remove(img + ".png")
	args := []string{img + ".png", "-", "-l", langs, "--psm", "3", "tsv"}
	name := "tesseract"
	if p, err := exec.LookPath("prlimit"); err == nil {
		args = append([]string{fmt.Sprintf("--as=%d", ocrPageMemory), "tesseract"}, args...)
		name = p
	}
	read := exec.CommandContext(ctx, name, args...)
	read.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1") // one core per page: pages run in parallel
	read.SysProcAttr = isolate.ChildAttr()
	var stderr bytes.Buffer
	read.Stderr = &stderr
	tsv, err := read.Output()
	if read.ProcessState != nil {
		maxOCRRSS.Note(isolate.RusageKB(read.ProcessState))
	}
	if err != nil {
		if ctx.Err() != nil {
			return pdftext.Page{Err: fmt.Sprintf("page %d: OCR took longer than %s", page, ocrPageTimeout)}, 0
		}
		return pdftext.Page{Err: fmt.Sprintf("page %d: OCR: %v %s", page, err, firstLine(stderr.String()))}, 0
	}
	return ocrLines(tsv)
}

// ocrLines turns Tesseract's TSV into a page of lines in points, as the
// PDF reader lays out a text layer, with the mean confidence of its
// words.
func ocrLines(tsv []byte) (pdftext.Page, float64) {
	type line struct {
		words          []string
		x0, x1, y0, y1 int
	}
	var pg pdftext.Page
	lines := map[[3]int]*line{}
	var order [][3]int
	var confSum float64
	var confN int
	sc := bufio.NewScanner(bytes.NewReader(tsv))
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if len(f) < 12 || f[0] == "level" {
			continue
		}
		num := func(i int) int { v, _ := strconv.Atoi(f[i]); return v }
		switch f[0] {
		case "1": // the page
			pg.Width, pg.Height = float64(num(8))*72/ocrDPI, float64(num(9))*72/ocrDPI
		case "5": // a word
			text := strings.TrimSpace(f[11])
			if text == "" {
				continue
			}
			if c, err := strconv.ParseFloat(f[10], 64); err == nil && c >= 0 {
				confSum += c
				confN++
			}
			k := [3]int{num(2), num(3), num(4)}
			l := lines[k]
			left, top, w, h := num(6), num(7), num(8), num(9)
			if l == nil {
				l = &line{x0: left, y0: top, x1: left + w, y1: top + h}
				lines[k] = l
				order = append(order, k)
			}
			l.words = append(l.words, text)
			l.x0, l.x1 = min(l.x0, left), max(l.x1, left+w)
			l.y0, l.y1 = min(l.y0, top), max(l.y1, top+h)
		}
	}
	scale := 72.0 / ocrDPI
	for _, k := range order {
		l := lines[k]
		pg.Lines = append(pg.Lines, pdftext.Line{
			Text: strings.Join(l.words, " "),
			X0:   float64(l.x0) * scale, X1: float64(l.x1) * scale,
			Y:    pg.Height - float64(l.y1)*scale, // the baseline, near the bottom of the line
			Size: math.Max(1, float64(l.y1-l.y0)*scale*0.8),
		})
		pg.Glyphs += len(l.words)
	}
	// top to bottom, as the layout expects
	sort.SliceStable(pg.Lines, func(a, b int) bool { return pg.Lines[a].Y > pg.Lines[b].Y+1 })
	mean := 0.0
	if confN > 0 {
		mean = math.Round(confSum/float64(confN)*10) / 10
	}
	return pg, mean
}

// applyOCR reads by OCR the pages of res that need it (all of them with
// OCRForce) and puts their text in place of the text layer's. It returns
// what it did for the document's record and warnings.
func applyOCR(ctx context.Context, data []byte, res *pdftext.Result, mode OCRMode, progress func(done, total int)) ([]corpus.PageOCR, []string, error) {
	if mode == OCROff {
		return nil, nil, nil
	}
	var want []int
	for i, pg := range res.Pages {
		if pg.Err == "" && (mode == OCRForce || needsOCR(pg)) {
			want = append(want, i+1)
		}
	}
	if len(want) == 0 {
		return nil, nil, nil
	}
	if err := OCRAvailable(); err != nil {
		return nil, []string{fmt.Sprintf("%d pages need OCR, which cannot run here: %v", len(want), err)}, nil
	}
	pages, conf, err := ocrPages(ctx, data, want, progress)
	if err != nil {
		return nil, nil, err
	}
	var done []corpus.PageOCR
	var warnings []string
	for k, p := range want {
		pg := pages[k]
		if pg.Err != "" {
			warnings = append(warnings, pg.Err)
			continue
		}
		if len(pg.Lines) == 0 {
			continue // a blank page
		}
		if old := res.Pages[p-1]; old.Width > 0 {
			pg.Width, pg.Height = old.Width, old.Height
		}
		res.Pages[p-1] = pg
		done = append(done, corpus.PageOCR{Page: p, Confidence: conf[k]})
		if conf[k] < ocrMinConfidence {
			warnings = append(warnings, fmt.Sprintf("page %d: OCR confidence %.0f is below %d: its text may be noise", p, conf[k], ocrMinConfidence))
		}
	}
	return done, warnings, nil
}

// maxOCRRSS is the largest resident set, in KB, of any OCR child
// (pdftoppm or tesseract) so far.
var maxOCRRSS isolate.Peak

// MaxOCRRSS is the largest resident memory, in bytes, any OCR child has
// used in this process.
func MaxOCRRSS() int64 { return maxOCRRSS.Load() << 10 }

// OCRPageText renders page (1-based) of the PDF in data and reads it by
// OCR, returning its text line by line and its mean confidence: for
// measuring OCR against a page's own text layer.
func OCRPageText(ctx context.Context, data []byte, page int) (string, float64, error) {
	pages, conf, err := ocrPages(ctx, data, []int{page}, nil)
	if err != nil {
		return "", 0, err
	}
	if pages[0].Err != "" {
		return "", 0, fmt.Errorf("%s", pages[0].Err)
	}
	var b strings.Builder
	for _, l := range pages[0].Lines {
		b.WriteString(l.Text)
		b.WriteByte('\n')
	}
	return b.String(), conf[0], nil
}

// PageTexts returns the text layer of each page of the PDF in data, read
// in this process, and whether each would need OCR.
func PageTexts(data []byte) ([]string, []bool, error) {
	res, err := pdftext.Read(data)
	if err != nil {
		return nil, nil, err
	}
	texts, need := make([]string, len(res.Pages)), make([]bool, len(res.Pages))
	for i, pg := range res.Pages {
		var b strings.Builder
		for _, l := range pg.Lines {
			b.WriteString(l.Text)
			b.WriteByte('\n')
		}
		texts[i], need[i] = b.String(), pg.Err != "" || needsOCR(pg)
	}
	return texts, need, nil
}

// firstLine is the first line of a tool's message.
func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return line
}
