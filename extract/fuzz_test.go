package extract

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzSegment: whatever the text, sentences lie inside their blocks, in
// order, without overlap, on character boundaries.
func FuzzSegment(f *testing.F) {
	for _, s := range []string{
		"The council should act. It must do so now.\n\nMr. Evans said so.",
		"Recommendation 7: Reduce caseloads (paragraph 4.2).\n\n8.1. We urge ministers to act.",
		"", "\n\n\n", "a.b.c. d", "Dylai'r cyngor weithredu. Rydym yn argymell hyn.",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			return
		}
		var blocks []span
		off := 0
		for _, part := range strings.Split(text, "\n\n") {
			if part != "" {
				blocks = append(blocks, span{off, off + len(part)})
			}
			off += len(part) + 2
		}
		got := segment(text, blocks)
		if len(got) != len(blocks) {
			t.Fatalf("%d blocks, %d sentence lists", len(blocks), len(got))
		}
		for i, ss := range got {
			last := blocks[i].start
			for _, s := range ss {
				if s.start < last || s.end > blocks[i].end || s.start >= s.end {
					t.Fatalf("block %v: sentence %v out of place (after %d)", blocks[i], s, last)
				}
				if !utf8.ValidString(text[s.start:s.end]) {
					t.Fatalf("sentence %v splits a character", s)
				}
				last = s.end
			}
		}
	})
}
