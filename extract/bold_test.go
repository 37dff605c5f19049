package extract

import (
	"context"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer/corpus"
	"github.com/scrutineer/scrutineer/ingest"
	"github.com/scrutineer/scrutineer/internal/pdfgen"
)

// committeeReport is a fictional select committee report as such reports
// are set: numbered paragraphs, the recommendations in bold among plain
// ones, and a closing "Conclusions and recommendations" that prints them
// again beside the conclusions.
func committeeReport() []byte {
	y := 800.0
	var lines []pdfgen.Line
	add := func(size float64, bold bool, text string) {
		lines = append(lines, pdfgen.Line{X: 72, Y: y, Size: size, Bold: bold, Text: text})
		y -= size * 1.9
	}
	add(18, true, "Children's social care in Tregaron")
	add(11, false, "1. The Committee took evidence from the council and from partners over six months.")
	add(11, false, "2. Caseloads in the duty team have risen every year since 2019 and now average 24.")
	add(11, true, "3. The council should publish a plan to reduce caseloads to 18 by March 2027.")
	add(11, false, "4. Partners told us that information reaches the front door late and incomplete.")
	add(14, true, "Conclusions and recommendations")
	add(11, false, "1. Caseloads in the duty team have risen every year since 2019 and now average 24.")
	add(11, true, "2. The council should publish a plan to reduce caseloads to 18 by March 2027.")
	add(11, false, "3. Information reaches the front door late and incomplete.")
	add(11, true, "4. We recommend that the Department for Education reviews the funding formula.")
	return pdfgen.Doc{Pages: []pdfgen.Page{{Lines: lines}}}.Bytes()
}

func TestRecommendationsInBold(t *testing.T) {
	doc, err := ingest.Read(context.Background(), "committee.pdf", committeeReport(), ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	x, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	var recs []corpus.Item
	for _, it := range x.Extract(doc) {
		if it.Kind == corpus.Recommendation {
			recs = append(recs, it)
		}
	}
	if len(recs) != 2 {
		t.Fatalf("want the two bold recommendations once each, got %d: %+v", len(recs), recs)
	}
	if !strings.HasPrefix(recs[0].Text, "The council should publish a plan") || len(recs[0].AlsoAt) != 1 ||
		!strings.Contains(recs[1].Text, "Department for Education reviews") {
		t.Errorf("recommendations %+v", recs)
	}
}
