package extract

import (
	"context"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer/corpus"
	"github.com/scrutineer/scrutineer/ingest"
)

func extractText(t *testing.T, src string) (*corpus.Document, []corpus.Item) {
	t.Helper()
	doc, err := ingest.Read(context.Background(), "fixture.md", []byte(src), ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	x, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	return doc, x.Extract(doc)
}

func texts(items []corpus.Item, keep func(corpus.Item) bool) []string {
	var out []string
	for _, it := range items {
		if keep(it) {
			out = append(out, it.Text)
		}
	}
	return out
}

const report = `# Inspection of Tregaron Borough Council children's services

## What needs to improve?

- The quality of pathway plans for care leavers.
- Manageable caseloads for social workers and their managers.

## The local authority's strengths

- Leaders know their services well.
- Foster carers are well supported.

## Help and protection

1. Children who need help are seen quickly, and most assessments are thorough.
2. Managers should ensure that supervision is regular and recorded on each child's file.

## Areas for improvement

In order to improve services, the local authority should take the following action:

### Within three months

- Review the sufficiency strategy so that children live closer to home.

### Within six months

- Ensure that return home interviews are offered to every child who goes missing.

## What needs to improve?

- The quality of pathway plans for care leavers.
`

func TestSectionsListsAndCues(t *testing.T) {
	doc, items := extractText(t, report)
	recs := texts(items, func(it corpus.Item) bool {
		return it.Kind == corpus.Recommendation && strings.HasPrefix(it.Cue, "section:")
	})
	want := []string{
		"The quality of pathway plans for care leavers.",
		"Manageable caseloads for social workers and their managers.",
		"Review the sufficiency strategy so that children live closer to home.",
		"Ensure that return home interviews are offered to every child who goes missing.",
	}
	if strings.Join(recs, "|") != strings.Join(want, "|") {
		t.Errorf("section recommendations:\n got %q\nwant %q", recs, want)
	}
	strengths := texts(items, func(it corpus.Item) bool { return it.Polarity == corpus.Strength })
	if len(strengths) != 2 {
		t.Errorf("strengths %q", strengths)
	}
	// the report sets out its recommendations in lists: a "should" in its
	// running text describes practice and is not one more
	if modal := texts(items, func(it corpus.Item) bool { return strings.HasPrefix(it.Cue, "modal:") }); len(modal) != 0 {
		t.Errorf("modal items in a report with lists: %q", modal)
	}
	for _, it := range items {
		if doc.Text[it.Span.Start:it.Span.End] == "" || !strings.Contains(itemText(doc.Text[it.Span.Start:it.Span.End]), strings.TrimSuffix(it.Text, ".")) {
			t.Errorf("item %q does not point at its text: %q", it.Text, doc.Text[it.Span.Start:it.Span.End])
		}
		if it.ID == "" || it.Cue == "" {
			t.Errorf("item lacks id or cue: %+v", it)
		}
	}
	for _, it := range items {
		if it.Text == "The quality of pathway plans for care leavers." && it.Section != "What needs to improve?" {
			t.Errorf("section %q", it.Section)
		}
	}
}

// TestSectionEndsAtNarrative checks that numbered narrative after a list
// section does not join it.
func TestSectionEndsAtNarrative(t *testing.T) {
	src := "## What needs to improve?\n\n- The timeliness of assessments.\n\n## The experiences and progress of children who need help and protection: good\n\n1. " +
		strings.Repeat("Children are seen promptly and their views are recorded carefully in every assessment completed. ", 3) + "\n"
	_, items := extractText(t, src)
	recs := texts(items, func(it corpus.Item) bool { return strings.HasPrefix(it.Cue, "section:") })
	if len(recs) != 1 {
		t.Errorf("want the one listed item, got %q", recs)
	}
}

func TestEnumeration(t *testing.T) {
	src := "The review was published today.\n\nThe recommendations include developing a clear, ambitious vision for the service, commissioning research into why children enter care, especially around poverty, housing and debt, continue coaching and mentoring for new managers and develop a better understanding of caseload complexity.\n"
	_, items := extractText(t, src)
	got := texts(items, func(it corpus.Item) bool { return it.Cue == "list:recommendations-include" })
	want := []string{
		"developing a clear, ambitious vision for the service",
		"commissioning research into why children enter care, especially around poverty, housing and debt",
		"continue coaching and mentoring for new managers",
		"develop a better understanding of caseload complexity",
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("enumeration:\n got %q\nwant %q", got, want)
	}
}

func TestPolarity(t *testing.T) {
	x, _ := New(Options{})
	for _, tc := range []struct {
		s    string
		want corpus.Polarity
	}{
		{"Performance data is not used well enough by leaders.", corpus.Concern},
		{"Social workers know children well and visits are timely.", corpus.Strength},
		{"Some good work was seen, but many plans lacked clarity.", corpus.Concern},
		{"Children were seen.", corpus.NoPolarity},
	} {
		if got := x.lex.polarity(mainClause(tc.s)); got != tc.want {
			t.Errorf("%q: %q, want %q", tc.s, got, tc.want)
		}
	}
}

func TestCueGuards(t *testing.T) {
	src := "The council said there were no serious failings in the service this year.\n\n" +
		"The Post Office must have known that claims had grown for many months.\n\n" +
		"Councils should be able to set their own fees for parking permits.\n\n" +
		"We met to address concerns about the timing of the new parking scheme.\n\n" +
		"However, I am concerned about the hon. Member's claim that waiting lists have fallen.\n"
	_, items := extractText(t, src)
	if len(items) != 1 || items[0].Polarity != corpus.Concern || !strings.Contains(items[0].Text, "hon. Member's claim") {
		t.Errorf("want only the stated concern, whole: %+v", items)
	}
}

func TestProgressFindings(t *testing.T) {
	src := "The cabinet of Tregaron Borough Council heard the latest report today.\n\n" +
		"It now has stronger leadership and performance management.\n\n" +
		"There were early signs of progress in staff recruitment.\n\n" +
		"The feedback from the inspectors acknowledges that staff have remained resilient.\n\n" +
		"The findings of the inspection’s visit show poor and inconsistent practice in the south.\n\n" +
		"The findings of the review were published on the council’s website.\n"
	_, items := extractText(t, src)
	var got []string
	for _, it := range items {
		got = append(got, string(it.Polarity)+" "+it.Cue+" "+strings.Fields(it.Text)[0])
	}
	want := "strength phrase:progress It|strength phrase:progress There|strength phrase:feedback The|concern phrase:feedback The"
	if strings.Join(got, "|") != want {
		t.Errorf("got %q, want %q", strings.Join(got, "|"), want)
	}
}

func TestThemes(t *testing.T) {
	tax := DefaultTaxonomy()
	if tax.Version == "" {
		t.Error("taxonomy has no version")
	}
	got := tax.Match("Reduce caseloads and improve the quality of pathway plans for care leavers.")
	want := []string{"workforce", "planning", "care-leavers"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("themes %v, want %v", got, want)
	}
	if got := tax.Match("Appoint a permanent director."); strings.Contains(strings.Join(got, ","), "placements") {
		t.Errorf("'permanent' must not match permanence: %v", got)
	}
	if _, err := ParseTaxonomy("terms = x"); err == nil {
		t.Error("a taxonomy with no theme must be refused")
	}
	// a term "=word" is the word itself, not its stem; issues tag nothing
	exact, err := ParseTaxonomy("[perm]\nlabel = P\nterms = =permanence\n[perm/adoption]\nterms = adoption")
	if err != nil {
		t.Fatal(err)
	}
	for text, want := range map[string]string{"Achieve permanence sooner.": "perm", "A permanent director.": "", "Adoption.": ""} {
		if got := strings.Join(exact.Match(text), ","); got != want {
			t.Errorf("%q: themes %q, want %q", text, got, want)
		}
	}
}

func TestEntitiesAndFacts(t *testing.T) {
	src := "Huw Irranca-Davies, Minister for Children and Social Care\n\nThe CSSIW report was accepted. Cabinet Member for Children's Services, Cllr Rachel Powell said the council would invest £6.172 million, a 47 per cent increase, and the council should spend £1 million on recruitment.\n"
	doc, err := ingest.Read(context.Background(), "e.txt", []byte(src), ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	x, _ := New(Options{})
	var people, bodies []string
	for _, e := range x.Entities(doc) {
		if e.Kind == "person" {
			people = append(people, e.Name+" ("+e.Role+")")
		} else {
			bodies = append(bodies, e.Name)
		}
	}
	if strings.Join(people, "|") != "Huw Irranca-Davies (Minister for Children and Social Care)|Rachel Powell (Cabinet Member for Children's Services)" {
		t.Errorf("people %q", people)
	}
	if strings.Join(bodies, "|") != "Care Inspectorate Wales" {
		t.Errorf("CSSIW is Care Inspectorate Wales by its former name: %q", bodies)
	}
	items := x.Extract(doc)
	if len(items) != 1 || len(items[0].Facts) != 3 || items[0].Facts[0].Value != 6.172e6 {
		t.Errorf("item facts: %+v", items)
	}
}

// A combined report names the safeguarding board in its title, before the
// local authority's own part; only the board's part is labelled "LSCB: ".
func TestBoardPart(t *testing.T) {
	cases := []struct {
		name, src string
		want      []string // the sections of the recommendations, in order
	}{
		{"sections numbered", `# Inspection of services for children in need of help and protection, and review of the effectiveness of the local safeguarding children board 1

## Contents

## Section 1: The local authority

## Areas for improvement

- Improve the quality of pathway plans for care leavers.

## Section 2: The effectiveness local safeguarding children board

## Areas for improvement

- Ensure that the board monitors private fostering arrangements.
`, []string{"Areas for improvement", "board: Areas for improvement"}},
		{"board headed by its name", `# Inspection of services for children in need of help and protection, and Review of the effectiveness of the Local Safeguarding Children Board

## The local authority

## Recommendations

- Improve the quality of pathway plans for care leavers.

## The Local Safeguarding Children Board (LSCB)

## Recommendations

- Ensure that the board monitors private fostering arrangements.

## What the inspection judgements mean

## The local authority
`, []string{"Recommendations", "board: Recommendations"}},
		{"the board's own report", `# Review of the effectiveness of the Local Safeguarding Children Board

## Recommendations

- Ensure that the board monitors private fostering arrangements.
`, []string{"board: Recommendations"}},
	}
	for _, c := range cases {
		_, items := extractText(t, c.src)
		var got []string
		for _, it := range items {
			if it.Kind == corpus.Recommendation {
				if it.Part != "" {
					it.Section = it.Part + ": " + it.Section // the part is a field of its own, not a prefix
				}
				got = append(got, it.Section)
			}
		}
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("%s: sections %q, want %q", c.name, got, c.want)
		}
	}
}

// TestRunningTextRecommendations: a document with no list of
// recommendations makes them in its sentences, addressed to someone; what
// it reports others saying is not its own.
func TestRunningTextRecommendations(t *testing.T) {
	_, items := extractText(t, `# Review of the front door

The review looked at how referrals are handled across the county.

The council should review its thresholds document with partners by March.

We heard that managers should spend more time with their teams.

“The board must act now,” one practitioner said.

Further work is needed to improve the timeliness of strategy meetings.
`)
	recs := texts(items, func(it corpus.Item) bool { return it.Kind == corpus.Recommendation })
	want := []string{"The council should review its thresholds document with partners by March."}
	if strings.Join(recs, "|") != strings.Join(want, "|") {
		t.Errorf("recommendations:\n got %q\nwant %q", recs, want)
	}
	concerns := texts(items, func(it corpus.Item) bool { return it.Polarity == corpus.Concern })
	if len(concerns) != 1 || !strings.HasPrefix(concerns[0], "Further work is needed") {
		t.Errorf("a finding that more is needed is a concern, not a recommendation: %q", concerns)
	}
}

func TestAddressee(t *testing.T) {
	for text, want := range map[string]string{
		"NHS England should establish a programme of work.":                     "NHS England",
		"We recommend that the Department for Education must publish its plan.": "the Department for Education",
		"Cabinet is asked to agree the Commissioning Plan.":                     "Cabinet",
		"It should be noted that plans vary.":                                   "",
		"The quality of pathway plans for care leavers.":                        "",
		"Trusts, independent sector providers and ICBs should share more data.": "Trusts, independent sector providers and ICBs",
	} {
		if got := addressee(text); got != want {
			t.Errorf("addressee(%q) = %q, want %q", text, got, want)
		}
	}
}

// The file of blocks that are never items loads, its lines matched at the
// start of a block, in any case; a bad line is an error.
func TestNotItemRules(t *testing.T) {
	re, err := notItemPattern(notItemRules)
	if err != nil {
		t.Fatal(err)
	}
	for text, want := range map[string]bool{
		"There are no recommendations arising from this visit.": true,
		"SOURCE: Department for Education":                      true,
		"See section 7 for the council's reply.":                true,
		"The council should see that section 7 is applied.":     false,
	} {
		if re.MatchString(text) != want {
			t.Errorf("%q: matched %v, want %v", text, !want, want)
		}
	}
	if _, err := notItemPattern("# only a comment\n"); err == nil {
		t.Error("a file of no patterns was accepted")
	}
	if _, err := notItemPattern("(unclosed\n"); err == nil {
		t.Error("a bad pattern was accepted")
	}
}
