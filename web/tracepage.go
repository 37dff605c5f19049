package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"

	"github.com/scrutineer/scrutineer/trace"
)

var tracePage = template.Must(template.New("trace").Funcs(template.FuncMap{
	"words": inWords,
	"heat": func(n, max int) template.CSS { // colour and a number: not colour alone
		if max == 0 || n == 0 {
			return "background:#fff"
		}
		return template.CSS(fmt.Sprintf("background:rgba(224,49,49,%.2f)", 0.12+0.78*float64(n)/float64(max)))
	},
}).Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>scrutineer: what keeps coming back</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:70rem;margin:1rem auto;padding:0 1rem}
table.heat td,table.heat th{border:1px solid #ddd;padding:.2rem .5rem;text-align:center}table.heat td a{color:#000;text-decoration:none;display:block}
.ins{background:#d3f9d8;text-decoration:none}.del{background:#ffe3e3}.thread{margin:1.5rem 0}.meta{color:#555;font-size:.85rem}</style></head>
<body><p><a href="/">← search</a></p><h1>What keeps coming back</h1>
<form method="get" action="/trace"><label>Subject <input name="subject" value="{{.Subject}}" list="subjects"></label>
<label>Theme <input name="theme" value="{{.Theme}}" list="themes"></label>
<label>Publisher <input name="publisher" value="{{.Publisher}}" list="publishers"></label>
<label>Type <select name="type"><option value="">any</option>{{range .Types}}<option value="{{.}}"{{if eq . $.Type}} selected{{end}}>{{words .}}</option>{{end}}</select></label>
<label><input type="checkbox" name="concerns" value="1"{{if .Concerns}} checked{{end}}> concerns</label>
<label><input type="checkbox" name="strengths" value="1"{{if .Strengths}} checked{{end}}> strengths</label>
<label><input type="checkbox" name="per" value="report"{{if .PerReport}} checked{{end}}> per report</label> <button>Filter</button>
<datalist id="subjects">{{range .Subjects}}<option value="{{.}}">{{end}}</datalist>
<datalist id="themes">{{range .Themes}}<option value="{{.}}">{{end}}</datalist>
<datalist id="publishers">{{range .Publishers}}<option value="{{.}}">{{end}}</datalist>
· export <a href="/api/threads?{{.Query}}">threads (JSON)</a>, <a href="/api/matrix?{{.Query}}">matrix (JSON)</a>, <a href="/trace.csv?{{.Query}}">threads (CSV)</a></form>
<h2>{{.Counted}} by theme and year{{if .PerReport}}, per report{{end}}</h2>
<table class="heat"><tr><th>theme</th>{{range .Matrix.Years}}<th>{{.}}</th>{{end}}</tr>
{{range $t := .Matrix.Themes}}<tr><th>{{$t}}</th>{{range $y := $.Matrix.Years}}{{$c := index (index $.Matrix.Cells $t) $y}}{{$n := $.Sum $c}}
<td style="{{heat $n $.Max}}"><a href="{{$.CellLink $t $y}}" title="{{$c.Recommendations}} recommendations, {{$c.Concerns}} concerns{{if $c.Strengths}}, {{$c.Strengths}} strengths{{end}} in {{index $.Matrix.Reports $y}} reports">{{if $n}}{{$.Shown $n $y}}{{end}}</a></td>{{end}}</tr>{{end}}</table>
<h2>Threads ({{len .Threads}})</h2>
{{range $t := .Threads}}<div class="thread"><h3>{{.Label}}</h3><p class="meta">{{.Status}} · {{range .Years}}{{.}} {{end}}· {{range .Themes}}{{.}} {{end}}</p>
<ol>{{range .Members}}<li>{{.Date}} <a href="/documents/{{.DocID}}#{{.ItemID}}">{{.Title}}</a>: {{.Text}}{{if or .ResponseStatus .Response}}<br><span class="meta response">response{{with .ResponseStatus}} ({{.}}){{end}}{{with .Response}}: {{.}}{{end}}</span>{{end}}{{with .Link}}<br><span class="meta why">alike {{printf "%.2f" .Shown}} with {{$t.MemberName .To}}{{if .Shared}}: {{range $k, $w := .Shared}}{{if $k}}, {{end}}{{$w}}{{end}}{{end}}</span>{{end}}</li>{{end}}</ol>
{{range .Changes}}<p class="meta">{{.FromDate}} → {{.ToDate}}: {{range .Spaced}}{{if eq .Op "+"}}<ins class="ins">{{.Text}}</ins>{{else if eq .Op "-"}}<del class="del">{{.Text}}</del>{{else}}{{.Text}}{{end}}{{end}}</p>{{end}}
{{range .Mentions}}<p class="meta">{{.Date}} said: “{{.Quote}}”</p>{{end}}</div>{{end}}
{{if .Mentions}}<h2 id="mentions">What later reports said of earlier ones ({{len .Mentions}})</h2>
<ul>{{range .Mentions}}<li class="mention">{{.Date}} <a href="/documents/{{.DocID}}">report</a>: “{{.Quote}}”{{if .EarlierDate}} <span class="meta">of the report of <a href="/documents/{{.Earlier}}{{if .RefersTo}}#{{.RefersTo}}{{end}}">{{.EarlierDate}}</a>{{if .RefersTo}}, its recommendation most alike ({{printf "%.2f" .Score}}){{end}}</span>{{end}}</li>{{end}}</ul>{{end}}
</body></html>`))

type traceView struct {
	Subject, Theme, Publisher, Type string
	Concerns, Strengths, PerReport  bool
	Query                           string
	Matrix                          trace.Matrix
	Threads                         []trace.Thread
	Mentions                        []trace.Mention
	Max                             int
	// the known values the pickers offer
	Subjects, Themes, Publishers, Types []string
	params                              url.Values
}

// Sum is a cell's count.
func (traceView) Sum(c trace.Cell) int { return c.Recommendations + c.Concerns + c.Strengths }

// Counted says what the cells count.
func (v traceView) Counted() string {
	s := "Recommendations"
	if v.Concerns {
		s += ", concerns"
	}
	if v.Strengths {
		s += ", strengths"
	}
	return s
}

// Shown is a cell's count as the page shows it: raw, or per report of
// the year.
func (v traceView) Shown(n int, year string) string {
	if !v.PerReport {
		return fmt.Sprint(n)
	}
	r := v.Matrix.Reports[year]
	if r == 0 {
		return "0"
	}
	return fmt.Sprintf("%.1f", float64(n)/float64(r))
}

// CellLink is the search that lists exactly the items a cell counts: its
// theme and year, every filter of the page, and the kinds it counts.
func (v traceView) CellLink(theme, year string) string {
	q := url.Values{"theme": {theme}, "year": {year}, "kind": {"recommendation"}}
	if v.Concerns {
		q.Add("kind", "concern")
	}
	if v.Strengths {
		q.Add("kind", "strength")
	}
	for _, k := range []string{"subject", "publisher", "type", "from", "to"} {
		if x := v.params.Get(k); x != "" {
			q.Set(k, x)
		}
	}
	return "/?" + q.Encode()
}

func (s *Server) pageTrace(w http.ResponseWriter, r *http.Request) {
	res, err := s.traceResult(r)
	if err != nil {
		s.failed(w, "work out what keeps coming back")
		return
	}
	p := r.URL.Query()
	v := traceView{Subject: p.Get("subject"), Theme: p.Get("theme"), Publisher: p.Get("publisher"), Type: p.Get("type"),
		Concerns: p.Get("concerns") != "", Strengths: p.Get("strengths") != "", PerReport: p.Get("per") == "report",
		Matrix: res.Matrix, Threads: res.Threads, Mentions: res.Mentions, params: p}
	v.Subjects, _ = s.Store.DocumentValues(r.Context(), "subject")
	v.Publishers, _ = s.Store.DocumentValues(r.Context(), "publisher")
	v.Types, _ = s.Store.DocumentValues(r.Context(), "doc_type")
	v.Themes = s.Index.Values("theme")
	q := url.Values{}
	for _, k := range []string{"subject", "theme", "publisher", "type", "from", "to", "min_docs", "concerns", "strengths"} {
		if val := p.Get(k); val != "" {
			q.Set(k, val)
		}
	}
	v.Query = q.Encode()
	for _, row := range res.Matrix.Cells {
		for _, c := range row {
			v.Max = max(v.Max, v.Sum(c)) // the shade follows the raw count
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err := tracePage.Execute(w, v); err != nil {
		s.Log.Error("render", "err", err)
	}
}

// traceCSV exports the current threads, one row per member.
func (s *Server) traceCSV(w http.ResponseWriter, r *http.Request) {
	res, err := s.traceResult(r)
	if err != nil {
		http.Error(w, "trace failed", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="threads.csv"`)
	if err := trace.WriteCSV(w, res.Threads); err != nil {
		s.Log.Error("csv", "err", err)
	}
}
