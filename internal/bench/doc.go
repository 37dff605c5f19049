// Package bench measures scrutineer against the tools people would
// otherwise use, in the same run on the same files: PDF text quality and
// speed against pdftotext (poppler-utils), and later stages against their
// baselines. Figures are computed here, never typed in.
package bench
