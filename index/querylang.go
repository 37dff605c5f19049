package index

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/scrutineer/scrutineer/corpus"
)

// The query language of the search box, as people expect it of a search
// engine: every word must be there ("care leavers" finds what has both);
// AND, OR and NOT (in capitals), "-word" and "+word", "quoted phrases"
// and parentheses say otherwise. A term with a field ("title:caseloads"),
// a wildcard ("safeguard*"), fuzziness ("retrun~1") or a regular
// expression ("/pathway.*/") is read by bleve's own query-string syntax.
// Of several plain words, hits with the words as a phrase rank first.
//
// parseQuery returns the query and how it was read, in words a person
// can check ("care AND leavers").

// phraseBoost is how much more a hit scores when it has the words of a
// query of plain words as a phrase.
const phraseBoost = 2.0

// maxQueryDepth bounds the nesting of parentheses.
const maxQueryDepth = 20

type qtoken struct {
	kind string // "word", "phrase", "(", ")", "AND", "OR", "NOT", "-", "+"
	text string
}

// lexQuery splits a query into words, phrases, parentheses and operators.
func lexQuery(s string) []qtoken {
	var out []qtoken
	rs := []rune(s)
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case unicode.IsSpace(r):
			i++
		case r == '(' || r == ')':
			out = append(out, qtoken{kind: string(r)})
			i++
		case r == '"' || r == '“' || r == '”':
			j := i + 1
			for j < len(rs) && rs[j] != '"' && rs[j] != '”' && rs[j] != '“' {
				j++
			}
			out = append(out, qtoken{kind: "phrase", text: string(rs[i+1 : j])})
			i = j + 1
		case (r == '-' || r == '+' || r == '!') && i+1 < len(rs) && !unicode.IsSpace(rs[i+1]):
			kind := string(r)
			if r == '!' {
				kind = "NOT"
			}
			out = append(out, qtoken{kind: kind})
			i++
		default:
			j := wordEnd(rs, i)
			out = append(out, wordToken(string(rs[i:min(j, len(rs))])))
			i = j
		}
	}
	return out
}

// wordEnd is where the word starting at i ends: at a space or parenthesis,
// past a regular expression's closing slash, past a field's quoted phrase
// (field:"a phrase").
func wordEnd(rs []rune, i int) int {
	j := i
	if rs[i] == '/' { // a regular expression runs to its closing slash
		for j++; j < len(rs) && rs[j] != '/'; j++ {
		}
		if j < len(rs) {
			j++
		}
	}
	for j < len(rs) && !unicode.IsSpace(rs[j]) && rs[j] != '(' && rs[j] != ')' {
		if rs[j] == '"' && j > i && rs[j-1] == ':' { // field:"a phrase"
			for j++; j < len(rs) && rs[j] != '"'; j++ {
			}
		}
		j++
	}
	return j
}

// wordToken is an operator word's token, or the word's.
func wordToken(w string) qtoken {
	switch w {
	case "AND", "&&":
		return qtoken{kind: "AND"}
	case "OR", "||":
		return qtoken{kind: "OR"}
	case "NOT":
		return qtoken{kind: "NOT"}
	}
	return qtoken{kind: "word", text: w}
}

// qnode is the parsed query before it becomes a bleve query.
type qnode struct {
	op   string // "and", "or", "not", "word", "phrase"
	text string
	kids []*qnode
}

type qparser struct {
	toks  []qtoken
	pos   int
	depth int
}

func (p *qparser) peek() string {
	if p.pos < len(p.toks) {
		return p.toks[p.pos].kind
	}
	return ""
}

func (p *qparser) or() (*qnode, error) {
	n, err := p.and()
	if err != nil {
		return nil, err
	}
	kids := []*qnode{n}
	for p.peek() == "OR" {
		p.pos++
		m, err := p.and()
		if err != nil {
			return nil, err
		}
		kids = append(kids, m)
	}
	if len(kids) == 1 {
		return n, nil
	}
	return &qnode{op: "or", kids: kids}, nil
}

