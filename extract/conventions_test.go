package extract

import (
	"context"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer/corpus"
	"github.com/scrutineer/scrutineer/ingest"
)

func recommendations(items []corpus.Item) []corpus.Item {
	var out []corpus.Item
	for _, it := range items {
		if it.Kind == corpus.Recommendation {
			out = append(out, it)
		}
	}
	return out
}

// A response restates the committee's numbered paragraphs under a heading
// that labels each one a recommendation: a paragraph that asks for
// something is one item, however many sentences it has, with its bullets
// and the reply printed after it; a conclusion that asks nothing is none.
func TestNumberedParagraphs(t *testing.T) {
	const src = `# Government response to the Select Committee report on caseloads

## Committee recommendation

8.1. Caseloads in the county have risen for three years and workers report that they cannot see children often enough.

The Government agrees with the Committee's conclusion.

## Committee recommendation

8.2. We recommend that the Department sets a national limit on caseloads. This should include agency staff and newly qualified workers. The limit should be reviewed every two years (paragraph 4.2).

The Government accepts this recommendation and will consult on a limit this year.

## Committee recommendation

8.3. Where councils rely on agency staff, we recommend that the following principles should be applied:

- councils should publish the share of agency workers each quarter;
- contracts should require a handover visit for every child.

The Government does not accept this recommendation.
`
	_, items := extractText(t, src)
	recs := recommendations(items)
	if len(recs) != 2 {
		t.Fatalf("got %d recommendations, want 2 (8.2 and 8.3): %q", len(recs), texts(recs, func(corpus.Item) bool { return true }))
	}
	if recs[0].Number != "8.2" || !strings.HasPrefix(recs[0].Text, "We recommend that the Department") || !strings.HasSuffix(recs[0].Text, "(paragraph 4.2).") {
		t.Errorf("8.2 = %q (number %q), want the whole paragraph", recs[0].Text, recs[0].Number)
	}
	if recs[0].Cue != "block:numbered-paragraph" {
		t.Errorf("cue = %q", recs[0].Cue)
	}
	if !strings.Contains(recs[1].Text, "handover visit for every child") {
		t.Errorf("8.3 lost its bullets: %q", recs[1].Text)
	}
	if recs[0].Response == "" || recs[0].ResponseStatus != "accepted" {
		t.Errorf("8.2 response = %q (%q), want the reply, accepted", recs[0].Response, recs[0].ResponseStatus)
	}
	if recs[1].ResponseStatus != "not accepted" {
		t.Errorf("8.3 status = %q, want not accepted", recs[1].ResponseStatus)
	}
}

// Minutes: a resolution whose parts are in brackets is one item; electing
// the meeting's chair runs the meeting and asks nothing to be done.
func TestResolutionParts(t *testing.T) {
	const src = `# Minutes of the meeting of the County Council

## Election of Chair

RESOLVED that Mr Cooke be elected to Chair the meeting.

## Devolution

RESOLVED that the County Council:

(1) Endorses the joint work between the councils on devolution
(2) Notes that elections may be postponed
(3) Expects there to be as much transparency as possible in this process.
`
	_, items := extractText(t, src)
	recs := recommendations(items)
	if len(recs) != 1 {
		t.Fatalf("got %d recommendations, want 1: %q", len(recs), texts(recs, func(corpus.Item) bool { return true }))
	}
	if !strings.Contains(recs[0].Text, "Endorses the joint work") || !strings.Contains(recs[0].Text, "Expects there to be") {
		t.Errorf("the resolution lost its parts: %q", recs[0].Text)
	}
}

