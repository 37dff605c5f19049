package trace

import (
	"testing"

	"github.com/scrutineer/scrutineer/corpus"
)

func TestSubjectsNamedDifferentlyLink(t *testing.T) {
	in := []Input{
		rec("a", "d2015", "2015-03-27", "Leeds City Council", "Improve pathway plans so that they contain specific targets and outcomes for young people."),
		rec("b", "d2018", "2018-12-18", "Leeds", "Pathway plans to be reviewed so that they are meaningful, with specific targets for young people."),
		rec("c", "d2019", "2019-01-10", "Leeds Trust for Something", "Pathway plans to be reviewed so that they are meaningful, with specific targets for young people."),
	}
	res := Trace(in, nil, Options{}, 2)
	if len(res.Threads) != 1 || len(res.Threads[0].Members) != 2 || res.Threads[0].Members[1].ItemID != "b" {
		t.Fatalf("want a and b linked (one council, two names) and c apart: %+v", res.Threads)
	}
	if res.Threads[0].Status != "recurring" {
		t.Errorf("status %q: the latest report of the council is b's", res.Threads[0].Status)
	}
	// --subject finds the council by any of its names
	sel := Selection{Subject: "Leeds"}
	for subject, want := range map[string]bool{"Leeds City Council": true, "Leeds City": true, "Leeds Trust for Something": false} {
		if got := sel.Keep(corpus.ItemRow{Item: corpus.Item{Kind: corpus.Recommendation}, Subject: subject}); got != want {
			t.Errorf("--subject Leeds keeps %q: %v, want %v", subject, got, want)
		}
	}
}

// A Welsh item paired with its English counterpart is traced once, as the
// English one.
func TestBilingualTracedOnce(t *testing.T) {
	var sel Selection
	cy := corpus.ItemRow{Item: corpus.Item{Kind: corpus.Recommendation, Lang: "cy", Pair: "en1"}}
	en := corpus.ItemRow{Item: corpus.Item{Kind: corpus.Recommendation, Lang: "en", Pair: "cy1"}}
	alone := corpus.ItemRow{Item: corpus.Item{Kind: corpus.Recommendation, Lang: "cy"}}
	if sel.Keep(cy) || !sel.Keep(en) || !sel.Keep(alone) {
		t.Errorf("kept: paired Welsh %v, English %v, unpaired Welsh %v", sel.Keep(cy), sel.Keep(en), sel.Keep(alone))
	}
}
