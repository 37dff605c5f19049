package extract

import (
	"regexp"
	"strings"

	"github.com/scrutineer/scrutineer/corpus"
)

// Conventions that public bodies use to set out what they recommend or
// decide, read block by block before sections and sentence cues: each
// claims the blocks it reads, which the rest of extraction then passes
// over.
//
//   - labelled blocks: "Recommendation 7", "Recommendation 7: Title",
//     "Rec 7 –", "R7." as a heading or at the start of a paragraph, with a
//     body that runs to the next label or heading, bullets and lettered
//     parts included; a response printed under it ("Government response
//     to recommendation 7", "Response:") is the item's response, with the
//     status it states;
//   - resolutions in minutes: "RESOLVED that …", "Resolved: …", with the
//     lettered or bulleted parts that follow a closing colon; parts the
//     minutes number on their own are items of their own;
//   - decision records: a list of upper-case verbs ("APPROVE the …",
//     "DELEGATE authority to …");
//   - a label printed after the recommendation, as audit offices and
//     accident boards print theirs: "… should ensure that …
//     (Recommendation 1)", "(Matter for Consideration 2)", "(A-23-14)";
//   - numbered paragraphs of conclusions and recommendations, as
//     committees number them and responses restate them ("8.5. We urge
//     ministers to …"): the paragraph, with its bullets and its run-on
//     over a page, is the unit; one that asks for something is one item,
//     and in a response the reply printed after it is its response.
//
// What only notes, receives or approves the minutes is not a decision to
// act, and is left out.

// recLabel matches a recommendation's label at the start of a block: the
// word (in English or Welsh), its number, and what follows.
var recLabel = regexp.MustCompile(`^(?i:(?:safety\s+)?recommendation|rec\.?|argymhelliad)\s+(\d{4}[-/]\d{2,4}|\d{1,3}[a-z]?(?:\.\d{1,2})?)(?:\b|\))\s*([:.–—-]\s*)?|^R(\d{1,3}[a-z]?)\b\s*([:.–—-]\s*)?`)

// responseHead matches a response printed under a recommendation: a
// heading or paragraph that opens "Government response to recommendation
// 3", "Response:", "The council's response", "Status: accepted".
var responseHead = regexp.MustCompile(`(?i)^((the |our )?((uk |scottish |welsh )?government|council|department|executive|cabinet|ministry|board|trust|authority|minister)['’]?s?\s+)?(response|reply)\b(\s+to\s+(recommendation|rec\.?)\s*\S+)?\s*[:.–—-]?|^(?i:status)\s*:`)

// statusWords finds the status a response states, strongest first.
var statusWords = []struct {
	status string
	re     *regexp.Regexp
}{
	{"not accepted", regexp.MustCompile(`(?i)\b(not accepted|does not accept|do not accept|cannot accept|rejects?|rejected|not agreed|does not agree|do not agree|not supported|does not support|do not support)\b`)},
	{"partially accepted", regexp.MustCompile(`(?i)\b(partially|partly) (accept|accepted|agree|agreed|supported|support)s?\b|\baccept(s|ed)? in part\b`)},
	{"accepted in principle", regexp.MustCompile(`(?i)\b(accept|accepts|accepted|agree|agrees|agreed|support|supports|supported) (this recommendation |the recommendation )?in principle\b`)},
	{"accepted", regexp.MustCompile(`(?i)\b(accept|accepts|accepted)\b`)},
	{"supported", regexp.MustCompile(`(?i)\b(supports?|supported|welcomes?|welcomed)\b`)},
	{"accepted", regexp.MustCompile(`(?i)\b(agree|agrees|agreed)\b`)},
	{"noted", regexp.MustCompile(`(?i)\b(note|notes|noted)\b`)},
}

// responseStatus returns the status the opening of a response states.
func responseStatus(response string) string {
	head := response
	if len(head) > 400 {
		head = head[:400]
	}
	for _, s := range statusWords {
		if s.re.MatchString(head) {
			return s.status
		}
	}
	return ""
}

// resolution matches the opening of a resolution or decision in minutes.
var resolution = regexp.MustCompile(`^(?:(?i:it was )?(?:RESOLVED|Resolved|DECIDED|Decided|AGREED)\b\s*(?:that\b|:|,|–|-|to\b)?|(?:Agreed|AGREED)\s*:)`)

