// Package samples holds the demo corpus: documents about a fictional
// council (Glanmorfa County Council) written for this project, in each
// format scrutineer reads: an inspection report as a generated PDF, a
// written statement as a saved web page, a debate as Hansard-style XML and
// an assurance review as plain text. Recommendations recur across the
// years, reworded, as they do in real inspections.
package samples

import (
	"embed"
	"io/fs"
	"os"
	"path/filepath"
)

//go:generate go run ./gen files

//go:embed files
var files embed.FS

// Files returns the sample documents.
func Files() fs.FS {
	sub, err := fs.Sub(files, "files")
	if err != nil {
		panic(err) // the embedded folder is there by construction
	}
	return sub
}

// WriteTo copies the sample documents into dir and returns their paths.
func WriteTo(dir string) ([]string, error) {
	var paths []string
	err := fs.WalkDir(Files(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(Files(), p)
		if err != nil {
			return err
		}
		out := filepath.Join(dir, p)
		paths = append(paths, out)
		return os.WriteFile(out, data, 0o644)
	})
	return paths, err
}
