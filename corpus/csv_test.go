package corpus

import (
	"strings"
	"testing"
)

func TestCSVNeutralisesFormulas(t *testing.T) {
	var b strings.Builder
	c, err := NewCSV(&b, true)
	if err != nil {
		t.Fatal(err)
	}
	c.Row(`=HYPERLINK("http://x","Kent County Council 2019")`, "+1", "-2", "@SUM(A1)", "\tx", "\rx", "plain “quotes”")
	if err := c.Flush(); err != nil {
		t.Fatal(err)
	}
	want := "\ufeff" + `"'=HYPERLINK(""http://x"",""Kent County Council 2019"")",'+1,'-2,'@SUM(A1),'` + "\tx,\"'\rx\",plain “quotes”\n"
	if b.String() != want {
		t.Errorf("got  %q\nwant %q", b.String(), want)
	}
}
