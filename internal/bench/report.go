package bench

import (
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"
)

// PDFReport sums up a PDF run.
type PDFReport struct {
	Files, BornDigital                int
	MinF1, MedianF1, MeanF1           float64
	MinFile                           string
	Glued                             int
	Pages                             int
	Seconds, RefSeconds               float64
	PagesPerSecond, RefPagesPerSecond float64
}

// SummarisePDF computes the figures over born-digital files.
func SummarisePDF(rs []PDFFile) PDFReport {
	rep := PDFReport{Files: len(rs), MinF1: 1}
	var f1s []float64
	for _, r := range rs {
		rep.Seconds += r.Seconds
		rep.RefSeconds += r.RefSeconds
		if r.Err == "" && r.Note == "" || r.BornDigital {
			rep.Pages += r.Pages
		}
		if !r.BornDigital {
			continue
		}
		rep.BornDigital++
		f1s = append(f1s, r.Score.F1)
		rep.Glued += r.Score.Glued
		rep.MeanF1 += r.Score.F1
		if r.Score.F1 < rep.MinF1 {
			rep.MinF1, rep.MinFile = r.Score.F1, r.Path
		}
	}
	if len(f1s) > 0 {
		sort.Float64s(f1s)
		rep.MedianF1 = f1s[len(f1s)/2]
		if len(f1s)%2 == 0 {
			rep.MedianF1 = (f1s[len(f1s)/2-1] + f1s[len(f1s)/2]) / 2
		}
		rep.MeanF1 /= float64(len(f1s))
	} else {
		rep.MinF1 = 0
	}
	if rep.Seconds > 0 {
		rep.PagesPerSecond = float64(rep.Pages) / rep.Seconds
	}
	if rep.RefSeconds > 0 {
		rep.RefPagesPerSecond = float64(rep.Pages) / rep.RefSeconds
	}
	return rep
}

// PrintPDF writes the per-file table and the summary.
func PrintPDF(w io.Writer, rs []PDFFile, rep PDFReport) {
	fmt.Fprintf(w, "%-58s %5s %7s %7s %7s %6s %6s %9s %9s\n", "file", "pages", "F1", "prec", "recall", "glued", "split", "ours p/s", "ref p/s")
	for _, r := range rs {
		name := r.Path
		if len(name) > 58 {
			name = "…" + name[len(name)-57:]
		}
		if r.Err != "" || !r.BornDigital {
			note := r.Note
			if r.Err != "" {
				note = r.Err + "; " + note
			}
			fmt.Fprintf(w, "%-58s %5d  (not scored: %s)\n", name, r.Pages, note)
			continue
		}
		fmt.Fprintf(w, "%-58s %5d %7.4f %7.4f %7.4f %6d %6d %9.1f %9.1f\n", name, r.Pages, r.Score.F1, r.Score.Precision,
			r.Score.Recall, r.Score.Glued, r.Score.Split, float64(r.Pages)/r.Seconds, float64(r.Pages)/r.RefSeconds)
		if r.Score.F1 < 0.985 {
			fmt.Fprintf(w, "    missing: %s\n    extra:   %s\n", strings.Join(r.Score.Missing, " "), strings.Join(r.Score.Extra, " "))
		}
	}
	fmt.Fprintf(w, "\n%d files, %d born-digital scored against pdftotext\n", rep.Files, rep.BornDigital)
	fmt.Fprintf(w, "word F1: min %.4f (%s)  median %.4f  mean %.4f; glued words %d\n", rep.MinF1, filepath.Base(rep.MinFile), rep.MedianF1, rep.MeanF1, rep.Glued)
	fmt.Fprintf(w, "speed: scrutineer %.1f pages/s, pdftotext %.1f pages/s (%d pages; scrutineer takes %.2fx pdftotext's time)\n",
		rep.PagesPerSecond, rep.RefPagesPerSecond, rep.Pages, rep.Seconds/max(rep.RefSeconds, 1e-9))
}
