package corpus

import (
	_ "embed"
	"fmt"
	"strings"
)

// The vocabulary is one file, rules/themes.txt: the themes extract tags
// items with and, within each theme, the issues trace links items on.
// Both read it through ParseVocabulary; each matches the terms its own way
// (extract on stems, trace on stems and words).

//go:embed rules/themes.txt
var defaultVocabulary string

// Vocabulary is a versioned list of themes and issues.
type Vocabulary struct {
	Version string
	Themes  []Entry
	Issues  []Entry
}

// Entry is a theme ("workforce") or an issue within one
// ("workforce/workload").
type Entry struct {
	Slug  string // the theme's slug, or the issue's without its theme
	Theme string // an issue's theme; "" for a theme
	Label string
	// Terms as written: a word or several words in a row, matched on
	// their stems, or "=word", matched on the word itself.
	Terms []string
}

// DefaultVocabulary is the embedded vocabulary, as written.
func DefaultVocabulary() string { return defaultVocabulary }

// ParseVocabulary parses vocabulary text.
func ParseVocabulary(src string) (*Vocabulary, error) {
	v := &Vocabulary{}
	var cur *Entry
	themes := map[string]bool{}
	for i, raw := range strings.Split(src, "\n") {
		line := strings.TrimSpace(raw)
		switch {
		case strings.HasPrefix(line, "# version"):
			_, ver, _ := strings.Cut(line, "=")
			v.Version = strings.TrimSpace(ver)
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			slug := strings.TrimSpace(line[1 : len(line)-1])
			theme, issue, isIssue := strings.Cut(slug, "/")
			switch {
			case slug == "" || isIssue && (theme == "" || issue == ""):
				return nil, fmt.Errorf("line %d: bad section %q", i+1, line)
			case isIssue && !themes[theme]:
				return nil, fmt.Errorf("line %d: issue %q of no theme above it", i+1, slug)
			case isIssue:
				v.Issues = append(v.Issues, Entry{Slug: issue, Theme: theme})
				cur = &v.Issues[len(v.Issues)-1]
			default:
				themes[slug] = true
				v.Themes = append(v.Themes, Entry{Slug: slug})
				cur = &v.Themes[len(v.Themes)-1]
			}
		case cur == nil:
			return nil, fmt.Errorf("line %d: %q before any [theme]", i+1, line)
		default:
			if err := cur.set(line); err != nil {
				return nil, fmt.Errorf("line %d: %w", i+1, err)
			}
		}
	}
	if len(v.Themes) == 0 {
		return nil, fmt.Errorf("no themes")
	}
	return v, nil
}

// set reads one "key = value" line of an entry.
func (e *Entry) set(line string) error {
	key, val, ok := strings.Cut(line, "=")
	if !ok {
		return fmt.Errorf("want key = value: %q", line)
	}
	switch strings.TrimSpace(key) {
	case "label":
		e.Label = strings.TrimSpace(val)
	case "terms":
		for _, term := range strings.Split(val, ",") {
			if term = strings.TrimSpace(term); term != "" && term != "=" {
				e.Terms = append(e.Terms, term)
			}
		}
	default:
		return fmt.Errorf("unknown key %q", strings.TrimSpace(key))
	}
	return nil
}
