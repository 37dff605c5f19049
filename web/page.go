package web

import (
	"errors"
	"fmt"
	"html"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/scrutineer/scrutineer/index"
)

// searchPage is the search page: a form, facets as links, hits with their
// highlights. html/template escapes every value; only the highlight, which
// the index builds from escaped text and <mark> tags, is passed as HTML.
var searchPage = template.Must(template.New("search").Funcs(template.FuncMap{
	"mark": func(s string) template.HTML { return template.HTML(s) }, // escaped by the index; only <mark> added
}).Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>scrutineer{{if .Query}}: {{.Query}}{{end}}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem}mark{background:#ffe066}
.facets{font-size:.9rem}.hit{margin:1rem 0}.meta{color:#555;font-size:.85rem}.err{color:#a00}</style></head>
<body><h1>scrutineer</h1>
<form method="get" action="/" role="search"><label for="q">Search</label>
<input id="q" name="q" value="{{.Query}}" size="50">
<label>from <input name="from" value="{{.From}}" size="10" placeholder="YYYY"></label>
<label>to <input name="to" value="{{.To}}" size="10" placeholder="YYYY"></label>
<label><input type="checkbox" name="group" value="1"{{if .Group}} checked{{end}}> one result per document</label>
{{range .Hidden}}<input type="hidden" name="{{.Name}}" value="{{.Value}}">{{end}}
<button>Search</button> <a href="/trace">what keeps coming back</a></form>
{{if .Error}}<p class="err">{{.Error}}</p>{{end}}
{{with .Result}}{{if .Read}}<p class="read">Searched for: {{.Read}}</p>{{end}}<p>{{if $.Group}}{{.Documents}} documents{{if .More}} or more{{end}} ({{.Total}} results){{else}}{{.Total}} results{{end}}{{if $.Page}}, page {{$.Page}}{{end}}</p>
<div class="facets">{{$.Facets}}</div>
{{range .Hits}}<div class="hit"><div class="meta">[{{.Kind}}{{if .Polarity}}/{{.Polarity}}{{end}}] <a href="/documents/{{.DocID}}{{if .ItemID}}#{{.ItemID}}{{end}}">{{.Title}}</a> — {{.Publisher}} {{.Date}}</div>
<div>{{mark .Highlight}}</div>{{range .Also}}<div class="meta">also: {{mark .Highlight}}</div>{{end}}</div>{{end}}
<nav>{{if $.Prev}}<a href="{{$.Prev}}" rel="prev">← previous</a>{{end}} {{if $.Next}}<a href="{{$.Next}}" rel="next">next →</a>{{end}}</nav>{{end}}
</body></html>`))

type searchView struct {
	Query, From, To string
	Group           bool
	Error           string
	Result          *index.Result
	Hidden          []hidden // the filters in force, kept by the form
	Prev, Next      string   // pages
	Page            int
	Facets          template.HTML // the facets, each value a link that adds it to the search
	params          url.Values
}

type hidden struct{ Name, Value string }

// facetsHTML renders the facets in a fixed order, each value a link that
// adds it to the search. It is built here rather than in the template (a
// page has up to 210 links, and the template's reflection made them a fifth
// of the server's time); every value is escaped.
func (v searchView) facetsHTML(res *index.Result) template.HTML {
	keep := url.Values{}
	for k, vs := range v.params {
		if k != "offset" {
			keep[k] = vs
		}
	}
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
		fmt.Fprintf(&b, "<p><strong>%s</strong>:\n", html.EscapeString(name))
		param := url.QueryEscape(facetParam[name]) + "="
		for _, c := range counts {
			fmt.Fprintf(&b, ` <a href="%s">%s</a> (%d)`, html.EscapeString(base+param+url.QueryEscape(c.Term)), html.EscapeString(c.Term), c.Count)
		}
		b.WriteString("</p>")
	}
	return template.HTML(b.String())
}

// facetParam maps facet names to the request parameters that filter by them.
var facetParam = map[string]string{"year": "year", "doc_type": "type", "publisher": "publisher", "theme": "theme",
	"kind": "kind", "polarity": "polarity", "subject": "subject"}

func (s *Server) pageSearch(w http.ResponseWriter, r *http.Request) {
	req := searchRequest(r)
	if req.Limit <= 0 {
		req.Limit = 20
	}
	view := searchView{Query: req.Query, From: req.From, To: req.To, Group: req.Group, params: r.URL.Query()}
	for _, k := range []string{"kind", "polarity", "type", "publisher", "subject", "theme", "year", "sort"} {
		for _, v := range view.params[k] {
			view.Hidden = append(view.Hidden, hidden{k, v})
		}
	}
	res, err := s.Index.Search(r.Context(), req)
	if err == nil {
		view.Page = req.Offset/req.Limit + 1
		page := func(offset int) string {
			v := url.Values{}
			for k, vs := range view.params {
				v[k] = vs
			}
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
	}
	if err := searchPage.Execute(w, view); err != nil {
		s.Log.Error("render", "err", err)
	}
}
