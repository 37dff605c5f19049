package synth

// Topics are the things recommendations are about, each with the theme it
// belongs to and words that say the same thing another way.
type topic struct {
	name     string
	theme    string
	synonyms []string
}

var topics = []topic{
	{"social worker caseloads", "workforce", []string{"caseloads for social workers", "the workload of social workers"}},
	{"the stability of the workforce", "workforce", []string{"workforce stability", "the retention of permanent social workers"}},
	{"management oversight and supervision", "workforce", []string{"supervision and management oversight", "the quality of supervision"}},
	{"the quality of pathway plans for care leavers", "care-leavers", []string{"pathway planning for care leavers", "plans for young people leaving care"}},
	{"support for care leavers in education, employment and training", "care-leavers", []string{"education and employment support for care leavers"}},
	{"return home interviews for children who go missing", "child-protection", []string{"interviews with children when they return from being missing"}},
	{"the response to children at risk of exploitation", "child-protection", []string{"responses to child exploitation", "work with children at risk of exploitation"}},
	{"strategy discussions when risk increases", "child-protection", []string{"the timeliness of strategy meetings"}},
	{"the application of thresholds at the front door", "front-door", []string{"decision-making at the front door", "thresholds for referral"}},
	{"the quality and timeliness of assessments", "front-door", []string{"assessments of children's needs", "the timeliness of assessment"}},
	{"the quality of care plans", "planning", []string{"care planning", "plans for children in care"}},
	{"child protection plans that are specific and measurable", "planning", []string{"the clarity of child protection plans"}},
	{"the voice of the child in assessments and plans", "voice", []string{"children's views in planning", "the participation of children"}},
	{"life-story work for children in care", "voice", []string{"life story work"}},
	{"the sufficiency of local placements", "placements", []string{"the number of local foster carers", "placement sufficiency"}},
	{"permanence planning for children in care", "placements", []string{"timely permanence", "plans for permanence"}},
	{"multi-agency information sharing", "partnership", []string{"the sharing of information between agencies", "partnership working"}},
	{"performance data and quality assurance", "quality-assurance", []string{"the use of performance information", "audit and quality assurance"}},
	{"the case recording system", "quality-assurance", []string{"electronic case records"}},
	{"early help services", "early-help", []string{"the early help offer", "early intervention"}},
	{"health assessments for children in care", "health-education", []string{"the timeliness of health assessments"}},
	{"services for disabled children", "disability-send", []string{"support for children with disabilities"}},
	{"corporate parenting", "leadership", []string{"the corporate parenting board", "the oversight of elected members"}},
}

// shapes are recommendation sentence shapes from real reports; %s is the topic.
var shapes = []string{
	"Improve %s so that children receive help that is timely and proportionate.",
	"Ensure that %s improves and is regularly reviewed by senior managers.",
	"The quality and timeliness of %s.",
	"Strengthen %s, ensuring that managers monitor progress closely.",
	"Leaders should improve %s.",
	"Review %s to ensure that it meets the needs of children.",
	"Develop %s so that leaders have an accurate understanding of practice.",
	"%s.",
}

// findingShapes are findings; the first half are strengths, the rest concerns.
var findingShapes = []string{
	"Inspectors found that %s is effective and well understood by partners.",
	"Leaders have improved %s since the last inspection.",
	"%s is a strength.",
	"Inspectors found that %s is not consistently good enough.",
	"There are delays in %s for some children.",
	"Senior leaders do not have a clear understanding of %s.",
}

// narrative sentences fill the pages between the lists.
var narrative = []string{
	"Social workers know the children they work with well and visit them regularly.",
	"Most children are seen promptly and their views are recorded.",
	"The local authority has invested in additional capacity in the assessment teams.",
	"Partners attend strategy meetings and share information appropriately.",
	"Managers provide regular supervision, although the quality of recording varies.",
	"Children in care live in stable placements that meet their needs.",
	"The virtual school monitors the progress of children in care closely.",
	"Independent reviewing officers provide effective challenge.",
}

var placeParts = [][]string{
	{"Aber", "Bryn", "Caer", "Llan", "Pen", "Tre", "Glan", "Nant", "Cwm", "Rhos", "Ashby", "Brook", "Mill", "North", "West", "Stan", "Kings", "Elm"},
	{"morfa", "teg", "field", "wood", "ford", "ton", "wen", "dale", "bridge", "moor", "ley", "borough", "mere", "stow"},
}

var councilKinds = []string{"County Council", "Borough Council", "City Council", "Metropolitan Borough Council", "Council"}

var publishers = []struct{ name, docType string }{
	{"Ofsted", "inspection_report"}, {"Care Inspectorate Wales", "inspection_report"}, {"Ofsted", "focused_visit"},
	{"Welsh Government", "written_statement"}, {"Care Inspectorate Wales", "monitoring_visit"},
}
