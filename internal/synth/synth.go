package synth

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand"
	"strings"

	"github.com/scrutineer/scrutineer/corpus"
)

// Config sets the size and shape of a synthetic corpus.
type Config struct {
	Seed            int64
	Items           int // recommendations and findings in all, about
	ItemsPerDoc     int // default 20
	NarrativePerDoc int // narrative sentences per document; default 30
	FirstYear       int // default 2012
	Years           int // default 14
}

func (c *Config) defaults() {
	if c.ItemsPerDoc <= 0 {
		c.ItemsPerDoc = 20
	}
	if c.NarrativePerDoc <= 0 {
		c.NarrativePerDoc = 30
	}
	if c.FirstYear == 0 {
		c.FirstYear = 2012
	}
	if c.Years <= 0 {
		c.Years = 14
	}
}

// Generator writes documents one at a time, so a corpus of any size never
// needs to be in memory.
type Generator struct {
	cfg      Config
	r        *rand.Rand
	councils []council
	n        int // documents made
	docs     int // documents to make
}

type council struct {
	name   string
	issues []int // topic indexes that recur in this council's reports
}

// New returns a generator.
func New(cfg Config) *Generator {
	cfg.defaults()
	g := &Generator{cfg: cfg, r: rand.New(rand.NewSource(cfg.Seed))}
	g.docs = max(1, cfg.Items/cfg.ItemsPerDoc)
	// about four reports per council over the years
	nc := max(1, g.docs/4)
	seen := map[string]bool{}
	for i := 0; i < nc; i++ {
		name := ""
		for try := 0; try < 5 && (name == "" || seen[name]); try++ {
			name = placeParts[0][g.r.Intn(len(placeParts[0]))] + placeParts[1][g.r.Intn(len(placeParts[1]))] + " " +
				councilKinds[g.r.Intn(len(councilKinds))]
		}
		if seen[name] {
			name = fmt.Sprintf("%s %d", name, i)
		}
		seen[name] = true
		c := council{name: name}
		for _, t := range g.r.Perm(len(topics))[:6] {
			c.issues = append(c.issues, t)
		}
		g.councils = append(g.councils, c)
	}
	return g
}

// Next returns the next document and its items, or nil when done.
func (g *Generator) Next() (*corpus.Document, []corpus.Item) {
	if g.n >= g.docs {
		return nil, nil
	}
	i := g.n
	g.n++
	c := &g.councils[i%len(g.councils)]
	round := i / len(g.councils) // the council's first, second… report
	year := g.cfg.FirstYear + min(g.cfg.Years-1, round*3+g.r.Intn(3))
	pub := publishers[g.r.Intn(len(publishers))]
	date := fmt.Sprintf("%04d-%02d-%02d", year, 1+g.r.Intn(12), 1+g.r.Intn(28))
	d := &corpus.Document{
		Title: fmt.Sprintf("Inspection of %s children’s services", c.name),
		Date:  date, Publisher: pub.name, DocType: pub.docType, Subject: c.name, Language: "en",
		Format: corpus.Text, Source: fmt.Sprintf("synth/%06d.txt", i),
	}
	var b strings.Builder
	var items []corpus.Item
	add := func(kind corpus.Kind, pol corpus.Polarity, text, section, theme string) {
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		start := b.Len()
		b.WriteString(text)
		items = append(items, corpus.Item{Kind: kind, Polarity: pol, Text: text, Section: section,
			Span: corpus.Span{Start: start, End: b.Len()}, Themes: []string{theme}, Cue: "section:synthetic"})
	}
	para := func(n int) {
		for k := 0; k < n; k++ {
			b.WriteString("\n\n")
			b.WriteString(narrative[g.r.Intn(len(narrative))])
		}
	}
	b.WriteString(d.Title)
	para(g.cfg.NarrativePerDoc / 2)
	b.WriteString("\n\nWhat needs to improve?")
	nRecs := g.cfg.ItemsPerDoc * 2 / 3
	for k := 0; k < nRecs; k++ {
		var t int
		if k < len(c.issues) && g.r.Intn(4) > 0 { // a council's own issues, most of the time
			t = c.issues[k]
		} else {
			t = g.r.Intn(len(topics))
		}
		add(corpus.Recommendation, "", g.recommendation(t), "What needs to improve?", topics[t].theme)
	}
	para(g.cfg.NarrativePerDoc / 2)
	for k := nRecs; k < g.cfg.ItemsPerDoc; k++ {
		t := g.r.Intn(len(topics))
		s := g.r.Intn(len(findingShapes))
		pol := corpus.Strength
		if s >= len(findingShapes)/2 {
			pol = corpus.Concern
		}
		add(corpus.Finding, pol, sentence(fmt.Sprintf(findingShapes[s], g.phrase(t))), "Summary of findings", topics[t].theme)
	}
	d.Text = b.String()
	sum := sha256.Sum256([]byte(fmt.Sprintf("%d|%d|%s", g.cfg.Seed, i, d.Text)))
	d.ID = "sha256:" + hex.EncodeToString(sum[:])
	for k := range items {
		items[k].ID = fmt.Sprintf("%s-%03d", hex.EncodeToString(sum[:6]), k)
		items[k].DocID = d.ID
	}
	return d, items
}

// phrase names a topic, sometimes by a synonym.
func (g *Generator) phrase(t int) string {
	tp := topics[t]
	if len(tp.synonyms) > 0 && g.r.Intn(3) == 0 {
		return tp.synonyms[g.r.Intn(len(tp.synonyms))]
	}
	return tp.name
}

func (g *Generator) recommendation(t int) string {
	return sentence(fmt.Sprintf(shapes[g.r.Intn(len(shapes))], g.phrase(t)))
}

// sentence capitalises the first letter.
func sentence(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
