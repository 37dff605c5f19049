package ingest

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/scrutineer/scrutineer/corpus"
)

// SQL is the format of an SQL dump whose rows hold text: an archive of
// speeches, questions or minutes exported as INSERT statements (the Senedd
// monitor's archive is one). Such a dump is read as a document of its own,
// one section per row; a dump of numbers and codes only is a data file and
// is refused as before.
const SQL corpus.Format = "sql"

// sqlReader reads the rows of an SQL dump's INSERT statements without
// running any of its SQL. A table is read when one of its columns holds
// prose (long strings); each row becomes a heading (its title, speaker and
// date) and the paragraphs of its text, each block with its language.
type sqlReader struct{}

// minProse is the mean length, in bytes, of a column's strings from which
// the column is taken for prose.
const minProse = 160

func (sqlReader) read(ctx context.Context, data []byte) (*corpus.Document, error) {
	text, warnings := decodeText(data)
	tables, err := parseInserts(text)
	if err != nil {
		return nil, err
	}
	t := newTextBuilder(false)
	if title := dumpTitle(text); title != "" {
		t.add(corpus.Heading, title, 1, "", "")
	}
	read := 0
	for _, tab := range tables {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		body := proseColumn(tab)
		if body < 0 {
			continue
		}
		read++
		title, speaker, date := tab.column("title", "subject", "heading", "name"), tab.column("speaker", "author", "member"), tab.column("date")
		for _, row := range tab.rows {
			head := []string{}
			for _, c := range []int{title, speaker, date} {
				if c >= 0 && c < len(row) && strings.TrimSpace(row[c]) != "" {
					head = append(head, strings.TrimSpace(row[c]))
				}
			}
			if body >= len(row) || strings.TrimSpace(row[body]) == "" {
				continue
			}
			who := ""
			if speaker >= 0 && speaker < len(row) {
				who = strings.TrimSpace(row[speaker])
			}
			if len(head) > 0 {
				t.add(corpus.Heading, strings.Join(head, " — "), 2, "", "")
			}
			for _, para := range paragraphBreak.Split(row[body], -1) {
				t.add(corpus.Paragraph, para, 0, "", who)
			}
		}
	}
	if read == 0 {
		return nil, fmt.Errorf("%w: data file (SQL dump with no column of text), not a document", ErrUnsupported)
	}
	doc := &corpus.Document{Text: t.text(), Blocks: t.blocks, Warnings: warnings}
	markBlockLanguages(doc)
	return doc, nil
}

var paragraphBreak = regexp.MustCompile(`\n\s*\n|\n`)

// dumpTitle is the first comment line of a dump, when it says more than
// the tool that wrote it.
func dumpTitle(text string) string {
	for _, line := range strings.SplitN(text, "\n", 8) {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "--") {
			continue
		}
		line = strings.TrimSpace(strings.TrimLeft(line, "-"))
		if line != "" && !strings.Contains(strings.ToLower(line), "dump") {
			return line
		}
	}
	return ""
}

// A sqlTable is the rows one dump inserts into one table.
type sqlTable struct {
	name    string
	columns []string // lower case; empty when the INSERTs name none
	rows    [][]string
}

// column is the first column whose name contains one of words, or -1.
func (t *sqlTable) column(words ...string) int {
	for _, w := range words {
		for i, c := range t.columns {
			if strings.Contains(c, w) {
				return i
			}
		}
	}
	return -1
}

// proseColumn is the column of t whose strings are longest on average, when
// that is prose-long, or -1.
func proseColumn(t *sqlTable) int {
	best, bestMean := -1, 0
	for c := 0; ; c++ {
		total, n, any := 0, 0, false
		for _, row := range t.rows {
			if c < len(row) {
				any = true
				if row[c] != "" { // NULL says nothing of the column's kind
					total += len(row[c])
					n++
				}
			}
		}
		if !any {
			break
		}
		if mean := total / max(n, 1); mean >= minProse && mean > bestMean && prosy(t, c) {
			best, bestMean = c, mean
		}
	}
	return best
}

