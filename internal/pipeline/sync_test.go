package pipeline

import (
	"context"
	"crypto/sha256"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer/corpus"
	"github.com/scrutineer/scrutineer/harvest"
	"github.com/scrutineer/scrutineer/ingest"
	"github.com/scrutineer/scrutineer/internal/pdfgen"
)

// publisher is a real HTTP server on loopback that publishes documents
// the way councils and inspectorates do: an RSS feed, a sitemap and an
// HTML listing page, with ETags, and some addresses that misbehave.
type publisher struct {
	srv  *httptest.Server
	mu   sync.Mutex
	docs map[string]pubDoc // path -> document
	hits map[string]int    // full downloads per path
}

type pubDoc struct {
	body    []byte
	ctype   string
	updated time.Time
}

func newPublisher(t *testing.T) *publisher {
	p := &publisher{docs: map[string]pubDoc{}, hits: map[string]int{}}
	mux := http.NewServeMux()
	mux.HandleFunc("/feed.xml", p.feed)
	mux.HandleFunc("/sitemap.xml", p.sitemap)
	mux.HandleFunc("/reports/", p.listing)
	mux.HandleFunc("/docs/", p.doc)
	mux.HandleFunc("/broken/feed.xml", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "down", 500) })
	mux.HandleFunc("/slow/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(10 * time.Second):
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/bad/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/bad/loop", http.StatusFound) })
	mux.HandleFunc("/bad/truncated.pdf", func(w http.ResponseWriter, r *http.Request) {
		conn, buf, _ := w.(http.Hijacker).Hijack()
		buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\nContent-Length: 50000\r\n\r\n%PDF-1.4\n")
		buf.Flush()
		conn.Close()
	})
	mux.HandleFunc("/bad/huge.pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", fmt.Sprint(5<<20))
		w.Write(make([]byte, 5<<20))
	})
	p.srv = httptest.NewServer(mux)
	t.Cleanup(p.srv.Close)
	return p
}

func (p *publisher) publish(path, ctype string, body []byte, updated time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.docs[path] = pubDoc{body: body, ctype: ctype, updated: updated}
}

func (p *publisher) downloads() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for _, v := range p.hits {
		n += v
	}
	return n
}

