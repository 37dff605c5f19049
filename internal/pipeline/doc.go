// Package pipeline wires the stages together for a run: it walks the
// given paths, reads each file (ingest) and extracts its items (extract)
// in a bounded pool of workers, and stores each document with its items
// in one transaction (corpus) from a single writer, so a run killed at any
// moment leaves a store the next run completes without duplicates.
package pipeline
