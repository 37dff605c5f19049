package eval

import (
	"fmt"
	"testing"

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