// decisionVerb matches a decision record's upper-case verb and the lower
// case words after it: "APPROVE the proposal", "DELEGATE authority".
var decisionVerb = regexp.MustCompile(`^(APPROVE|AGREE|DELEGATE|ADOPT|ENDORSE|AUTHORISE|AUTHORIZE|NOTE|REQUEST|RECOMMEND|REFER|ALLOCATE|COMMISSION|CONFIRM|INSTRUCT|DIRECT)S?\s+[a-z(]`)

// noting matches the verbs of a decision that only takes note, and acting
// those of one that has something done; a decision with the first and
// none of the second asks for nothing.
var (
	noting          = regexp.MustCompile(`(?i)\b(note|notes|noted|noting|receive|receives|received|comment|comments|commented|considered|correct record|minutes of the (previous )?meeting)\b`)
	acting          = regexp.MustCompile(`(?i)\b(agree|agrees|agreed|approve|approves|approved|endorse|endorses|endorsed|adopt|adopts|adopted|delegate|delegates|delegated|ask|asks|asked|urge|urges|urged|request|requests|requested|call|calls|called|refer|refers|referred|authori[sz]e[sd]?|require|requires|required|invite|invites|invited|instruct|instructs|instructed|commission|commissions|commissioned|establish|establishes|established|recommend|recommends|recommended|write|encourage|allocate|allocates|transfer|transfers|implement|introduce|set up|review|proceed|defer|deferred|delay|delayed)\b`)
	minutesApproved = regexp.MustCompile(`(?i)\bminutes\b.{0,120}\b(correct record|be (approved|signed|agreed))|\b(agreed|approved|confirmed) the minutes\b`)
)

// leadsIn says whether a heading is a resolution's lead-in set on a line
// of its own ("RESOLVED that the County Council:"), not a section's title.
func leadsIn(text string) bool {
	t := strings.TrimSpace(text)
	return strings.HasSuffix(t, ":") && countWords(t) >= 3
}

// procedural matches a resolution that only runs the meeting or the
// business of a house: electing its chair or vice-chair, suspending its
// standing orders or its sitting, passing a bill's stage, putting the
// question, adjourning.
var procedural = regexp.MustCompile(`(?i)\b(be|was|were|is) (duly )?elected\b.{0,40}\bchair|\belected to chair\b|\bstanding orders?\b.{0,40}\bbe suspended\b|\b(sitting|meeting) be suspended\b|\bdo now (pass|adjourn)\b|\bbe now read\b|\bquestion be now put\b|\b(house|assembly|council|chamber|committee) (do )?(now )?adjourns?\b`)

// notingOnly says whether a decision only takes note, approves the
// minutes of a meeting or runs the meeting: no one is asked to do
// anything.
func notingOnly(text string) bool {
	if minutesApproved.MatchString(text) || procedural.MatchString(text) {
		return true
	}
	rest := resolution.ReplaceAllString(text, "")
	return noting.MatchString(rest) && !acting.MatchString(rest)
}

// conventions reads the blocks of doc for the conventions above, adds
// their items, and returns which blocks they claimed. The blocks of a
// table of contents are claimed for no item: "Recommendation 4: Achieving
// a safety culture 30-40" there names a section and its pages.
func (x *Extractor) conventions(bd *builder, ctx []sectionContext) []bool {
	doc := bd.doc
	claimed := make([]bool, len(doc.Blocks))
	for i := range claimed {
		claimed[i] = ctx[i].kind == secContents
	}
	for i := 0; i < len(doc.Blocks); i++ {
		if claimed[i] {
			continue
		}
		b := doc.Blocks[i]
		body := bodySpan(doc, b)
		text := doc.Text[body.start:body.end]
		switch {
		case b.Kind != corpus.TableRow && recLabel.MatchString(text) && isLabelBlock(b, text):
			x.labelledBlock(bd, i, claimed)
		case resolution.MatchString(text) && (b.Kind != corpus.Heading || leadsIn(text)):
			x.resolution(bd, i, claimed)
		case b.Kind == corpus.TableRow && x.table(bd, i, claimed):
		case decisionVerb.MatchString(text):
			x.decisions(bd, i, claimed)
		case b.Kind != corpus.Heading && b.Kind != corpus.TableRow && trailingLabel.MatchString(strings.TrimSpace(text)):
			x.trailingLabelled(bd, i, claimed)
		case b.Kind == corpus.Paragraph && paragraphNumber.MatchString(text) && x.restatesRecommendations(bd, i):
			x.numberedParagraph(bd, i, claimed)
		}
	}
	return claimed
}

