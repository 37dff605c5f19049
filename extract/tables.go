package extract

import (
	"regexp"
	"strings"

	"github.com/scrutineer/scrutineer/corpus"
)

// Tables of recommendations: a table whose header names a column of
// recommendations or actions ("Recommendation", "Areas for priority
// action", "Action required"), and perhaps the body responsible or the
// response's status in others. Each recommendation is one item, however
// many rows its text wraps over: a new one starts at a printed label
// ("4a (i-iii)") or, in a table without labels, where the text column
// starts a sentence after one has ended. The responsible body is the
// item's addressee; a status column ("F", "P", "Accepted") its response
// status, with the codes read from the legend printed above the table
// ("accepted in full (F) or in principle (P)").

var (
	textColumn   = regexp.MustCompile(`(?i)^(recommendations?|recs?\.?|areas? for (priority action|improvement|development)|(priority |required )?actions?( required)?|what (needs|has) to (improve|be done)|summary of recommendations?)$`)
	bodyColumn   = regexp.MustCompile(`(?i)^(responsible (body|bodies|organisations?|party|parties|lead)|lead (body|organisation|agency)|addressee|owner|for|to|who|body|organisation)$`)
	statusColumn = regexp.MustCompile(`(?i)^(status|response|(uk |scottish |welsh )?government( response)?|accepted\??|decision|agreed\??)$`)
	tableLabel   = regexp.MustCompile(`^(\d{1,3}[a-z]?(?:[-–][a-z])?(?:\s*\([ivx]{1,5}(?:[-–][ivx]{1,5})?\))?|[A-Z]\d{1,3})\s+(\S)`)
	legendCode   = regexp.MustCompile(`\(([A-Z]{1,2})\)`)
)

// table reads a table of recommendations whose header row is block i,
// adds its items, and marks the blocks it read.
func (x *Extractor) table(bd *builder, i int, claimed []bool) bool {
	doc := bd.doc
	header := strings.Split(doc.BlockText(doc.Blocks[i]), "\t")
	textCol, bodyCol, statusCol := -1, -1, -1
	if len(header) < 2 {
		return false
	}
	for k, h := range header {
		h = strings.TrimSpace(h)
		if strings.Trim(h, "0123456789 ") == "" {
			return false // a contents line and its page number
		}
		switch {
		case textCol < 0 && textColumn.MatchString(h):
			textCol = k
		case bodyCol < 0 && bodyColumn.MatchString(h):
			bodyCol = k
		case statusCol < 0 && statusColumn.MatchString(h):
			statusCol = k
		}
	}
	if textCol < 0 {
		return false
	}
	if statusCol < 0 && len(header) > textCol+1 && bodyCol < 0 {
		statusCol = textCol + 1 // "Recommendation | UK | Scotland …": the first government's column
	}
	legend := tableLegend(doc, i)
	claimed[i] = true
	type row struct {
		text, body, status string
		start, end, page   int
		labelled           bool
		number             string
	}
	var rows []row
	cur := -1
	labelled := false
	gap := 0
scan:
	for j := i + 1; j < len(doc.Blocks) && j < i+400; j++ {
		b := doc.Blocks[j]
		t := strings.TrimSpace(doc.BlockText(b))
		switch {
		case b.Kind == corpus.TableRow:
			cells := strings.Split(t, "\t")
			if textCol >= len(cells) {
				if cur < 0 || gap > 0 {
					break scan
				}
				continue
			}
			text := strings.TrimSpace(cells[textCol])
			status := ""
			if statusCol >= 0 && statusCol < len(cells) {
				status = strings.TrimSpace(cells[statusCol])
			}
			if m := glued.FindStringSubmatch(text); m != nil && legend[m[1]] != "" {
				// a status code the layout glued to the text: "…, by P"
				if status == "" || statusCol == textCol+1 {
					status = m[1]
				}
				text = strings.TrimSpace(strings.TrimSuffix(text, m[1]))
			}
			body := ""
			if bodyCol >= 0 && bodyCol < len(cells) {
				body = strings.TrimSpace(cells[bodyCol])
			}
			m := tableLabel.FindStringSubmatchIndex(text)
			newItem := cur < 0 || m != nil && (labelled || cur < 0) ||
				!labelled && startsSentence(text) && endsSentence(rows[cur].text)
			if m != nil && cur < 0 {
				labelled = true
			}
			if newItem {
				r := row{status: status, body: body, start: b.Span.Start, page: b.Page}
				if m != nil && labelled {
					r.number = strings.TrimSpace(text[:m[3]])
					text = text[m[4]:]
				}
				rows = append(rows, r)
				cur = len(rows) - 1
			} else if body != "" {
				rows[cur].body += " " + body
			}
			rows[cur].text = strings.TrimSpace(rows[cur].text + " " + text)
			rows[cur].end = b.Span.End
			claimed[j] = true
			gap = 0
		case noItem.MatchString(t):
			break scan // "Source: …", "Note: …" under the table
		case cur >= 0 && b.Kind != corpus.Heading && (startsLower(t) || labelled && (tableLabel.MatchString(t) || !endsSentence(rows[cur].text))):
			if labelled && tableLabel.MatchString(t) && endsRow(rows[cur].text) {
				m := tableLabel.FindStringSubmatchIndex(t)
				rows = append(rows, row{number: strings.TrimSpace(t[:m[3]]), text: t[m[4]:], start: b.Span.Start, end: b.Span.End, page: b.Page})
				cur = len(rows) - 1
			} else {
				rows[cur].text += " " + t
				rows[cur].end = b.Span.End
			}
			claimed[j] = true
			gap = 0
		default:
			// a running header or footer between two pages of the table
			if gap++; gap > 3 || b.Kind == corpus.Heading && !labelled {
				break scan
			}
		}
	}
	section := sectionOf(bd, i)
	for _, r := range rows {
		it := bd.add(corpus.Recommendation, corpus.NoPolarity, span{r.start, r.end}, section, "block:table", r.page)
		if it == nil {
			continue
		}
		it.Text = itemText(r.text)
		it.Themes = x.tax.Match(it.Text)
		it.Number = r.number
		it.Addressee = itemText(r.body)
		if s := legend[r.status]; s != "" {
			it.ResponseStatus = s
		} else if r.status != "" && statusCol >= 0 {
			it.ResponseStatus = responseStatus(r.status)
		}
	}
	return true
}

