package trace

import (
	"context"
	"strings"

	"github.com/scrutineer/scrutineer/corpus"
)

// InputOf is the trace input of a stored item.
func InputOf(r corpus.ItemRow) Input {
	return Input{ItemID: r.ID, DocID: r.DocID, Date: r.Date, Subject: r.Subject, Title: r.Title, Publisher: r.Publisher, DocType: r.DocType,
		Kind: r.Kind, Polarity: r.Polarity, Text: r.Text, Section: r.Section, Cue: r.Cue, Themes: r.Themes, Source: r.Source, Page: r.Page, Part: r.Part,
		Response: r.Response, ResponseStatus: r.ResponseStatus}
}

// WithTheme keeps the threads that have the theme.
func WithTheme(ts []Thread, theme string) []Thread {
	out := []Thread{}
	for _, t := range ts {
		for _, th := range t.Themes {
			if th == theme {
				out = append(out, t)
				break
			}
		}
	}
	return out
}

// Selection chooses the stored items to trace.
type Selection struct {
	Subject   string // any name of the body
	Publisher string // any name of the body
	DocType   string // a document type
	From, To  string // dates or years, inclusive
	Concerns  bool   // trace concerns as well as recommendations
	// Strengths counts strengths in the matrix; they are never linked
	// into threads, which follow what was asked for or found wanting.
	Strengths bool

	// the stored subjects and publishers the names stand for, as search's
	// filters resolve them (Load fills them)
	subjects, publishers map[string]bool
}

// Keep says whether the selection holds an item.
func (s Selection) Keep(r corpus.ItemRow) bool {
	switch {
	case r.Kind == corpus.Recommendation:
	case r.Polarity == corpus.Concern && s.Concerns:
	case r.Polarity == corpus.Strength && s.Strengths:
	default:
		return false
	}
	if r.Replaced {
		return false // its newer version stands for it
	}
	if r.Lang == "cy" && r.Pair != "" {
		return false // the same item in English stands for both: traced once
	}
	if s.Subject != "" && !s.subjects[r.Subject] && !sameBody(r.Subject, s.Subject) {
		return false
	}
	if s.Publisher != "" && !s.publishers[r.Publisher] && !sameBody(r.Publisher, s.Publisher) {
		return false
	}
	if s.DocType != "" && r.DocType != strings.ReplaceAll(strings.TrimSpace(s.DocType), " ", "_") {
		return false
	}
	if s.From != "" && r.Date < s.From {
		return false
	}
	if s.To != "" && r.Date > s.To && !strings.HasPrefix(r.Date, s.To) {
		return false
	}
	return true
}

// sameBody says whether two names are one body, by the gazetteer (a
// council by any of its names or its place) or by name.
func sameBody(a, b string) bool {
	if subjectKey(a) == subjectKey(b) {
		return true
	}
	for _, n := range corpus.BodyNames(b) {
		if strings.EqualFold(a, n) {
			return true
		}
	}
	return false
}

// linked is what threads are made of: the inputs other than strengths.
func linked(in []Input) []Input {
	out := make([]Input, 0, len(in))
	for _, it := range in {
		if it.Kind == corpus.Recommendation || it.Polarity != corpus.Strength {
			out = append(out, it)
		}
	}
	return out
}

// Inputs reads the stored items the selection holds, as inputs, its names
// resolved as search's filters resolve them.
func Inputs(ctx context.Context, st *corpus.Store, sel Selection) ([]Input, error) {
	if err := sel.resolve(ctx, st); err != nil {
		return nil, err
	}
	var in []Input
	err := st.ItemRows(ctx, func(r corpus.ItemRow) error {
		if sel.Keep(r) {
			in = append(in, InputOf(r))
		}
		return nil
	})
	return in, err
}

// resolve finds the stored subjects and publishers the selection's names
// stand for.
func (sel *Selection) resolve(ctx context.Context, st *corpus.Store) error {
	var err error
	if sel.Subject != "" {
		if sel.subjects, err = resolveNames(ctx, st, "subject", sel.Subject); err != nil {
			return err
		}
	}
	if sel.Publisher != "" {
		sel.publishers, err = resolveNames(ctx, st, "publisher", sel.Publisher)
	}
	return err
}

// resolveNames are the stored values of a document field ("subject",
// "publisher") the names stand for, as search's filters resolve them.
func resolveNames(ctx context.Context, st *corpus.Store, field string, names ...string) (map[string]bool, error) {
	known, err := st.DocumentValues(ctx, field)
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, n := range names {
		for _, v := range corpus.ResolveName(field, n, known) {
			out[v] = true
		}
	}
	return out, nil
}

// Load reads the inputs of Inputs and the texts of their documents (to
// find explicit mentions of earlier recommendations in).
func Load(ctx context.Context, st *corpus.Store, sel Selection) ([]Input, []DocText, error) {
	in, err := Inputs(ctx, st, sel)
	if err != nil {
		return nil, nil, err
	}
	docs, err := docTexts(ctx, st, in)
	return in, docs, err
}
