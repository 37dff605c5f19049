package ingest

import (
	_ "embed"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"unicode"

	"github.com/scrutineer/scrutineer/corpus"
)

//go:embed rules/doctypes.txt
var docTypeRules string

type docTypeRule struct {
	docType string
	where   string
	re      *regexp.Regexp
}

var docTypes = parseDocTypes(docTypeRules)

func parseDocTypes(src string) []docTypeRule {
	var out []docTypeRule
	for _, line := range strings.Split(src, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.SplitN(line, "\t", 3)
		if len(f) != 3 || !corpus.ValidDocType(f[0]) {
			panic("bad doc type rule: " + line)
		}
		out = append(out, docTypeRule{f[0], f[1], regexp.MustCompile(f[2])})
	}
	return out
}

// councilName matches the name of a council: "Powys County Council",
// "Birmingham City Council", "Rotherham Metropolitan Borough Council",
// "London Borough of Sutton", "Brighton and Hove City Council".
var councilName = regexp.MustCompile(`\b((?:[A-Z][a-z’']+(?:[ -](?:and|upon|on|under)?[ -]?[A-Z][a-z’']+)*) (?:Metropolitan Borough|Metropolitan District|County Borough|Royal Borough|City and County|City|County|Borough|District|Town|Unitary)? ?Council|London Borough of [A-Z][a-z]+(?: [A-Z][a-z]+)?|Royal Borough of [A-Z][a-z]+(?: and [A-Z][a-z]+)?)\b`)

// inquiryName matches "the Post Office Horizon IT Inquiry", "UK Covid-19 Inquiry".
var inquiryName = regexp.MustCompile(`\b((?:[A-Z][\w-]*|of|the|and) ){0,6}(?:[A-Z][\w-]*) Inquiry\b`)

// coronerArea matches the coroner area of a PFD report.
var coronerArea = regexp.MustCompile(`(?i)coroner(?:,)? for the (?:coroner )?area of ([A-Z][\w ,&'-]{2,60}?)[.\n]`)

// detectMetadata fills metadata not already known from the text and the
// file name: title, date, doc type, publisher, subject, language.
func detectMetadata(doc *corpus.Document, name string) {
	text := doc.Text
	head := text[:min(len(text), 3000)]
	// the document's own first page says what it is called before the
	// file's metadata, which word processors leave stale ("Wakefield
	// standard inspection report" on a Bradford report)
	if doc.Title == "" || doc.Provenance[corpus.FieldTitle] == corpus.FromFile {
		if t := guessTitle(doc); t != "" {
			doc.SetMeta(corpus.FieldTitle, t, corpus.FromText)
		}
	}
	if doc.Date == "" {
		if d := findPublicationDate(text); d != "" {
			doc.SetMeta(corpus.FieldDate, d, corpus.FromText)
		} else if d := dateFromPath(name); d != "" {
			doc.SetMeta(corpus.FieldDate, d, corpus.FromPath)
		} else if d := fallbackYear(text); d != "" {
			doc.SetMeta(corpus.FieldDate, d, corpus.FromText)
		}
	}
	if doc.DocType == "" {
		doc.SetMeta(corpus.FieldDocType, guessDocType(doc.Title, head, text), corpus.FromText)
	}
	if doc.Subject == "" {
		doc.SetMeta(corpus.FieldSubject, guessSubject(doc.Title, text), corpus.FromText)
	}
	// a title that says only what the document is ("Inspection of looked
	// after children services", printed alike for every council) names
	// whose it is, so that reports of several councils are told apart
	if doc.Subject != "" && doc.Provenance[corpus.FieldTitle] == corpus.FromText && documentNoun.MatchString(doc.Title) &&
		!councilName.MatchString(doc.Title) && !strings.Contains(strings.ToLower(doc.Title), strings.ToLower(corpus.PlaceName(doc.Subject))) {
		doc.Title += ": " + doc.Subject
	}
	if doc.Publisher == "" {
		p := guessPublisher(doc.DocType, head, text, doc.Subject)
		if p == "" {
			p = publisherInOpening(doc)
		}
		doc.SetMeta(corpus.FieldPublisher, p, corpus.FromText)
	}
	if lang, mixed := detectLanguage(text); lang != "" {
		if doc.Language == "" || doc.Provenance[corpus.FieldLanguage] != corpus.FromManifest {
			doc.SetMeta(corpus.FieldLanguage, lang, corpus.FromText)
		}
		if mixed {
			doc.Warnings = append(doc.Warnings, "contains Welsh and English text")
		}
		if lang == "cy" || mixed {
			markBlockLanguages(doc)
		}
	}
}

