package web

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/scrutineer/scrutineer/corpus"
	"github.com/scrutineer/scrutineer/trace"
)

// docID matches the ids of documents: nothing else reaches the store or
// the file system from a URL.
var docID = regexp.MustCompile(`^sha256:[0-9a-f]{64}$`)

var documentPage = template.Must(template.New("doc").Funcs(template.FuncMap{"words": inWords, "found": foundBy}).Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Doc.Title}}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px/1.5 system-ui,sans-serif;margin:1rem;display:grid;grid-template-columns:minmax(0,3fr) minmax(0,1fr);gap:2rem}
mark{padding:0 .1em}mark.recommendation{background:#ffe066}mark.strength{background:#b2f2bb}mark.concern{background:#ffc9c9}
.label{font-size:.7rem;font-weight:bold;text-transform:uppercase;margin-right:.3em}aside li{margin:.5rem 0}.meta{color:#555}</style></head>
<body><main><p><a href="/">← search</a></p><h1>{{.Doc.Title}}</h1>
<p class="meta">{{words .Doc.DocType}} · {{.Doc.Publisher}} · {{.Doc.Subject}} · {{.Doc.Date}}{{if .Doc.Pages}} · {{.Doc.Pages}} pages{{end}} ·
<a href="/documents/{{.Doc.ID}}/original">original file</a></p>
{{if .ReplacedBy}}<p class="meta" id="replaced">A newer version of this document replaced this one at the address it was read from: <a href="/documents/{{.ReplacedBy}}">the current version</a>. This version is kept, but is no longer searched or traced.</p>{{end}}
{{range .Doc.Warnings}}<p class="meta">warning: {{.}}</p>{{end}}
<article>{{.Body}}</article></main>
<aside><h2>Items</h2><ol>{{range .Items}}<li><a href="#{{.ID}}">{{.Label}}</a>: {{.Text}}
<div class="meta">{{if .Section}}{{.Section}} · {{end}}{{if .Page}}p{{.Page}} · {{end}}{{found .Cue}}{{range .Themes}} · {{words .}}{{end}}</div>
{{if or .ResponseStatus .Response}}<div class="meta">response{{with .ResponseStatus}} ({{.}}){{end}}{{with .Response}}: {{.}}{{end}}</div>{{end}}
{{if .Later}}<details class="meta later"><summary>what came of it? {{len .Later}} since</summary><ul>{{range .Later}}<li><a href="/documents/{{.DocID}}#{{.ItemID}}">{{.Date}}, {{.Body}}</a>{{with .ResponseStatus}} <strong>response: {{.}}</strong>{{end}}: {{.Text}}{{with .Response}}<br>{{.}}{{end}}</li>{{end}}</ul></details>{{end}}
{{if .Earlier}}<details class="meta"><summary>recommended before? {{len .Earlier}} earlier</summary><ul>{{range .Earlier}}<li><a href="/documents/{{.DocID}}#{{.ItemID}}">{{.Date}}{{if .Subject}}, {{.Subject}}{{end}}</a> ({{printf "%.2f" .Score}}{{if .Shared}}: {{range $k, $w := .Shared}}{{if $k}}, {{end}}{{$w}}{{end}}{{end}}): {{.Text}}{{with .ResponseStatus}} <strong>response: {{.}}</strong>{{end}}</li>{{end}}</ul></details>{{end}}</li>{{end}}</ol></aside>
</body></html>`))

// foundBy says in words how an item was found, from its cue: "in its
// section 'what needs to improve'", "by the words 'we recommend'".
func foundBy(cue string) string {
	kind, name, ok := strings.Cut(cue, ":")
	if !ok {
		return cue
	}
	switch kind {
	case "section":
		return "listed under “" + inWords(name) + "”"
	case "list":
		return "in a list after “" + inWords(name) + "”"
	case "block":
		if w := map[string]string{"recommendation-label": "a numbered recommendation", "resolution": "a resolution", "decision": "a decision",
			"table": "a table of recommendations", "bold": "set in bold"}[name]; w != "" {
			return w
		}
		return inWords(name)
	}
	return "by the words “" + inWords(name) + "”"
}

type itemView struct {
	corpus.Item
	Label   string
	Earlier []trace.EarlierItem // earlier items most alike: was it recommended before?
	Later   []trace.Member      // the members of its thread in other documents since: what came of it
}

// laterInThreads maps each item of the document in a stored thread to the
// members of that thread in other documents of its date or later.
func laterInThreads(threads []trace.Thread, d *corpus.Document) map[string][]trace.Member {
	out := map[string][]trace.Member{}
	for _, t := range threads {
		for _, m := range t.Members {
			if m.DocID != d.ID {
				continue
			}
			for _, o := range t.Members {
				if o.DocID != d.ID && (o.Date >= m.Date || o.Date == "" || m.Date == "") {
					out[m.ItemID] = append(out[m.ItemID], o)
				}
			}
		}
	}
	return out
}

func label(it corpus.Item) string {
	if it.Kind == corpus.Recommendation {
		return "Recommendation"
	}
	if it.Polarity == corpus.Strength {
		return "Strength"
	}
	return "Concern"
}

func class(it corpus.Item) string {
	if it.Kind == corpus.Recommendation {
		return "recommendation"
	}
	return string(it.Polarity)
}

// render writes the text as paragraphs, each item marked in place with its
// kind in colour and in words; all text is escaped here.
func render(text string, items []corpus.Item) template.HTML {
	sort.SliceStable(items, func(i, j int) bool { return items[i].Span.Start < items[j].Span.Start })
	var b strings.Builder
	pos := 0
	b.WriteString("<p>")
	write := func(s string) {
		s = template.HTMLEscapeString(s)
		s = strings.ReplaceAll(s, "\n\f\n", "</p><hr><p>")
		s = strings.ReplaceAll(s, "\n\n", "</p><p>")
		b.WriteString(s)
	}
	for _, it := range items {
		if it.Span.Start < pos || it.Span.End > len(text) || it.Span.Start >= it.Span.End {
			continue // overlapping or out of range: listed beside, not marked
		}
		write(text[pos:it.Span.Start])
		fmt.Fprintf(&b, `<mark id="%s" class="%s"><span class="label">%s</span>`, template.HTMLEscapeString(it.ID), class(it), label(it))
		write(text[it.Span.Start:it.Span.End])
		b.WriteString("</mark>")
		pos = it.Span.End
	}
	write(text[pos:])
	b.WriteString("</p>")
	return template.HTML(b.String()) // every piece of text above was escaped
}

func (s *Server) pageDocument(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !docID.MatchString(id) {
		s.notFound(w)
		return
	}
	d, err := s.Store.Document(r.Context(), id)
	if errors.Is(err, corpus.ErrNotFound) {
		s.notFound(w)
		return
	}
	if err != nil {
		s.failed(w, "read the document")
		return
	}
	items, err := s.Store.Items(r.Context(), id)
	if err != nil {
		s.failed(w, "read the document")
		return
	}
	replacedBy, err := s.Store.Replacement(r.Context(), id)
	if err != nil {
		s.failed(w, "read the document")
		return
	}
	f, ferr := s.finder(r.Context())
	// what came of each item: only while the stored threads are current,
	// never traced for a page
	threads, _, terr := trace.StoredSubjectThreads(r.Context(), s.Store, d.Subject)
	if terr != nil {
		s.Log.Error("stored threads", "err", terr)
	}
	later := laterInThreads(threads, d)
	views := make([]itemView, len(items))
	for i, it := range items {
		views[i] = itemView{Item: it, Label: label(it), Later: later[it.ID]}
		if ferr == nil && it.Kind == corpus.Recommendation {
			views[i].Earlier = f.Earlier(it.ID, 3)
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	err = documentPage.Execute(w, map[string]any{"Doc": d, "Body": render(d.Text, items), "Items": views, "ReplacedBy": replacedBy})
	if err != nil {
		s.Log.Error("render", "err", err)
	}
}

// original serves the exact bytes a document was read from, as a download.
func (s *Server) original(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !docID.MatchString(id) {
		http.NotFound(w, r)
		return
	}
	d, err := s.Store.Document(r.Context(), id)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	types := map[corpus.Format]string{corpus.PDF: "application/pdf", corpus.HTML: "text/plain; charset=utf-8",
		corpus.XML: "text/plain; charset=utf-8", corpus.Text: "text/plain; charset=utf-8"}
	w.Header().Set("Content-Type", types[d.Format])
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.%s"`, strings.TrimPrefix(id, "sha256:")[:16], d.Format))
	w.Header().Set("Content-Security-Policy", "sandbox")
	data, err := s.Store.Original(r.Context(), id)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(data))
}
