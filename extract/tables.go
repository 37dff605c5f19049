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
	cols, ok := tableColumns(strings.Split(doc.BlockText(doc.Blocks[i]), "\t"))
	if !ok {
		return false
	}
	claimed[i] = true
	ts := &tableScan{cols: cols, legend: tableLegend(doc, i), cur: -1}
	for j := i + 1; j < len(doc.Blocks) && j < i+400; j++ {
		b := doc.Blocks[j]
		t := strings.TrimSpace(doc.BlockText(b))
		read, stop := ts.block(b, t)
		if stop {
			break
		}
		if read {
			claimed[j] = true
		}
	}
	section := sectionOf(bd, i)
	for _, r := range ts.rows {
		it := bd.add(corpus.Recommendation, corpus.NoPolarity, span{r.start, r.end}, section, "block:table", r.page)
		if it == nil {
			continue
		}
		it.Text = itemText(r.text)
		it.Themes = x.tax.Match(it.Text)
		it.Number = r.number
		it.Addressee = itemText(r.body)
		if s := ts.legend[r.status]; s != "" {
			it.ResponseStatus = s
		} else if r.status != "" && cols.status >= 0 {
			it.ResponseStatus = responseStatus(r.status)
		}
	}
	return true
}

// tableCols are the columns of a recommendations table: the
// recommendation's text, whom it is for, and the reply's status (-1 when
// the table has none).
type tableCols struct{ text, body, status int }

// tableColumns reads a header row; ok is false when it is not the header
// of a recommendations table.
func tableColumns(header []string) (c tableCols, ok bool) {
	c = tableCols{-1, -1, -1}
	if len(header) < 2 {
		return c, false
	}
	for k, h := range header {
		h = strings.TrimSpace(h)
		if strings.Trim(h, "0123456789 ") == "" {
			return c, false // a contents line and its page number
		}
		switch {
		case c.text < 0 && textColumn.MatchString(h):
			c.text = k
		case c.body < 0 && bodyColumn.MatchString(h):
			c.body = k
		case c.status < 0 && statusColumn.MatchString(h):
			c.status = k
		}
	}
	if c.text < 0 {
		return c, false
	}
	if c.status < 0 && len(header) > c.text+1 && c.body < 0 {
		c.status = c.text + 1 // "Recommendation | UK | Scotland …": the first government's column
	}
	return c, true
}

// tableRowItem is one recommendation of a table, which may run over
// several rows and blocks.
type tableRowItem struct {
	text, body, status string
	start, end, page   int
	number             string
}

// tableScan is the state of reading a table's rows: the items so far, the
// one being read, whether rows are labelled with numbers, and how many
// blocks since the last that belonged to the table.
type tableScan struct {
	cols     tableCols
	legend   map[string]string
	rows     []tableRowItem
	cur      int
	labelled bool
	gap      int
}

// block reads one block after the header: read says it was part of the
// table, stop that the table has ended.
func (ts *tableScan) block(b corpus.Block, t string) (read, stop bool) {
	switch {
	case b.Kind == corpus.TableRow:
		return ts.row(b, t)
	case noItem.MatchString(t):
		return false, true // "Source: …", "Note: …" under the table
	case ts.cur >= 0 && b.Kind != corpus.Heading && (startsLower(t) || ts.labelled && (tableLabel.MatchString(t) || !endsSentence(ts.rows[ts.cur].text))):
		if ts.labelled && tableLabel.MatchString(t) && endsRow(ts.rows[ts.cur].text) {
			m := tableLabel.FindStringSubmatchIndex(t)
			ts.rows = append(ts.rows, tableRowItem{number: strings.TrimSpace(t[:m[3]]), text: t[m[4]:], start: b.Span.Start, end: b.Span.End, page: b.Page})
			ts.cur = len(ts.rows) - 1
		} else {
			ts.rows[ts.cur].text += " " + t
			ts.rows[ts.cur].end = b.Span.End
		}
		ts.gap = 0
		return true, false
	default:
		// a running header or footer between two pages of the table
		ts.gap++
		return false, ts.gap > 3 || b.Kind == corpus.Heading && !ts.labelled
	}
}

// row reads a table row: a new item, or more of the one before.
func (ts *tableScan) row(b corpus.Block, t string) (read, stop bool) {
	cells := strings.Split(t, "\t")
	if ts.cols.text >= len(cells) {
		return false, ts.cur < 0 || ts.gap > 0
	}
	text, status, body := strings.TrimSpace(cells[ts.cols.text]), cell(cells, ts.cols.status), cell(cells, ts.cols.body)
	if m := glued.FindStringSubmatch(text); m != nil && ts.legend[m[1]] != "" {
		// a status code the layout glued to the text: "…, by P"
		if status == "" || ts.cols.status == ts.cols.text+1 {
			status = m[1]
		}
		text = strings.TrimSpace(strings.TrimSuffix(text, m[1]))
	}
	m := tableLabel.FindStringSubmatchIndex(text)
	newItem := ts.cur < 0 || m != nil && ts.labelled ||
		!ts.labelled && startsSentence(text) && endsSentence(ts.rows[ts.cur].text)
	if m != nil && ts.cur < 0 {
		ts.labelled = true
	}
	if newItem {
		r := tableRowItem{status: status, body: body, start: b.Span.Start, page: b.Page}
		if m != nil && ts.labelled {
			r.number = strings.TrimSpace(text[:m[3]])
			text = text[m[4]:]
		}
		ts.rows = append(ts.rows, r)
		ts.cur = len(ts.rows) - 1
	} else if body != "" {
		ts.rows[ts.cur].body += " " + body
	}
	ts.rows[ts.cur].text = strings.TrimSpace(ts.rows[ts.cur].text + " " + text)
	ts.rows[ts.cur].end = b.Span.End
	ts.gap = 0
	return true, false
}

// cell is the trimmed k'th cell, or "" when there is none.
func cell(cells []string, k int) string {
	if k < 0 || k >= len(cells) {
		return ""
	}
	return strings.TrimSpace(cells[k])
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
