package extract

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/scrutineer/scrutineer/corpus"
)

// Options configure an Extractor.
type Options struct {
	Taxonomy *Taxonomy // nil means the embedded taxonomy
}

// Extractor finds items in documents. It is safe for concurrent use.
type Extractor struct {
	sections []sectionRule
	cues     []cueRule
	lex      lexicon
	tax      *Taxonomy
	tagger   tagger
}

// New returns an Extractor with the embedded rules.
func New(opts Options) (*Extractor, error) {
	x := &Extractor{tax: opts.Taxonomy}
	var err error
	if x.sections, err = parseSections(sectionRules); err != nil {
		return nil, err
	}
	if x.cues, err = parseCues(cueRules); err != nil {
		return nil, err
	}
	if x.lex, err = parseLexicon(lexiconRules); err != nil {
		return nil, err
	}
	if x.tax == nil {
		x.tax = DefaultTaxonomy()
	}
	return x, nil
}

// Taxonomy returns the taxonomy items are tagged with.
func (x *Extractor) Taxonomy() *Taxonomy { return x.tax }

// context is where a block sits: the section it belongs to.
type sectionContext struct {
	kind     sectionKind // "" for running text
	cue      string
	heading  string
	board    bool // in the part of the document about a safeguarding board
	listy    bool // the section has list items: its plain paragraphs are not items
	labelled bool // its list items are group labels and its paragraphs the items
}

// isLabel says whether a list item reads as a label, not an item: a few
// words without closing punctuation ("1. Quality and effectiveness of practice").
func isLabel(text string) bool {
	t := strings.TrimSpace(text)
	return countWords(t) <= 16 && !strings.ContainsAny(t[len(t)-1:], ".;:")
}

// headingMarker strips numbering from a heading: "2. Recommendations",
// "5 CORONER’S CONCERNS", "2 | Recommendations".
var headingMarker = regexp.MustCompile(`^(?:\(?\d{1,3}[.)]?|[a-z][.)]|[ivx]{1,5}[.)])\s+(?:\|\s+)?`)

func (x *Extractor) classify(heading string) *sectionRule {
	h := strings.TrimSpace(headingMarker.ReplaceAllString(strings.TrimSpace(heading), ""))
	h = strings.TrimRight(h, ":")
	for i := range x.sections {
		if x.sections[i].re.MatchString(h) {
			return &x.sections[i]
		}
	}
	return nil
}

// contexts assigns each block its section. A section runs from its heading
// to the next heading that is not one of its own group headings (a heading
// followed by list items, such as "Within three months" or "Care leavers").
func (x *Extractor) contexts(doc *corpus.Document) []sectionContext {
	ctx := make([]sectionContext, len(doc.Blocks))
	var cur sectionContext
	board := false
	lastMarker := "" // the marker of the section's last list item
	inSection := 0   // blocks of the current section so far
	for i, b := range doc.Blocks {
		text := doc.BlockText(b)
		if b.Kind == corpus.ListItem && cur.kind != "" {
			lastMarker = b.Marker
		}
		if b.Kind != corpus.Heading && cur.kind != "" {
			inSection++
		}
		if b.Kind == corpus.Heading {
			if r := x.classify(text); r != nil {
				switch r.kind {
				case secBoard:
					board = true
					cur = sectionContext{}
				case secAuthority:
					board = false
					cur = sectionContext{}
				case secOther:
					cur = sectionContext{}
				case secContents:
					cur = sectionContext{kind: secContents}
				default:
					cur = sectionContext{kind: r.kind, cue: r.cue, heading: strings.TrimRight(strings.TrimSpace(text), ":")}
				}
				lastMarker, inSection = "", 0
			} else if !(cur.kind != "" && cur.kind != secFindings && x.isGroup(doc, i, lastMarker, inSection)) {
				cur = sectionContext{}
			}
			cur.board = board
			ctx[i] = sectionContext{board: board}
			continue
		}
		cur.board = board
		ctx[i] = cur
	}
	markListSections(doc, ctx)
	return ctx
}

// markListSections marks each run of blocks in one section: a section
// with list items treats its plain paragraphs as lead-ins (listy), unless
// every list item is a short label and paragraphs follow them, when the
// labels group the items and the paragraphs are the items (labelled).
func markListSections(doc *corpus.Document, ctx []sectionContext) {
	for i := 0; i < len(ctx); {
		j := i
		lists, labels, paras := 0, 0, 0
		for j < len(ctx) && ctx[j].kind == ctx[i].kind && ctx[j].heading == ctx[i].heading {
			switch doc.Blocks[j].Kind {
			case corpus.ListItem:
				lists++
				if isLabel(doc.BlockText(doc.Blocks[j])) {
					labels++
				}
			case corpus.Paragraph:
				paras++
			}
			j++
		}
		labelled := lists > 0 && labels == lists && paras > lists
		for k := i; k < j; k++ {
			ctx[k].listy = lists > 0 && !labelled
			ctx[k].labelled = labelled
		}
		if j == i {
			j++
		}
		i = j
	}
}

