package codecheck

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// versionLine is the header line that names a rule file's version.
var versionLine = regexp.MustCompile(`(?m)^# version ?[:=] ?\S+`)

// TestRuleFilesVersioned: every rule file of the module (the */rules/
// folders of the packages, which embed them) says its version, a text file
// in a "# version:" line, a JSON file in its "version" field. The packages'
// own tests load them.
func TestRuleFilesVersioned(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "*", "rules", "*"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 10 {
		t.Fatalf("only %d rule files found: %v", len(files), files)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		switch filepath.Ext(f) {
		case ".json":
			var v struct {
				Version string `json:"version"`
			}
			if err := json.Unmarshal(data, &v); err != nil || v.Version == "" {
				t.Errorf("%s: no version (%v)", f, err)
			}
		default:
			if !versionLine.Match(data) {
				t.Errorf("%s: no \"# version:\" line", f)
			}
		}
	}
}