var glued = regexp.MustCompile(`\s([A-Z]{1,2})$`)

// tableLegend reads the codes a table's status columns use from the
// heading or paragraph printed just above it: "accepted in full (F) or
// in principle (P)" gives F "accepted in full" and P "accepted in
// principle" (a code whose words name no verb takes the first one's).
func tableLegend(doc *corpus.Document, i int) map[string]string {
	out := map[string]string{}
	for j := i - 1; j >= 0 && j >= i-3; j-- {
		t := doc.BlockText(doc.Blocks[j])
		verb, from := "", 0
		for _, m := range legendCode.FindAllStringSubmatchIndex(t, -1) {
			ws := strings.Fields(t[from:m[0]])
			from = m[1]
			if len(ws) > 3 {
				ws = ws[len(ws)-3:]
			}
			for len(ws) > 0 && (ws[0] == "or" || ws[0] == "and" || ws[0] == ",") {
				ws = ws[1:]
			}
			if len(ws) == 0 {
				continue
			}
			if w := strings.ToLower(ws[0]); strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "ts") {
				verb = strings.Replace(w, "accepts", "accepted", 1)
				ws[0] = verb
			} else if verb != "" {
				ws = append([]string{verb}, ws...)
			}
			out[t[m[2]:m[3]]] = strings.ToLower(strings.Join(ws, " "))
		}
	}
	return out
}

// endsRow says whether a labelled row's text may end where it does:
// anything but a trailing comma or joining word.
func endsRow(s string) bool {
	s = strings.TrimSpace(s)
	return !strings.HasSuffix(s, ",") && !strings.HasSuffix(s, " and") && !strings.HasSuffix(s, " the") && !strings.HasSuffix(s, " of")
}

func startsSentence(s string) bool {
	for _, r := range s {
		return r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
	}
	return false
}

func endsSentence(s string) bool {
	s = strings.TrimSpace(s)
	return s == "" || strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?")
}

// startsLower says whether s begins with a lower-case letter.
func startsLower(s string) bool {
	for _, r := range s {
		return r >= 'a' && r <= 'z'
	}
	return false
}
