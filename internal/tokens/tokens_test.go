package tokens

import (
	"strings"
	"testing"
)

func TestWordsAndStems(t *testing.T) {
	got := Words("The Council’s plans — caseloads, children's 16-year-olds' placements")
	want := "the council plans caseloads children 16 year olds placements"
	if strings.Join(got, " ") != want {
		t.Errorf("words %q, want %q", strings.Join(got, " "), want)
	}
	c := Stemmer{}
	if s := strings.Join(c.Stems([]string{"caseloads", "recruiting", "recruitment"}), " "); s != "caseload recruit recruit" {
		t.Errorf("stems %q", s)
	}
	if len(c) != 3 || c.Stem("caseloads") != "caseload" {
		t.Errorf("cache %v", c)
	}
}
