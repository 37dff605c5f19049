package pipeline

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/scrutineer/scrutineer/ingest"
)

// walk lists the regular files under paths (recursively for folders), in
// a stable order, skipping hidden files and folders. A path that cannot be
// read is returned as a failure.
func walk(paths []string) (files []string, failures []Failure) {
	seen := map[string]bool{}
	add := func(p string) {
		if abs, err := filepath.Abs(p); err == nil {
			p = abs
		}
		if !seen[p] {
			seen[p] = true
			files = append(files, p)
		}
	}
	for _, root := range paths {
		fi, err := os.Stat(root)
		if err != nil {
			failures = append(failures, Failure{Path: root, Reason: fmt.Sprintf("cannot read: %v", unwrapPathError(err))})
			continue
		}
		if !fi.IsDir() {
			add(root)
			continue
		}
		var sub []string
		err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				failures = append(failures, Failure{Path: p, Reason: fmt.Sprintf("cannot read: %v", unwrapPathError(err))})
				return nil
			}
			name := d.Name()
			if p != root && strings.HasPrefix(name, ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if strings.HasSuffix(name, ingest.SidecarSuffix) {
				return nil // metadata for its neighbour, not a document
			}
			if d.Type().IsRegular() || d.Type()&fs.ModeSymlink != 0 {
				sub = append(sub, p)
			}
			return nil
		})
		if err != nil {
			failures = append(failures, Failure{Path: root, Reason: err.Error()})
		}
		sort.Strings(sub)
		for _, p := range sub {
			add(p)
		}
	}
	return files, failures
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if e, ok := err.(*fs.PathError); ok {
		pe = e
		return pe.Err
	}
	return err
}
