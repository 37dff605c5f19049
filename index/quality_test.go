package index

import (
	"bufio"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer/corpus"
	"github.com/scrutineer/scrutineer/extract"
	"github.com/scrutineer/scrutineer/ingest"
)

// sharedCorpus is ../shared/corpus, present beside the repository in CI.
func sharedCorpus(t testing.TB) string {
	dir, _ := filepath.Abs(filepath.Join("..", "..", "shared", "corpus"))
	if v := os.Getenv("SCRUTINEER_CORPUS"); v != "" {
		dir = v
	}
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("no shared corpus at %s", dir)
	}
	return dir
}

// buildIndex ingests and indexes the files under dirs into a new data dir.
func buildIndex(t testing.TB, root string, dirs ...string) (*Index, *corpus.Store) {
	t.Helper()
	data := t.TempDir()
	st, err := corpus.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	x, err := extract.New(extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, d := range dirs {
		_ = filepath.WalkDir(filepath.Join(root, d), func(p string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() {
				return nil
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return nil
			}
			doc, err := ingest.Read(ctx, p, b, ingest.Options{})
			if err != nil {
				return nil
			}
			doc.Entities = x.Entities(doc)
			if _, err := st.Put(ctx, 0, p, doc, x.Extract(doc), b); err != nil {
				t.Fatal(err)
			}
			return nil
		})
	}
	ix, err := Open(data)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if _, err := ix.Sync(ctx, st, nil); err != nil {
		t.Fatal(err)
	}
	return ix, st
}

// parseFilters reads "key=value key=value" (values may contain spaces up
// to the next key).
func parseFilters(s string) Request {
	var r Request
	if s == "-" {
		return r
	}
	var key string
	var val []string
	set := func() {
		v := strings.Join(val, " ")
		switch key {
		case "kind":
			r.Kind = append(r.Kind, v)
		case "polarity":
			r.Polarity = append(r.Polarity, v)
		case "type":
			r.DocType = append(r.DocType, v)
		case "publisher":
			r.Publisher = append(r.Publisher, v)
		case "subject":
			r.Subject = append(r.Subject, v)
		case "theme":
			r.Theme = append(r.Theme, v)
		case "year":
			r.Year = append(r.Year, v)
		case "from":
			r.From = v
		case "to":
			r.To = v
		}
	}
	for _, f := range strings.Fields(s) {
		if k, v, ok := strings.Cut(f, "="); ok && strings.Contains("kind polarity type publisher subject theme year from to", k) {
			if key != "" {
				set()
			}
			key, val = k, []string{v}
			continue
		}
		val = append(val, f)
	}
	if key != "" {
		set()
	}
	return r
}

func TestSearchQuality(t *testing.T) {
	if testing.Short() {
		t.Skip("builds an index of part of the shared corpus")
	}
	root := sharedCorpus(t)
	ix, _ := buildIndex(t, root, "seeds", "ofsted-ilacs", "ofsted-focused-visit")
	f, err := os.Open(filepath.Join("testdata", "queries.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.Split(line, "\t")
		if len(parts) != 3 {
			t.Fatalf("bad line %q", line)
		}
		r := parseFilters(parts[1])
		r.Query, r.Limit = parts[0], 5
		res, err := ix.Search(context.Background(), r)
		if err != nil {
			t.Errorf("%q: %v", line, err)
			continue
		}
		want := filepath.Join(root, parts[2])
		found := false
		var got []string
		for _, h := range res.Hits {
			got = append(got, strings.TrimPrefix(h.Source, root+"/"))
			if h.Source == want {
				found = true
			}
		}
		if !found {
			t.Errorf("%s [%s]: %s not in the first five: %q", parts[0], parts[1], parts[2], got)
		}
	}
}
