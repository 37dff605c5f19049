package index

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer/corpus"
)

func TestParseQueryReading(t *testing.T) {
	for in, want := range map[string]string{
		"care leavers":                 "care AND leavers",
		"care AND leavers":             "care AND leavers",
		"care OR leavers":              "care OR leavers",
		"caseloads NOT agency":         "caseloads AND NOT agency",
		"caseloads -agency":            "caseloads AND NOT agency",
		`"care leavers" housing`:       `"care leavers" AND housing`,
		"(care OR leavers) -agency":    "(care OR leavers) AND NOT agency",
		"care OR leavers placement":    "care OR (leavers AND placement)",
		"safeguard* title:inspection":  "safeguard* AND title:inspection",
		`title:"care leavers" support`: `title:"care leavers" AND support`,
	} {
		_, got, err := parseQuery(in)
		if err != nil || got != want {
			t.Errorf("%q read as %q (%v), want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"(care", "care)", "AND", "care OR", "((((((((((((((((((((((x))))))))))))))))))))))"} {
		if _, _, err := parseQuery(bad); !errors.Is(err, ErrQuery) {
			t.Errorf("%q: got %v, want a bad query", bad, err)
		}
	}
}

// TestQueryLanguage: words are all required unless OR says otherwise; NOT
// and -word exclude; a phrase of the words ranks first.
func TestQueryLanguage(t *testing.T) {
	ctx := context.Background()
	ix := testIndex(t)
	texts := []string{
		"Support for care leavers into housing.",
		"Care homes were inspected in the spring.",
		"Leavers from the school were surveyed.",
		"Leavers who had been in care found housing hard to get.",
		"Caseloads of agency staff are high.",
		"Caseloads are manageable for permanent staff.",
	}
	for i, text := range texts {
		d := testDoc(fmt.Sprintf("sha256:%02d", i), text)
		if err := ix.Put(ctx, d, []corpus.Item{{ID: fmt.Sprint("i", i), Kind: corpus.Recommendation, Text: text, Cue: "test"}}); err != nil {
			t.Fatal(err)
		}
	}
	items := func(q string) []string {
		res, err := ix.Search(ctx, Request{Query: q, Kind: []string{"recommendation"}})
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		var out []string
		for _, h := range res.Hits {
			out = append(out, *h.ItemID)
		}
		return out
	}
	for q, want := range map[string][]string{
		"care leavers":              {"i0", "i3"}, // the phrase first
		"care AND leavers":          {"i0", "i3"},
		`"care leavers"`:            {"i0"},
		"caseloads NOT agency":      {"i5"},
		"caseloads -agency":         {"i5"},
		"homes OR school":           nil, // order by score; checked by count below
		"(homes OR school) -spring": {"i2"},
	} {
		got := items(q)
		if want == nil {
			if len(got) != 2 {
				t.Errorf("%q: %v, want two hits", q, got)
			}
			continue
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%q: %v, want %v", q, got, want)
		}
	}
	res, _ := ix.Search(ctx, Request{Query: "care leavers"})
	if res.Read != "care AND leavers" {
		t.Errorf("reading %q", res.Read)
	}
}

// TestBodyNamesInQuery: a body's name in the query finds the entries that
// name it by another name, says so, and a word of a body's name is only a
// word ("care" does not find every entry of Care Inspectorate Wales).
func TestBodyNamesInQuery(t *testing.T) {
	ctx := context.Background()
	ix := testIndex(t)
	d := testDoc("sha256:b1", "The inspectorate reviewed the service.") // published by CSSIW
	if err := ix.Put(ctx, d, nil); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]uint64{"CIW": 1, "\"Care Inspectorate Wales\"": 1, "care": 0, "inspectorate": 1} {
		res, err := ix.Search(ctx, Request{Query: q})
		if err != nil || res.Total != want {
			t.Errorf("%s: %v hits (%v), want %d", q, res, err, want)
		}
	}
	res, _ := ix.Search(ctx, Request{Query: "CIW"})
	if !strings.Contains(res.Read, "CSSIW") {
		t.Errorf("the reading should say which names were added: %q", res.Read)
	}
}

// TestFiltersByName: a filter value may be any name of the body, in any
// case, or a part of the name; one that names nothing is an error that
// lists the nearest known values.
func TestFiltersByName(t *testing.T) {
	ctx := context.Background()
	ix := testIndex(t)
	d := testDoc("sha256:f1", "Caseloads are high.")
	d.Subject = "Birmingham City Council"
	if err := ix.Put(ctx, d, nil); err != nil {
		t.Fatal(err)
	}
	for _, subject := range []string{"Birmingham City Council", "birmingham city council", "Birmingham", "BIRMINGHAM"} {
		res, err := ix.Search(ctx, Request{Query: "caseloads", Subject: []string{subject}})
		if err != nil || res.Total != 1 {
			t.Errorf("subject %q: %v, %v", subject, res, err)
		}
	}
	res, err := ix.Search(ctx, Request{Query: "caseloads", Publisher: []string{"ciw"}, DocType: []string{"inspection report"}})
	if err != nil || res.Total != 1 {
		t.Errorf("publisher by another name and a type in words: %v, %v", res, err)
	}
	_, err = ix.Search(ctx, Request{Query: "caseloads", Subject: []string{"Birmingam"}})
	if !errors.Is(err, ErrUnknownValue) || !strings.Contains(err.Error(), "Birmingham City Council") {
		t.Errorf("an unknown subject must be an error naming the nearest: %v", err)
	}
	if _, err := ix.Search(ctx, Request{Query: "caseloads", From: "2020", To: "2019"}); !errors.Is(err, ErrQuery) {
		t.Errorf("from after to: %v", err)
	}
	if _, err := ix.Search(ctx, Request{Query: "caseloads", From: "2019-05", To: "2019"}); err != nil {
		t.Errorf("from 2019-05 to 2019 is a month of the year: %v", err)
	}
}

// TestSuggestAndFields: a word that matches nothing gets the nearest
// indexed word as a suggestion; a field that does not exist is a bad
// query, not silently nothing.
func TestSuggestAndFields(t *testing.T) {
	ctx := context.Background()
	ix := testIndex(t)
	d := testDoc("sha256:s1", "Children who return home are offered an interview.")
	if err := ix.Put(ctx, d, nil); err != nil {
		t.Fatal(err)
	}
	res, err := ix.Search(ctx, Request{Query: "retrun home"})
	if err != nil || res.Total != 0 || res.Suggest != "return home" {
		t.Errorf("suggestion %q (%d hits, %v)", res.Suggest, res.Total, err)
	}
	if res, _ := ix.Search(ctx, Request{Query: "return home"}); res.Suggest != "" || res.Total == 0 {
		t.Errorf("a query that finds something gets no suggestion: %+v", res)
	}
	if _, err := ix.Search(ctx, Request{Query: "titel:interview"}); !errors.Is(err, ErrQuery) || !strings.Contains(err.Error(), "titel") {
		t.Errorf("unknown field: %v", err)
	}
	if res, err := ix.Search(ctx, Request{Query: "title:tregaron"}); err != nil || res.Total == 0 {
		t.Errorf("a known field: %v %v", res, err)
	}
}

// TestAddresseeFacet: who a recommendation asks to act is a facet and a
// filter, a body under its canonical name whichever name the item uses.
func TestAddresseeFacet(t *testing.T) {
	ctx := context.Background()
	ix := testIndex(t)
	d := testDoc("sha256:a1", "Two recommendations.")
	items := []corpus.Item{
		{ID: "r1", Kind: corpus.Recommendation, Text: "CQC should assess board membership.", Addressee: "CQC", Cue: "test"},
		{ID: "r2", Kind: corpus.Recommendation, Text: "The council should assess placements.", Addressee: "the council", Cue: "test"},
	}
	if err := ix.Put(ctx, d, items); err != nil {
		t.Fatal(err)
	}
	res, err := ix.Search(ctx, Request{Query: "assess", Addressee: []string{"Care Quality Commission"}})
	if err != nil || res.Total != 1 || *res.Hits[0].ItemID != "r1" || res.Hits[0].Addressee != "Care Quality Commission" {
		t.Fatalf("filter by addressee: %+v %v", res, err)
	}
	res, _ = ix.Search(ctx, Request{Query: "assess"})
	got := map[string]int{}
	for _, f := range res.Facets["addressee"] {
		got[f.Term] = f.Count
	}
	if got["Care Quality Commission"] != 1 || got["Council"] != 1 {
		t.Errorf("addressee facet %v", res.Facets["addressee"])
	}
}

// FuzzQuery: any text in the search box is read or refused as a bad query,
// never a panic or another error.
func FuzzQuery(f *testing.F) {
	for _, s := range []string{"care leavers", `"care leavers" -agency`, "(a OR b) AND NOT c", "title:x", "/a{2}/", "((", "))", "-", `"`, "a~2", "AND OR NOT", "+", "!x", "CIW"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, read, err := parseQuery(s)
		if err != nil {
			if !errors.Is(err, ErrQuery) {
				t.Fatalf("%q: %v is not a bad query", s, err)
			}
			return
		}
		if q == nil || read == "" {
			t.Fatalf("%q: no query or reading", s)
		}
	})
}

