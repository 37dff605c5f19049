package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"

	"github.com/scrutineer/scrutineer/trace"
)

var tracePage = template.Must(template.New("trace").Funcs(template.FuncMap{
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
<form method="get" action="/trace"><label>Subject <input name="subject" value="{{.Subject}}"></label>
<label>Theme <input name="theme" value="{{.Theme}}"></label> <button>Filter</button>
· export <a href="/api/threads?{{.Query}}">threads (JSON)</a>, <a href="/api/matrix?{{.Query}}">matrix (JSON)</a>, <a href="/trace.csv?{{.Query}}">threads (CSV)</a></form>
<h2>Recommendations and concerns by theme and year</h2>
<table class="heat"><tr><th>theme</th>{{range .Matrix.Years}}<th>{{.}}</th>{{end}}</tr>
{{range $t := .Matrix.Themes}}<tr><th>{{$t}}</th>{{range $y := $.Matrix.Years}}{{$c := index (index $.Matrix.Cells $t) $y}}{{$n := $.Sum $c}}
<td style="{{heat $n $.Max}}"><a href="/?theme={{$t}}&amp;year={{$y}}&amp;kind=recommendation&amp;kind=finding" title="{{$c.Recommendations}} recommendations, {{$c.Concerns}} concerns{{if $c.Strengths}}, {{$c.Strengths}} strengths{{end}}">{{if $n}}{{$n}}{{end}}</a></td>{{end}}</tr>{{end}}</table>
<h2>Threads ({{len .Threads}})</h2>
{{range $t := .Threads}}<div class="thread"><h3>{{.Label}}</h3><p class="meta">{{.Status}} · {{range .Years}}{{.}} {{end}}· {{range .Themes}}{{.}} {{end}}</p>
<ol>{{range .Members}}<li>{{.Date}} <a href="/documents/{{.DocID}}#{{.ItemID}}">{{.Title}}</a>: {{.Text}}{{with .Link}}<br><span class="meta why">alike {{printf "%.2f" .Score}} with {{$t.MemberDate .To}}{{if .Shared}}: {{range $k, $w := .Shared}}{{if $k}}, {{end}}{{$w}}{{end}}{{end}}</span>{{end}}</li>{{end}}</ol>
{{range .Changes}}<p class="meta">{{.FromDate}} → {{.ToDate}}: {{range .Ops}}{{if eq .Op "+"}}<ins class="ins">{{.Text}}</ins>{{else if eq .Op "-"}}<del class="del">{{.Text}}</del>{{else}}{{.Text}}{{end}}{{end}}</p>{{end}}
{{range .Mentions}}<p class="meta">{{.Date}} said: “{{.Quote}}”</p>{{end}}</div>{{end}}
{{if .Mentions}}<h2 id="mentions">What later reports said of earlier ones ({{len .Mentions}})</h2>
<ul>{{range .Mentions}}<li class="mention">{{.Date}} <a href="/documents/{{.DocID}}">report</a>: “{{.Quote}}”{{if .EarlierDate}} <span class="meta">of the report of <a href="/documents/{{.Earlier}}{{if .RefersTo}}#{{.RefersTo}}{{end}}">{{.EarlierDate}}</a>{{if .RefersTo}}, its recommendation most alike ({{printf "%.2f" .Score}}){{end}}</span>{{end}}</li>{{end}}</ul>{{end}}
</body></html>`))

type traceView struct {
	Subject, Theme string
	Query          string
	Matrix         trace.Matrix
	Threads        []trace.Thread
	Mentions       []trace.Mention
	Max            int
}

// Sum is a cell's count.
func (traceView) Sum(c trace.Cell) int { return c.Recommendations + c.Concerns + c.Strengths }

func (s *Server) pageTrace(w http.ResponseWriter, r *http.Request) {
	res, err := s.traceResult(r)
	if err != nil {
		s.failed(w, "work out what keeps coming back")
		return
	}
	v := traceView{Subject: r.URL.Query().Get("subject"), Theme: r.URL.Query().Get("theme"), Matrix: res.Matrix, Threads: res.Threads, Mentions: res.Mentions}
	q := url.Values{}
	for _, k := range []string{"subject", "theme", "from", "to", "min_docs", "concerns", "strengths"} {
		if val := r.URL.Query().Get(k); val != "" {
			q.Set(k, val)
		}
	}
	v.Query = q.Encode()
	for _, row := range res.Matrix.Cells {
		for _, c := range row {
			v.Max = max(v.Max, v.Sum(c))
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