// isGroup says whether heading i groups the items of the list section it
// sits in ("Within three months:", "Care leavers") rather than starting a
// new part of the document: it is a timescale, or the list goes on after it
// with the same bullet or the next number.
func (x *Extractor) isGroup(doc *corpus.Document, i int, last string, inSection int) bool {
	if x.leadin(doc.BlockText(doc.Blocks[i])) != "" {
		return true
	}
	if last == "" && inSection > 0 {
		return false // the section's items were paragraphs: a list after a heading is something else
	}
	for j := i + 1; j < len(doc.Blocks) && j < i+4; j++ {
		b := doc.Blocks[j]
		switch b.Kind {
		case corpus.Heading:
			continue
		case corpus.ListItem:
			if countWords(doc.BlockText(b)) > 120 {
				return false // a numbered paragraph of narrative, not an item
			}
			return continuesList(last, b.Marker)
		default:
			return false
		}
	}
	return false
}

// continuesList says whether marker next can follow marker last in one
// list: the same bullet, or the next number. A list may start at a bullet
// or at 1.
func continuesList(last, next string) bool {
	n, isNum := markerNumber(next)
	if last == "" {
		return !isNum || n == 1
	}
	l, lastNum := markerNumber(last)
	if isNum != lastNum {
		return false
	}
	if isNum {
		return n == l+1
	}
	return last == next
}

// markerNumber reads the number of a numbered marker ("12.", "(3)").
func markerNumber(m string) (int, bool) {
	d := strings.Trim(m, "().")
	n := 0
	for _, r := range d {
		if r < '0' || r > '9' {
			return 0, false
		}
		n = n*10 + int(r-'0')
	}
	return n, d != ""
}

// builder collects items, dropping a list printed twice.
type builder struct {
	x     *Extractor
	doc   *corpus.Document
	items []corpus.Item
	seen  map[string]int // item key → index in items
	// headed is whether the document heads its replies ("Government
	// response to recommendation 8"), once asked: 0 not yet, 1 no, 2 yes
	headed int8
	// oneParagraph is whether it restates each recommendation in one
	// paragraph, the same way
	oneParagraph int8
}

// repliesHeaded says whether the document heads its replies to the
// recommendations it restates with a heading of their own.
func (bd *builder) repliesHeaded() bool {
	if bd.headed == 0 {
		bd.headed = 1
		for _, b := range bd.doc.Blocks {
			// a head of its own ("Response", "Government response to
			// recommendation 8"), not a title ("Government response to
			// the House of Lords … report")
			t := strings.TrimSpace(bd.doc.BlockText(b))
			if m := responseHead.FindString(t); m != "" && (countWords(t[len(m):]) <= 3 || strings.Contains(strings.ToLower(m), "recommendation")) {
				bd.headed = 2
				break
			}
		}
	}
	return bd.headed == 2
}

func (bd *builder) add(kind corpus.Kind, pol corpus.Polarity, sp span, section, cue string, page int) *corpus.Item {
	text := itemText(bd.doc.Text[sp.start:sp.end])
	if len(words(text)) < 3 && !strings.HasSuffix(text, ":") { // "Ensure that:" waits for its points
		return nil
	}
	// the same item printed again (a summary and the body, a motion and
	// its resolution, "8.1 Cabinet is asked to…"): one record, another place
	key := string(kind) + "|" + string(pol) + "|" + strings.ToLower(paraNumber.ReplaceAllString(text, ""))
	if k, ok := bd.seen[key]; ok {
		bd.items[k].AlsoAt = append(bd.items[k].AlsoAt, corpus.Location{Page: page, Start: sp.start, End: sp.end})
		return nil
	}
	bd.seen[key] = len(bd.items)
	sum := sha256.Sum256([]byte(fmt.Sprintf("%s|%d|%d|%s", bd.doc.ID, sp.start, sp.end, kind)))
	bd.items = append(bd.items, corpus.Item{
		ID: hex.EncodeToString(sum[:8]), DocID: bd.doc.ID, Kind: kind, Polarity: pol, Text: text,
		Section: section, Page: page, Span: corpus.Span{Start: sp.start, End: sp.end},
		Themes: bd.x.tax.Match(text), Cue: cue, Facts: itemFacts(bd.doc, corpus.Span{Start: sp.start, End: sp.end}),
	})
	return &bd.items[len(bd.items)-1]
}

// paraNumber is a paragraph number printed before an item ("8.1 ").
var paraNumber = regexp.MustCompile(`^\d{1,2}(\.\d{1,2})+\.?\s+`)