// prosy says whether column c holds words with spaces between them, not
// encoded data of the same length.
func prosy(t *sqlTable, c int) bool {
	spaced, filled := 0, 0
	for _, row := range t.rows {
		if c < len(row) && row[c] != "" {
			filled++
			if strings.Count(row[c], " ")*12 >= len(row[c]) {
				spaced++
			}
		}
	}
	return spaced*2 >= filled
}

// parseInserts reads the INSERT statements of a dump: each one's table,
// its column names and its rows of values (strings unquoted, NULL as "",
// numbers as written). Other statements are passed over; a string that
// does not end is an error.
func parseInserts(text string) ([]*sqlTable, error) {
	byName := map[string]*sqlTable{}
	var order []*sqlTable
	l := sqlLexer{s: text}
	for {
		tok, err := l.next()
		if err != nil {
			return nil, err
		}
		if tok.kind == sqlEOF {
			break
		}
		if tok.kind != sqlWord || !strings.EqualFold(tok.text, "insert") {
			if err := l.skipStatement(tok); err != nil {
				return nil, err
			}
			continue
		}
		tab, err := l.insert()
		if err != nil {
			return nil, err
		}
		if tab == nil {
			continue
		}
		if have := byName[tab.name]; have != nil && len(have.columns) == len(tab.columns) {
			have.rows = append(have.rows, tab.rows...)
			continue
		}
		byName[tab.name] = tab
		order = append(order, tab)
	}
	return order, nil
}

type sqlKind int

const (
	sqlEOF sqlKind = iota
	sqlWord
	sqlString
	sqlPunct
)

type sqlToken struct {
	kind sqlKind
	text string
}

// sqlLexer splits SQL into words (identifiers, keywords, numbers, NULL),
// strings and punctuation, passing over comments.
type sqlLexer struct {
	s string
	i int
}

func (l *sqlLexer) next() (sqlToken, error) {
	for l.i < len(l.s) {
		c := l.s[l.i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			l.i++
		case strings.HasPrefix(l.s[l.i:], "--"):
			if nl := strings.IndexByte(l.s[l.i:], '\n'); nl >= 0 {
				l.i += nl + 1
			} else {
				l.i = len(l.s)
			}
		case strings.HasPrefix(l.s[l.i:], "/*"):
			end := strings.Index(l.s[l.i+2:], "*/")
			if end < 0 {
				return sqlToken{}, fmt.Errorf("%w: SQL comment not closed", ErrMalformed)
			}
			l.i += end + 4
		case c == '\'':
			return l.quoted('\'', sqlString)
		case c == '"' || c == '`':
			return l.quoted(c, sqlWord)
		case c == '[':
			end := strings.IndexByte(l.s[l.i:], ']')
			if end < 0 {
				return sqlToken{}, fmt.Errorf("%w: SQL identifier not closed", ErrMalformed)
			}
			tok := sqlToken{sqlWord, l.s[l.i+1 : l.i+end]}
			l.i += end + 1
			return tok, nil
		case isSQLWord(c):
			start := l.i
			for l.i < len(l.s) && isSQLWord(l.s[l.i]) {
				l.i++
			}
			word := l.s[start:l.i]
			if (word == "X" || word == "x") && l.i < len(l.s) && l.s[l.i] == '\'' {
				tok, err := l.quoted('\'', sqlString) // a blob, kept as its hex
				return tok, err
			}
			return sqlToken{sqlWord, word}, nil
		default:
			l.i++
			return sqlToken{sqlPunct, string(c)}, nil
		}
	}
	return sqlToken{kind: sqlEOF}, nil
}

