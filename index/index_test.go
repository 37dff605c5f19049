package index

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer/corpus"
)

func testDoc(id, text string) *corpus.Document {
	return &corpus.Document{ID: id, Title: "Inspection of Tregaron", Text: text, Date: "2019-05-17", Publisher: "CSSIW",
		DocType: "inspection_report", Subject: "Tregaron Borough Council", Source: "/x/" + id}
}

func TestPutReplacesItemsAndEscapes(t *testing.T) {
	ctx := context.Background()
	ix := testIndex(t)
	d := testDoc("sha256:aa", `Reduce caseloads <script>alert(1)</script> now.`)
	v1 := []corpus.Item{
		{ID: "a1", Kind: corpus.Recommendation, Text: `Reduce caseloads <script>alert(1)</script> now.`, Themes: []string{"workforce"}, Cue: "section:recommendations"},
		{ID: "a2", Kind: corpus.Recommendation, Text: "Improve pathway plans.", Themes: []string{"care-leavers"}, Cue: "section:recommendations"},
	}
	if err := ix.Put(ctx, d, v1); err != nil {
		t.Fatal(err)
	}
	res, err := ix.Search(ctx, Request{Query: "caseloads", Kind: []string{"recommendation"}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 1 || strings.Contains(res.Hits[0].Highlight, "<script>") || !strings.Contains(res.Hits[0].Highlight, "&lt;script&gt;") ||
		!strings.Contains(res.Hits[0].Highlight, "<mark>caseloads</mark>") {
		t.Fatalf("highlight must escape the text and mark the match: %+v", res.Hits)
	}
	// re-extracted: one item left, changed
	v2 := []corpus.Item{{ID: "b1", Kind: corpus.Recommendation, Text: "Improve pathway plans for care leavers.", Cue: "section:recommendations"}}
	if err := ix.Put(ctx, d, v2); err != nil {
		t.Fatal(err)
	}
	res, _ = ix.Search(ctx, Request{Query: "caseloads OR pathway", Kind: []string{"recommendation"}})
	if res.Total != 1 || *res.Hits[0].ItemID != "b1" {
		t.Errorf("old items must be gone: %+v", res.Hits)
	}
	// the publisher filter takes any name of the body
	res, _ = ix.Search(ctx, Request{Query: "pathway", Publisher: []string{"Care Inspectorate Wales"}})
	if res.Total == 0 {
		t.Error("publisher CSSIW must be found as Care Inspectorate Wales")
	}
	res, _ = ix.Search(ctx, Request{Query: "CIW", Kind: []string{"document"}})
	if res.Total != 1 {
		t.Errorf("a search for CIW must find the CSSIW document: %d", res.Total)
	}
	res, _ = ix.Search(ctx, Request{Query: "pathway", From: "2020"})
	if res.Total != 0 {
		t.Errorf("date filter: %d hits from 2020 for a 2019 document", res.Total)
	}
	if res.Facets["year"] == nil {
		t.Error("facets missing")
	}
}

func TestQueryLimits(t *testing.T) {
	ix := testIndex(t)
	for _, r := range []Request{
		{Query: ""},
		{Query: "*care"},
		{Query: "a* b* c* d* e* f*"},
		{Query: strings.Repeat("x ", 600)},
		{Query: "care", Limit: 500},
		{Query: "care", Offset: 9990, Limit: 20},
		{Query: "care", From: "last year"},
		{Query: "care", Sort: "random"},
	} {
		if _, err := ix.Search(context.Background(), r); !errors.Is(err, ErrQuery) {
			t.Errorf("%+v: got %v, want a query error", r, err)
		}
	}
}

func TestLockTimeout(t *testing.T) {
	dir := t.TempDir()
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	old := LockTimeout
	LockTimeout = 300 * time.Millisecond
	defer func() { LockTimeout = old }()
	start := time.Now()
	_, err = Open(dir)
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("second open: %v, want ErrLocked", err)
	}
	if time.Since(start) > 10*time.Second {
		t.Error("waited far past the lock timeout")
	}
}

// TestHugeOffsetIsABadQuery: an offset near the largest int is refused
// before any arithmetic on it can overflow.
func TestHugeOffsetIsABadQuery(t *testing.T) {
	ix := testIndex(t)
	for _, off := range []int{math.MaxInt, math.MaxInt - 5, MaxWindow, -1} {
		if _, err := ix.Search(context.Background(), Request{Query: "care", Offset: off, Limit: 20}); !errors.Is(err, ErrQuery) {
			t.Errorf("offset %d: got %v, want a bad query", off, err)
		}
	}
}

// A shard half made by a process killed while making it is a leftover
// beside the index, never a shard that cannot be opened.
func TestHalfMadeShardIsLeftOver(t *testing.T) {
	dir := t.TempDir()
	left := filepath.Join(dir, "index", "shard-0.new")
	if err := os.MkdirAll(left, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(left, "index_meta.json"), []byte(`{"storage":"boltdb","index_type":"scorch"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatalf("open beside a half-made shard: %v", err)
	}
	ix.Close()
	if _, err := os.Stat(left); !os.IsNotExist(err) {
		t.Errorf("the leftover is still there: %v", err)
	}
	if ix, err = Open(dir); err != nil { // and what was made opens again
		t.Fatalf("reopen: %v", err)
	}
	ix.Close()
}