func (p *qparser) and() (*qnode, error) {
	var kids []*qnode
	for {
		switch p.peek() {
		case "", ")", "OR":
			switch len(kids) {
			case 0:
				return nil, fmt.Errorf("%w: an operator with nothing to join", ErrQuery)
			case 1:
				return kids[0], nil
			}
			return &qnode{op: "and", kids: kids}, nil
		case "AND":
			p.pos++
			continue
		}
		n, err := p.unary()
		if err != nil {
			return nil, err
		}
		kids = append(kids, n)
	}
}

func (p *qparser) unary() (*qnode, error) {
	switch p.peek() {
	case "NOT", "-":
		p.pos++
		n, err := p.unary()
		if err != nil {
			return nil, err
		}
		return &qnode{op: "not", kids: []*qnode{n}}, nil
	case "+":
		p.pos++
		return p.unary()
	case "(":
		p.pos++
		if p.depth++; p.depth > maxQueryDepth {
			return nil, fmt.Errorf("%w: parentheses nested more than %d deep", ErrQuery, maxQueryDepth)
		}
		n, err := p.or()
		if err != nil {
			return nil, err
		}
		if p.peek() != ")" {
			return nil, fmt.Errorf("%w: a parenthesis is not closed", ErrQuery)
		}
		p.pos++
		p.depth--
		return n, nil
	case ")":
		return nil, fmt.Errorf("%w: a closing parenthesis with none open", ErrQuery)
	case "", "AND", "OR":
		return nil, fmt.Errorf("%w: NOT, - or + with nothing after it", ErrQuery)
	}
	t := p.toks[p.pos]
	p.pos++
	if t.kind == "phrase" {
		return &qnode{op: "phrase", text: t.text}, nil
	}
	return &qnode{op: "word", text: t.text}, nil
}

// bodyNames returns the other names of the public body text names, when
// it names one ("CIW": Care Inspectorate Wales, CSSIW).
func bodyNames(text string) []string {
	names := corpus.BodyNames(strings.TrimSpace(text))
	if len(names) < 2 {
		return nil
	}
	var out []string
	for _, n := range names {
		if !strings.EqualFold(n, text) {
			out = append(out, n)
		}
	}
	return out
}

// parseQuery reads the search box's text.
func parseQuery(text string) (query.Query, string, error) {
	toks := lexQuery(text)
	if len(toks) == 0 {
		return nil, "", fmt.Errorf("%w: empty query", ErrQuery)
	}
	p := &qparser{toks: toks}
	n, err := p.or()
	if err != nil {
		return nil, "", err
	}
	if p.pos < len(toks) {
		return nil, "", fmt.Errorf("%w: a closing parenthesis with none open", ErrQuery)
	}
	q, err := n.query()
	if err != nil {
		return nil, "", err
	}
	// plain words: hits that have them as a phrase rank first
	if n.op == "and" && allPlainWords(n.kids) {
		var ws []string
		for _, k := range n.kids {
			ws = append(ws, k.text)
		}
		phrase := query.NewMatchPhraseQuery(strings.Join(ws, " "))
		phrase.SetBoost(phraseBoost)
		b := query.NewBooleanQuery([]query.Query{q}, []query.Query{phrase}, nil)
		return b, n.String(), nil
	}
	return q, n.String(), nil
}

func allPlainWords(ns []*qnode) bool {
	for _, n := range ns {
		if n.op != "word" || strings.ContainsAny(n.text, ":*?~/") {
			return false
		}
	}
	return len(ns) > 1
}

// regexpTerm returns the expression of a term written /expression/
// (with or without a field), or "".
func regexpTerm(t string) string {
	if _, rest, ok := strings.Cut(t, ":"); ok && strings.HasPrefix(rest, "/") {
		t = rest
	}
	if len(t) >= 2 && strings.HasPrefix(t, "/") && strings.HasSuffix(t, "/") {
		return t[1 : len(t)-1]
	}
	return ""
}

// searchable are the fields a query may name.
var searchable = map[string]bool{fText: true, fTitle: true, fSection: true, fRest: true, fSubject: true, fPublisher: true,
	fDocType: true, fThemes: true, fKind: true, fPolarity: true, fYear: true, fCue: true}

