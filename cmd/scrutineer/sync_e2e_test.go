package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer/corpus"
	"github.com/scrutineer/scrutineer/internal/pipeline"
)

// feedServer publishes n short reports in an RSS feed on loopback, each
// with three recommendations that share the word "quokka"; each document
// is served after delay.
func feedServer(t *testing.T, n int, delay time.Duration) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	var srv *httptest.Server
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Glanmorfa</title>`)
		for i := 0; i < n; i++ {
			fmt.Fprintf(w, "<item><title>Monitoring visit %d</title><link>%s/docs/%d.txt</link><pubDate>Mon, 0%d Mar 2025 09:00:00 GMT</pubDate></item>",
				i, srv.URL, i, 1+i%9)
		}
		fmt.Fprint(w, `</channel></rss>`)
	})
	mux.HandleFunc("/docs/", func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(delay)
		id := strings.TrimSuffix(filepath.Base(r.URL.Path), ".txt")
		w.Header().Set("Content-Type", "text/plain")
		w.Header().Set("ETag", `"`+id+`"`)
		fmt.Fprintf(w, "Monitoring visit %s to Glanmorfa County Council children's services\n\nWhat needs to improve?\n\n"+
			"- The quokka register number %s for children in care.\n- Quokka supervision of social workers in team %s.\n"+
			"- The timeliness of quokka assessments in area %s.\n", id, id, id, id)
	})
	mux.HandleFunc("/down/feed.xml", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "down", http.StatusBadGateway) })
	srv = httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func writeSources(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "sources.toml")
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func feedSource(name, url string) string {
	return fmt.Sprintf("[[source]]\nname = %q\nkind = \"feed\"\nurl = %q\npublisher = \"Care Inspectorate Wales\"\ndoc_type = \"monitoring_visit\"\nrate = 1000\nconcurrency = 2\nretries = 1\n\n", name, url)
}

// TestSyncCommand runs the sync command as a user would: saved searches,
// a first sync with its digest, then each exit code (nothing new, a
// source down, every source down, a bad sources file, another sync
// running), the runs listed, and the watch removed.
func TestSyncCommand(t *testing.T) {
	srv := feedServer(t, 5, 0)
	data := t.TempDir()
	good := writeSources(t, feedSource("visits", srv.URL+"/feed.xml"))
	if _, stderr, code := runBin(t, "watch", "add", "--data", data, "--kind", "recommendation", "registers", "+quokka +register"); code != 0 {
		t.Fatalf("watch add: %d %s", code, stderr)
	}
	if _, stderr, code := runBin(t, "watch", "add", "--data", data, "broken", "*plans"); code != 2 || !strings.Contains(stderr, "broken") {
		t.Errorf("a malformed watch query: exit %d %s", code, stderr)
	}
	out, _, _ := runBin(t, "watch", "list", "--data", data)
	if !strings.Contains(out, "registers") || !strings.Contains(out, "--kind recommendation") {
		t.Errorf("watch list: %q", out)
	}
	checkFirstSyncCommand(t, data, good)
	checkSyncExitCodes(t, srv.URL, data, good)
	out, _, _ = runBin(t, "runs", "--data", data)
	if strings.Count(out, " sync ") < 4 {
		t.Errorf("runs should list the sync runs:\n%s", out)
	}
	if _, _, code := runBin(t, "watch", "rm", "--data", data, "registers"); code != 0 {
		t.Errorf("watch rm: exit %d", code)
	}
	if _, _, code := runBin(t, "watch", "rm", "--data", data, "registers"); code != 2 {
		t.Errorf("watch rm of a missing watch: exit %d, want 2", code)
	}
}

// checkFirstSyncCommand: the first sync brings in the feed's documents,
// its digest has the watch's hits, and they are searchable.
func checkFirstSyncCommand(t *testing.T, data, sources string) {
	t.Helper()
	out, stderr, code := runBin(t, "sync", "--data", data, "--sources", sources, "--json")
	if code != 0 {
		t.Fatalf("first sync: exit %d\n%s\n%s", code, out, stderr)
	}
	var rep struct {
		RunID   int64 `json:"run_id"`
		New     int   `json:"new"`
		Sources []struct {
			Name string `json:"name"`
			New  int    `json:"new"`
		} `json:"sources"`
		Digest struct {
			Markdown string         `json:"markdown"`
			Counts   map[string]int `json:"counts"`
		} `json:"digest"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("sync --json: %v\n%s", err, out)
	}
	if rep.RunID == 0 || rep.New != 5 || len(rep.Sources) != 1 || rep.Sources[0].Name != "visits" || rep.Sources[0].New != 5 {
		t.Errorf("summary: %+v", rep)
	}
	if rep.Digest.Counts["watch_hits"] != 5 {
		t.Errorf("the watch should find the 5 register recommendations: %+v", rep.Digest)
	}
	if _, err := os.Stat(rep.Digest.Markdown); err != nil {
		t.Errorf("digest not written: %v", err)
	}
	if out, _, code := runBin(t, "search", "--data", data, "quokka", "--json"); code != 0 || !strings.Contains(out, "Monitoring visit") {
		t.Errorf("synced documents not searchable: %d %s", code, out)
	}
}