// placeholder is a blank in a form: "[BRIEF SUMMARY OF MATTERS OF CONCERN]".
var placeholder = regexp.MustCompile(`\[[A-Z][A-Z ,/]{5,}\]`)

// blankForm says whether a text is a form with its blanks unfilled: three
// or more different placeholders.
func blankForm(text string) bool {
	seen := map[string]bool{}
	for _, m := range placeholder.FindAllString(text, 20) {
		seen[m] = true
	}
	return len(seen) >= 3
}

// itemText is the words of a span on one line: page breaks and line breaks
// become spaces.
func itemText(s string) string { return strings.Join(strings.Fields(s), " ") }

// blockSentences splits every block but the headings into sentences, all
// in one call: prose loads its sentence model on every call, which made a
// call per paragraph the slowest part of extraction.
func blockSentences(doc *corpus.Document) map[int][]span {
	var idx []int
	var bodies []span
	for i, b := range doc.Blocks {
		if b.Kind != corpus.Heading {
			idx = append(idx, i)
			bodies = append(bodies, bodySpan(doc, b))
		}
	}
	out := make(map[int][]span, len(idx))
	for k, sents := range segment(doc.Text, bodies) {
		out[idx[k]] = sents
	}
	return out
}

// Extract returns the items of doc in text order.
func (x *Extractor) Extract(doc *corpus.Document) []corpus.Item {
	// The tagging model loads with the first document, not with the first
	// enumeration: memory is then what it will be from the start of a run,
	// whatever order the documents come in.
	x.tagger.get()
	doc.Rules = x.Version()
	if blankForm(doc.Text) {
		return nil // a form's blanks and its specimen wording, not a report
	}
	orig := doc
	doc = x.promoteHeadings(doc)
	bd := &builder{x: x, doc: doc, seen: map[string]int{}}
	ctx := x.contexts(doc)
	w := &blockWalk{x: x, doc: doc, orig: orig, bd: bd, ctx: ctx, lastBlock: -1, sentences: blockSentences(doc)}
	claimed := x.conventions(bd, ctx)
	w.boldRecs = setsRecommendationsInBold(doc) && boldConvention(ctx)
	for i := range doc.Blocks {
		if claimed[i] {
			w.last = nil
			continue
		}
		w.block(i)
	}
	x.runningText(bd, w.running, w.sentences)
	return x.finishItems(doc, bd.items)
}

// blockWalk is the state of one walk through a document's blocks: the
// item being built, which may run on into the next blocks, the lead-in
// of the current list, and the blocks left to read sentence by sentence.
type blockWalk struct {
	x         *Extractor
	doc, orig *corpus.Document // the document with headings promoted, and as read
	bd        *builder
	ctx       []sectionContext
	sentences map[int][]span
	boldRecs  bool  // recommendations are set in bold among plain paragraphs
	running   []int // blocks read sentence by sentence
	leadin    string
	// last is the item the block before made or continued, which the next
	// block may run on; lastMarker its block's marker; pointMarker the
	// marker of its points, once it has any
	last                    *corpus.Item
	lastBlock               int
	lastMarker, pointMarker string
}

// block reads the i'th block.
func (w *blockWalk) block(i int) {
	doc, b, c := w.doc, w.doc.Blocks[i], w.ctx[i]
	text := doc.BlockText(b)
	if b.Kind == corpus.Heading {
		w.leadin = w.x.leadin(text)
		return
	}
	if w.runsOn(i, text) {
		return
	}
	w.last, w.pointMarker = nil, ""
	if w.boldRecs && w.boldRecommendation(i, text) {
		return
	}
	switch {
	case c.kind == secRecommendation || c.kind == secStrength || c.kind == secConcern:
		w.sectionItem(i, text)
	case c.kind == secFindings:
		for _, s := range w.sentences[i] {
			if pol := w.x.lex.polarity(doc.Text[s.start:s.end]); pol != corpus.NoPolarity {
				w.bd.add(corpus.Finding, pol, s, c.heading, "section:"+c.cue, b.Page)
			}
		}
	case b.Kind == corpus.ListItem && w.leadin != "":
		w.last = w.bd.add(corpus.Recommendation, corpus.NoPolarity, bodySpan(doc, b), c.heading, w.leadin, b.Page)
		w.lastBlock = i
	default:
		if strings.HasSuffix(strings.TrimSpace(text), ":") {
			if r := w.x.leadin(text); r != "" {
				w.leadin = r
				return
			}
		}
		if b.Kind != corpus.ListItem {
			w.leadin = ""
		}
		if b.Kind != corpus.TableRow {
			w.running = append(w.running, i) // read below, sentence by sentence
		}
	}
}