// Welsh text is searched with its mutations folded: "plant" (children)
// finds "phlant", "cyngor" (council) finds "gyngor"; and the language
// facet and filter tell Welsh from English.
func TestWelshSearch(t *testing.T) {
	ctx := context.Background()
	ix := testIndex(t)
	cyText := "Dylai'r awdurdod lleol sicrhau bod barn ei phlant yn cael ei chofnodi gyda'r gyngor."
	enText := "The council should make sure that children's views are recorded."
	d := &corpus.Document{ID: "sha256:bilingual", Source: "b.txt", Format: corpus.Text, Title: "Adroddiad", Language: "en",
		Text: cyText + "\n\n" + enText,
		Blocks: []corpus.Block{{Kind: corpus.Paragraph, Span: corpus.Span{Start: 0, End: len(cyText)}, Lang: "cy"},
			{Kind: corpus.Paragraph, Span: corpus.Span{Start: len(cyText) + 2, End: len(cyText) + 2 + len(enText)}, Lang: "en"}}}
	items := []corpus.Item{
		{ID: "cy1", Kind: corpus.Recommendation, Text: cyText, Span: corpus.Span{Start: 0, End: len(cyText)}, Cue: "test"},
		{ID: "en1", Kind: corpus.Recommendation, Text: enText, Span: corpus.Span{Start: len(cyText) + 2, End: len(d.Text)}, Cue: "test"},
	}
	if err := ix.Put(ctx, d, items); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"plant", "blant", "mhlant", "cyngor", "nghyngor"} {
		res, err := ix.Search(ctx, Request{Query: q, Kind: []string{"recommendation"}})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != 1 || *res.Hits[0].ItemID != "cy1" {
			t.Errorf("%q found %d hits, want the Welsh item", q, res.Total)
		}
	}
	res, err := ix.Search(ctx, Request{Query: "council OR cyngor", Kind: []string{"recommendation"}})
	if err != nil {
		t.Fatal(err)
	}
	langs := map[string]int{}
	for _, f := range res.Facets["language"] {
		langs[f.Term] = f.Count
	}
	if langs["cy"] != 1 || langs["en"] != 1 {
		t.Errorf("language facet %v", res.Facets["language"])
	}
	res, _ = ix.Search(ctx, Request{Query: "council OR cyngor", Kind: []string{"recommendation"}, Language: []string{"en"}})
	if res.Total != 1 || *res.Hits[0].ItemID != "en1" {
		t.Errorf("language en: %d hits", res.Total)
	}
}

