package tokens

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSentences(t *testing.T) {
	text := "The council should act. Cllr. Evans agreed with the hon. Member.\n\nA second block. It ends here"
	blocks := []Span{{0, 64}, {66, len(text)}}
	got := Sentences(text, blocks)
	var say [][]string
	for _, ss := range got {
		var b []string
		for _, s := range ss {
			b = append(b, text[s.Start:s.End])
		}
		say = append(say, b)
	}
	want := [][]string{
		{"The council should act.", "Cllr. Evans agreed with the hon. Member."},
		{"A second block.", "It ends here"},
	}
	if strings.Join(flat(say), "|") != strings.Join(flat(want), "|") || len(say[0]) != 2 {
		t.Errorf("sentences %q, want %q", say, want)
	}
}

func flat(x [][]string) []string {
	var out []string
	for _, b := range x {
		out = append(out, strings.Join(b, "/"))
	}
	return out
}

func TestSentenceAt(t *testing.T) {
	text := "Before. The last inspection found that Cllr. Evans and Mr. Jones had not acted. After it.\n\nNext block."
	at := strings.Index(text, "had not")
	from, to := SentenceAt(text, at, at+len("had not"))
	if got, want := text[from:to], "The last inspection found that Cllr. Evans and Mr. Jones had not acted."; got != want {
		t.Errorf("sentence at %q = %q, want %q", "had not", got, want)
	}
	// never past its block
	at = strings.Index(text, "After")
	if from, to = SentenceAt(text, at, at+5); text[from:to] != "After it." {
		t.Errorf("last sentence of a block: %q", text[from:to])
	}
	at = strings.Index(text, "Next")
	if from, to = SentenceAt(text, at, at+4); text[from:to] != "Next block." {
		t.Errorf("first sentence of a block: %q", text[from:to])
	}
}

// FuzzSentences: whatever the text, sentences lie inside their blocks, in
// order, without overlap, on character boundaries; and the sentence at
// any range holds it, within the bounds SentenceAt keeps to.
func FuzzSentences(f *testing.F) {
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
		var blocks []Span
		off := 0
		for _, part := range strings.Split(text, "\n\n") {
			if part != "" {
				blocks = append(blocks, Span{off, off + len(part)})
			}
			off += len(part) + 2
		}
		got := Sentences(text, blocks)
		if len(got) != len(blocks) {
			t.Fatalf("%d blocks, %d sentence lists", len(blocks), len(got))
		}
		for i, ss := range got {
			last := blocks[i].Start
			for _, s := range ss {
				if s.Start < last || s.End > blocks[i].End || s.Start >= s.End {
					t.Fatalf("block %v: sentence %v out of place (after %d)", blocks[i], s, last)
				}
				if !utf8.ValidString(text[s.Start:s.End]) {
					t.Fatalf("sentence %v splits a character", s)
				}
				last = s.End
			}
		}
		for _, b := range blocks {
			mid := b.Start + (b.End-b.Start)/2
			from, to := SentenceAt(text, mid, mid)
			if from > mid || to < min(mid, from+sentenceMax) || to-from > sentenceMax || from < b.Start-2 || to > b.End {
				t.Fatalf("sentence at %d of block %v is %d-%d", mid, b, from, to)
			}
		}
	})
}
