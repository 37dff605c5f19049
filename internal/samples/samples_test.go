package samples

import (
	"bytes"
	"io/fs"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestGeneratedPDFIsCurrent checks the committed PDF is what the generator
// writes now, so the demo cannot drift from its source.
func TestGeneratedPDFIsCurrent(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command("go", "run", "./gen", dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("generate: %v\n%s", err, out)
	}
	fresh, err := readFile(filepath.Join(dir, "glanmorfa-inspection-2019.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	committed, err := fs.ReadFile(Files(), "glanmorfa-inspection-2019.pdf")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(fresh, committed) {
		t.Fatal("internal/samples/files/glanmorfa-inspection-2019.pdf is stale: run go generate ./internal/samples")
	}
}

func TestWriteTo(t *testing.T) {
	paths, err := WriteTo(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != 4 {
		t.Fatalf("want 4 sample files, got %d: %v", len(paths), paths)
	}
}