// A mutated Welsh word is indexed with the radical forms it may come from.
func TestWelshRadicals(t *testing.T) {
	for word, want := range map[string]string{
		"blant": "plant", "phlant": "plant", "mhlant": "plant", "gyngor": "cyngor", "nghyngor": "cyngor", "chyngor": "cyngor",
		"ddinas": "dinas", "fam": "mam", "lyfr": "llyfr", "hysgol": "ysgol", "nhad": "tad",
	} {
		if got := radicals(word); !slices.Contains(got, want) {
			t.Errorf("radicals(%q) = %q, want %q among them", word, got, want)
		}
	}
	if got := radicals("plant"); len(got) != 1 {
		t.Errorf("a radical form has no other: %q", got)
	}
}

// A Welsh item and its English counterpart are each found by the words of
// either language.
func TestBilingualPairSearch(t *testing.T) {
	ctx := context.Background()
	ix := testIndex(t)
	d := testDoc("sha256:pair", "Adroddiad dwyieithog.")
	items := []corpus.Item{
		{ID: "cy1", Kind: corpus.Recommendation, Text: "Dylai'r cyngor leihau llwyth achosion.", Lang: "cy", Pair: "en1", Cue: "test"},
		{ID: "en1", Kind: corpus.Recommendation, Text: "The council should reduce caseloads.", Lang: "en", Pair: "cy1", Cue: "test"},
	}
	if err := ix.Put(ctx, d, items); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"caseloads", "llwyth", "lwyth"} {
		res, err := ix.Search(ctx, Request{Query: q, Kind: []string{"recommendation"}})
		if err != nil || res.Total != 2 {
			t.Errorf("%q: %d hits (%v), want both items", q, res.Total, err)
		}
	}
}