// runsOn adds the i'th block to the item before when it continues it, and
// says whether it did: an item that runs over a page break (or a line set
// as a heading that runs on: "…most at risk" / "in an emergency: …"), the
// points of an item that ends "…to demonstrate:", or lower-case runs on.
func (w *blockWalk) runsOn(i int, text string) bool {
	doc, b, c, last := w.doc, w.doc.Blocks[i], w.ctx[i], w.last
	if last == nil || w.lastBlock != i-1 {
		return false
	}
	if b.Kind == corpus.Paragraph &&
		(b.Page > doc.Blocks[i-1].Page && continues(last.Text, text) || w.orig.Blocks[i-1].Kind == corpus.Heading && startsLower(text)) {
		last.Span.End = b.Span.End
		last.Text = itemText(doc.Text[last.Span.Start:last.Span.End])
		last.Themes = w.x.tax.Match(last.Text)
		w.lastBlock = i
		return true
	}
	if (c.kind == secRecommendation || c.kind == secStrength || c.kind == secConcern) &&
		(subPoint(last, w.lastMarker, b, text, c.listy) || w.pointMarker != "" && pointOf(b, text) == w.pointMarker) {
		if w.pointMarker == "" && strings.HasSuffix(last.Text, ":") {
			w.pointMarker = pointOf(b, text) // the item's points go on in this marker
		}
		body := bodySpan(doc, b)
		last.Span.End = b.Span.End
		last.Text = last.Text + " " + itemText(doc.Text[body.start:body.end])
		last.Themes = w.x.tax.Match(last.Text)
		w.lastBlock = i
		return true
	}
	return false
}

// boldRecommendation reads a block of a report that sets its
// recommendations in bold among paragraphs of plain text (select
// committees: "Conclusions and recommendations"): a bold paragraph that
// asks for something is one; plain ones beside it are its conclusions,
// read for findings but not listed. It says whether the block was taken.
func (w *blockWalk) boldRecommendation(i int, text string) bool {
	b, c := w.doc.Blocks[i], w.ctx[i]
	if b.Kind != corpus.Paragraph && b.Kind != corpus.ListItem || c.kind == secStrength || c.kind == secConcern {
		return false
	}
	if b.Bold && asks.MatchString(text) && countWords(text) >= 8 && !startsLower(strings.TrimSpace(text)) {
		if it := w.bd.add(corpus.Recommendation, corpus.NoPolarity, bodySpan(w.doc, b), c.heading, "block:bold", b.Page); it != nil {
			it.Number = printedNumber(b.Marker)
		}
		return true
	}
	if c.kind == secRecommendation && c.cue == "conclusions-and-recommendations" {
		w.running = append(w.running, i)
		return true
	}
	return false
}

// sectionItem reads a block of a section of recommendations, strengths or
// concerns: each block one item, but for lead-ins, notes, group labels and
// what asks nothing to be done.
func (w *blockWalk) sectionItem(i int, text string) {
	doc, b, c := w.doc, w.doc.Blocks[i], w.ctx[i]
	if (b.Kind != corpus.ListItem && (c.listy || strings.HasSuffix(strings.TrimSpace(text), ":")) && !pointsHead(doc, i, text)) || w.x.leadin(text) != "" ||
		(c.labelled && b.Kind == corpus.ListItem) {
		return // a lead-in, a note or a group label in a list section
	}
	kind, pol := corpus.Recommendation, corpus.NoPolarity
	if c.kind != secRecommendation {
		kind, pol = corpus.Finding, corpus.Polarity(c.kind)
	}
	if noItem.MatchString(text) || kind == corpus.Recommendation && b.Kind == corpus.Paragraph && aboutRecommendations.MatchString(text) ||
		carriedOver(doc, i) {
		return
	}
	body, number := bodySpan(doc, b), printedNumber(b.Marker)
	if b.Kind == corpus.TableRow {
		body, number = rowText(doc, body) // "2.5 | Note and agree … | Please refer to Section 7"
	}
	if cell := strings.TrimSpace(doc.Text[body.start:body.end]); noItem.MatchString(cell) || kind == corpus.Recommendation && onlyNotes(cell) {
		return // "Note the forecast overspend": a report's recommendation to take note asks nothing to be done
	}
	w.last = w.bd.add(kind, pol, body, c.heading, "section:"+c.cue, b.Page)
	if w.last != nil {
		w.last.Number = number
		if c.board {
			w.last.Part = corpus.PartBoard
		}
	}
	w.lastBlock, w.lastMarker = i, b.Marker
}

