package eval

import (
	"fmt"
	"testing"

	"github.com/scrutineer/scrutineer/corpus"
	"github.com/scrutineer/scrutineer/trace"
)

func TestReferent(t *testing.T) {
	for in, want := range map[string]string{
		"birmingham__2014-05-23.json index 14":                                                "birmingham__2014-05-23.json [14]",
		"sandwell__2015-06-05.json indices 5 and 2":                                           "sandwell__2015-06-05.json [5 2]",
		"slough__2014-02-14.json LSCB items 21-26":                                            "slough__2014-02-14.json [21 22 23 24 25 26]",
		"bradford__2014-05-23.json (the example given is timeliness of conferences, index 1)": "bradford__2014-05-23.json [1]",
		"coventry__2014-03-21.json":                                                           "coventry__2014-03-21.json []",
		"2012 inspection (LSCB recommendations; not in this corpus)":                          " []",
		"printed after 10 of this report's 17 recommendations (indices 0, 2, 3), pointing back to sandwell__2015-06-05.json": "sandwell__2015-06-05.json []",
		"2013 inspection (not in this corpus); early help is recommendation 6 of this report":                                " []",
	} {
		file, idx := referent(in)
		if got := fmt.Sprintf("%s %v", file, idx); got != want {
			t.Errorf("%q: %s, want %s", in, got, want)
		}
	}
}

func TestScoreMentions(t *testing.T) {
	gold := []MentionGold{
		{DocID: "d2", Quote: "Too many care leavers are not in education, employment or training, and this has not improved since the last inspection.",
			Earlier: "d1", Items: map[string]bool{"d1-3": true}},
		{DocID: "d2", Quote: "Most of the recommendations from the 2015 inspection have not been fully met.", Earlier: "d1", Items: map[string]bool{}},
		{DocID: "d2", Quote: "Some of the recommendations from the previous inspection (December 2010) have not yet been actioned.", Items: map[string]bool{}},
	}
	found := []trace.Mention{
		{DocID: "d2", Quote: "Too many care leavers are not in education, employment or training, and this has not improved since the last inspection.", Earlier: "d1", RefersTo: "d1-3"},
		{DocID: "d2", Quote: "Most of the recommendations from the 2015 inspection have not been fully met and services declined.", Earlier: "d0"},
		{DocID: "d2", Quote: "Leaders have not improved services enough since the last inspection."},
		{DocID: "d9", Quote: "A mention in a report with no gold."},
	}
	got := ScoreMentions(found, gold)
	want := MentionScore{Gold: 3, Found: 2, EarlierOK: 1, Named: 1, ItemOK: 1, Other: 1,
		OtherQuotes: []string{"Leaders have not improved services enough since the last inspection."}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

// Pairs are scored against the gold ones: a link made and judged is a true
// positive, one made and not judged a false link, one judged and not made
// a missed link, listed with the score trace gave it.
func TestEvaluateRecurrence(t *testing.T) {
	rec := func(id, doc, date, text string) trace.Input {
		return trace.Input{ItemID: id, DocID: doc, Date: date, Subject: "Tregaron Council", Kind: corpus.Recommendation, Text: text}
	}
	in := []trace.Input{
		rec("a#0", "a", "2014-05-01", "Improve the quality of all plans for children and young people so that they are specific and measurable."),
		rec("a#1", "a", "2014-05-01", "Reduce social worker caseloads."),
		rec("a#2", "a", "2014-05-01", "Ensure that return home interviews are offered to children who go missing."),
		rec("b#0", "b", "2018-03-01", "The quality of plans for children, which are not specific enough."),
		rec("b#1", "b", "2018-03-01", "Manageable workloads for social workers and their managers."),
		rec("b#2", "b", "2018-03-01", "The sufficiency of local foster placements."),
	}
	gold := map[[2]string]bool{
		pairKey("a#0", "b#0"): true,
		pairKey("a#2", "b#2"): true, // judged alike, and unlike in words: missed
	}
	rep := EvaluateRecurrence(in, gold, trace.Options{})
	p := rep.Pairs
	if p.TP != 1 || p.FP != 1 || p.FN != 1 {
		t.Fatalf("TP %d FP %d FN %d, want 1 1 1 (a#0~b#0 right, a#1~b#1 not judged, a#2~b#2 missed)", p.TP, p.FP, p.FN)
	}
	if len(rep.FalseLinks) != 1 || rep.FalseLinks[0].A != "a#1" || rep.FalseLinks[0].B != "b#1" || rep.FalseLinks[0].Trace < trace.DefaultThreshold {
		t.Errorf("false links %+v", rep.FalseLinks)
	}
	if len(rep.Missed) != 1 || rep.Missed[0].A != "a#2" || rep.Missed[0].Trace >= trace.DefaultThreshold {
		t.Errorf("missed %+v", rep.Missed)
	}
}
