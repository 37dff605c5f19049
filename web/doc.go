// Package web serves the corpus over HTTP: a JSON API under /api/ with the
// shapes of the command line's --json output, and server-rendered pages
// for people (html/template, so every piece of document text is escaped).
//
// Pipeline position: last. It reads the store and the index and, while it
// runs, owns the index: documents that ingest or sync store meanwhile are
// indexed by the server within seconds, so searches never stop.
package web
