package ingest

import "testing"

func TestParseDate(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"16 April 2018", "2018-04-16"},
		{"17th October 2017", "2017-10-17"},
		{"13th March 2018", "2018-03-13"},
		{"1st of May 2019", "2019-05-01"},
		{"April 16, 2018", "2018-04-16"},
		{"2022-08-12", "2022-08-12"},
		{"16/04/2018", "2018-04-16"},
		{"October 2017", "2017-10"},
		{"31 February 2018", ""},
		{"16 Apirl 2018", ""},
		{"99/99/2018", ""},
		{"20.4. 2023", "2023-04-20"},
		{"31.4.2023", ""},
	} {
		if got := ParseDate(tc.in); got != tc.want {
			t.Errorf("ParseDate(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestFindPublicationDate(t *testing.T) {
	for _, tc := range []struct{ name, text, want string }{
		{"first published", "Written Statement\n\nFirst published:\n16 April 2018\nLast updated:\n", "2018-04-16"},
		{"debate time", "Part of 3. Topical Questions – in the Senedd at 3:24 pm on 14 February 2018.", "2018-02-14"},
		{"date line", "Children's Services Inspection Report\n\nCSSIW logo\n\n17th October 2017\n\nThe recommendations of", "2017-10-17"},
		{"report published beats inspection date", "Inspection date: 18 March 2014 – 09 April 2014\nReport published: 23 May 2014", "2014-05-23"},
		{"meeting", "MINUTES of a meeting of the Kent County Council held in the Council Chamber, Maidstone on Thursday, 19 December 2024.", "2024-12-19"},
		{"signature", "You are under a duty to respond by 16th June 2023.\n\n9 Caroline Topping, 21st April 2023", "2023-04-21"},
		{"no date", "Councillors received the report at a recent scrutiny committee.", ""},
		{"a deadline is not a publication date", "respond within 56 days, namely by 16th June 2023.", ""},
		{"heading of minutes, before an earlier meeting named", "CORPORATE PARENTING PANEL– 10th December 2024\nMINUTES of the meeting held in the Darent Room\n\nMinutes of the meeting held on 29 October 2024 were approved.", "2024-12-10"},
		{"a coroner's report dated by its reply", "You are under a duty to respond to this report within 56 days of the date of this report, namely by 19th June 2023. I, the coroner, may extend the period.", "2023-04-24"},
		{"a form's box number, a dotted date and the signature", "You are under a duty to respond to this report within 56 days of the date of this report, namely by the 16th June 2023.\n\n9 20.4. 2023\tDr E A Didcock", "2023-04-20"},
		{"a date alone at the end", "the release or the publication of your response.\n\n21st April 2023\n\nA Coroner", "2023-04-21"},
	} {
		if got := findPublicationDate(tc.text); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestGuessSubject(t *testing.T) {
	for _, tc := range []struct{ title, text, want string }{
		// every report about one council has its one canonical name (corpus/rules/councils.txt)
		{"Inspection of Coventry local authority children’s services", "", "Coventry City Council"},
		{"Inspection of Leeds City local authority children’s services", "", "Leeds City Council"},
		{"Leeds", "Leeds\n\nInspection of children’s social care services\n\nChildren and families in Leeds are…", "Leeds City Council"},
		{"Inspection of Kent County Council children’s services", "", "Kent County Council"},
		{"Focused visit to Sandwell Children’s Trust", "", "Sandwell Metropolitan Borough Council"},
		{"Area SEND inspection of Cornwall Local Area Partnership", "", "Cornwall Council"},
		{"Inspection of Sutton local authority children’s services", "", "London Borough of Sutton"},
		{"Inspection of Tregaron local authority children’s services", "", "Tregaron"}, // not a council it knows: as named
		// a description is not a name; the text names the council
		{"Inspection of looked after children services", "Somerset County Council\nInspection of looked after children services", "Somerset Council"},
		// a place inside a longer one is the longer one's
		{"Children’s services in South Gloucestershire", "South Gloucestershire children’s services. South Gloucestershire has…", "South Gloucestershire Council"},
		{"Minutes", "The Partnership Council for Wales met. The Partnership Council agreed.", ""},
		// the text's heading wins over a PDF title copied from another council's report
		{"Wakefield standard inspection report", "City of Bradford Metropolitan District Council\n\nInspection of children’s social care services", "Bradford Metropolitan District Council"},
		// a place named once in passing is not the subject
		{"Transcript of day 12", "Evidence from the Chief Medical Officer, who worked in Cardiff before 2016.", ""},
		{"Children's services in Powys", "there is individual good practice within Powys", "Powys County Council"},
		{"Record", "Children’s Services Sandwell Metropolitan Borough Council said. Sandwell Metropolitan Borough Council agreed.", "Sandwell Metropolitan Borough Council"},
		{"Minutes", "The Civil Justice Council and the European Council met in March. The Civil Justice Council agreed.", ""},
	} {
		if got := guessSubject(tc.title, tc.text); got != tc.want {
			t.Errorf("guessSubject(%q) = %q, want %q", tc.title, got, tc.want)
		}
	}
}