// markBlockLanguages records the language of each block of a document with
// Welsh in it: its own, when it has words enough to tell, else that of the
// block after it (a heading is in the language of what it heads), else
// that of the block before (a short list item in that of its list).
func markBlockLanguages(doc *corpus.Document) {
	for i := range doc.Blocks {
		if lang, _ := detectLanguage(doc.BlockText(doc.Blocks[i])); lang != "" {
			doc.Blocks[i].Lang = lang
		}
	}
	for i := len(doc.Blocks) - 2; i >= 0; i-- {
		if doc.Blocks[i].Lang == "" && doc.Blocks[i].Kind == corpus.Heading {
			doc.Blocks[i].Lang = doc.Blocks[i+1].Lang
		}
	}
	for i := 1; i < len(doc.Blocks); i++ {
		if doc.Blocks[i].Lang == "" {
			doc.Blocks[i].Lang = doc.Blocks[i-1].Lang
		}
	}
}

// guessTitle takes the first heading on the first page (two when the title
// wraps), else the first short line.
func guessTitle(doc *corpus.Document) string {
	// the largest heading near the top of the first page (a label above
	// it, such as "Policy paper" on a GOV.UK page, is set smaller), with
	// the line after it when that is set the same
	best := -1
	for i, b := range doc.Blocks {
		if b.Page > 1 || i > 12 {
			break
		}
		if b.Kind == corpus.Heading && (best < 0 || b.Level > 0 && b.Level < doc.Blocks[best].Level) {
			best = i
		}
	}
	var parts []string
	if best >= 0 {
		b := doc.Blocks[best]
		parts = append(parts, doc.BlockText(b))
		if next := best + 1; next < len(doc.Blocks) && doc.Blocks[next].Kind == corpus.Heading && doc.Blocks[next].Level == b.Level {
			parts = append(parts, doc.BlockText(doc.Blocks[next]))
		}
	}
	if len(parts) > 0 {
		title := strings.Join(parts, " ")
		if what := whatItIs(doc, title); what != "" {
			title += ": " + what // "Leeds" is whose; "Inspection of children's social care services" what
		}
		return clip(title, 300)
	}
	for _, b := range doc.Blocks[:min(len(doc.Blocks), 5)] {
		t := doc.BlockText(b)
		if n := len(strings.Fields(t)); n > 0 && n <= 20 {
			return clip(t, 300)
		}
	}
	return ""
}

// publisherInOpening returns the public body or council a document names
// in its first lines, where publishers print their names ("Department of
// Health & Social Care" above a GOV.UK paper, "KENT COUNTY COUNCIL" atop
// minutes), or "".
func publisherInOpening(doc *corpus.Document) string {
	for i, b := range doc.Blocks {
		if i >= 6 || b.Page > 1 {
			break
		}
		line := strings.TrimSpace(doc.BlockText(b))
		if len(line) > 200 {
			line = line[:200]
		}
		for _, part := range strings.FieldsFunc(line, func(r rune) bool { return r == '–' || r == '|' || r == '\t' || r == ':' }) {
			part = strings.TrimSpace(part)
			if part == "" || len(strings.Fields(part)) > 10 {
				continue
			}
			if c, ok := corpus.CanonicalCouncil(part); ok && strings.Contains(strings.ToLower(part), "council") {
				return c
			}
			for _, body := range corpus.Bodies {
				for _, n := range append([]string{body.Name}, body.Aliases...) {
					if strings.EqualFold(part, n) {
						return body.Name
					}
				}
			}
		}
	}
	return ""
}