// isLabelBlock says whether a block that opens with a recommendation's
// label is the label of a block of its own, not a sentence that names
// one ("Recommendation 4 was accepted"): the label stands alone, is
// followed by a colon or dash, or heads a heading.
func isLabelBlock(b corpus.Block, text string) bool {
	if contentsLine.MatchString(text) {
		return false
	}
	m := recLabel.FindStringSubmatchIndex(text)
	rest := strings.TrimSpace(text[m[1]:])
	punct := (m[4] >= 0 && m[4] < m[5]) || (m[8] >= 0 && m[8] < m[9])
	return rest == "" || punct || b.Kind == corpus.Heading && countWords(rest) <= 15
}

// contentsLine matches a line of a table of contents: dot leaders and a
// page number.
var contentsLine = regexp.MustCompile(`(\.\s?){5,}\s*\d*\s*$|…{2,}\s*\d*\s*$`)

// responderVoice matches the opening of a response in the responder's own
// voice: "The government agrees…", "We will…", "The Department accepts…".
var responderVoice = regexp.MustCompile(`^(?i:the (uk |scottish |welsh )?government|hm government|we|ministers|the minister|the secretary of state|the department|the executive|the council|the cabinet)\b[^.]{0,80}?\b(accepts?|agrees?|supports?|welcomes?|notes?|rejects?|recogni[sz]es?|acknowledges?|will|are|is|has|have|does|do|did|would)\b`)

// labelNumber returns the number in a recommendation's label.
func labelNumber(text string) string {
	m := recLabel.FindStringSubmatch(text)
	if m == nil {
		return ""
	}
	if m[1] != "" {
		return m[1]
	}
	return "R" + m[3]
}

// labelledBlock reads the recommendation whose label is block i: its body
// runs to the next label, response or heading.
func (x *Extractor) labelledBlock(bd *builder, i int, claimed []bool) {
	doc := bd.doc
	b := doc.Blocks[i]
	body := bodySpan(doc, b)
	text := doc.Text[body.start:body.end]
	number := labelNumber(text)
	response := doc.DocType == "government_response"
	claimed[i] = true
	start := body.start + len(recLabel.FindString(text))
	end := body.end
	if strings.TrimSpace(doc.Text[start:end]) == "" || b.Kind == corpus.Heading {
		start = -1 // the label, or a heading with a title: the body follows
	}
	j := i + 1
	replyFollows := false // a response document's reply starts at block j
	for ; j < len(doc.Blocks) && j < i+60; j++ {
		nb := doc.Blocks[j]
		nt := doc.BlockText(nb)
		if nb.Kind == corpus.Heading || recLabel.MatchString(nt) && isLabelBlock(nb, nt) || responseHead.MatchString(nt) ||
			response && start >= 0 && responderVoice.MatchString(nt) {
			break
		}
		if response && start >= 0 && bd.restatesInOneParagraph() && restatementEnds(doc.Text[start:end], nb, nt) {
			replyFollows = true
			break
		}
		claimed[j] = true
		if start < 0 {
			start = bodySpan(doc, nb).start
		}
		end = nb.Span.End
	}
	if start < 0 {
		if b.Kind != corpus.Heading {
			return
		}
		start = body.start + len(recLabel.FindString(text)) // a heading that is all the item there is
	}
	if len(labelsIn.FindAllStringIndex(doc.Text[start:end], labelsInTable)) >= labelsInTable {
		return // a table of labels and statuses ("Recommendation 4a) i) … Accepting in full"), not a recommendation
	}
	it := bd.add(corpus.Recommendation, corpus.NoPolarity, span{start, end}, sectionOf(bd, i), "block:recommendation-label", b.Page)
	if it == nil {
		return
	}
	it.Number = number
	// a response printed under it
	x.responseAt(bd, it, j, replyFollows, claimed)
}

// labelsIn matches the label of a recommendation within a text
// ("Recommendation 4a)", "Recommendation 12"); labelsInTable of them under
// one label make a table of labels, not the text of a recommendation,
// which names others in words ("as recommendation 3 asked").
var labelsIn = regexp.MustCompile(`\bRecommendation\s+\d+[a-z]?\b`)

const labelsInTable = 2

// restatementEnds says whether, in a response document that restates each
// recommendation in one paragraph, the recommendation restated under its
// label (so far body) ends before block nb: with its list and any part cut
// off by a page break, and the reply follows in paragraphs of its own, in
// whatever voice ("The National Space Operations Centre was launched…").
func restatementEnds(body string, nb corpus.Block, nt string) bool {
	if nb.Kind == corpus.ListItem || startsLower(strings.TrimSpace(nt)) {
		return false // the restatement's points, or its sentence going on
	}
	return endsSentence(body)
}

