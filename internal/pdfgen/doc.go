// Package pdfgen writes small, valid PDFs from text, for the project's own
// fixtures: the demo's inspection report, the tests of the PDF reader
// (justified text set with word spacing or with glyph positioning and no
// space characters, running headers and footers, page numbers, hyphenated
// line ends, bullets) and, with Hostile, malformed files for robustness
// tests. It uses the standard Helvetica fonts with WinAnsi encoding.
package pdfgen
