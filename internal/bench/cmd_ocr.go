package bench

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/scrutineer/scrutineer/ingest"
	"github.com/scrutineer/scrutineer/internal/cli"
	"github.com/scrutineer/scrutineer/internal/eval"
)

// benchOCR measures OCR on born-digital pages, whose own text layer is the
// answer: each page is rendered at 300 dpi and read by Tesseract, and the
// words it reads are scored against the layer's (word F1, as multisets of
// lower-cased words). It prints each document's median F1, the median
// over all pages, pages/s and the peak memory of the OCR processes.
func benchOCR(ctx context.Context, e *Env, args []string) error {
	fset := newFlags(e, "bench ocr", "[--pages N] [--min-f1 F] PATH...")
	perDoc := fset.Int("pages", 2, "pages OCR'd from each PDF (spread over it)")
	minF1 := fset.Float64("min-f1", 0, "fail if the median word F1 is below this")
	paths, err := parseFlags(fset, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return usageError("bench ocr needs a PATH")
	}
	if err := ingest.OCRAvailable(); err != nil {
		return fmt.Errorf("OCR cannot run here: %w", err)
	}
	var files []string
	for _, p := range paths {
		_ = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.EqualFold(filepath.Ext(path), ".pdf") {
				files = append(files, path)
			}
			return nil
		})
	}
	slices.Sort(files)
	var all []float64
	pages := 0
	start := time.Now()
	fmt.Fprintf(e.Stdout, "%-60s %6s %8s %8s\n", "document", "pages", "word F1", "conf")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		texts, need, err := ingest.PageTexts(data)
		if err != nil {
			continue
		}
		var usable []int
		for i := range texts {
			if !need[i] && countWordsIn(texts[i]) >= 50 {
				usable = append(usable, i+1)
			}
		}
		if len(usable) == 0 {
			continue
		}
		var f1s []float64
		confSum := 0.0
		for k := 0; k < *perDoc && k < len(usable); k++ {
			page := usable[k*len(usable)/min(*perDoc, len(usable))]
			got, conf, err := ingest.OCRPageText(ctx, data, page)
			if err != nil {
				fmt.Fprintf(e.Stderr, "%s page %d: %v\n", f, page, err)
				continue
			}
			f1s = append(f1s, wordF1(got, texts[page-1]))
			confSum += conf
			pages++
		}
		if len(f1s) == 0 {
			continue
		}
		all = append(all, f1s...)
		fmt.Fprintf(e.Stdout, "%-60s %6d %8.3f %8.1f\n", cli.Clip(f, 60), len(f1s), median(f1s), confSum/float64(len(f1s)))
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	if len(all) == 0 {
		return fmt.Errorf("no born-digital pages found under %s", strings.Join(paths, " "))
	}
	took := time.Since(start)
	m := median(all)
	fmt.Fprintf(e.Stdout, "\n%d pages: median word F1 %.3f (lowest %.3f); %.2f pages/s; peak OCR process memory %d MB; this process %s\n",
		len(all), m, slices.Min(all), float64(pages)/took.Seconds(), ingest.MaxOCRRSS()>>20, peakRSS())
	if *minF1 > 0 && m < *minF1 {
		return fmt.Errorf("%w: median word F1 %.3f is below %.2f", errGate, m, *minF1)
	}
	return nil
}

// ocrWords are the lower-cased words of s, punctuation trimmed.
func ocrWords(s string) map[string]int {
	out := map[string]int{}
	for _, w := range strings.Fields(s) {
		w = strings.ToLower(strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }))
		if w != "" {
			out[w]++
		}
	}
	return out
}

// wordF1 is the F1 of the words of got against those of want, as
// multisets: the Dice coefficient of the two, which eval.Similarity is
// (over every word here, stop words and numbers included).
func wordF1(got, want string) float64 {
	return eval.Similarity(ocrWords(got), ocrWords(want))
}

func countWordsIn(s string) int { return len(strings.Fields(s)) }

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}
