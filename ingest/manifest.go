package ingest

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/scrutineer/scrutineer/corpus"
)

// Manifest holds metadata for files, as a nightly feed or a researcher
// knows it: path (or file), url, title, date, publisher, doc_type, subject,
// language. It overrides what the text says. A manifest is CSV with a
// header row or JSON (an array of objects, or {"documents": [...]}); paths
// in it are relative to the manifest's folder. A sidecar FILE.meta.json
// beside a file does the same for that one file.
type Manifest struct {
	byPath map[string]map[string]string
}

// SidecarSuffix names a file's sidecar: report.pdf -> report.pdf.meta.json.
const SidecarSuffix = ".meta.json"

var manifestFields = []string{corpus.FieldTitle, corpus.FieldDate, corpus.FieldPublisher, corpus.FieldDocType,
	corpus.FieldSubject, corpus.FieldLanguage, corpus.FieldURL}

// LoadManifest reads a CSV or JSON manifest.
func LoadManifest(path string) (*Manifest, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read manifest %s: %w", path, err)
	}
	var rows []map[string]string
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) > 0 && (trimmed[0] == '[' || trimmed[0] == '{') {
		rows, err = jsonRows(trimmed)
	} else {
		rows, err = csvRows(data)
	}
	if err != nil {
		return nil, fmt.Errorf("read manifest %s: %w", path, err)
	}
	m := &Manifest{byPath: map[string]map[string]string{}}
	base := filepath.Dir(path)
	for i, row := range rows {
		p := row["path"]
		if p == "" {
			p = row["file"]
		}
		if p == "" {
			return nil, fmt.Errorf("read manifest %s: entry %d has no path", path, i+1)
		}
		if !filepath.IsAbs(p) {
			p = filepath.Join(base, p)
		}
		if abs, err := filepath.Abs(p); err == nil {
			p = abs
		}
		m.byPath[p] = row
	}
	return m, nil
}

func jsonRows(data []byte) ([]map[string]string, error) {
	var raw []map[string]any
	if data[0] == '{' {
		var wrap struct {
			Documents []map[string]any `json:"documents"`
		}
		if err := json.Unmarshal(data, &wrap); err != nil {
			return nil, err
		}
		raw = wrap.Documents
	} else if err := json.Unmarshal(data, &raw); err != nil {
		return nil, err
	}
	rows := make([]map[string]string, 0, len(raw))
	for _, r := range raw {
		row := map[string]string{}
		for k, v := range r {
			if s, ok := v.(string); ok {
				row[strings.ToLower(k)] = strings.TrimSpace(s)
			} else if f, ok := v.(float64); ok {
				row[strings.ToLower(k)] = fmt.Sprint(f)
			}
		}
		rows = append(rows, row)
	}
	return rows, nil
}

func csvRows(data []byte) ([]map[string]string, error) {
	records, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		return nil, err
	}
	if len(records) == 0 {
		return nil, nil
	}
	head := records[0]
	var rows []map[string]string
	for _, rec := range records[1:] {
		row := map[string]string{}
		for i, v := range rec {
			if i < len(head) {
				row[strings.ToLower(strings.TrimSpace(head[i]))] = strings.TrimSpace(v)
			}
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// Lookup returns the metadata known for the file at path (absolute): its
// manifest entry, then its sidecar on top. Nil when there is none.
func (m *Manifest) Lookup(path string) map[string]string {
	var out map[string]string
	if m != nil {
		if row, ok := m.byPath[path]; ok {
			out = map[string]string{}
			for k, v := range row {
				out[k] = v
			}
		}
	}
	if side, err := os.ReadFile(path + SidecarSuffix); err == nil {
		if rows, err := jsonRows(bytes.TrimSpace(append([]byte("["), append(side, ']')...))); err == nil && len(rows) == 1 {
			if out == nil {
				out = map[string]string{}
			}
			for k, v := range rows[0] {
				out[k] = v
			}
		}
	}
	return out
}

// applyMeta sets manifest metadata on doc, each marked as from the manifest.
// A doc_type outside the contract's list, or a date that is not one, is
// refused with a warning rather than stored.
func applyMeta(doc *corpus.Document, meta map[string]string) {
	for _, f := range manifestFields {
		v := meta[f]
		if v == "" {
			continue
		}
		switch f {
		case corpus.FieldDocType:
			if !corpus.ValidDocType(v) {
				doc.Warnings = append(doc.Warnings, fmt.Sprintf("manifest doc_type %q is not a known type: ignored", v))
				continue
			}
		case corpus.FieldDate:
			if d := normaliseDate(v); d != "" {
				v = d
			} else {
				doc.Warnings = append(doc.Warnings, fmt.Sprintf("manifest date %q is not a date: ignored", v))
				continue
			}
		}
		doc.SetMeta(f, v, corpus.FromManifest)
	}
}

// normaliseDate accepts YYYY, YYYY-MM, YYYY-MM-DD or a printed date.
func normaliseDate(v string) string {
	switch {
	case len(v) == 4 && v[0] >= '1' && v[0] <= '2':
		return v
	case len(v) == 7 && v[4] == '-':
		if ParseDate(v+"-01") != "" {
			return v
		}
		return ""
	}
	return ParseDate(v)
}