// finishItems drops what is too short to be an item and, in a document
// that sets out its recommendations formally, the "should"s of its
// running text; it names addressees, merges what is one item, and marks
// items read by OCR and their counterparts in the other language.
func (x *Extractor) finishItems(doc *corpus.Document, found []corpus.Item) []corpus.Item {
	formal := 0 // recommendations the document sets out in lists, sections or labelled blocks
	for _, it := range found {
		if it.Kind == corpus.Recommendation && corpus.Listed(it.Cue) {
			formal++
		}
	}
	items := found[:0]
	for _, it := range found {
		if len(words(it.Text)) < 3 {
			continue
		}
		// A document that sets out its recommendations formally is taken
		// at its word: a "should" or "must" in its running text describes,
		// restates or reports, and only an explicit "we recommend" adds
		// to the list.
		if formal >= minFormal && it.Kind == corpus.Recommendation && strings.HasPrefix(it.Cue, "modal:") {
			continue
		}
		if it.Kind == corpus.Recommendation && it.Addressee == "" {
			it.Addressee = addressee(it.Text)
		}
		items = append(items, it)
	}
	items = consolidate(items)
	items = foldSummaries(items)
	sortItems(items)
	if len(doc.OCR) > 0 {
		for i := range items {
			items[i].OCR = doc.OCRPage(items[i].Page) // found in text a recogniser read
		}
	}
	pairLanguages(doc, items)
	return items
}

// minFormal is how many recommendations in lists, sections or labelled
// blocks make a document one that sets out its recommendations formally.
const minFormal = 3

// promoteHeadings returns doc with the paragraphs that are headings in
// all but layout read as headings: a numbered line in capitals naming a
// section ("6 ACTION SHOULD BE TAKEN", "5 CORONER’S CONCERNS"), as forms
// print their boxes. The document itself is not changed.
func (x *Extractor) promoteHeadings(doc *corpus.Document) *corpus.Document {
	var out *corpus.Document
	set := func(i int, kind corpus.BlockKind) {
		if out == nil {
			c := *doc
			c.Blocks = slices.Clone(doc.Blocks)
			out = &c
		}
		out.Blocks[i].Kind = kind
	}
	for i, b := range doc.Blocks {
		if b.Kind == corpus.Heading && i+1 < len(doc.Blocks) && doc.Blocks[i+1].Kind == corpus.Paragraph && doc.Blocks[i+1].Page == b.Page {
			// a line set in bold that runs on into the next in lower case
			// is the start of a paragraph, not a heading
			t := strings.TrimSpace(doc.BlockText(b))
			if countWords(t) >= 6 && !strings.ContainsAny(t[len(t)-1:], ".:?!") && startsLower(strings.TrimSpace(doc.BlockText(doc.Blocks[i+1]))) {
				set(i, corpus.Paragraph)
			}
			continue
		}
		if b.Kind != corpus.Paragraph {
			continue
		}
		t := strings.TrimSpace(doc.BlockText(b))
		if countWords(t) > 8 || strings.ToUpper(t) != t || !strings.ContainsFunc(t, unicode.IsLetter) || x.classify(t) == nil && !boxNumber.MatchString(t) {
			continue
		}
		set(i, corpus.Heading)
	}
	if out == nil {
		return doc
	}
	return out
}

// boxNumber is the number of a form's box before its title: "7 YOUR RESPONSE".
var boxNumber = regexp.MustCompile(`^\d{1,2}\.?\s+\p{Lu}`)

// setsRecommendationsInBold says whether a document sets recommendations
// in bold among plain paragraphs: at least two bold paragraphs that ask
// for something, and more plain body paragraphs than bold ones.
func setsRecommendationsInBold(doc *corpus.Document) bool {
	asking, bold, plain := 0, 0, 0
	for _, b := range doc.Blocks {
		if b.Kind != corpus.Paragraph && b.Kind != corpus.ListItem {
			continue
		}
		if !b.Bold {
			plain++
			continue
		}
		bold++
		if t := doc.BlockText(b); asks.MatchString(t) && countWords(t) >= 8 {
			asking++
		}
	}
	return asking >= 2 && plain > bold
}

// boldConvention says whether the bold convention is the document's way of
// listing its recommendations: it has a "Conclusions and recommendations"
// section, or no other list of recommendations (which, when there is one,
// the bold paragraphs of the body restate).
func boldConvention(ctx []sectionContext) bool {
	other := false
	for _, c := range ctx {
		switch {
		case c.kind == secRecommendation && c.cue == "conclusions-and-recommendations":
			return true
		case c.kind == secRecommendation:
			other = true
		}
	}
	return !other
}

// pointsEnd is how an item that goes on in points ends: "Improve
// leadership and management by:", "… by ensuring that:".
var pointsEnd = regexp.MustCompile(`(?i)\b(by|through|so that|ensuring that|including|to ensure that|by ensuring that)\s*:$`)