// checkSyncExitCodes: 4 nothing new, 1 a source down, 3 every source
// down, 2 a bad sources file, 5 another sync running.
func checkSyncExitCodes(t *testing.T, base, data, good string) {
	t.Helper()
	if _, _, code := runBin(t, "sync", "--data", data, "--sources", good); code != 4 {
		t.Errorf("nothing new: exit %d, want 4", code)
	}
	mixed := writeSources(t, feedSource("visits", base+"/feed.xml")+feedSource("down", base+"/down/feed.xml"))
	if out, _, code := runBin(t, "sync", "--data", data, "--sources", mixed); code != 1 || !strings.Contains(out, "HTTP 502") {
		t.Errorf("one source down: exit %d, want 1\n%s", code, out)
	}
	down := writeSources(t, feedSource("down", base+"/down/feed.xml"))
	if _, stderr, code := runBin(t, "sync", "--data", data, "--sources", down); code != 3 || !strings.Contains(stderr, "every source failed") {
		t.Errorf("every source down: exit %d, want 3: %s", code, stderr)
	}
	bad := writeSources(t, "[[source]]\nname='x'\nkind='ftp'\n")
	if _, stderr, code := runBin(t, "sync", "--data", data, "--sources", bad); code != 2 || !strings.Contains(stderr, "kind \"ftp\"") {
		t.Errorf("bad sources file: exit %d, want 2: %s", code, stderr)
	}
	release, err := pipeline.LockSync(data)
	if err != nil {
		t.Fatal(err)
	}
	_, stderr, code := runBin(t, "sync", "--data", data, "--sources", good)
	release()
	if code != 5 || !strings.Contains(stderr, "another sync is running") {
		t.Errorf("while another sync runs: exit %d, want 5: %s", code, stderr)
	}
}

func TestKillDuringSync(t *testing.T) {
	const docs = 80
	srv := feedServer(t, docs, 15*time.Millisecond)
	data := t.TempDir()
	sources := writeSources(t, feedSource("visits", srv.URL+"/feed.xml"))
	partial := 0
	for _, delay := range []time.Duration{300 * time.Millisecond, 600 * time.Millisecond, 1000 * time.Millisecond} {
		cmd := exec.Command(binary, "sync", "--data", data, "--sources", sources)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay)
		_ = cmd.Process.Signal(syscall.SIGKILL)
		err := cmd.Wait()
		n := countDocuments(t, data)
		t.Logf("killed after %s (%v): %d documents stored", delay, err, n)
		if n > 0 && n < docs && err != nil {
			partial++
		}
	}
	if partial == 0 {
		t.Fatal("no kill landed in the middle of a sync: the test proves nothing")
	}
	out, stderr, code := runBin(t, "sync", "--data", data, "--sources", sources, "--json")
	if code != 0 {
		t.Fatalf("sync after kills: exit %d\n%s\n%s", code, out, stderr)
	}
	// Killed runs leave no digest; a later one covers them. Across all the
	// digests written, every document is reported exactly once.
	files, _ := filepath.Glob(filepath.Join(data, "digests", "*.json"))
	reported := map[string]int{}
	for _, f := range files {
		raw, _ := os.ReadFile(f)
		var d struct {
			Documents []struct{ ID string } `json:"documents"`
		}
		if err := json.Unmarshal(raw, &d); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, doc := range d.Documents {
			reported[doc.ID]++
		}
	}
	for id, n := range reported {
		if n != 1 {
			t.Errorf("document %s reported in %d digests", id, n)
		}
	}
	if len(reported) != docs {
		t.Errorf("%d documents reported in %d digests, want %d", len(reported), len(files), docs)
	}
	st, err := corpus.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	stats, _ := st.Stats(context.Background())
	var dup int
	st.DB().QueryRow(`SELECT count(*) FROM (SELECT path FROM sources WHERE current=1 GROUP BY path HAVING count(*) > 1)`).Scan(&dup)
	if stats.Documents != docs || stats.Sources != docs || dup != 0 {
		t.Errorf("after kills: %+v and %d duplicated paths, want %d documents and sources", stats, dup, docs)
	}
	if _, _, code := runBin(t, "sync", "--data", data, "--sources", sources); code != 4 {
		t.Errorf("a further sync: exit %d, want 4 (nothing new)", code)
	}
}

func TestSyncWhileServing(t *testing.T) {
	const docs = 30
	srv := feedServer(t, docs, 5*time.Millisecond)
	data := t.TempDir()
	sources := writeSources(t, feedSource("visits", srv.URL+"/feed.xml"))
	base := startServer(t, data)
	var searches, bad atomic.Int32
	var lastErr atomic.Value
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() { // search all the time the sync runs
		defer close(done)
		for {
			select {
			case <-stop:
				return
			default:
			}
			total, code := searchTotal(base + "api/search?q=quokka&kind=recommendation")
			searches.Add(1)
			if code != 200 || total%3 != 0 { // a document's three items arrive together or not at all
				bad.Add(1)
				lastErr.Store(fmt.Sprintf("status %d, total %d", code, total))
			}
			time.Sleep(10 * time.Millisecond)
		}
	}()
	out, stderr, code := runBin(t, "sync", "--data", data, "--sources", sources)
	if code != 0 || !strings.Contains(out, "held by the server") {
		t.Errorf("sync while serving: exit %d\n%s\n%s", code, out, stderr)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		if total, _ := searchTotal(base + "api/search?q=quokka&kind=recommendation"); total == 3*docs {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the server did not index what the sync stored")
		}
		time.Sleep(100 * time.Millisecond)
	}
	close(stop)
	<-done
	if bad.Load() > 0 {
		t.Errorf("%d of %d searches failed or saw half a document (last: %v)", bad.Load(), searches.Load(), lastErr.Load())
	}
	t.Logf("%d searches during the sync, none failed", searches.Load())
}