func (p *publisher) sorted(prefix string) []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []string
	for k := range p.docs {
		if strings.HasPrefix(k, prefix) {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

func (p *publisher) feed(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/rss+xml")
	fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Glanmorfa</title>`)
	for _, path := range p.sorted("/docs/feed/") {
		d := p.docs[path]
		fmt.Fprintf(w, "<item><title>Report %s</title><link>%s%s</link><pubDate>%s</pubDate></item>",
			filepath.Base(path), p.srv.URL, path, d.updated.Format(http.TimeFormat))
	}
	for _, bad := range []string{"/bad/loop", "/bad/truncated.pdf", "/bad/huge.pdf"} {
		if r.URL.Query().Get("bad") != "" {
			fmt.Fprintf(w, "<item><title>bad</title><link>%s%s</link></item>", p.srv.URL, bad)
		}
	}
	fmt.Fprint(w, `</channel></rss>`)
}

func (p *publisher) sitemap(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/xml")
	fmt.Fprint(w, `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
	for _, path := range p.sorted("/docs/map/") {
		fmt.Fprintf(w, "<url><loc>%s%s</loc><lastmod>%s</lastmod></url>", p.srv.URL, path, p.docs[path].updated.Format(time.RFC3339))
	}
	fmt.Fprint(w, `</urlset>`)
}

func (p *publisher) listing(w http.ResponseWriter, r *http.Request) {
	body := "<html><body><h1>Reports</h1>"
	for _, path := range p.sorted("/docs/list/") {
		body += fmt.Sprintf(`<p><a href="%s">Download (PDF)</a></p>`, path)
	}
	body += "</body></html>"
	etag := fmt.Sprintf(`"%x"`, sha256.Sum256([]byte(body)))
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("ETag", etag)
	w.Header().Set("Content-Type", "text/html")
	fmt.Fprint(w, body)
}

func (p *publisher) doc(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	d, ok := p.docs[r.URL.Path]
	p.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	etag := fmt.Sprintf(`"%x"`, sha256.Sum256(d.body))
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	p.mu.Lock()
	p.hits[r.URL.Path]++
	p.mu.Unlock()
	w.Header().Set("ETag", etag)
	w.Header().Set("Content-Type", d.ctype)
	w.Write(d.body)
}

// report is a short fictional inspection report.
func report(year int, topic string) []byte {
	return []byte(fmt.Sprintf("Inspection of Glanmorfa County Council children's services\n\nPublished %d\n\n"+
		"What needs to improve\n\n- The quality of %s for children in care.\n- Management oversight of %s.\n", year, topic, topic))
}

// pdfReport is the same report as a PDF.
func pdfReport(year int, topic string) []byte {
	f := pdfgen.Flow{Footer: "Page %d of %d"}
	return f.Layout([]pdfgen.Block{{Kind: pdfgen.Heading, Text: "Inspection of Glanmorfa County Council children's services"},
		{Kind: pdfgen.Para, Text: fmt.Sprintf("Published %d.", year)}, {Kind: pdfgen.Heading, Text: "What needs to improve"},
		{Kind: pdfgen.Para, Text: fmt.Sprintf("The quality of %s for children in care.", topic)}}).Bytes()
}

func syncSources(t *testing.T, p *publisher, dir string) []harvest.Source {
	t.Helper()
	text := fmt.Sprintf(`
[[source]]
name = "feed"
kind = "feed"
url = "%[1]s/feed.xml"
publisher = "Care Inspectorate Wales"
doc_type = "inspection_report"
rate = 500

[[source]]
name = "map"
kind = "sitemap"
url = "%[1]s/sitemap.xml"
rate = 500

[[source]]
name = "list"
kind = "listing"
url = "%[1]s/reports/"
rate = 500

[[source]]
name = "broken"
kind = "feed"
url = "%[1]s/broken/feed.xml"
rate = 500
retries = 1

[[source]]
name = "slow"
kind = "feed"
url = "%[1]s/slow/feed.xml"
timeout = "300ms"
retries = 1

[[source]]
name = "folder"
kind = "dir"
path = %[2]q
`, p.srv.URL, dir)
	f, err := harvest.Parse("sources.toml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return f.Sources
}

func bySource(sum SyncSummary) map[string]SourceSummary {
	m := map[string]SourceSummary{}
	for _, s := range sum.Sources {
		m[s.Name] = s
	}
	return m
}

func TestSyncOnlyWhatIsNew(t *testing.T) {
	ctx := context.Background()
	p := newPublisher(t)
	day := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	p.publish("/docs/feed/2017.txt", "text/plain", report(2017, "plans"), day)
	p.publish("/docs/feed/2018.txt", "text/plain; charset=utf-8", report(2018, "supervision"), day)
	p.publish("/docs/map/2019.html", "text/html", []byte("<html><head><title>Written statement on Glanmorfa</title></head><body><article><h1>Written statement</h1><p>The council should improve the quality of plans for children in care, and the Welsh Government will monitor progress closely over the year.</p></article></body></html>"), day)
	p.publish("/docs/list/2020.pdf", "application/pdf", pdfReport(2020, "plans"), day)
	folder := t.TempDir()
	write(t, filepath.Join(folder, "minutes.txt"), report(2021, "caseloads"))

	st, err := corpus.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cfg := SyncConfig{Config: Config{Store: st, Read: ingest.Options{}}, Sources: syncSources(t, p, folder), Backoff: time.Millisecond}

	checkFirstSync(t, st, cfg)

	downloads := p.downloads()
	second, err := Sync(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if second.New+second.Updated != 0 || second.Unchanged != 5 {
		t.Errorf("second sync: %+v; want 5 unchanged and nothing new", second)
	}
	if n := p.downloads() - downloads; n != 0 {
		t.Errorf("second sync downloaded %d documents again; want none", n)
	}

	// a document changes, with its date in the feed; a new one appears in the listing
	p.publish("/docs/feed/2018.txt", "text/plain", report(2018, "supervision and caseloads"), day.Add(24*time.Hour))
	p.publish("/docs/list/2022.pdf", "application/pdf", pdfReport(2022, "assessments"), day)
	third, err := Sync(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if s := bySource(third); third.Updated != 1 || third.New != 1 || s["feed"].Updated != 1 || s["list"].New != 1 {
		t.Errorf("third sync: %+v; want 1 updated (feed) and 1 new (listing)", third)
	}
	versions, _ := st.Versions(ctx, p.srv.URL+"/docs/feed/2018.txt")
	if len(versions) != 2 {
		t.Errorf("the changed document has %d versions, want 2 (the old one is kept)", len(versions))
	}
	runs, _ := st.Runs(ctx, 10)
	if len(runs) != 3 || runs[0].Status != "partial" || len(runs[0].Failures) < 2 {
		t.Errorf("runs not recorded as expected: %+v", runs)
	}
}

// checkFirstSync: the first sync brings in what every source has, reports
// the broken and slow sources, and takes the feed's metadata.
func checkFirstSync(t *testing.T, st *corpus.Store, cfg SyncConfig) {
	t.Helper()
	ctx := context.Background()
	first, err := Sync(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	got := bySource(first)
	for name, want := range map[string]int{"feed": 2, "map": 1, "list": 1, "folder": 1} {
		if s := got[name]; s.New != want || s.Error != "" || s.Failed != 0 {
			t.Errorf("first sync, %s: %+v; want %d new and no error", name, s, want)
		}
	}
	for _, name := range []string{"broken", "slow"} {
		if got[name].Error == "" {
			t.Errorf("%s: no error reported", name)
		}
	}
	t.Logf("broken: %s; slow: %s", got["broken"].Error, got["slow"].Error)
	if first.New != 5 {
		t.Errorf("first sync: %d new, want 5", first.New)
	}
	d, err := st.Document(ctx, corpus.DocID(report(2017, "plans")))
	if err != nil || d.Publisher != "Care Inspectorate Wales" || d.DocType != "inspection_report" ||
		d.Title != "Report 2017.txt" || d.Date != "2025-03-01" || !strings.HasSuffix(d.URL, "/docs/feed/2017.txt") {
		t.Errorf("the feed's metadata did not reach the document: %v %+v", err, d)
	}
}

func TestSyncBadDocumentsDoNotStopTheSource(t *testing.T) {
	ctx := context.Background()
	p := newPublisher(t)
	p.publish("/docs/feed/good.txt", "text/plain", report(2019, "plans"), time.Now())
	st, err := corpus.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	f, err := harvest.Parse("s.toml", []byte(fmt.Sprintf("[[source]]\nname='feed'\nkind='feed'\nurl='%s/feed.xml?bad=1'\nrate=500\nmax_size_mb=1\nretries=1\n", p.srv.URL)))
	if err != nil {
		t.Fatal(err)
	}
	cfg := SyncConfig{Config: Config{Store: st}, Sources: f.Sources, Backoff: time.Millisecond}
	sum, err := Sync(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	s := sum.Sources[0]
	if s.New != 1 || s.Failed != 3 {
		t.Fatalf("got %+v; want the good document and 3 failures", s)
	}
	for _, want := range []string{"redirect", "cut short", "size limit"} {
		found := false
		for _, f := range s.Failures {
			found = found || strings.Contains(f.Reason, want)
		}
		if !found {
			t.Errorf("no failure says %q: %+v", want, s.Failures)
		}
	}
	// the failed ones are tried again next time; the good one is not fetched again
	before := p.downloads()
	again, _ := Sync(ctx, cfg)
	if again.Sources[0].Failed != 3 || again.Unchanged != 1 || p.downloads() != before {
		t.Errorf("second sync: %+v (downloads %d → %d)", again.Sources[0], before, p.downloads())
	}
}

func TestSyncDirReadsOnlyChangedFiles(t *testing.T) {
	ctx := context.Background()
	folder := t.TempDir()
	write(t, filepath.Join(folder, "a.txt"), report(2017, "plans"))
	write(t, filepath.Join(folder, "b.txt"), report(2018, "caseloads"))
	st, err := corpus.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	src := harvest.Source{Name: "folder", Kind: harvest.KindDir, Path: folder}
	f, _ := harvest.Parse("s.toml", []byte(fmt.Sprintf("[[source]]\nname='folder'\nkind='dir'\npath=%q\nsubject='Glanmorfa County Council'\n", folder)))
	src = f.Sources[0]
	cfg := SyncConfig{Config: Config{Store: st}, Sources: []harvest.Source{src}}
	if s, _ := Sync(ctx, cfg); s.New != 2 {
		t.Fatalf("first: %+v", s)
	}
	if s, _ := Sync(ctx, cfg); s.Unchanged != 2 || s.New+s.Updated != 0 {
		t.Fatalf("second: %+v", s)
	}
	later := time.Now().Add(time.Minute)
	write(t, filepath.Join(folder, "a.txt"), report(2017, "plans and reviews"))
	os.Chtimes(filepath.Join(folder, "a.txt"), later, later)
	write(t, filepath.Join(folder, "c.txt"), report(2019, "placements"))
	s, _ := Sync(ctx, cfg)
	if s.Updated != 1 || s.New != 1 || s.Unchanged != 1 {
		t.Fatalf("third: %+v; want 1 updated, 1 new, 1 unchanged", s)
	}
	d, _ := st.Document(ctx, corpus.DocID(report(2019, "placements")))
	if d == nil || d.Subject != "Glanmorfa County Council" {
		t.Errorf("the source's subject was not applied: %+v", d)
	}
}

func TestSyncLock(t *testing.T) {
	dir := t.TempDir()
	release, err := LockSync(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := LockSync(dir); err == nil || !strings.Contains(err.Error(), "another sync is running (pid") {
		t.Fatalf("second lock: %v", err)
	}
	release()
	again, err := LockSync(dir)
	if err != nil {
		t.Fatalf("after release: %v", err)
	}
	again()
}

func TestSyncDefersPastMaxDocuments(t *testing.T) {
	ctx := context.Background()
	p := newPublisher(t)
	for i := 0; i < 5; i++ {
		p.publish(fmt.Sprintf("/docs/feed/%d.txt", i), "text/plain", report(2015+i, fmt.Sprintf("plans %d", i)), time.Now())
	}
	st, err := corpus.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	f, err := harvest.Parse("s.toml", []byte(fmt.Sprintf("[[source]]\nname='feed'\nkind='feed'\nurl='%s/feed.xml'\nrate=500\nmax_documents=2\n", p.srv.URL)))
	if err != nil {
		t.Fatal(err)
	}
	cfg := SyncConfig{Config: Config{Store: st}, Sources: f.Sources}
	for i, want := range [][2]int{{2, 3}, {2, 1}, {1, 0}, {0, 0}} {
		sum, err := Sync(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if s := sum.Sources[0]; s.New != want[0] || s.Deferred != want[1] {
			t.Errorf("run %d: new %d deferred %d, want %d and %d", i+1, s.New, s.Deferred, want[0], want[1])
		}
	}
}

// TestSyncRemembersUnreadableFiles: a file whose bytes cannot be read is
// recorded once, listed as unreadable, and not read (nor failed) again
// by later syncs until it changes.
func TestSyncRemembersUnreadableFiles(t *testing.T) {
	ctx := context.Background()
	folder := t.TempDir()
	write(t, filepath.Join(folder, "a.txt"), report(2017, "plans"))
	write(t, filepath.Join(folder, "broken.pdf"), pdfgen.Truncated())
	st, err := corpus.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cfg := SyncConfig{Config: Config{Store: st}, Sources: []harvest.Source{{Name: "folder", Kind: harvest.KindDir, Path: folder}}}
	if s, _ := Sync(ctx, cfg); s.New != 1 || s.Failed != 1 {
		t.Fatalf("first: %+v", s)
	}
	un, err := st.Unreadable(ctx)
	if err != nil || len(un) != 1 || !strings.HasSuffix(un[0].Key, "broken.pdf") || un[0].Reason == "" {
		t.Fatalf("unreadable list %+v %v", un, err)
	}
	if s, _ := Sync(ctx, cfg); s.Failed != 0 || s.Unchanged != 2 {
		t.Fatalf("second: %+v; the unreadable file must not fail again", s)
	}
	if un, _ := st.Unreadable(ctx); len(un) != 1 {
		t.Errorf("the second sync must keep it listed: %+v", un)
	}
	// changed, it is read again
	later := time.Now().Add(time.Minute)
	write(t, filepath.Join(folder, "broken.pdf"), append(pdfgen.Truncated(), ' '))
	os.Chtimes(filepath.Join(folder, "broken.pdf"), later, later)
	if s, _ := Sync(ctx, cfg); s.Failed != 1 {
		t.Errorf("third: %+v; a changed file is read again", s)
	}
}