// pointsHead says whether paragraph i opens an item whose points follow
// as a list: it ends as pointsEnd says and a list item comes next.
func pointsHead(doc *corpus.Document, i int, text string) bool {
	if doc.Blocks[i].Kind != corpus.Paragraph || !strings.HasSuffix(strings.TrimSpace(text), ":") || i+1 >= len(doc.Blocks) {
		return false
	}
	next := doc.Blocks[i+1]
	if pointOf(next, doc.BlockText(next)) == "" {
		return false
	}
	// "Improve leadership by:", or a sentence that asks for something
	// and lists what ("Leaders … should strengthen … so that:")
	return pointsEnd.MatchString(strings.TrimSpace(text)) || countWords(text) >= 8 && asks.MatchString(text)
}

// asks matches the modal of a sentence that asks someone to act.
var asks = regexp.MustCompile(`(?i)\b(should|must|shall|needs? to|is asked to|are asked to)\b`)

// carriedOver says whether paragraph i is the end of the paragraph
// before it, cut by a page break: that one does not end a sentence and
// this one starts on the next page.
func carriedOver(doc *corpus.Document, i int) bool {
	if i == 0 || doc.Blocks[i].Kind != corpus.Paragraph || doc.Blocks[i-1].Kind != corpus.Paragraph || doc.Blocks[i].Page <= doc.Blocks[i-1].Page {
		return false
	}
	return continues(strings.TrimSpace(doc.BlockText(doc.Blocks[i-1])), strings.TrimSpace(doc.BlockText(doc.Blocks[i])))
}

// printedNumber is the number or letter of a list marker as printed
// ("12." → "12", "(b)" → "b", "iv)" → "iv"); "" for a bullet.
func printedNumber(marker string) string {
	m := strings.Trim(marker, "().] ")
	if m == "" || !strings.ContainsFunc(m, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
		return ""
	}
	return m
}

// consolidate makes one record of a labelled recommendation printed more
// than once (a summary table and the full list, a report's summary and
// its body): items of labelled blocks and tables with the same number
// are one, the fullest wording kept and the other places in AlsoAt; and
// an item numbered "4" where items "4a", "4b"… are printed is their
// summary, kept as a place of the first of them.
func consolidate(items []corpus.Item) []corpus.Item {
	byNumber := map[string]int{}
	var parents []int
	for i, it := range items {
		if it.Kind != corpus.Recommendation || it.Number == "" || !strings.HasPrefix(it.Cue, "block:") {
			continue
		}
		if j, ok := byNumber[it.Number]; ok && (sameWords(it.Text, items[j].Text) || isTitle(it.Text) || isTitle(items[j].Text)) {
			keep, drop := j, i
			if len(it.Text) > len(items[j].Text) {
				keep, drop = i, j
				byNumber[it.Number] = i
			}
			merge(&items[keep], &items[drop])
			continue
		}
		byNumber[it.Number] = i
		if strings.Trim(it.Number, "0123456789") == "" {
			parents = append(parents, i)
		}
	}
	for _, p := range parents {
		if items[p].Kind == "" {
			continue
		}
		n := items[p].Number
		for i, it := range items {
			if i != p && it.Kind == corpus.Recommendation && strings.HasPrefix(it.Cue, "block:") && len(it.Number) > len(n) &&
				strings.HasPrefix(it.Number, n) && unicode.IsLetter(rune(it.Number[len(n)])) {
				merge(&items[i], &items[p])
				break
			}
		}
	}
	out := items[:0]
	for _, it := range items {
		if it.Kind != "" {
			out = append(out, it)
		}
	}
	return out
}

// foldSummaries makes one record of a recommendation a document both
// summarises in a sentence ("The recommendations include reducing
// caseloads…, improving…") and sets out in its list: the summary's part
// whose words the listed item holds becomes another place of that item.
func foldSummaries(items []corpus.Item) []corpus.Item {
	var listed []int
	for i, it := range items {
		if it.Kind == corpus.Recommendation && corpus.Listed(it.Cue) && !strings.HasPrefix(it.Cue, "list:recommendations-include") {
			listed = append(listed, i)
		}
	}
	if len(listed) == 0 {
		return items
	}
	words := make(map[int]map[string]bool, len(listed))
	for _, i := range listed {
		words[i] = contentStems(items[i].Text)
	}
	out := items[:0]
	for i, it := range items {
		if it.Cue == "list:recommendations-include" {
			mine := contentStems(it.Text)
			best, share := -1, 0.0
			for _, j := range listed {
				held := 0
				for w := range mine {
					if words[j][w] {
						held++
					}
				}
				if s := float64(held) / float64(max(1, len(mine))); s > share {
					best, share = j, s
				}
			}
			if best >= 0 && share >= summaryShare && len(mine) >= 3 {
				items[best].AlsoAt = append(items[best].AlsoAt, corpus.Location{Page: it.Page, Start: it.Span.Start, End: it.Span.End})
				continue
			}
		}
		out = append(out, items[i])
	}
	return out
}

