// Command gen writes the demo corpus's generated files: the fictional
// council's inspection report as a PDF. Run it with `go generate
// ./internal/samples`; a test checks the committed file is what it writes.
package main

import (
	"fmt"
	"os"
	"path/filepath"
)

func main() {
	dir := "files"
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	if err := os.WriteFile(filepath.Join(dir, ReportName), ReportPDF(), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