// restatesInOneParagraph says whether a response document restates each
// recommendation under its label in one paragraph: it does not head its
// replies, and the paragraph after each restatement opens either the reply
// in the responder's voice ("The Government recognises…") or a reply in
// another voice, never a further part of the recommendation ("The core
// structures should be:"). Then every reply starts at the second paragraph
// after its label. A response that heads its replies, or restates some
// recommendations in several paragraphs, is read to its heads and the
// responder's voice instead.
func (bd *builder) restatesInOneParagraph() bool {
	if bd.oneParagraph != 0 {
		return bd.oneParagraph == 2
	}
	bd.oneParagraph = 1
	if bd.repliesHeaded() {
		return false
	}
	doc := bd.doc
	replies, parts := 0, 0
	for i, b := range doc.Blocks {
		t := doc.BlockText(b)
		if b.Kind == corpus.TableRow || !recLabel.MatchString(t) || !isLabelBlock(b, t) || i+2 >= len(doc.Blocks) ||
			strings.TrimSpace(t[len(recLabel.FindString(t)):]) != "" && b.Kind != corpus.Heading {
			continue // only a label that stands alone, or heads its recommendation
		}
		next := doc.Blocks[i+2]
		nt := doc.BlockText(next)
		switch {
		case next.Kind == corpus.Heading || recLabel.MatchString(nt) && isLabelBlock(next, nt):
		case responderVoice.MatchString(nt):
			replies++
		case next.Kind == corpus.Paragraph && directive.MatchString(firstSentence(nt)):
			parts++
		}
	}
	if replies >= 2 && parts == 0 {
		bd.oneParagraph = 2
	}
	return bd.oneParagraph == 2
}

// directive matches what a recommendation asks in its own voice.
var directive = regexp.MustCompile(`(?i)\b(should|must|shall)\b`)

// firstSentence is text to its first full stop.
func firstSentence(text string) string {
	if i := strings.Index(text, ". "); i >= 0 {
		return text[:i+1]
	}
	return text
}

// responseAt reads the response printed at block j, under a heading of its
// own or opening in the responder's voice (or in any voice, when replyFollows
// says the restated recommendation has ended), as the response to it.
func (x *Extractor) responseAt(bd *builder, it *corpus.Item, j int, replyFollows bool, claimed []bool) {
	doc := bd.doc
	response := doc.DocType == "government_response"
	if j >= len(doc.Blocks) {
		return
	}
	jt := doc.BlockText(doc.Blocks[j])
	if responseHead.MatchString(jt) || response && (replyFollows || responderVoice.MatchString(jt)) {
		head := doc.Blocks[j]
		claimed[j] = true
		rs := bodySpan(doc, head)
		if responseHead.MatchString(jt) {
			rs.start += len(responseHead.FindString(doc.Text[rs.start:rs.end]))
		}
		if head.Kind == corpus.Heading {
			rs.start = -1
		}
		for k := j + 1; k < len(doc.Blocks) && k < j+60; k++ {
			nb := doc.Blocks[k]
			nt := doc.BlockText(nb)
			if nb.Kind == corpus.Heading || recLabel.MatchString(nt) && isLabelBlock(nb, nt) {
				break
			}
			claimed[k] = true
			if rs.start < 0 {
				rs.start = nb.Span.Start
			}
			rs.end = nb.Span.End
		}
		if rs.start >= 0 && rs.start < rs.end {
			it.Response = itemText(doc.Text[rs.start:rs.end])
			it.ResponseStatus = responseStatus(it.Response)
		}
	}
}

// markerStyle is how a marker is printed, whatever its number: "8)" and
// "1)" are of one style, "1." of another.
func markerStyle(m string) string {
	if _, ok := markerNumber(m); ok {
		return strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return -1
			}
			return r
		}, m) + "#"
	}
	return m
}

// sectionOf names the heading block i sits under.
func sectionOf(bd *builder, i int) string {
	for j := i - 1; j >= 0; j-- {
		if b := bd.doc.Blocks[j]; b.Kind == corpus.Heading {
			t := strings.TrimSpace(bd.doc.BlockText(b))
			if !recLabel.MatchString(t) {
				return strings.TrimRight(t, ":")
			}
		}
	}
	return ""
}

