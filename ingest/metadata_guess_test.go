package ingest

import "testing"

// A document says what it is in its opening, before what it mentions; the
// rules are tried in order (a press release about an inspection is a
// press release).
func TestGuessDocType(t *testing.T) {
	for _, c := range []struct{ title, head, want string }{
		{"Inspection of Tregaron Council children's services", "Inspection of Tregaron Council children's services\nInspection dates: 3 to 7 March 2025", "inspection_report"},
		{"Focused visit to Tregaron", "Focused visit to Tregaron local authority children's services", "focused_visit"},
		{"Government response to the Committee's report", "Government response to the Committee's report on caseloads", "government_response"},
		{"", "REGULATION 28 REPORT TO PREVENT FUTURE DEATHS\nTHIS REPORT IS BEING SENT TO: NHS England", "pfd_report"},
		{"", "MINUTES of the meeting of the Cabinet held on 30 January 2025", "minutes"},
		{"", "Councillor Jane Evans, Cabinet Member for Children, said the council welcomed the inspection report.", "press_release"},
		{"", "Report by the Comptroller and Auditor General: Department for Education", "audit_report"},
		{"", "United States Government Accountability Office. What GAO Recommends", "audit_report"},
		{"", "Air Accidents Investigation Branch\nAAIB Bulletin: Accident to Boeing 737-800", "accident_report"},
		{"", "Cabinet is asked to agree the Commissioning Plan for Education Provision", "council_report"},
		{"A walk in the park", "Notes from a walk in the park on Sunday.", "other"},
	} {
		if got := guessDocType(c.title, c.head, c.head); got != c.want {
			t.Errorf("%q: %s, want %s", c.head, got, c.want)
		}
	}
}

// The publisher is the first body of the document type's kind that the
// text names; a coroner's report names the coroner's area.
func TestGuessPublisher(t *testing.T) {
	for _, c := range []struct{ docType, text, subject, want string }{
		{"inspection_report", "Ofsted inspected the local authority's services for children.", "", "Ofsted"},
		{"inspection_report", "Care and Social Services Inspectorate Wales (CSSIW) inspected the council.", "", "Care Inspectorate Wales"},
		{"written_statement", "Written Statement by the Welsh Government: children's services.", "", "Welsh Government"},
		{"debate", "Proceedings of the Senedd, Plenary, 14 February 2018.", "", "Senedd"},
		{"pfd_report", "I am Jane Smith, Senior Coroner for the coroner area of Surrey.", "", "Coroner for Surrey"},
		{"minutes", "Minutes of the Cabinet.", "Kent County Council", "Kent County Council"},
		{"inspection_report", "The report says nothing of who wrote it.", "", ""},
	} {
		if got := guessPublisher(c.docType, c.text, c.text, c.subject); got != c.want {
			t.Errorf("%s %q: %q, want %q", c.docType, c.text, got, c.want)
		}
	}
}

// The rule files of titles and publishers load, and say what they say.
func TestTitleAndPublisherRules(t *testing.T) {
	for title, want := range map[string]bool{
		"Microsoft Word - LA inspection report v3.docx": false,
		"Untitled document here":                        false,
		"Inspection":                                    false, // too short
		"Inspection of children's social care services": true,
	} {
		if got := usableInfoTitle(title); got != want {
			t.Errorf("usableInfoTitle(%q) = %v, want %v", title, got, want)
		}
	}
	if tiers := publishersByType["written_statement"]; len(tiers) != 2 || tiers[0][0] != "Welsh Government" {
		t.Errorf("written statements' publishers: %v", tiers)
	}
	defer func() {
		if recover() == nil {
			t.Error("a publisher rule naming an unknown body was accepted")
		}
	}()
	parsePublisherRules("debate\tSenedd, The Ministry of Silly Walks\n")
}