// inspectionDates is a line of dates, not a description: "Inspection dates 9–10 November 2016".
var inspectionDates = regexp.MustCompile(`(?i)^\W*(re-?)?inspection dates?\b`)

// documentNoun opens a line that says what a document is.
var documentNoun = regexp.MustCompile(`(?i)^\W*(re-?inspection|inspection|review|report|school report|focused visit|monitoring visit|assurance|joint targeted area inspection|annual report|minutes|statement)\b`)

// whatItIs returns the line of the first page that says what the document
// is, when its title is only a short name ("Birmingham City Council",
// "Leeds", "Surrey Safeguarding Children Board"); "" otherwise.
func whatItIs(doc *corpus.Document, title string) string {
	if len(strings.Fields(title)) > 6 || documentNoun.MatchString(title) {
		return ""
	}
	for i, b := range doc.Blocks {
		if b.Page > 1 || i > 6 {
			break
		}
		t := strings.TrimSpace(doc.BlockText(b))
		if t != title && documentNoun.MatchString(t) && !inspectionDates.MatchString(t) && len(strings.Fields(t)) <= 20 {
			return t
		}
	}
	return ""
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := strings.LastIndexByte(s[:n], ' ')
	if cut < n/2 {
		cut = n
	}
	return s[:cut]
}

// openingBytes is how much of a text its opening is: the title page's
// first lines, where a document says what it is before what it mentions.
const openingBytes = 400

func guessDocType(title, head, text string) string {
	for _, r := range docTypes {
		var s string
		switch r.where {
		case "title":
			s = title
		case "head":
			s = head
		case "opening":
			s = head[:min(len(head), openingBytes)]
		default:
			s = text
		}
		if r.re.MatchString(s) {
			return r.docType
		}
	}
	return "other"
}

