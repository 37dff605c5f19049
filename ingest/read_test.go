package ingest

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer/corpus"
	"github.com/scrutineer/scrutineer/internal/pdfgen"
)

func TestSniff(t *testing.T) {
	for _, tc := range []struct {
		name string
		data string
		want corpus.Format
		err  error
	}{
		{"pdf", string(pdfgen.Sample()), corpus.PDF, nil},
		{"html", "<!DOCTYPE html><html><body><p>Hello</p></body></html>", corpus.HTML, nil},
		{"html fragment", "<div><p>Recommendations</p></div>", corpus.HTML, nil},
		{"hansard", `<?xml version="1.0"?><publicwhip><speech speakername="A">x</speech></publicwhip>`, corpus.XML, nil},
		{"text", "The council should improve its plans.\n", corpus.Text, nil},
		{"markdown", "# Recommendations\n\n1. Improve plans.\n", corpus.Text, nil},
		{"json", `{"recommendations": []}`, "", ErrUnsupported},
		{"csv", "id,date,text\n1,2020-01-01,a\n2,2020-01-02,b\n3,2020-01-03,\"c, d\"\n", "", ErrUnsupported},
		{"damaged zip", "PK\x03\x04rest", "", ErrMalformed},
		{"binary", "\x00\x01\x02\x03", "", ErrUnsupported},
		{"prose with commas", "First, the council, which is large, met.\nThen, it voted.\nLater, it rose, and left.\n", corpus.Text, nil},
	} {
		got, err := sniff([]byte(tc.data))
		if got != tc.want || !errors.Is(err, tc.err) {
			t.Errorf("%s: got %q, %v; want %q, %v", tc.name, got, err, tc.want, tc.err)
		}
	}
}

