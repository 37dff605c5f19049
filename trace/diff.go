package trace

import (
	"strings"
	"unicode"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// Change is the wording difference between two consecutive members.
type Change struct {
	From     string `json:"from"` // item ids
	To       string `json:"to"`
	FromDate string `json:"from_date"`
	ToDate   string `json:"to_date"`
	Ops      []Op   `json:"ops"`
}

// Op is one run of a word-level diff: kept, added or removed words.
type Op struct {
	Op   string `json:"op"` // "=", "+", "-"
	Text string `json:"text"`
}

// tokens splits text into words and the spaces and punctuation between
// them, so a diff works on whole words.
func tokens(s string) []string {
	var out []string
	start := 0
	inWord := false
	for i, r := range s {
		w := unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '’' || r == '-'
		if i > 0 && w != inWord {
			out = append(out, s[start:i])
			start = i
		}
		inWord = w
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

// wordDiff diffs two texts word by word with diff-match-patch: each
// distinct token becomes one rune, the runes are diffed, and the runs are
// turned back into text.
func wordDiff(a, b string) []Op {
	dict := map[string]rune{}
	var back []string
	encode := func(s string) []rune {
		var rs []rune
		for _, t := range tokens(s) {
			r, ok := dict[t]
			if !ok {
				r = rune(0xE000 + len(back)) // private use area: never in the text
				if len(back) >= 0x1800 {
					r = rune(0xF0000 + len(back))
				}
				dict[t] = r
				back = append(back, t)
			}
			rs = append(rs, r)
		}
		return rs
	}
	ra, rb := encode(a), encode(b)
	dmp := diffmatchpatch.New()
	diffs := dmp.DiffMainRunes(ra, rb, false)
	diffs = dmp.DiffCleanupSemantic(diffs)
	decode := func(s string) string {
		var sb strings.Builder
		for _, r := range s {
			i := int(r - 0xE000)
			if r >= 0xF0000 {
				i = int(r - 0xF0000)
			}
			if i >= 0 && i < len(back) {
				sb.WriteString(back[i])
			}
		}
		return sb.String()
	}
	var ops []Op
	for _, d := range diffs {
		op := "="
		switch d.Type {
		case diffmatchpatch.DiffInsert:
			op = "+"
		case diffmatchpatch.DiffDelete:
			op = "-"
		}
		text := decode(d.Text)
		if n := len(ops); n > 0 && ops[n-1].Op == op {
			ops[n-1].Text += text
			continue
		}
		ops = append(ops, Op{Op: op, Text: text})
	}
	return ops
}

// Spaced is the change's runs as a reader reads them: a removed run and
// the added run beside it are parted by a space ("Ensure Improve", not
// "EnsureImprove"), and a run that ends a word before the next begins
// one gets one too.
func (c Change) Spaced() []Op {
	out := make([]Op, len(c.Ops))
	copy(out, c.Ops)
	for i := 0; i+1 < len(out); i++ {
		a, b := out[i].Text, out[i+1].Text
		if a == "" || b == "" || out[i].Op == out[i+1].Op {
			continue
		}
		ra, rb := []rune(a), []rune(b)
		if !unicode.IsSpace(ra[len(ra)-1]) && !unicode.IsSpace(rb[0]) && !unicode.IsPunct(rb[0]) {
			out[i].Text = a + " "
		}
	}
	return out
}

func diffMembers(a, b Member) Change {
	return Change{From: a.ItemID, To: b.ItemID, FromDate: a.Date, ToDate: b.Date, Ops: wordDiff(a.Text, b.Text)}
}