// sameWords says whether two items with one number are one
// recommendation printed twice, not two series that reuse a number (a
// report's recommendations and its matters for Parliament; a response
// that numbers two paragraphs alike): most of the shorter one's words are
// in the longer.
func sameWords(a, b string) bool {
	sa, sb := contentStems(a), contentStems(b)
	if len(sa) > len(sb) {
		sa, sb = sb, sa
	}
	if len(sa) == 0 {
		return true
	}
	n := 0
	for st := range sa {
		if sb[st] {
			n++
		}
	}
	return float64(n) >= numberShare*float64(len(sa))
}

// isTitle says whether an item is a recommendation's title rather than
// its text: a few words without a full stop ("Learning from the inquiry").
func isTitle(text string) bool {
	t := strings.TrimSpace(text)
	return countWords(t) <= 8 && !strings.HasSuffix(t, ".")
}

// numberShare is how much of the shorter of two items with one number
// the longer must hold to be the same recommendation.
const numberShare = 0.5

// summaryShare is how much of a summary's part a listed item must hold to
// be the item it summarises.
const summaryShare = 0.6

// contentStems are the stems of the words of s less the commonest.
func contentStems(s string) map[string]bool {
	out := map[string]bool{}
	for _, st := range stems(s) {
		if len(st) > 2 && !commonStem[st] {
			out[st] = true
		}
	}
	return out
}

var commonStem = map[string]bool{"the": true, "and": true, "for": true, "with": true, "that": true, "thi": true, "are": true, "its": true,
	"their": true, "from": true, "into": true, "should": true, "council": true, "ensur": true}

// merge records drop as another place of keep, and empties drop.
func merge(keep, drop *corpus.Item) {
	keep.AlsoAt = append(keep.AlsoAt, corpus.Location{Page: drop.Page, Start: drop.Span.Start, End: drop.Span.End})
	keep.AlsoAt = append(keep.AlsoAt, drop.AlsoAt...)
	if keep.ResponseStatus == "" {
		keep.ResponseStatus, keep.Response = drop.ResponseStatus, drop.Response
	}
	*drop = corpus.Item{}
}

// noItem matches blocks that are never items (rules/notitems.txt).
var noItem = func() *regexp.Regexp {
	re, err := notItemPattern(notItemRules)
	if err != nil {
		panic(err) // the embedded file; its test loads it
	}
	return re
}()

// notesFirst matches a recommendation that opens with taking note ("Note
// the forecast…", "Consider and note…", "To note…").
var notesFirst = regexp.MustCompile(`(?i)^(to )?((consider|receive) and )?(note|notes|receive|comment on)\b`)

// onlyNotes says whether a listed recommendation only asks its readers to
// take note: it opens with noting, and no verb of action follows.
func onlyNotes(text string) bool {
	t := strings.TrimSpace(text)
	return notesFirst.MatchString(t) && !actsAlso.MatchString(t)
}

// actsAlso matches a verb of action joined to the noting: "Note and agree
// the …", "note the report and approve …".
var actsAlso = regexp.MustCompile(`(?i)\b(and|or|then)\s+(to\s+)?(agree|agrees|approve|approves|endorse|endorses|adopt|adopts|delegate|delegates|authori[sz]es?|request|requests|recommend|recommends|ask|asks|instruct|instructs|commission|commissions|allocate|allocates|refer|refers|support|supports)\b`)

// rowNumber matches a table cell that only numbers its row: "2.5", "R3", "(a)".
var rowNumber = regexp.MustCompile(`^\(?([0-9]{1,3}(\.[0-9]{1,3})?[a-z]?|[A-Z]?[0-9]{1,3}|[a-z])[.)]?$`)

// rowText narrows a table row in a list section to its text cell, and
// says the row's printed number: the text is the first cell after a cell
// that only numbers the row, without the cells that follow it
// (cross-references, owners, dates).
func rowText(doc *corpus.Document, sp span) (span, string) {
	row := doc.Text[sp.start:sp.end]
	cells := strings.Split(row, "\t")
	if len(cells) < 2 {
		return sp, ""
	}
	k, off, number := 0, 0, ""
	if c := strings.TrimSpace(cells[0]); rowNumber.MatchString(c) {
		k, off, number = 1, len(cells[0])+1, strings.Trim(c, "().")
	}
	return span{sp.start + off, sp.start + off + len(cells[k])}, number
}

// aboutRecommendations matches a paragraph of a recommendations section
// that speaks of the recommendations rather than making one: "This
// section sets out the response, taking each recommendation in turn",
// "The Chair expects that recommendations are acted upon".
var aboutRecommendations = regexp.MustCompile(`(?i)\brecommendations?\b`)

