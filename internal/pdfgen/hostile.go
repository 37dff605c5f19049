package pdfgen

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"math/rand"
	"strings"
)

// Hostile PDFs for robustness tests: each is a file a reader must refuse or
// survive without crashing, hanging or exhausting memory.

func sample() []byte {
	f := Flow{Footer: "Page %d of %d"}
	return f.Layout([]Block{{Heading, "Hostile input"}, {Para, strings.Repeat("Words that a reader should find. ", 60)}}).Bytes()
}

// Truncated is a valid PDF cut in half.
func Truncated() []byte { b := sample(); return b[:len(b)/2] }

// ByteFlipped is a valid PDF with n bytes changed at random (seeded).
func ByteFlipped(seed int64, n int) []byte {
	b := sample()
	r := rand.New(rand.NewSource(seed))
	for i := 0; i < n; i++ {
		b[r.Intn(len(b))] = byte(r.Intn(256))
	}
	return b
}

// RandomBytes is a PDF header followed by noise.
func RandomBytes(seed int64, n int) []byte {
	r := rand.New(rand.NewSource(seed))
	b := make([]byte, n)
	r.Read(b)
	return append([]byte("%PDF-1.4\n"), b...)
}

// raw writes objects given as bodies (object i+1 is bodies[i]) with a
// correct cross-reference table and the trailer given.
func raw(bodies []string, trailer string) []byte {
	w := &writer{}
	w.buf.WriteString("%PDF-1.4\n")
	for i, b := range bodies {
		w.obj(i+1, b)
	}
	xref := w.buf.Len()
	fmt.Fprintf(&w.buf, "xref\n0 %d\n0000000000 65535 f \n", len(bodies)+1)
	for i := range bodies {
		fmt.Fprintf(&w.buf, "%010d 00000 n \n", w.offsets[i+1])
	}
	fmt.Fprintf(&w.buf, "trailer\n%s\nstartxref\n%d\n%%%%EOF\n", trailer, xref)
	return w.buf.Bytes()
}

// Encrypted declares AES-256 encryption with a user password.
func Encrypted() []byte {
	key := strings.Repeat("A", 64)
	return raw([]string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
		"<< /Length 10 >>\nstream\n0123456789\nendstream",
		"<< /Filter /Standard /V 5 /R 6 /Length 256 /P -1 /O <" + key + key[:32] + "> /U <" + key + key[:32] + "> /OE <" + key + "> /UE <" + key + "> /Perms <" + key[:32] + "> >>",
	}, "<< /Size 6 /Root 1 0 R /Encrypt 5 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>] >>")
}

// SelfReferencingPages has a page tree node that is its own kid.
func SelfReferencingPages() []byte {
	return raw([]string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 5 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
	}, "<< /Size 4 /Root 1 0 R >>")
}

// HugePageCount declares two billion pages.
func HugePageCount() []byte {
	return raw([]string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 2000000000 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
	}, "<< /Size 4 /Root 1 0 R >>")
}

// CompressionBomb has a small compressed content stream that inflates to
// size bytes of one unterminated string, which a naive reader holds whole.
func CompressionBomb(size int) []byte {
	var z bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&z, zlib.BestCompression)
	chunk := bytes.Repeat([]byte("A"), 1<<20)
	zw.Write([]byte("BT /F1 12 Tf ("))
	for n := 0; n < size; n += len(chunk) {
		zw.Write(chunk)
	}
	zw.Close()
	return raw([]string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
		fmt.Sprintf("<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream", z.Len(), z.String()),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}, "<< /Size 6 /Root 1 0 R >>")
}

// ImageOnly is a valid PDF whose pages draw no text, as a scan without OCR is.
func ImageOnly() []byte {
	return raw([]string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
		"<< /Length 29 >>\nstream\n0.5 g 50 50 495 742 re f\nendstream",
	}, "<< /Size 5 /Root 1 0 R >>")
}

// Sample is a valid PDF, for mixing good files among hostile ones.
func Sample() []byte { return sample() }

// Scanned is a one-page PDF whose page is only a JPEG image of w × h
// pixels drawn over the whole A4 page, as a scan without OCR is.
func Scanned(jpeg []byte, w, h int) []byte {
	return raw([]string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>",
		"<< /Length 33 >>\nstream\nq 595 0 0 842 0 0 cm /Im1 Do Q\nendstream",
		fmt.Sprintf("<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\nstream\n%s\nendstream",
			w, h, len(jpeg), jpeg),
	}, "<< /Size 6 /Root 1 0 R >>")
}
