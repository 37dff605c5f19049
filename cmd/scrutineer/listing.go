package main

import (
	"fmt"
	"strings"

	"github.com/scrutineer/scrutineer/corpus"
)

// printListing prints a document's metadata and its items grouped by kind
// and section, for people reading a terminal.
func printListing(e *env, d *corpus.Document, items []corpus.Item) {
	w := e.stdout
	fmt.Fprintf(w, "%s\n", d.Title)
	meta := []string{string(d.Format)}
	for _, v := range []string{d.DocType, d.Publisher, d.Subject, d.Date} {
		if v != "" {
			meta = append(meta, v)
		}
	}
	if d.Pages > 0 {
		meta = append(meta, fmt.Sprintf("%d pages", d.Pages))
	}
	fmt.Fprintf(w, "  %s\n", strings.Join(meta, " · "))
	for _, warn := range d.Warnings {
		fmt.Fprintf(w, "  warning: %s\n", warn)
	}
	groups := []struct {
		title string
		keep  func(corpus.Item) bool
	}{
		{"Recommendations", func(it corpus.Item) bool { return it.Kind == corpus.Recommendation }},
		{"Strengths", func(it corpus.Item) bool { return it.Polarity == corpus.Strength }},
		{"Concerns", func(it corpus.Item) bool { return it.Polarity == corpus.Concern }},
	}
	for _, g := range groups {
		section := "\x00"
		n := 0
		for _, it := range items {
			if !g.keep(it) {
				continue
			}
			if n == 0 {
				fmt.Fprintf(w, "  %s\n", g.title)
			}
			n++
			if it.Section != section {
				section = it.Section
				if section != "" {
					fmt.Fprintf(w, "    [%s]\n", section)
				}
			}
			themes := ""
			if len(it.Themes) > 0 {
				themes = "  {" + strings.Join(it.Themes, ", ") + "}"
			}
			fmt.Fprintf(w, "    - %s%s  (%s, p%d)\n", it.Text, themes, it.Cue, it.Page)
		}
	}
}