// resolution reads a resolution at block i and the parts that follow a
// closing colon.
func (x *Extractor) resolution(bd *builder, i int, claimed []bool) {
	doc := bd.doc
	b := doc.Blocks[i]
	body := bodySpan(doc, b)
	claimed[i] = true
	text := strings.TrimSpace(doc.Text[body.start:body.end])
	end := body.end
	section := sectionOf(bd, i)
	if strings.HasSuffix(text, ":") {
		own := markerStyle(b.Marker)
		// a resolution's parts run to the next paragraph of the minutes,
		// heading or resolution: a budget's run to (v) and beyond
		for j := i + 1; j < len(doc.Blocks) && j < i+maxParts; j++ {
			nb := doc.Blocks[j]
			nt := strings.TrimSpace(doc.BlockText(nb))
			if nb.Kind == corpus.Heading || nb.Kind == corpus.TableRow || resolution.MatchString(nt) ||
				(nb.Kind == corpus.ListItem && b.Marker != "" && markerStyle(nb.Marker) == own) {
				break
			}
			if _, numbered := markerNumber(nb.Marker); numbered && nb.Kind == corpus.ListItem && !strings.HasPrefix(nb.Marker, "(") {
				// parts numbered on their own ("1.", "2)") are items of
				// their own; parts in brackets ("(1)", "(a)") are parts of
				// the one resolution
				claimed[j] = true
				ps := bodySpan(doc, nb)
				if pt := doc.Text[ps.start:ps.end]; !notingOnly(pt) {
					bd.add(corpus.Recommendation, corpus.NoPolarity, ps, section, "block:resolution", nb.Page)
				}
				continue
			}
			claimed[j] = true
			end = nb.Span.End
		}
	}
	if end == body.end && strings.HasSuffix(text, ":") {
		return // its parts were items of their own
	}
	if notingOnly(doc.Text[body.start:end]) {
		return
	}
	bd.add(corpus.Recommendation, corpus.NoPolarity, span{body.start, end}, section, "block:resolution", b.Page)
}

// maxParts bounds the blocks one resolution or labelled recommendation
// may take.
const maxParts = 60

// decisions reads a decision record's upper-case verb at block i, and the
// lines it runs on into.
func (x *Extractor) decisions(bd *builder, i int, claimed []bool) {
	doc := bd.doc
	b := doc.Blocks[i]
	body := bodySpan(doc, b)
	claimed[i] = true
	end := body.end
	prev := strings.TrimSpace(doc.Text[body.start:body.end])
	for j := i + 1; j < len(doc.Blocks) && j < i+8; j++ {
		nb := doc.Blocks[j]
		nt := strings.TrimSpace(doc.BlockText(nb))
		if nt == "" || decisionVerb.MatchString(nt) || strings.HasSuffix(nt, ":") || !continues(prev, nt) {
			break
		}
		claimed[j] = true
		end = nb.Span.End
		prev = nt
	}
	if notingOnly(doc.Text[body.start:end]) {
		return
	}
	bd.add(corpus.Recommendation, corpus.NoPolarity, span{body.start, end}, sectionOf(bd, i), "block:decision", b.Page)
}

// paragraphNumber matches the number printed at the start of a paragraph of
// conclusions and recommendations: "8.5.", "8.30", "4.2 ".
var paragraphNumber = regexp.MustCompile(`^(\d{1,2}\.\d{1,3})\.?\s+[A-Z‘'"“(]`)

// labelHeading matches a heading that labels what follows as a
// recommendation without numbering it: "Committee recommendation",
// "Hol Inquiry Recommendation".
var labelHeading = regexp.MustCompile(`(?i)^([\w’']+\s+){0,2}recommendations?:?$`)

// asksFor matches the words by which a paragraph of conclusions and
// recommendations asks for something ("a finding that something "needs
// to" be done is a conclusion).
var asksFor = regexp.MustCompile(`(?i)\b(recommends?|recommended that|urges?|encourages?|invites?|calls? (on|upon)|should|must|shall|(is|are) asked to)\b`)

// restatesRecommendations says whether the numbered paragraph at block i
// is one of a document's conclusions and recommendations: it sits under a
// heading of a list of them or one that labels it a recommendation, or in
// a response, where the paragraphs the response numbers are the report's;
// a paragraph in the responder's own voice is the response, not the
// report. A chapter that discusses recommendations in numbered paragraphs
// ("Other issues and recommendations") is prose, read sentence by
// sentence.
func (x *Extractor) restatesRecommendations(bd *builder, i int) bool {
	doc := bd.doc
	text := doc.BlockText(doc.Blocks[i])
	rest := strings.TrimSpace(text[len(paragraphNumber.FindStringSubmatch(text)[1]):])
	rest = strings.TrimLeft(rest, ". ")
	if responderVoice.MatchString(rest) && !asksFor.MatchString(firstWords(rest, 12)) {
		return false
	}
	if doc.DocType == "government_response" {
		return true
	}
	h := sectionOf(bd, i)
	if labelHeading.MatchString(strings.TrimSpace(h)) && !strings.Contains(strings.ToLower(h), " and ") {
		return true
	}
	r := x.classify(h)
	return r != nil && r.kind == secRecommendation
}