// A report's recommendations table: each row's text cell is the item, its
// first cell the number; rows that only ask readers to take note, and
// cross-references, are not recommendations.
func TestRecommendationRows(t *testing.T) {
	para := "<p>" + strings.Repeat("The council has made progress with its plans for children in care and for care leavers this year. ", 4) + "</p>"
	src := `<html><head><title>Finance monitoring report</title></head><body><main>
<h1>Finance monitoring report</h1>` + para + `
<h2>2 | Recommendations</h2>
<table>
<tr><td>2.1</td><td>Note the forecast revenue overspend of £23.3m</td><td>Please refer to Section 3</td></tr>
<tr><td>2.2</td><td>Consider and note the progress on the delivery of savings</td><td>Please refer to Section 4</td></tr>
<tr><td>2.3</td><td>Note and agree the Capital budget changes</td><td>Please refer to Section 7</td></tr>
</table>
<h2>3 | Revenue budget forecast</h2>` + para + para + `</main></body></html>`
	doc, err := ingest.Read(context.Background(), "fixture.html", []byte(src), ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	x, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	recs := recommendations(x.Extract(doc))
	if len(recs) != 1 || recs[0].Text != "Note and agree the Capital budget changes" || recs[0].Number != "2.3" {
		t.Fatalf("got %q, want the one row that asks for something, without its cross-reference", texts(recs, func(corpus.Item) bool { return true }))
	}
}

// Audit offices print a recommendation's label after it; a second series
// that reuses the numbers (matters for Congress) is not the same
// recommendation printed twice.
func TestTrailingLabels(t *testing.T) {
	const src = `# Report to Congressional Requesters

## Recommendations for Executive Action

We are making the following two recommendations to DOD:

The Secretary of Defense should ensure that the Director of the Defense Health Agency develops a plan to address staffing gaps. (Recommendation 1)

The Secretary of the Army should update guidance on recruitment incentives for medical personnel. (Recommendation 2)

## Agency Comments

DOD concurred with our recommendations.

## Matter for Congressional Consideration

Congress should consider amending the statute to require an annual report on staffing gaps. (Matter for Consideration 1)
`
	_, items := extractText(t, src)
	recs := recommendations(items)
	if len(recs) != 3 {
		t.Fatalf("got %d recommendations, want 3: %q", len(recs), texts(recs, func(corpus.Item) bool { return true }))
	}
	for _, r := range recs {
		if strings.Contains(r.Text, "(Recommendation") || strings.Contains(r.Text, "(Matter") || r.Number == "" {
			t.Errorf("%q (number %q): the label is the number, not the text", r.Text, r.Number)
		}
	}
	if recs[2].Number != "1" || !strings.HasPrefix(recs[2].Text, "Congress should") {
		t.Errorf("the matter for Congress = %q (%q)", recs[2].Text, recs[2].Number)
	}
}

// Accident boards number their safety recommendations by year.
func TestSafetyRecommendations(t *testing.T) {
	const src = `# Accident to Boeing 737-800

## Safety Recommendation 2023-012

It is recommended that the Civil Aviation Authority require operators of large aeroplanes to include unstable approaches in recurrent training.

## Conclusions

The crew did not recognise the unstable approach.
`
	_, items := extractText(t, src)
	recs := recommendations(items)
	if len(recs) != 1 || recs[0].Number != "2023-012" || recs[0].Addressee == "" {
		t.Fatalf("got %+v", recs)
	}
}

// Inspectorates other than Ofsted head their lists in their own words:
// the CQC's "Action we have told the provider to take" and "Action the
// provider should take to improve", HMICFRS's "Cause of concern".
func TestInspectorateHeadings(t *testing.T) {
	const src = `# Riverside Care Home: inspection report

## Action we have told the provider to take

- The registered person must ensure that medicines are managed safely and that records are complete.

## Action the provider SHOULD take to improve

- The provider should review how complaints are recorded and learned from.

## Cause of concern

- The force does not answer emergency calls quickly enough.
`
	_, items := extractText(t, src)
	recs := recommendations(items)
	if len(recs) != 2 {
		t.Errorf("recommendations %q, want the two listed", texts(recs, func(corpus.Item) bool { return true }))
	}
	concerns := texts(items, func(it corpus.Item) bool { return it.Kind == corpus.Finding && it.Polarity == corpus.Concern })
	if len(concerns) != 1 || !strings.Contains(concerns[0], "emergency calls") {
		t.Errorf("concerns %q, want the cause of concern", concerns)
	}
}

// Welsh public bodies publish in Welsh: "Meysydd i'w gwella" and
// "Argymhellion" lists, "Argymhelliad 2" labels, and recommendations in
// prose ("Rydym yn argymell…", "Dylai'r cyngor…").
func TestWelshRecommendations(t *testing.T) {
	const src = `# Arolygiad o wasanaethau plant Cyngor Sir Glanmorfa

## Meysydd i'w gwella

- Lleihau llwyth achosion gweithwyr cymdeithasol.
- Gwella ansawdd cynlluniau gofal a chymorth.

## Cryfderau

- Mae swyddogion adolygu annibynnol yn herio'n effeithiol.

## Casgliadau

Mae'r gwasanaeth wedi gwella ers yr arolygiad diwethaf. Dylai'r cyngor sicrhau bod barn plant yn cael ei chofnodi ym mhob cynllun. Rydym yn argymell bod y bwrdd yn adolygu'r trefniadau ar gyfer rhannu gwybodaeth.

Argymhelliad 3: Dylai'r awdurdod lleol gyhoeddi cynllun gweithlu erbyn mis Mawrth.
`
	_, items := extractText(t, src)
	recs := texts(items, func(it corpus.Item) bool { return it.Kind == corpus.Recommendation })
	// a document that lists its recommendations is taken at its word: its
	// "Dylai'r cyngor…" in prose describes, and only "Rydym yn argymell"
	// adds one, as in English
	want := []string{"Lleihau llwyth achosion", "Gwella ansawdd cynlluniau", "Rydym yn argymell", "gyhoeddi cynllun gweithlu"}
	for _, w := range want {
		found := false
		for _, r := range recs {
			found = found || strings.Contains(r, w)
		}
		if !found {
			t.Errorf("no recommendation with %q in %q", w, recs)
		}
	}
	if len(recs) != len(want) {
		t.Errorf("%d recommendations, want %d: %q", len(recs), len(want), recs)
	}
	strengths := texts(items, func(it corpus.Item) bool { return it.Kind == corpus.Finding && it.Polarity == corpus.Strength })
	if len(strengths) != 1 {
		t.Errorf("strengths %q", strengths)
	}
	// in a statement without lists, "Dylai'r cyngor…" is one
	_, items = extractText(t, "# Datganiad ysgrifenedig\n\nMae'r adroddiad yn glir. Dylai'r cyngor sicrhau bod barn plant yn cael ei chofnodi ym mhob cynllun.\n")
	if recs := texts(items, func(it corpus.Item) bool { return it.Kind == corpus.Recommendation }); len(recs) != 1 || !strings.HasPrefix(recs[0], "Dylai'r cyngor") {
		t.Errorf("statement: %q, want the Dylai'r cyngor sentence", recs)
	}
}

// In a bilingual document each Welsh item is paired with the same item in
// English, in order among the items of its kind.
func TestBilingualPairs(t *testing.T) {
	const src = `# Adroddiad arolygu / Inspection report

## Argymhellion

- Dylai'r cyngor leihau llwyth achosion y gweithwyr cymdeithasol yn y sir fel bod plant yn cael eu gweld yn rheolaidd.
- Dylai'r cyngor wella ansawdd y cynlluniau gofal a chymorth ar gyfer plant a theuluoedd yn y sir.

## Recommendations

- The council should reduce the caseloads of social workers in the county so that children are seen regularly.
- The council should improve the quality of the care and support plans for children and families in the county.
`
	_, items := extractText(t, src)
	recs := recommendations(items)
	if len(recs) != 4 {
		t.Fatalf("%d recommendations: %q", len(recs), texts(recs, func(corpus.Item) bool { return true }))
	}
	byID := map[string]corpus.Item{}
	for _, r := range recs {
		byID[r.ID] = r
	}
	for _, r := range recs[:2] {
		p, ok := byID[r.Pair]
		if r.Lang != "cy" || !ok || p.Lang != "en" || p.Pair != r.ID {
			t.Errorf("%q (%s) paired with %q", r.Text, r.Lang, p.Text)
		}
	}
	if !strings.Contains(byID[recs[0].Pair].Text, "caseloads") {
		t.Errorf("the first Welsh item is paired with %q", byID[recs[0].Pair].Text)
	}
}
