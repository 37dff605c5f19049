package index

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer/corpus"
)

// TestExport: an export holds every hit of the request once, past any
// page or window, in CSV (with its BOM, formulas neutralised) and JSON
// Lines.
func TestExport(t *testing.T) {
	ctx := context.Background()
	ix := testIndex(t)
	const n = 1234 // more than two batches
	var docs []*corpus.Document
	var items [][]corpus.Item
	for i := 0; i < 3; i++ {
		d := testDoc(fmt.Sprintf("sha256:e%d", i), "An export test.")
		d.Title = "=HYPERLINK(\"http://x\",\"evil\")"
		var its []corpus.Item
		for j := 0; j < n/3+1; j++ {
			its = append(its, corpus.Item{ID: fmt.Sprintf("e%d-%d", i, j), Kind: corpus.Recommendation, Number: fmt.Sprint(j + 1),
				Text: fmt.Sprintf("Reduce caseloads in team %d.", j), Cue: "test", Page: 2})
		}
		docs, items = append(docs, d), append(items, its)
	}
	if err := ix.PutAll(ctx, docs, items); err != nil {
		t.Fatal(err)
	}
	want := 3 * (n/3 + 1)
	var b strings.Builder
	if err := ix.ExportTo(ctx, Request{Query: "caseloads", Kind: []string{"recommendation"}}, "jsonl", &b, func(h Hit) string { return "/documents/" + h.DocID }); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	sc := bufio.NewScanner(strings.NewReader(b.String()))
	for sc.Scan() {
		var r ExportRow
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		if seen[r.ItemID] || r.Number == "" || r.Page != 2 || !strings.HasPrefix(r.Link, "/documents/") {
			t.Fatalf("row %+v (seen before: %v)", r, seen[r.ItemID])
		}
		seen[r.ItemID] = true
	}
	if len(seen) != want {
		t.Errorf("exported %d items, want %d", len(seen), want)
	}
	b.Reset()
	if err := ix.ExportTo(ctx, Request{Query: "caseloads", Kind: []string{"recommendation"}}, "csv", &b, func(Hit) string { return "" }); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(b.String(), "\ufefftitle,") {
		t.Errorf("the CSV must start with a byte order mark and its header: %q", b.String()[:20])
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(b.String(), "\ufeff"))).ReadAll()
	if err != nil || len(rows) != want+1 || !strings.HasPrefix(rows[1][0], "'=") {
		t.Errorf("%d rows (%v); first title %q", len(rows), err, rows[1][0])
	}
}
