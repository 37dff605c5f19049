package digest

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/scrutineer/scrutineer/corpus"
	"github.com/scrutineer/scrutineer/index"
)

func sample() *Digest {
	id := "item-1"
	return &Digest{RunID: 7, Runs: []int64{6, 7},
		Documents: []Document{{ID: "sha256:1", Title: "Report <b>", Date: "2021", Publisher: "Ofsted", Status: "new", NewItems: 1}},
		Watches: []WatchResult{{Watch: corpus.Watch{Name: "plans", Query: "pathway `plans`"}, Total: 1,
			Hits: []index.Hit{{DocID: "sha256:1", ItemID: &id, Kind: "recommendation", Text: "Improve *pathway* plans [now](javascript:x)", Title: "Report <b>"}}}},
		Recurring: []Recurrence{{ItemID: id, Text: "Improve pathway plans", Title: "Report", Date: "2021", Years: []string{"2018"},
			ResponseStatus: "accepted in principle",
			Earlier:        []Earlier{{Date: "2018-05-01", Text: "Pathway plans", Title: "Earlier report"}}}},
	}
}

func TestMarkdown(t *testing.T) {
	md := sample().Markdown()
	for _, want := range []string{"sync run 7", "Covers runs 6, 7", "**Report &lt;b&gt;**", "### plans: `pathway 'plans'` — 1 new",
		`Improve \*pathway\* plans \[now\](javascript:x)`, "(2021), response: accepted in principle. Recommended before in 2018:", "2018-05-01: Pathway plans"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "<b>") || strings.Contains(md, "[now](javascript") {
		t.Errorf("unescaped text in the digest:\n%s", md)
	}
}

func TestWriteAndPost(t *testing.T) {
	d := sample()
	mdPath, jsonPath, err := d.Write(t.TempDir())
	if err != nil || filepath.Base(mdPath) != "digest-run-000007.md" {
		t.Fatal(err, mdPath)
	}
	raw, _ := os.ReadFile(jsonPath)
	var back Digest
	if err := json.Unmarshal(raw, &back); err != nil || back.RunID != 7 || len(back.Watches[0].Hits) != 1 {
		t.Fatalf("JSON digest: %v %+v", err, back)
	}
	var calls atomic.Int32
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		if calls.Add(1) == 1 {
			http.Error(w, "busy", http.StatusServiceUnavailable) // the first try fails
		}
	}))
	defer hook.Close()
	if err := d.Post(context.Background(), hook.URL); err != nil || calls.Load() != 2 {
		t.Errorf("post with one retry: %v after %d calls", err, calls.Load())
	}
	refuse := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { http.Error(w, "no", http.StatusForbidden) }))
	defer refuse.Close()
	if err := d.Post(context.Background(), refuse.URL); err == nil || !strings.Contains(err.Error(), "403") {
		t.Errorf("a refused post: %v", err)
	}
}
