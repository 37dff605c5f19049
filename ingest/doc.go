// Package ingest turns source files into corpus Documents: it detects the
// format from the content (PDF, HTML, Hansard-style XML, plain text), reads
// the text into layout blocks (headings, paragraphs, list items, table rows,
// speeches) with page numbers and byte spans, and finds the metadata (title,
// date, publisher, document type, subject body, language), recording where
// each value came from. A manifest or sidecar overrides what the text says.
//
// Pipeline position: first. Files in, corpus.Document out; extract reads
// the blocks, the store keeps the document and its original bytes.
//
// PDFs are read by a child process of the same binary (see Isolation), so a
// hostile file cannot crash, hang or exhaust the memory of the ingest.
package ingest
