package trace

import (
	"strings"
	"testing"
)

// rules/patterns.txt parses, continuation lines join their value, and a
// malformed file is refused.
func TestPatternRules(t *testing.T) {
	r, err := parseRules("# version: 1\na = x\n  |y\nb = 0.5\nc = one, \" two\"\n")
	if err != nil || r["a"] != "x|y" || r.weight("b") != 0.5 || strings.Join(r.list("c"), "/") != "one/ two" {
		t.Errorf("%v %v", r, err)
	}
	for _, bad := range []string{"|x", "a = 1\na = 2", "no equals sign"} {
		if _, err := parseRules(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
	if !backRef.MatchString("as at the last Ofsted inspection") || !kindWords.MatchString("joint targeted area inspection") {
		t.Error("the patterns of rules/patterns.txt do not match what they are for")
	}
	for _, h := range []string{"nspection", "NSPECTION", " in 20", " IN 20"} {
		found := false
		for _, b := range backHints {
			found = found || b == h
		}
		if !found {
			t.Errorf("hint %q missing from %v", h, backHints)
		}
	}
}