const searchableList = "text, title, section, subject, publisher, doc_type, themes, kind, polarity, year and cue"

// withBody widens q, the words of text, to the entries that name the
// body text names under any of its names.
func withBody(text string, q query.Query) query.Query {
	if bodyNames(text) == nil {
		return q
	}
	return query.NewDisjunctionQuery([]query.Query{q, termQuery(fBodies, bodyKey(text))})
}

// withWelsh adds to q the same words searched in the Welsh text, analysed
// as Welsh (mutations folded), so that "plant", "blant" and "phlant" find
// one another.
func withWelsh(q query.Query, text string, phrase bool) query.Query {
	var cy query.FieldableQuery
	if phrase {
		cy = query.NewMatchPhraseQuery(text)
	} else {
		cy = query.NewMatchQuery(text)
	}
	cy.SetField(fTextCy)
	return query.NewDisjunctionQuery([]query.Query{q, cy})
}

func (n *qnode) query() (query.Query, error) {
	switch n.op {
	case "word":
		if f, _, ok := strings.Cut(n.text, ":"); ok && !strings.HasPrefix(n.text, "/") && !searchable[f] {
			return nil, fmt.Errorf("%w: no field %q to search; the fields are %s", ErrQuery, f, searchableList)
		}
		if re := regexpTerm(n.text); re != "" {
			if _, err := regexp.Compile(re); err != nil {
				return nil, fmt.Errorf("%w: the regular expression %s: %v", ErrQuery, n.text, err)
			}
		}
		if strings.ContainsAny(n.text, ":*?~/^") {
			// bleve's own syntax: fields, wildcards, fuzziness, expressions
			q, err := query.NewQueryStringQuery(n.text).Parse()
			if err != nil {
				return nil, fmt.Errorf("%w: %q: %v", ErrQuery, n.text, err)
			}
			return simplify(q), nil
		}
		return withBody(n.text, withWelsh(query.NewMatchQuery(n.text), n.text, false)), nil
	case "phrase":
		return withBody(n.text, withWelsh(query.NewMatchPhraseQuery(n.text), n.text, true)), nil
	}
	var must, not []query.Query
	var any []query.Query
	for _, k := range n.kids {
		if k.op == "not" && n.op == "and" {
			q, err := k.kids[0].query()
			if err != nil {
				return nil, err
			}
			not = append(not, q)
			continue
		}
		q, err := k.query()
		if err != nil {
			return nil, err
		}
		if n.op == "or" {
			any = append(any, q)
		} else {
			must = append(must, q)
		}
	}
	switch n.op {
	case "or":
		return query.NewDisjunctionQuery(any), nil
	case "not":
		q, err := n.kids[0].query()
		if err != nil {
			return nil, err
		}
		return query.NewBooleanQuery([]query.Query{query.NewMatchAllQuery()}, nil, []query.Query{q}), nil
	}
	if len(must) == 0 {
		must = []query.Query{query.NewMatchAllQuery()}
	}
	if len(not) == 0 {
		if len(must) == 1 {
			return must[0], nil
		}
		return query.NewConjunctionQuery(must), nil
	}
	return query.NewBooleanQuery(must, nil, not), nil
}

// String says how the query was read: "care AND leavers",
// "(care OR leavers) AND NOT agency", `"care leavers"`.
func (n *qnode) String() string {
	switch n.op {
	case "word", "phrase":
		s := n.text
		if n.op == "phrase" {
			s = `"` + s + `"`
		}
		if also := bodyNames(n.text); also != nil && !strings.ContainsAny(n.text, ":*?~/^") {
			s += " (or " + strings.Join(also, ", ") + ")"
		}
		return s
	case "not":
		return "NOT " + n.kids[0].grouped()
	}
	sep := " AND "
	if n.op == "or" {
		sep = " OR "
	}
	parts := make([]string, len(n.kids))
	for i, k := range n.kids {
		parts[i] = k.grouped()
	}
	return strings.Join(parts, sep)
}

func (n *qnode) grouped() string {
	if n.op == "and" || n.op == "or" {
		return "(" + n.String() + ")"
	}
	return n.String()
}
