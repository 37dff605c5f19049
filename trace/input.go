package trace

import "github.com/scrutineer/scrutineer/corpus"

// InputOf is the trace input of a stored item.
func InputOf(r corpus.ItemRow) Input {
	return Input{ItemID: r.ID, DocID: r.DocID, Date: r.Date, Subject: r.Subject, Title: r.Title, Publisher: r.Publisher,
		Kind: r.Kind, Polarity: r.Polarity, Text: r.Text, Section: r.Section, Themes: r.Themes}
}

// WithTheme keeps the threads that have the theme.
func WithTheme(ts []Thread, theme string) []Thread {
	out := []Thread{}
	for _, t := range ts {
		for _, th := range t.Themes {
			if th == theme {
				out = append(out, t)
				break
			}
		}
	}
	return out
}
