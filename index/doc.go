// Package index is the full-text search over documents and items, built on
// bleve v2 (scorch). One index holds both, told apart by their type: a
// document entry carries the whole text, an item entry its own words and
// the metadata of its document, so both can be filtered and faceted alike.
//
// Pipeline position: after the store. The store is the record of truth and
// the index is rebuilt from it (Rebuild); a document is indexed with its
// items in one batch, which replaces the items it had before, so a search
// never sees half of a re-extracted document.
//
// Only one process may open the index for writing (bleve's rule). Open
// waits LockTimeout for it and then fails with ErrLocked, never hangs.
package index
