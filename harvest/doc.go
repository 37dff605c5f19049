// Package harvest finds and fetches newly published documents for the
// nightly sync: it reads the sources file (folders, RSS/Atom feeds,
// sitemaps and HTML listing pages, each with default metadata and polite
// limits), lists each source's document links, and fetches them over HTTP
// with conditional requests, a rate limit, a size limit, allowed content
// types, and retries with backoff for network errors. It sits before
// ingest: what it fetches is read by ingest.Read like any file.
package harvest
