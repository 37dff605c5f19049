package web

import (
	"errors"
	"fmt"
	"html"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/scrutineer/scrutineer/index"
)

// searchPage is the search page: a form, facets as links, hits with their
// highlights. html/template escapes every value; only the highlight, which
// the index builds from escaped text and <mark> tags, is passed as HTML.
var searchPage = template.Must(template.New("search").Funcs(template.FuncMap{
	"mark":  func(s string) template.HTML { return template.HTML(s) }, // escaped by the index; only <mark> added
	"words": inWords,
}).Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>scrutineer{{if .Query}}: {{.Query}}{{end}}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:72rem;margin:1rem auto;padding:0 1rem}mark{background:#ffe066}
.layout{display:grid;grid-template-columns:minmax(0,1fr) 16rem;gap:2rem}@media(max-width:40rem){.layout{grid-template-columns:1fr}}
.facets{font-size:.9rem}.facets ul{list-style:none;padding:0;margin:.2rem 0 1rem}.facets .chosen{font-weight:bold}
.hit{margin:1rem 0}.meta{color:#555;font-size:.85rem}.err{color:#a00}.read{color:#555;font-size:.9rem}
.tags a{display:inline-block;background:#eef;border:1px solid #99c;border-radius:1rem;padding:0 .6rem;margin:.1rem;text-decoration:none;color:#224}
.tags a::after{content:" ×"}</style></head>
<body><h1>scrutineer</h1>
<form method="get" action="/" role="search"><label for="q">Search</label>
<input id="q" name="q" value="{{.Query}}" size="50">
<label>from <input name="from" value="{{.From}}" size="10" placeholder="YYYY"></label>
<label>to <input name="to" value="{{.To}}" size="10" placeholder="YYYY"></label>
<label><input type="checkbox" name="group" value="1"{{if .Group}} checked{{end}}> one result per document</label>
{{range .Hidden}}<input type="hidden" name="{{.Name}}" value="{{.Value}}">{{end}}
<button>Search</button> <a href="/trace">what keeps coming back</a></form>
{{if .Active}}<p class="tags">Filtered by: {{range .Active}}<a href="{{.Remove}}" title="remove this filter">{{.Label}}: {{.Value}}</a> {{end}}</p>{{end}}
{{if .Error}}<p class="err">{{.Error}}</p>{{end}}
{{with .Result}}{{if .NotIndexed}}<p class="err">{{.NotIndexed}} documents are stored but not yet searchable: the index is catching up, and these results may lack them.</p>{{end}}<div class="layout"><main>{{if .Read}}<p class="read">Searched for: {{.Read}}</p>{{end}}{{if .Suggest}}<p>Did you mean <a href="{{$.SuggestURL}}" rel="suggest">{{.Suggest}}</a>?</p>{{end}}<p>{{if $.Group}}{{.Documents}} documents{{if .More}} or more{{end}} ({{.Total}} results){{else}}{{.Total}} results{{end}}{{if $.Page}}, page {{$.Page}}{{end}}{{if $.Export}} · export <a href="{{$.Export}}&amp;format=csv">CSV</a> <a href="{{$.Export}}&amp;format=jsonl">JSON Lines</a>{{end}}</p>
{{range .Hits}}<div class="hit"><div class="meta">[{{words .Kind}}{{if .Polarity}}/{{words .Polarity}}{{end}}] <a href="/documents/{{.DocID}}{{if .ItemID}}#{{.ItemID}}{{end}}">{{.Title}}</a> — {{if .Subject}}{{.Subject}}, {{end}}{{words .DocType}}, {{.Publisher}} {{.Date}}</div>
<div>{{mark .Highlight}}</div>{{range .Also}}<div class="meta">also: {{mark .Highlight}}</div>{{end}}</div>{{end}}
<nav>{{if $.Prev}}<a href="{{$.Prev}}" rel="prev">← previous</a>{{end}} {{if $.Next}}<a href="{{$.Next}}" rel="next">next →</a>{{end}}</nav></main>
<aside class="facets">{{$.Facets}}</aside></div>{{end}}
</body></html>`))

// inWords shows a code as words: "inspection_report" is "inspection
// report", "section:what-needs-to-improve" is "what needs to improve".
func inWords(code string) string {
	if _, rest, ok := strings.Cut(code, ":"); ok {
		code = rest
	}
	return strings.NewReplacer("_", " ", "-", " ").Replace(code)
}

// activeFilter is one filter in force, with the address of the page
// without it.
type activeFilter struct {
	Label, Value string
	Remove       string
}

type searchView struct {
	Query, From, To string
	Group           bool
	Error           string
	Result          *index.Result
	Hidden          []hidden // the filters in force, kept by the form
	Prev, Next      string   // pages
	Page            int
	Facets          template.HTML // the facets, each value a link that adds it to the search
	Active          []activeFilter
	Export          string // the address of the whole result set, less its format
	SuggestURL      string // the page of the suggested query
	params          url.Values
}

// filterParams are the request parameters that filter, with their labels.
var filterParams = []struct{ param, label, facet string }{
	{"kind", "kind", "kind"}, {"polarity", "polarity", "polarity"}, {"type", "document type", "doc_type"},
	{"publisher", "publisher", "publisher"}, {"subject", "subject", "subject"}, {"theme", "theme", "theme"},
	{"year", "year", "year"}, {"addressee", "asked to act", "addressee"}, {"language", "language", "language"}, {"from", "from", ""}, {"to", "to", ""},
}

// paramsLess is a copy of the page's parameters less the keys given.
func (v searchView) paramsLess(keys ...string) url.Values {
	out := url.Values{}
	for k, vs := range v.params {
		if !slices.Contains(keys, k) {
			out[k] = slices.Clone(vs)
		}
	}
	return out
}

// without returns the page's address without one value of a parameter
// (and from the first page).
func (v searchView) without(param, value string) string {
	keep := v.paramsLess("offset")
	keep[param] = slices.DeleteFunc(keep[param], func(x string) bool { return x == value })
	if len(keep[param]) == 0 {
		delete(keep, param)
	}
	return "/?" + keep.Encode()
}

// active lists the filters in force, each removable.
func (v searchView) active() []activeFilter {
	var out []activeFilter
	for _, f := range filterParams {
		for _, x := range v.params[f.param] {
			if x == "" {
				continue
			}
			shown := x
			if f.facet == "kind" || f.facet == "polarity" || f.facet == "doc_type" || f.facet == "theme" {
				shown = inWords(x)
			}
			out = append(out, activeFilter{Label: f.label, Value: shown, Remove: v.without(f.param, x)})
		}
	}
	return out
}

type hidden struct{ Name, Value string }

// facetsHTML renders the facets in a fixed order, each value a link that
// adds it to the search, or, for a value chosen, removes it; years in
// order, codes in words. It is built here rather than in the template (a
// page has up to 210 links, and the template's reflection made them a fifth
// of the server's time); every value is escaped.
func (v searchView) facetsHTML(res *index.Result) template.HTML {
	keep := v.paramsLess("offset")
	base := "/?" + keep.Encode()
	if len(keep) > 0 {
		base += "&"
	}
	var b strings.Builder
	for _, name := range index.FacetNames {
		counts := res.Facets[name]
		if len(counts) == 0 {
			continue
		}
		if name == "year" {
			counts = slices.Clone(counts)
			slices.SortFunc(counts, func(a, b index.FacetCount) int { return strings.Compare(b.Term, a.Term) })
		}
		param := facetParam[name]
		chosen := map[string]bool{}
		for _, x := range v.params[param] {
			chosen[x] = true
		}
		fmt.Fprintf(&b, "<p><strong>%s</strong></p><ul>\n", html.EscapeString(facetLabel[name]))
		for _, c := range counts {
			shown := c.Term
			if name == "doc_type" || name == "kind" || name == "polarity" || name == "theme" {
				shown = inWords(c.Term)
			}
			if chosen[c.Term] {
				fmt.Fprintf(&b, `<li class="chosen"><a href="%s" title="remove this filter">%s (%d) ×</a></li>`, html.EscapeString(v.without(param, c.Term)),
					html.EscapeString(shown), c.Count)
				continue
			}
			fmt.Fprintf(&b, `<li><a href="%s">%s</a> (%d)</li>`, html.EscapeString(base+url.QueryEscape(param)+"="+url.QueryEscape(c.Term)),
				html.EscapeString(shown), c.Count)
		}
		b.WriteString("</ul>")
	}
	return template.HTML(b.String())
}

// facetLabel names each facet for people.
var facetLabel = map[string]string{"year": "Year", "doc_type": "Document type", "publisher": "Publisher", "theme": "Theme",
	"kind": "Kind", "polarity": "Strength or concern", "subject": "Subject", "addressee": "Asked to act", "language": "Language"}

// facetParam maps facet names to the request parameters that filter by them.
var facetParam = map[string]string{"year": "year", "doc_type": "type", "publisher": "publisher", "theme": "theme",
	"kind": "kind", "polarity": "polarity", "subject": "subject", "addressee": "addressee", "language": "language"}

func (s *Server) pageSearch(w http.ResponseWriter, r *http.Request) {
	req := searchRequest(r)
	if req.Limit <= 0 {
		req.Limit = 20
	}
	view := searchView{Query: req.Query, From: req.From, To: req.To, Group: req.Group, params: r.URL.Query()}
	view.Active = view.active()
	for _, k := range []string{"kind", "polarity", "type", "publisher", "subject", "theme", "year", "addressee", "sort"} {
		for _, v := range view.params[k] {
			view.Hidden = append(view.Hidden, hidden{k, v})
		}
	}
	res, err := s.Index.Search(r.Context(), req)
	if err == nil {
		res.NotIndexed = int(s.notIndexed.Load())
		view.Page = req.Offset/req.Limit + 1
		page := func(offset int) string {
			v := view.paramsLess()
			v.Set("offset", fmt.Sprint(offset))
			return "/?" + v.Encode()
		}
		if req.Offset > 0 {
			view.Prev = page(max(0, req.Offset-req.Limit))
		}
		shown := res.Total // results, or documents when grouped
		if req.Group {
			shown = res.Documents
		}
		if uint64(req.Offset+req.Limit) < shown && req.Offset+2*req.Limit <= index.MaxWindow {
			view.Next = page(req.Offset + req.Limit)
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	switch {
	case errors.Is(err, index.ErrQuery):
		w.WriteHeader(http.StatusBadRequest)
		view.Error = err.Error()
	case err != nil:
		w.WriteHeader(http.StatusInternalServerError)
		view.Error = "search failed"
	default:
		view.Result = res
		view.Facets = view.facetsHTML(res)
		view.Export = "/export?" + view.paramsLess("offset", "limit", "group", "sort").Encode()
		if res.Suggest != "" {
			sv := view.paramsLess("offset")
			sv.Set("q", res.Suggest)
			view.SuggestURL = "/?" + sv.Encode()
		}
	}
	if err := searchPage.Execute(w, view); err != nil {
		s.Log.Error("render", "err", err)
	}
}
