package pdftext

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/ledongthuc/pdf"
)

// Result is what the PDF reader returns: the lines of each page and the
// document information dictionary.
type Result struct {
	Pages []Page
	Info  map[string]string // Title, Author, Subject, Creator, Producer, CreationDate, ModDate
	// PeakRSS is the child's own peak resident memory in KB (0 when read
	// in process). The rusage of a child started with vfork also counts
	// the parent's memory, so the child reports its own.
	PeakRSS int64
}

// MaxPages is the most pages one PDF may have. (A variable so that
// fuzzing can use a smaller bound: an input of thousands of looping pages
// would hold a fuzz worker past the fuzzer's own deadline.)
var MaxPages = 20000

// PageTimeout bounds the time one page may take; the page is reported and
// skipped after it. (A variable so that fuzzing can use a shorter bound.)
var PageTimeout = 20 * time.Second

// pdfView trims what a reader chokes on but the format allows: bytes before
// "%PDF-", bytes after the last "%%EOF", and the 2.x version number, which
// ledongthuc/pdf refuses although it reads the file.
func pdfView(data []byte) []byte {
	if i := bytes.Index(data[:min(len(data), 1024)], []byte("%PDF-")); i > 0 {
		data = data[i:]
	}
	if i := bytes.LastIndex(data, []byte("%%EOF")); i > 0 {
		data = data[:i+5]
	}
	if len(data) > 9 && (data[5] == '2' || data[8] == ' ' || data[8] == '%') {
		cp := append([]byte(nil), data...)
		copy(cp, "%PDF-1.7")
		if cp[8] != '\r' && cp[8] != '\n' {
			cp[8] = '\n'
		}
		return cp
	}
	return data
}

// openPDF opens data with ledongthuc/pdf, turning its panics into errors.
func openPDF(data []byte) (r *pdf.Reader, err error) {
	defer func() {
		if x := recover(); x != nil {
			r, err = nil, fmt.Errorf("%w: %v", ErrMalformed, x)
		}
	}()
	view := pdfView(data)
	r, err = pdf.NewReader(bytes.NewReader(view), int64(len(view)))
	if err != nil {
		if bytes.Contains(data, []byte("/Encrypt")) {
			return nil, fmt.Errorf("%w: %v", ErrEncrypted, err)
		}
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	return r, nil
}

// collectPages walks the page tree once, in order, with bounds on depth and
// nodes so that a tree that refers to itself cannot loop.
func collectPages(r *pdf.Reader) (pages []pdf.Value, err error) {
	defer func() {
		if x := recover(); x != nil {
			err = fmt.Errorf("%w: page tree: %v", ErrMalformed, x)
		}
	}()
	root := r.Trailer().Key("Root").Key("Pages")
	declared := int(root.Key("Count").Int64())
	if declared > MaxPages {
		return nil, fmt.Errorf("%w: declares %d pages (limit %d)", ErrMalformed, declared, MaxPages)
	}
	visits := 0
	var walk func(v pdf.Value, depth int)
	walk = func(v pdf.Value, depth int) {
		visits++
		if depth > 32 || visits > 4*MaxPages || len(pages) >= MaxPages {
			return
		}
		kids := v.Key("Kids")
		if v.Key("Type").Name() == "Page" || (kids.Kind() != pdf.Array && v.Key("Contents").Kind() != pdf.Null) {
			pages = append(pages, v)
			return
		}
		for i := 0; i < kids.Len(); i++ {
			walk(kids.Index(i), depth+1)
		}
	}
	walk(root, 0)
	if visits > 4*MaxPages {
		return pages, fmt.Errorf("%w: page tree too large or circular", ErrMalformed)
	}
	return pages, nil
}

// Read reads the text lines of every page of data, in this process.
// A page that panics or runs too long is reported on the page and skipped;
// the other pages are kept.
func Read(data []byte) (*Result, error) {
	r, err := openPDF(data)
	if err != nil {
		return nil, err
	}
	pages, err := collectPages(r)
	if err != nil && len(pages) == 0 {
		return nil, err
	}
	res := &Result{Info: pdfInfo(r)}
	for i, pv := range pages {
		res.Pages = append(res.Pages, readPage(pv, i+1))
	}
	return res, nil
}

// readPage lays out one page under recovery and a time limit.
func readPage(pv pdf.Value, n int) Page {
	done := make(chan Page, 1)
	go func() {
		var p Page
		defer func() {
			if x := recover(); x != nil {
				p = Page{Err: fmt.Sprintf("page %d: %v", n, x)}
			}
			done <- p
		}()
		w, h := pageSize(pv)
		p = Page{Width: w, Height: h}
		glyphs := readPageGlyphs(pv)
		for _, g := range glyphs {
			if g.ocr {
				p.OCR++
			}
		}
		p.Glyphs = len(glyphs)
		p.Lines = layoutLines(glyphs, w, h)
	}()
	select {
	case p := <-done:
		return p
	case <-time.After(PageTimeout):
		return Page{Err: fmt.Sprintf("page %d: timed out after %s", n, PageTimeout)}
	}
}

// inherited looks a page attribute up through its Parent chain, bounded so
// that a chain that loops ends.
func inherited(v pdf.Value, key string) pdf.Value {
	for depth := 0; depth < 32 && !v.IsNull(); depth++ {
		if r := v.Key(key); !r.IsNull() {
			return r
		}
		v = v.Key("Parent")
	}
	return pdf.Value{}
}

func pageSize(pv pdf.Value) (float64, float64) {
	box := inherited(pv, "MediaBox")
	if box.Len() == 4 {
		w := box.Index(2).Float64() - box.Index(0).Float64()
		h := box.Index(3).Float64() - box.Index(1).Float64()
		if w > 0 && h > 0 {
			return w, h
		}
	}
	return 612, 792
}

func pdfInfo(r *pdf.Reader) (info map[string]string) {
	info = map[string]string{}
	defer func() { _ = recover() }()
	v := r.Trailer().Key("Info")
	for _, k := range []string{"Title", "Author", "Subject", "Creator", "Producer", "CreationDate", "ModDate"} {
		if s := strings.TrimSpace(v.Key(k).Text()); s != "" && len(s) < 1000 {
			info[k] = s
		}
	}
	return info
}
