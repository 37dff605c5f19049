package web

import (
	"html/template"
	"net/http"
)

// errorPage is what a page (not the API) shows when it cannot answer: a
// page in the site's style that says in words what went wrong and where to
// go, never a bare line of text or a command-line flag.
var errorPage = template.Must(template.New("error").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>scrutineer: {{.Title}}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem}.err{color:#a00}</style></head>
<body><h1><a href="/">scrutineer</a></h1><h2 class="err">{{.Title}}</h2><p>{{.Say}}</p>
<p><a href="/">Search the documents</a> · <a href="/trace">what keeps coming back</a></p></body></html>`))

// pageError writes an error page with the status code.
func (s *Server) pageError(w http.ResponseWriter, code int, title, say string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	if err := errorPage.Execute(w, struct{ Title, Say string }{title, say}); err != nil {
		s.Log.Error("render", "err", err)
	}
}

func (s *Server) notFound(w http.ResponseWriter) {
	s.pageError(w, http.StatusNotFound, "No such document", "There is no document at this address. It may have been removed, or the link may be cut short.")
}

func (s *Server) failed(w http.ResponseWriter, what string) {
	s.pageError(w, http.StatusInternalServerError, "Something went wrong", "The server could not "+what+". Try again in a moment; if it goes on, the server's log says why.")
}
