package trace

import (
	"strings"
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

// Documents that name no subject (an inquiry's report, the government's
// response to it) link where one restates the other's recommendations,
// and a response's status comes with its member; a form's sentence
// printed alike in two documents, or items merely alike, do not link.
func TestRestatementsLinkWithoutSubject(t *testing.T) {
	report1 := "NHS England should establish a programme of work, co-produced with experts by experience, to agree how providers and commissioners measure what matters for mental health inpatient services."
	report2 := "The Department should publish a national dataset of restrictive practice in mental health inpatient settings every quarter, broken down by provider."
	form := "In my opinion action should be taken to prevent future deaths and I believe you have the power to take such action."
	in := []Input{
		rec("r1", "report", "2024-03-21", "", report1),
		rec("r2", "report", "2024-03-21", "", report2),
		rec("g1", "response", "2024-09-01", "", "NHS England should establish a programme of work, co-produced with experts by experience, to agree how providers and commissioners measure what matters for mental health inpatient services"),
		rec("g2", "response", "2024-09-01", "", "The Department should publish a national dataset of restrictive practice in mental-health inpatient settings every quarter, by provider."),
		rec("p1", "pfd-a", "2023-04-20", "", form),
		rec("p2", "pfd-b", "2023-04-21", "", form),
		rec("x1", "other", "2025-01-01", "", "Providers should agree how to measure what matters in inpatient services for people with a learning disability."),
	}
	in[2].ResponseStatus, in[2].Response = "supported", "The government supports this recommendation."
	res := Trace(in, nil, Options{}, 2)
	got := map[string]string{}
	for _, th := range res.Threads {
		var ids []string
		for _, m := range th.Members {
			ids = append(ids, m.ItemID)
			if m.ItemID == "g1" && m.ResponseStatus != "supported" {
				t.Errorf("the response's member lost its status: %+v", m)
			}
		}
		got[strings.Join(ids, ",")] = th.Status
	}
	if _, ok := got["r1,g1"]; !ok || len(got) != 2 {
		t.Errorf("threads %v, want r1,g1 and r2,g2 only", got)
	}
	if _, ok := got["r2,g2"]; !ok {
		t.Errorf("threads %v, want r2,g2", got)
	}
}