func isSQLWord(c byte) bool {
	return c == '_' || c == '.' || c == '-' || c == '+' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// quoted reads a string or quoted identifier from its opening quote; a
// doubled quote stands for one, and backslash escapes are read as MySQL
// writes them.
func (l *sqlLexer) quoted(q byte, kind sqlKind) (sqlToken, error) {
	var b strings.Builder
	l.i++
	for l.i < len(l.s) {
		c := l.s[l.i]
		switch {
		case c == q && l.i+1 < len(l.s) && l.s[l.i+1] == q:
			b.WriteByte(q)
			l.i += 2
		case c == q:
			l.i++
			return sqlToken{kind, b.String()}, nil
		case c == '\\' && q == '\'' && l.i+1 < len(l.s) && strings.IndexByte(`'"\nrt0`, l.s[l.i+1]) >= 0:
			b.WriteByte(map[byte]byte{'\'': '\'', '"': '"', '\\': '\\', 'n': '\n', 'r': '\r', 't': '\t', '0': ' '}[l.s[l.i+1]])
			l.i += 2
		default:
			b.WriteByte(c)
			l.i++
		}
	}
	return sqlToken{}, fmt.Errorf("%w: SQL string not closed", ErrMalformed)
}

// skipStatement passes over the rest of a statement that began with tok.
func (l *sqlLexer) skipStatement(tok sqlToken) error {
	for tok.kind != sqlEOF && !(tok.kind == sqlPunct && tok.text == ";") {
		var err error
		if tok, err = l.next(); err != nil {
			return err
		}
	}
	return nil
}

// insert reads "INTO name [(columns)] VALUES (row)[, (row)]...;" after the
// word INSERT (and "OR REPLACE" and the like); a statement of another shape
// (INSERT ... SELECT) is passed over and nil returned.
func (l *sqlLexer) insert() (*sqlTable, error) {
	tok, err := l.next()
	for err == nil && tok.kind == sqlWord && !strings.EqualFold(tok.text, "into") {
		tok, err = l.next()
	}
	if err != nil {
		return nil, err
	}
	if tok.kind != sqlWord {
		return nil, l.skipStatement(tok)
	}
	name, err := l.next()
	if err != nil {
		return nil, err
	}
	tab := &sqlTable{name: strings.ToLower(name.text)}
	tok, err = l.next()
	if err != nil {
		return nil, err
	}
	if tok.kind == sqlPunct && tok.text == "(" {
		if tab.columns, err = l.columns(); err != nil {
			return nil, err
		}
		if tok, err = l.next(); err != nil {
			return nil, err
		}
	}
	if tok.kind != sqlWord || !strings.EqualFold(tok.text, "values") {
		return nil, l.skipStatement(tok)
	}
	for {
		if tok, err = l.next(); err != nil {
			return nil, err
		}
		switch {
		case tok.kind == sqlEOF || tok.kind == sqlPunct && tok.text == ";":
			return tab, nil
		case tok.kind == sqlPunct && tok.text == "(":
			row, err := l.row()
			if err != nil {
				return nil, err
			}
			tab.rows = append(tab.rows, row)
		}
	}
}

// columns reads the column names of an INSERT after its opening
// parenthesis, in lower case.
func (l *sqlLexer) columns() ([]string, error) {
	var cols []string
	for {
		tok, err := l.next()
		if err != nil {
			return nil, err
		}
		if tok.kind == sqlPunct && tok.text == ")" || tok.kind == sqlEOF {
			return cols, nil
		}
		if tok.kind == sqlWord {
			cols = append(cols, strings.ToLower(tok.text))
		}
	}
}

// row reads the values of one row after its opening parenthesis; a value
// that is an expression keeps its last word.
func (l *sqlLexer) row() ([]string, error) {
	var row []string
	cur, depth := "", 0
	for {
		tok, err := l.next()
		if err != nil {
			return nil, err
		}
		switch {
		case tok.kind == sqlEOF:
			return nil, fmt.Errorf("%w: SQL row not closed", ErrMalformed)
		case tok.kind == sqlPunct && tok.text == "(":
			depth++
		case tok.kind == sqlPunct && tok.text == ")" && depth > 0:
			depth--
		case tok.kind == sqlPunct && tok.text == ")":
			return append(row, cur), nil
		case tok.kind == sqlPunct && tok.text == "," && depth == 0:
			row, cur = append(row, cur), ""
		case tok.kind == sqlWord && strings.EqualFold(tok.text, "null"):
			cur = ""
		case tok.kind != sqlPunct:
			cur = tok.text
		}
	}
}