// firstWords returns the first n words of s.
func firstWords(s string, n int) string {
	f := strings.Fields(s)
	if len(f) > n {
		f = f[:n]
	}
	return strings.Join(f, " ")
}

// numberedParagraph reads the numbered paragraph at block i with the
// blocks that carry it on: its bullets, a line cut off by a page break,
// its closing reference ("4.41).").
func (x *Extractor) numberedParagraph(bd *builder, i int, claimed []bool) {
	doc := bd.doc
	b := doc.Blocks[i]
	body := bodySpan(doc, b)
	text := doc.Text[body.start:body.end]
	number := paragraphNumber.FindStringSubmatch(text)[1]
	start := body.start + len(paragraphNumber.FindStringSubmatch(text)[1])
	for start < body.end && (doc.Text[start] == '.' || doc.Text[start] == ' ') {
		start++
	}
	claimed[i] = true
	end, prev := body.end, strings.TrimSpace(text)
	response := doc.DocType == "government_response"
	j := i + 1
	for ; j < len(doc.Blocks) && j < i+40; j++ {
		nb := doc.Blocks[j]
		nt := strings.TrimSpace(doc.BlockText(nb))
		if nb.Kind == corpus.Heading || nb.Kind == corpus.TableRow || paragraphNumber.MatchString(nt) || responseHead.MatchString(nt) ||
			response && responderVoice.MatchString(nt) {
			break
		}
		if !(nb.Kind == corpus.ListItem || continues(prev, nt) || closingReference.MatchString(nt)) {
			break
		}
		claimed[j] = true
		end, prev = nb.Span.End, nt
	}
	whole := doc.Text[start:end]
	if !asksFor.MatchString(whole) {
		return // a conclusion: it asks for nothing
	}
	it := bd.add(corpus.Recommendation, corpus.NoPolarity, span{start, end}, sectionOf(bd, i), "block:numbered-paragraph", b.Page)
	if it == nil {
		return
	}
	it.Number = number
	if response {
		x.responseAt(bd, it, j, false, claimed)
	}
}

// closingReference matches the end of a reference cut off by a page
// break: "4.41).", "paragraph 3.2)".
var closingReference = regexp.MustCompile(`^(paragraph\s+)?\d{1,2}(\.\d{1,3})?\)\.?$`)

// trailingLabel matches a recommendation's label printed after its text:
// "(Recommendation 3)", "(Matter for Congressional Consideration 1)", an
// accident board's "(A-23-14)" or "(R-22-5)".
var trailingLabel = regexp.MustCompile(`\s*\((?i:(?:safety\s+)?recommendation|rec\.?|matter for (?:congressional |parliamentary )?consideration)\s+(\d{1,3}[a-z]?(?:\.\d{1,2})?)\)\.?$|\s*\(([A-Z]{1,2}-\d{2}-\d{1,3})\)\.?$`)

// trailingLabelled reads the recommendation at block i whose label follows
// its text; the label is its number, not its words.
func (x *Extractor) trailingLabelled(bd *builder, i int, claimed []bool) {
	doc := bd.doc
	b := doc.Blocks[i]
	body := bodySpan(doc, b)
	text := doc.Text[body.start:body.end]
	trimmed := strings.TrimRight(text, " \n\t")
	m := trailingLabel.FindStringSubmatchIndex(trimmed)
	claimed[i] = true
	end := body.start + m[0]
	number := ""
	switch {
	case m[2] >= 0:
		number = trimmed[m[2]:m[3]]
	case m[4] >= 0:
		number = trimmed[m[4]:m[5]]
	}
	if countWords(doc.Text[body.start:end]) < 4 || reported(b, doc.Text[body.start:end]) {
		return // a briefing's account of what a report proposed
	}
	it := bd.add(corpus.Recommendation, corpus.NoPolarity, span{body.start, end}, sectionOf(bd, i), "block:recommendation-label", b.Page)
	if it != nil {
		it.Number = number
	}
}
