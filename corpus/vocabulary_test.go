package corpus

import (
	"strings"
	"testing"
)

// The embedded vocabulary parses into themes and issues, each issue under
// a theme the file declares, no slug twice.
func TestDefaultVocabulary(t *testing.T) {
	v, err := ParseVocabulary(DefaultVocabulary())
	if err != nil {
		t.Fatal(err)
	}
	if v.Version == "" || len(v.Themes) < 10 || len(v.Issues) < 30 {
		t.Fatalf("version %q, %d themes, %d issues", v.Version, len(v.Themes), len(v.Issues))
	}
	themes, issues := map[string]bool{}, map[string]bool{}
	for _, th := range v.Themes {
		if themes[th.Slug] || th.Label == "" || len(th.Terms) == 0 {
			t.Errorf("theme %q: twice, or no label or terms", th.Slug)
		}
		themes[th.Slug] = true
	}
	for _, is := range v.Issues {
		if !themes[is.Theme] || issues[is.Slug] || len(is.Terms) == 0 {
			t.Errorf("issue %s/%s: of no theme, twice, or no terms", is.Theme, is.Slug)
		}
		issues[is.Slug] = true
	}
}

func TestParseVocabularyErrors(t *testing.T) {
	for _, src := range []string{
		"terms = x",                        // before any section
		"[a]\nterms = x\n[b/c]\nterms = y", // issue of an undeclared theme
		"[a]\nterms = x\n[a/]\nterms = y",  // issue without a slug
		"[a]\nwords = x",                   // unknown key
		"# only a comment",                 // no themes
		"[a]\nterms = x\n[/c]\nterms = y",  // issue without a theme
		"[a]\nlabel = A\nterms x",          // not key = value
	} {
		if _, err := ParseVocabulary(src); err == nil {
			t.Errorf("%q parsed", src)
		}
	}
	v, err := ParseVocabulary("# version = 1\n[a]\nlabel = A\nterms = x, =y z,\n[a/b]\nterms = w")
	if err != nil || v.Version != "1" || len(v.Themes) != 1 || strings.Join(v.Themes[0].Terms, "|") != "x|=y z" ||
		len(v.Issues) != 1 || v.Issues[0].Theme != "a" || v.Issues[0].Slug != "b" {
		t.Errorf("%+v, %v", v, err)
	}
}