// guessSubject returns the council the document is about: the one named
// most often (in full, or by its place for the councils listed in
// councils.txt), favouring the title and the start of the text. A council
// named once in passing is not a subject.
func guessSubject(title, text string) string {
	if m := subjectInTitle.FindStringSubmatch(title); m != nil {
		// a name, not a description ("Inspection of looked after children services")
		if name := strings.TrimSpace(m[1]); name != "" && len(strings.Fields(name)) <= 8 && unicode.IsUpper([]rune(name)[0]) {
			return corpus.CouncilName(name)
		}
	}
	// A council named in the title or in full at the head of the text is
	// the subject (the text's heading wins over a title copied from another
	// report's PDF); named early, or by its place, it is evidence; a place
	// named once is not enough.
	scores := map[string]int{}
	add := func(name string, pos int, inTitle, place bool) {
		switch {
		case inTitle, !place && pos < 300:
			scores[name] += 10
		case pos < 2000 && !place:
			scores[name] += 3
		case pos < 2000:
			scores[name] += 2
		default:
			scores[name]++
		}
	}
	for _, src := range []struct {
		s       string
		inTitle bool
	}{{title, true}, {text, false}} {
		for _, m := range councilName.FindAllStringIndex(src.s, 400) {
			if name := normaliseCouncil(src.s[m[0]:m[1]]); name != "" {
				add(corpus.CouncilName(name), m[0], src.inTitle, false)
			}
		}
		head := src.s[:min(len(src.s), subjectScan)]
		for _, c := range corpus.Councils {
			for _, alias := range c.Aliases {
				if i := indexPlace(head, alias); i >= 0 {
					add(c.Name, i, src.inTitle, true)
				}
			}
		}
	}
	keys := make([]string, 0, len(scores))
	for k := range scores {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	best, n := "", 0
	for _, k := range keys {
		if scores[k] > n {
			best, n = k, scores[k]
		}
	}
	if n < 3 {
		return ""
	}
	return best
}

// subjectScan is how much of the text is searched for the places that
// councils are known by: a report names its subject near its start, and
// the search costs a pass over the text per place.
const subjectScan = 64 << 10

// indexPlace is where the place (a council's other name) is first named in
// s as a word, not as part of a longer place ("Somerset" in "North
// Somerset"), or -1.
func indexPlace(s, place string) int {
	off := 0
	for {
		i := indexWord(s[off:], place)
		if i < 0 {
			return -1
		}
		i += off
		inside := false
		for _, longer := range longerPlaces()[place] {
			if j := longer.at; i >= j && strings.HasPrefix(s[i-j:], longer.name) {
				inside = true
				break
			}
		}
		if !inside {
			return i
		}
		off = i + len(place)
	}
}

type longerPlace struct {
	name string
	at   int // where the shorter place starts within it
}

// longerPlaces lists, for each place councils are known by, the longer
// places of other councils that contain it as words. It is built on first
// use, not at every start of the program (PDFs are read in child
// processes of the same binary).
var longerPlaces = sync.OnceValue(func() map[string][]longerPlace {
	out := map[string][]longerPlace{}
	for _, a := range corpus.Councils {
		for _, short := range a.Aliases {
			for _, b := range corpus.Councils {
				if b.Name == a.Name {
					continue
				}
				for _, long := range append([]string{b.Name}, b.Aliases...) {
					if at := indexWord(long, short); at >= 0 && long != short {
						out[short] = append(out[short], longerPlace{long, at})
					}
				}
			}
		}
	}
	return out
})

// subjectInTitle finds the body a report is about in its title, as the
// report names it: "Inspection of Coventry local authority children’s
// services" gives "Coventry"; "Focused visit to Sandwell Children’s Trust"
// gives "Sandwell Children’s Trust"; "Area SEND inspection of Cornwall
// Local Area Partnership" gives "Cornwall".
var subjectInTitle = regexp.MustCompile(`(?i)^(?:inspection|focused visit|monitoring visit|area send inspection|joint targeted area inspection|review)\s+(?:of|to)\s+(?:the\s+)?(.+?)(?:\s+local authority)?(?:\s+local area partnership)?(?:\s+children[’']s services|\s+services for children\b.*)?$`)

// notPlaceWords cannot begin or be part of a place name before "Council":
// they are what councils do or are, or words around a name.
var notPlaceWords = map[string]bool{
	"The": true, "This": true, "That": true, "Inspection": true, "Report": true, "Leader": true, "Cabinet": true,
	"Services": true, "Service": true, "Children’s": true, "Children's": true, "Trust": true, "Education": true,
	"Skills": true, "Families": true, "Lifelong": true, "Learning": true, "Care": true, "Full": true, "Budget": true,
	"Member": true, "Members": true, "Director": true, "Officer": true, "Chief": true, "Executive": true,
	"Social": true, "Health": true, "Research": true, "Security": true, "European": true, "General": true,
	"Medical": true, "Human": true, "Rights": true, "Justice": true, "Civil": true, "National": true, "Police": true,
	"Chiefs’": true, "Chiefs'": true, "Informal": true, "Competitiveness": true, "Home": true, "Affairs": true,
	"January": true, "February": true, "March": true, "April": true, "May": true, "June": true, "July": true,
	"August": true, "September": true, "October": true, "November": true, "December": true, "Engineering": true,
	"Physical": true, "Sciences": true, "Arts": true, "Science": true, "Racial": true, "Equality": true,
	"Mountaineering": true, "British": true, "Local": true, "Government": true, "Welsh": true, "Scottish": true,
	"Our": true, "Your": true, "Their": true, "Whole": true, "Parish": true, "Community": true, "Town": true,
	"Partnership": true, "Race": true, "Youth": true, "School": true, "Schools": true, "Sports": true, "Arts’": true, "Economic": true, "Privy": true,
}

// normaliseCouncil keeps the place words right before the council type
// ("Children’s Services Sandwell Metropolitan Borough Council" gives
// "Sandwell Metropolitan Borough Council"), and rejects names whose place
// is not a place ("Civil Justice Council", "March County Council").
func normaliseCouncil(s string) string {
	words := strings.Fields(s)
	if len(words) >= 3 && (words[0] == "London" || words[0] == "Royal") && words[1] == "Borough" {
		return strings.Join(words, " ")
	}
	typ := len(words) - 1 // index of "Council"
	for typ > 0 && councilTypeWord[words[typ-1]] {
		typ--
	}
	start := typ
	for start > 0 && !notPlaceWords[words[start-1]] {
		start--
	}
	if start == typ || notPlaceWords[words[start]] {
		return ""
	}
	place := words[start:typ]
	if len(place) > 4 || len(place) == 1 && len(place[0]) < 3 {
		return ""
	}
	return strings.Join(words[start:], " ")
}

var councilTypeWord = map[string]bool{"County": true, "City": true, "Borough": true, "Metropolitan": true,
	"District": true, "Unitary": true, "and": true}

//go:embed rules/publishers.txt
var publisherRules string

// publishersByType are the bodies that publish each type of document, in
// tiers (rules/publishers.txt).
var publishersByType = parsePublisherRules(publisherRules)

func parsePublisherRules(src string) map[string][][]string {
	out := map[string][][]string{}
	for _, line := range strings.Split(src, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.SplitN(line, "\t", 2)
		if len(f) != 2 || !corpus.ValidDocType(f[0]) {
			panic("bad publisher rule: " + line)
		}
		var tier []string
		for _, n := range strings.Split(f[1], ",") {
			n = strings.TrimSpace(n)
			if corpus.BodyNamed(n) == nil {
				panic("publisher rule names no known body: " + n)
			}
			tier = append(tier, n)
		}
		out[f[0]] = append(out[f[0]], tier)
	}
	return out
}

// guessPublisher is the publisher of a document whose publisher no one
// named: the body of its type that the text names first, a coroner by
// area, an inquiry by name, or the council a press release or minutes are
// about.
func guessPublisher(docType, head, text, subject string) string {
	for _, tier := range publishersByType[docType] {
		if p := firstNamed(text, tier); p != "" {
			return p
		}
	}
	switch docType {
	case "pfd_report":
		if m := coronerArea.FindStringSubmatch(head); m != nil {
			return "Coroner for " + strings.TrimSpace(m[1])
		}
		return "Coroner"
	case "inquiry_report":
		if m := inquiryName.FindString(head); m != "" {
			return strings.TrimPrefix(strings.TrimPrefix(m, "the "), "The ")
		}
	case "press_release", "minutes":
		return subject
	}
	return ""
}

// firstNamed is the body of names that text names first, by any of its
// names, or "".
func firstNamed(text string, names []string) string {
	best, pos := "", len(text)+1
	for _, n := range names {
		b := corpus.BodyNamed(n)
		for _, alias := range append([]string{b.Name}, b.Aliases...) {
			if i := indexWord(text, alias); i >= 0 && i < pos {
				best, pos = n, i
			}
		}
	}
	return best
}

// indexWord finds phrase in s at word boundaries.
func indexWord(s, phrase string) int {
	off := 0
	for {
		i := strings.Index(s[off:], phrase)
		if i < 0 {
			return -1
		}
		i += off
		j := i + len(phrase)
		before := i == 0 || !isWordByte(s[i-1])
		after := j >= len(s) || !isWordByte(s[j])
		if before && after {
			return i
		}
		off = i + 1
	}
}

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// dateInPath matches a YYYY-MM-DD date in a file or folder name.
var dateInPath = regexp.MustCompile(`(?:^|[^0-9])((?:19|20)\d{2})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?:[^0-9]|$)`)

// printedDateInPath matches "31-may-2023" in a file name.
var printedDateInPath = regexp.MustCompile(`(?i)(?:^|[^0-9])(\d{1,2})[-_ ]+(` + monthNames + `)[-_ ]+((?:19|20)\d{2})(?:[^0-9]|$)`)

func dateFromPath(name string) string {
	base := filepath.Base(name)
	if m := dateInPath.FindStringSubmatch(base); m != nil {
		return ParseDate(m[1] + "-" + m[2] + "-" + m[3])
	}
	if m := printedDateInPath.FindStringSubmatch(base); m != nil {
		return ParseDate(m[1] + " " + m[2] + " " + m[3])
	}
	return ""
}
