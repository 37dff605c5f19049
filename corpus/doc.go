// Package corpus holds the model every stage of scrutineer speaks (Document,
// Block, Item, Span) and the Store, the SQLite record of truth that the
// search index is rebuilt from.
//
// Pipeline position: ingest produces Documents, extract produces Items, the
// Store keeps both with their sources and ingest runs; index and trace read
// them back. corpus imports nothing else from this module.
package corpus
