package ingest

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer/ingest/pdftext"
	"github.com/scrutineer/scrutineer/internal/pdfgen"
)

// TestHostilePDFs feeds malformed and malicious PDFs to the isolated reader:
// each must come back as an error that says why (or as a document with
// warnings), within the time limit, with this process unharmed.
func TestHostilePDFs(t *testing.T) {
	iso := Isolation{Enabled: true, Timeout: 30 * time.Second, MemLimit: 256 << 20}
	cases := []struct {
		name string
		data []byte
		want error // nil: a document may come back
	}{
		{"truncated", pdfgen.Truncated(), ErrMalformed},
		{"encrypted", pdfgen.Encrypted(), ErrEncrypted},
		{"self-referencing page tree", pdfgen.SelfReferencingPages(), nil},
		{"huge page count", pdfgen.HugePageCount(), ErrMalformed},
		{"image only", pdfgen.ImageOnly(), ErrNoText},
		{"random bytes", pdfgen.RandomBytes(1, 4096), ErrMalformed},
		{"byte flipped", pdfgen.ByteFlipped(7, 40), nil},
		{"empty", nil, ErrEmpty},
	}
	if !testing.Short() {
		cases = append(cases, struct {
			name string
			data []byte
			want error
		}{"compression bomb", pdfgen.CompressionBomb(1 << 30), ErrMemory})
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			doc, err := Read(context.Background(), tc.name+".pdf", tc.data, Options{Isolation: iso})
			if time.Since(start) > iso.Timeout+5*time.Second {
				t.Errorf("took %s, over the time limit", time.Since(start))
			}
			switch {
			case tc.want != nil && !errors.Is(err, tc.want):
				t.Errorf("got %v, want %v", err, tc.want)
			case err != nil && strings.TrimSpace(err.Error()) == "":
				t.Error("error without a reason")
			case err == nil && doc == nil:
				t.Error("no document and no error")
			}
			t.Logf("%s: %v", tc.name, err)
		})
	}
}

func TestSelfReferencingPagesTerminates(t *testing.T) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = pdftext.Read(pdfgen.SelfReferencingPages())
	}()
	select {
	case <-done:
	case <-time.After(pdftext.PageTimeout + 5*time.Second):
		t.Fatal("reading a self-referencing page tree did not end")
	}
}
