// Package pdftext reads the text of a PDF as lines with their place on the
// page: it interprets each page's content streams (and the forms they
// draw) with the page's fonts and their character maps, places every glyph
// in device space, and lays the glyphs out into lines, cells and words. A
// page that panics or runs too long is reported on the page and the other
// pages are kept. It runs in the calling process: ingest runs it in a
// child process (package isolate) so that a hostile file cannot take the
// caller down with it.
package pdftext

import (
	"errors"
	"strings"
)

// Errors of a file that cannot be read.
var (
	ErrEncrypted = errors.New("encrypted")
	ErrMalformed = errors.New("malformed")
)

// Ligatures expands typographic ligatures ("ﬁ"), maps the private-use
// bullets of symbol fonts to bullets, and drops or plains soft hyphens,
// zero-width and odd spaces: what a line's text goes through, and what
// readers of other formats use to the same end.
var Ligatures = strings.NewReplacer("ﬁ", "fi", "ﬂ", "fl", "ﬀ", "ff", "ﬃ", "ffi", "ﬄ", "ffl", "ﬅ", "st", "ﬆ", "st",
	"\uf0b7", "•", "\uf0a7", "▪", "\uf0d8", "➢", "\uf0fc", "✓", "\u00ad", "", "\u200b", "", "\ufeff", "", "\u00a0", " ", "\u2009", " ", "\u202f", " ")
