package pdftext

import (
	"errors"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer/internal/pdfgen"
)

// A generated page reads back as lines in order, top to bottom, with the
// heading larger than the body and every word spaced, however the words
// are placed (space characters, Tw, or TJ kerning).
func TestReadLines(t *testing.T) {
	for _, sp := range []pdfgen.Spacing{pdfgen.Plain, pdfgen.WordSpace, pdfgen.Kerned} {
		data := pdfgen.Flow{Spacing: sp}.Layout([]pdfgen.Block{
			{Kind: pdfgen.Heading, Text: "Areas for improvement"},
			{Kind: pdfgen.Para, Text: "The council should reduce caseloads so that children are visited regularly."},
		}).Bytes()
		res, err := Read(data)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Pages) != 1 || res.Pages[0].Err != "" || len(res.Pages[0].Lines) < 2 {
			t.Fatalf("spacing %v: pages %+v", sp, res.Pages)
		}
		lines := res.Pages[0].Lines
		var text []string
		for i, l := range lines {
			text = append(text, l.Text)
			if i > 0 && l.Y > lines[i-1].Y {
				t.Errorf("spacing %v: line %d is above the one before", sp, i)
			}
		}
		all := strings.Join(text, " ")
		if lines[0].Text != "Areas for improvement" || !strings.Contains(all, "reduce caseloads so that children") {
			t.Errorf("spacing %v: %q", sp, all)
		}
		if lines[0].Size <= lines[1].Size {
			t.Errorf("spacing %v: heading %.1f pt, body %.1f pt", sp, lines[0].Size, lines[1].Size)
		}
	}
}

// Bytes that are not a PDF, a page tree that refers to itself and a
// declared page count past MaxPages are malformed, not a hang or a panic.
func TestReadRefuses(t *testing.T) {
	for name, data := range map[string][]byte{
		"not a PDF":  []byte("%PDF-1.4\nthis is not a PDF at all"),
		"self pages": pdfgen.SelfReferencingPages(),
		"huge count": pdfgen.HugePageCount(),
	} {
		res, err := Read(data)
		if err == nil && (res == nil || len(res.Pages) > MaxPages) {
			t.Errorf("%s: %v pages, no error", name, len(res.Pages))
		}
		if err != nil && !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrEncrypted) {
			t.Errorf("%s: %v, want malformed", name, err)
		}
	}
}
