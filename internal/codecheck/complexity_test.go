// Package codecheck holds tests about the code itself.
package codecheck

import (
	"path/filepath"
	"regexp"
	"testing"

	"github.com/fzipp/gocyclo"
)

// maxComplexity is the most cyclomatic complexity a function may have: a
// function past it does several things, each of which wants a name.
const maxComplexity = 25

// TestComplexity fails on any function of the module, tests included,
// whose cyclomatic complexity passes maxComplexity.
func TestComplexity(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	stats := gocyclo.Analyze([]string{root}, regexp.MustCompile(`/(vendor|testdata)/`))
	if len(stats) < 100 {
		t.Fatalf("only %d functions found under %s", len(stats), root)
	}
	for _, s := range stats.SortAndFilter(-1, maxComplexity) {
		t.Errorf("%s: %s.%s has cyclomatic complexity %d (at most %d)", s.Pos, s.PkgName, s.FuncName, s.Complexity, maxComplexity)
	}
}