func TestMislabelledPDF(t *testing.T) {
	html := "<!DOCTYPE html><html><head><title>Inspection of Tregaron</title></head><body><h1>Inspection of Tregaron</h1><p>The council should improve the quality of its plans for children in care.</p></body></html>"
	doc, err := Read(context.Background(), "2012-10-19.pdf", []byte(html), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if doc.Format != corpus.HTML || len(doc.Warnings) == 0 || doc.Warnings[0] != "named .pdf but is HTML: read as HTML" {
		t.Errorf("format %s warnings %q", doc.Format, doc.Warnings)
	}
}

func TestTextReader(t *testing.T) {
	src := "Skip to main content\n\nChildren's services in Powys\n\n" +
		"Photo of Huw Irranca-Davies Huw Irranca-Davies Labour 3:24, 14 February 2018\n\n" +
		"Yes, indeed. Thank you, Neil.\n\n" +
		"Recommendations\n===============\n\n#. The council shall publish a plan.\n#. The council shall report.\n\n" +
		"**Mr Poole**: Can I call Dr Goodall.\n\nShare this page\n\nFacebook icon Twitter icon Email icon\n"
	doc, err := Read(context.Background(), "seed.txt", []byte(src), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, gone := range []string{"Skip to main content", "Share this page", "Facebook icon", "Photo of"} {
		if strings.Contains(doc.Text, gone) {
			t.Errorf("boilerplate %q left in text", gone)
		}
	}
	var kinds []string
	for _, b := range doc.Blocks {
		kinds = append(kinds, string(b.Kind)+":"+b.Speaker)
	}
	want := []string{"heading:", "speech:Huw Irranca-Davies", "heading:", "list_item:", "list_item:", "speech:Mr Poole"}
	if strings.Join(kinds, " ") != strings.Join(want, " ") {
		t.Errorf("blocks %q, want %q", kinds, want)
	}
}

func TestHTMLReader(t *testing.T) {
	page := `<html lang="en"><head><title>Statement | GOV.WALES</title></head><body>
<a href="#m">Skip to main content</a><div class="cookie-banner">We use cookies</div>
<nav><a href="/">Home</a></nav>
<main><h1>Written Statement: children's services</h1><p>First published: 3 March 2020</p>
<p>The council must take the following action:</p><ul><li>Reduce caseloads.</li><li>Improve plans.</li></ul>
<table><tr><td>Year</td><td>Caseload</td></tr><tr><td>2019</td><td>24</td></tr></table>
<p>Share this page</p></main><footer>© Crown copyright</footer></body></html>`
	doc, err := Read(context.Background(), "s.html", []byte(page), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, gone := range []string{"Skip to main content", "cookies", "Home", "Share this page", "Crown copyright"} {
		if strings.Contains(doc.Text, gone) {
			t.Errorf("boilerplate %q left in text:\n%s", gone, doc.Text)
		}
	}
	counts := map[corpus.BlockKind]int{}
	for _, b := range doc.Blocks {
		counts[b.Kind]++
	}
	if counts[corpus.Heading] != 1 || counts[corpus.ListItem] != 2 || counts[corpus.TableRow] != 2 {
		t.Errorf("block counts %v", counts)
	}
	if doc.Title != "Written Statement: children's services" || doc.Date != "2020-03-03" || doc.Language != "en" {
		t.Errorf("title %q date %q lang %q", doc.Title, doc.Date, doc.Language)
	}
}

func TestHTMLDeepNesting(t *testing.T) {
	page := "<html><body>" + strings.Repeat("<div>", 10000) + "The council should improve." + strings.Repeat("</div>", 10000) + "</body></html>"
	doc, err := Read(context.Background(), "deep.html", []byte(page), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(doc.Text, "The council should improve.") {
		t.Errorf("text lost: %q", doc.Text)
	}
}

func TestHansardXML(t *testing.T) {
	src := `<?xml version="1.0" encoding="ISO-8859-1"?>
<!DOCTYPE publicwhip [<!ENTITY pound "&#163;">]>
<publicwhip>
<major-heading id="uk.org.publicwhip/wms/2009-10-26a.1WS.0">Children &amp; Families</major-heading>
<speech id="uk.org.publicwhip/wms/2009-10-26a.1WS.1" speakername="Ed Balls"><p>We will invest &pound;10 million.</p><p>Local authorities should act.</p></speech>
</publicwhip>`
	doc, err := Read(context.Background(), "wms.xml", []byte(src), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if doc.DocType != "written_statement" || doc.Date != "2009-10-26" || doc.Publisher != "UK Parliament" {
		t.Errorf("meta: %s %s %s", doc.DocType, doc.Date, doc.Publisher)
	}
	var speeches []string
	for _, b := range doc.Blocks {
		if b.Kind == corpus.Speech {
			speeches = append(speeches, b.Speaker+": "+doc.BlockText(b))
		}
	}
	if strings.Join(speeches, "|") != "Ed Balls: We will invest £10 million.|Ed Balls: Local authorities should act." {
		t.Errorf("speeches %q", speeches)
	}
	if len(doc.Facts) != 1 || doc.Facts[0].Value != 10e6 {
		t.Errorf("facts %+v", doc.Facts)
	}
}

func TestManifestOverrides(t *testing.T) {
	doc, err := Read(context.Background(), "a.txt", []byte("Children's Services\n\n13th March 2018\n\nThe cabinet was told."),
		Options{Meta: map[string]string{"date": "2018-03-14", "publisher": "Powys County Council", "doc_type": "not-a-type"}})
	if err != nil {
		t.Fatal(err)
	}
	if doc.Date != "2018-03-14" || doc.Provenance["date"] != corpus.FromManifest || doc.Publisher != "Powys County Council" {
		t.Errorf("date %q (%s) publisher %q", doc.Date, doc.Provenance["date"], doc.Publisher)
	}
	if doc.DocType == "not-a-type" || len(doc.Warnings) == 0 {
		t.Errorf("invalid doc_type accepted: %q %q", doc.DocType, doc.Warnings)
	}
}

func TestWelsh(t *testing.T) {
	cy := "Mae'r cyngor wedi cyhoeddi adroddiad ar y gwasanaethau plant. Rydym yn falch bod y gwasanaeth yn gwella, ond mae angen gwneud mwy i gefnogi plant a theuluoedd yn y sir. Bydd y cyngor yn ymateb i'r argymhellion."
	lang, _ := detectLanguage(cy)
	if lang != "cy" {
		t.Errorf("Welsh detected as %q", lang)
	}
	lang, _ = detectLanguage("The council has published a report on children's services and the service is improving.")
	if lang != "en" {
		t.Errorf("English detected as %q", lang)
	}
}

// TestErrorPage: a web server's error page saved in a report's place is
// refused with what it says; a document that mentions a missing page is
// read as usual.
func TestErrorPage(t *testing.T) {
	page := []byte(`<html><head><title>Find an inspection report</title></head><body><h1>Report not found</h1>
<p>Sorry, the document you requested no longer exists.</p><p>We recommend linking to a page instead of a pdf report.</p></body></html>`)
	if _, err := Read(context.Background(), "2012-10-19.pdf", page, Options{}); !errors.Is(err, ErrErrorPage) || !strings.Contains(err.Error(), "Report not found") {
		t.Errorf("error page: %v", err)
	}
	doc := []byte("Inspection of Tregaron\n\nPage not found errors on the council's website made it hard for families to find help. " +
		strings.Repeat("The council should improve its website and its early help offer for families. ", 40))
	if _, err := Read(context.Background(), "report.txt", doc, Options{}); err != nil {
		t.Errorf("a report that mentions a missing page: %v", err)
	}
}

// A page too large for an element tree is read token by token, with its
// headings, list items and title, and without its navigation or scripts.
func TestHTMLStream(t *testing.T) {
	page := `<html><head><title>Big report | GOV.UK</title><script>var x = "<p>no</p>";</script></head><body>
<nav><a href="/">Home</a></nav><header>Site header</header>
<h2>What needs to improve</h2><ul><li>The quality of plans &amp; reviews.</li><li>Supervision of staff.</li></ul>
<p>Leaders should reduce caseloads.</p><footer>Cookies</footer></body></html>`
	doc, meta := htmlStream(strings.NewReader(page), len(page))
	var got []string
	for _, b := range doc.Blocks {
		got = append(got, string(b.Kind)+":"+doc.BlockText(b))
	}
	want := []string{"heading:What needs to improve", "list_item:The quality of plans & reviews.", "list_item:Supervision of staff.", "paragraph:Leaders should reduce caseloads."}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("blocks\n got %q\nwant %q", got, want)
	}
	if meta["title"] != "Big report | GOV.UK" {
		t.Errorf("title %q", meta["title"])
	}
}

// In a document with both languages, each block says which it is in.
func TestBlockLanguages(t *testing.T) {
	src := "# Adroddiad blynyddol / Annual report\n\n" +
		"Mae'r cyngor wedi cyhoeddi adroddiad ar y gwasanaethau plant ac mae angen gwneud mwy i gefnogi plant a theuluoedd yn y sir.\n\n" +
		"The council has published a report on children's services and more must be done to support children and families in the county.\n\n" +
		"Bydd y cyngor yn ymateb i'r argymhellion yn y flwyddyn newydd ac mae'r gwasanaeth yn gwella.\n\n" +
		"The council will respond to the recommendations in the new year and the service is improving.\n"
	doc, err := Read(context.Background(), "bilingual.txt", []byte(src), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range doc.Blocks[1:] {
		got = append(got, b.Lang)
	}
	if strings.Join(got, ",") != "cy,en,cy,en" {
		t.Errorf("block languages %v, want cy,en,cy,en", got)
	}
}

// A bilingual page set in two columns, Welsh beside English, is read column
// by column: the Welsh paragraph whole, then the English, never
// interleaved line by line.
func TestBilingualColumns(t *testing.T) {
	cy := []string{"Mae'r cyngor wedi cyhoeddi adroddiad ar y", "gwasanaethau plant ac mae angen gwneud", "mwy i gefnogi plant a theuluoedd yn y sir.", "Bydd y cyngor yn ymateb i'r argymhellion", "yn y flwyddyn newydd ac mae'r gwasanaeth", "yn gwella yn gyson."}
	en := []string{"The council has published a report on", "children's services and more must be done", "to support children and families in the", "county. The council will respond to the", "recommendations in the new year and the", "service is improving steadily."}
	var lines []pdfgen.Line
	for i := range cy {
		y := 760 - float64(i)*14
		lines = append(lines, pdfgen.Line{X: 50, Y: y, Size: 11, Text: cy[i]}, pdfgen.Line{X: 320, Y: y, Size: 11, Text: en[i]})
	}
	pdf := pdfgen.Doc{Pages: []pdfgen.Page{{Lines: lines}}}.Bytes()
	doc, err := Read(context.Background(), "dwyieithog.pdf", pdf, Options{OCR: OCROff})
	if err != nil {
		t.Fatal(err)
	}
	var langs []string
	for _, b := range doc.Blocks {
		langs = append(langs, b.Lang)
	}
	text := strings.Join(strings.Fields(doc.Text), " ")
	if !strings.Contains(text, "mwy i gefnogi plant a theuluoedd yn y sir.") || !strings.Contains(text, "to support children and families in the county.") {
		t.Errorf("columns not read whole: %q", text)
	}
	if strings.Index(text, "yn gwella yn gyson") > strings.Index(text, "The council has published") {
		t.Errorf("Welsh column not read before the English: %q", text)
	}
	if strings.Join(langs, ",") != "cy,en" {
		t.Errorf("blocks %v, want one Welsh block then one English", langs)
	}
}