// subPoint says whether block b continues the item before it: points
// under an item that ends with a colon (in a list of their own, or as
// paragraphs), or a paragraph that runs on in lower case, in a section
// whose items are list items (where paragraphs are items, each is its own).
func subPoint(last *corpus.Item, lastMarker string, b corpus.Block, text string, listy bool) bool {
	open := strings.HasSuffix(last.Text, ":")
	switch b.Kind {
	case corpus.ListItem:
		return open && markerClass(b.Marker) != markerClass(lastMarker)
	case corpus.Paragraph:
		r := []rune(strings.TrimSpace(text))
		return len(r) > 0 && (listy && (open || unicode.IsLower(r[0])) || open && pointOf(b, text) != "")
	}
	return false
}

// pointOf is the marker of a point under an item: a list item's marker,
// or the bullet glyph a paragraph starts with where the layout kept the
// glyph but lost the list ("− reducing waiting times…"); "" for neither.
func pointOf(b corpus.Block, text string) string {
	if b.Kind == corpus.ListItem {
		return b.Marker
	}
	t := strings.TrimSpace(text)
	for _, g := range []string{"−", "–", "—", "-", "•", "▪", "◼", "●", "○", "■", "*"} {
		if strings.HasPrefix(t, g+" ") {
			return "¶" + g
		}
	}
	return ""
}

// markerClass tells numbered markers from bullets of each kind.
func markerClass(m string) string {
	if _, ok := markerNumber(m); ok {
		return "number"
	}
	return m
}

// bodySpan is a block's span without its list marker.
func bodySpan(doc *corpus.Document, b corpus.Block) span {
	s := span{b.Span.Start, b.Span.End}
	if b.Marker != "" && strings.HasPrefix(doc.Text[s.start:s.end], b.Marker) {
		s.start += len(b.Marker)
		for s.start < s.end && doc.Text[s.start] == ' ' {
			s.start++
		}
	}
	return s
}

// continues says whether text carries on an item cut by a page break.
func continues(prev, text string) bool {
	if prev == "" || text == "" {
		return false
	}
	r := []rune(text)[0]
	end := prev[len(prev)-1]
	return unicode.IsLower(r) || !strings.ContainsRune(".!?:;", rune(end))
}

// leadin returns the cue of a lead-in line ("should take the following
// action:", "Within three months:"), or "".
func (x *Extractor) leadin(text string) string {
	t := strings.TrimSpace(text)
	if len(t) > 300 {
		return ""
	}
	lower := strings.ToLower(t)
	for i := range x.cues {
		if r := &x.cues[i]; r.kind == "leadin" && r.fires(lower) && r.re.MatchString(t) {
			return r.cue
		}
	}
	return ""
}

func sortItems(items []corpus.Item) {
	// insertion sort: items come nearly in order
	for i := 1; i < len(items); i++ {
		for j := i; j > 0 && items[j].Span.Start < items[j-1].Span.Start; j-- {
			items[j], items[j-1] = items[j-1], items[j]
		}
	}
}

// pairLanguages gives each item of a document with Welsh in it its
// language, and, in a bilingual document, pairs each Welsh item with the
// same item in English: the one with its printed number, else the one in
// the same place among the items of its kind in its language.
func pairLanguages(doc *corpus.Document, items []corpus.Item) {
	marked := false
	for _, b := range doc.Blocks {
		if b.Lang != "" {
			marked = true
			break
		}
	}
	if !marked {
		return
	}
	bi := 0
	for i := range items { // items and blocks are both in text order
		for bi+1 < len(doc.Blocks) && doc.Blocks[bi].Span.End <= items[i].Span.Start {
			bi++
		}
		items[i].Lang = doc.Blocks[bi].Lang
		if items[i].Lang == "" {
			items[i].Lang = doc.Language
		}
	}
	type key struct {
		kind corpus.Kind
		pol  corpus.Polarity
	}
	byLang := map[string]map[key][]int{"cy": {}, "en": {}}
	for i, it := range items {
		if m, ok := byLang[it.Lang]; ok {
			k := key{it.Kind, it.Polarity}
			m[k] = append(m[k], i)
		}
	}
	for k, cy := range byLang["cy"] {
		en := byLang["en"][k]
		used := map[int]bool{}
		var unnumbered []int
		for _, c := range cy {
			if n := items[c].Number; n != "" {
				for _, e := range en {
					if !used[e] && items[e].Number == n {
						items[c].Pair, items[e].Pair = items[e].ID, items[c].ID
						used[e] = true
						break
					}
				}
			}
			if items[c].Pair == "" {
				unnumbered = append(unnumbered, c)
			}
		}
		var rest []int
		for _, e := range en {
			if !used[e] {
				rest = append(rest, e)
			}
		}
		if len(unnumbered) == len(rest) { // the same items in both: paired in order
			for j, c := range unnumbered {
				items[c].Pair, items[rest[j]].Pair = items[rest[j]].ID, items[c].ID
			}
		}
	}
}
