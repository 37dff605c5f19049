package web

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer/corpus"
	"github.com/scrutineer/scrutineer/index"
	"github.com/scrutineer/scrutineer/trace"
)

var (
	id1 = "sha256:" + strings.Repeat("1", 64)
	id2 = "sha256:" + strings.Repeat("2", 64)
)

func testServer(t *testing.T) (*httptest.Server, *corpus.Store) {
	t.Helper()
	dir := t.TempDir()
	st, err := corpus.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ix, err := index.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	put := func(id, date, text string) {
		d := &corpus.Document{ID: id, Title: "Inspection <b>of</b> Tregaron", Date: date, Publisher: "CSSIW", DocType: "inspection_report",
			Subject: "Tregaron Council", Format: corpus.Text, Text: text, Source: "/x/" + id}
		items := []corpus.Item{{ID: id + "-1", DocID: id, Kind: corpus.Recommendation, Text: text, Themes: []string{"workforce"},
			Cue: "section:recommendations", Span: corpus.Span{Start: 0, End: len(text)}}}
		if _, err := st.Put(context.Background(), 0, "/x/"+id, d, items, []byte(text)); err != nil {
			t.Fatal(err)
		}
	}
	put(id1, "2016-05-01", `Reduce caseloads <script>alert(1)</script> for social workers.`)
	put(id2, "2019-05-01", `Reduce the caseloads of social workers now. <img src=x onerror=alert(2)> <a href="javascript:alert(3)">x</a> Caseloads <u>remain</u> too high and have not improved since the last inspection.`)
	s := &Server{Store: st, Index: ix}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go s.KeepIndexed(ctx, 50*time.Millisecond)
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	// the server indexes what the store holds
	for i := 0; i < 100; i++ {
		if n, _ := ix.Count(); n == 4 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	return srv, st
}

func get(t *testing.T, u string) (int, string) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestAPISearch(t *testing.T) {
	srv, _ := testServer(t)
	code, body := get(t, srv.URL+"/api/search?q=caseloads&kind=recommendation&from=2018")
	if code != 200 {
		t.Fatalf("%d %s", code, body)
	}
	var res index.Result
	if err := json.Unmarshal([]byte(body), &res); err != nil {
		t.Fatal(err)
	}
	if res.Total != 1 || res.Hits[0].DocID != id2 {
		t.Errorf("%+v", res)
	}
	if code, body := get(t, srv.URL+"/api/search?q=*care"); code != 400 || !strings.Contains(body, "wildcard") {
		t.Errorf("bad query: %d %s", code, body)
	}
	if code, _ := get(t, srv.URL+"/api/search?q="+strings.Repeat("a", 5000)); code != 414 {
		t.Errorf("long query string: %d", code)
	}
}

func TestAPIDocumentAndThreads(t *testing.T) {
	srv, _ := testServer(t)
	code, body := get(t, srv.URL+"/api/documents/"+url.PathEscape(id1))
	if code != 200 || !strings.Contains(body, `"items"`) || !strings.Contains(body, `"text"`) {
		t.Fatalf("%d %s", code, body)
	}
	if code, _ := get(t, srv.URL+"/api/documents/nope"); code != 404 {
		t.Errorf("missing document: %d", code)
	}
	code, body = get(t, srv.URL+"/api/threads")
	if code != 200 || !strings.Contains(body, `"threads"`) {
		t.Fatalf("%d %s", code, body)
	}
	var th struct{ Threads []map[string]any }
	json.Unmarshal([]byte(body), &th)
	if len(th.Threads) != 1 {
		t.Errorf("the two caseload recommendations make one thread: %s", body)
	}
	if code, body := get(t, srv.URL+"/api/matrix"); code != 200 || !strings.Contains(body, `"workforce"`) {
		t.Errorf("matrix: %d %s", code, body)
	}
}

func TestSearchPageEscapes(t *testing.T) {
	srv, _ := testServer(t)
	code, body := get(t, srv.URL+"/?q=caseloads")
	if code != 200 {
		t.Fatalf("%d", code)
	}
	if strings.Contains(body, "<script>alert") || strings.Contains(body, "<b>of</b>") || strings.Contains(body, "<img src=x") ||
		strings.Contains(body, `href="javascript:`) {
		t.Error("document text reached the page unescaped")
	}
	if !strings.Contains(body, "<mark>caseloads</mark>") || !strings.Contains(body, "&lt;script&gt;") {
		t.Errorf("highlight missing or not escaped:\n%s", body)
	}
	if !strings.Contains(body, `href="/?q=caseloads&amp;kind=recommendation"`) {
		t.Errorf("facet links missing:\n%s", body)
	}
	if code, body := get(t, srv.URL+"/api/documents/"+id1+"/items"); code != 200 || !strings.Contains(body, `"section:recommendations"`) {
		t.Errorf("items: %d %s", code, body)
	}
	code, body = get(t, srv.URL+`/?q="><script>x</script>`)
	if strings.Contains(body, "<script>x") {
		t.Error("the query reached the page unescaped")
	}
}

func TestDocumentPage(t *testing.T) {
	srv, _ := testServer(t)
	code, body := get(t, srv.URL+"/documents/"+id2)
	if code != 200 {
		t.Fatalf("%d %s", code, body)
	}
	if !strings.Contains(body, `<mark id="`+id2+`-1" class="recommendation"><span class="label">Recommendation</span>`) {
		t.Errorf("item not marked in place:\n%s", body)
	}
	if !strings.Contains(body, "recommended before? 1 earlier") || !strings.Contains(body, "2016-05-01, Tregaron Council") {
		t.Errorf("thread not shown:\n%s", body)
	}
	code, body = get(t, srv.URL+"/documents/"+id1)
	if strings.Contains(body, "<script>alert") || !strings.Contains(body, "&lt;script&gt;") {
		t.Error("document text not escaped")
	}
	code, body = get(t, srv.URL+"/documents/"+id1+"/original")
	if code != 200 || !strings.Contains(body, "<script>alert(1)</script>") {
		t.Errorf("original: %d", code)
	}
	for _, bad := range []string{"/documents/..%2f..%2fetc%2fpasswd/original", "/documents/sha256:zz/original", "/documents/%2e%2e/original"} {
		if code, _ := get(t, srv.URL+bad); code != 404 && code != 400 {
			t.Errorf("%s: %d", bad, code)
		}
	}
}

func TestTracePage(t *testing.T) {
	srv, _ := testServer(t)
	code, body := get(t, srv.URL+"/trace")
	if code != 200 || !strings.Contains(body, `class="heat"`) || !strings.Contains(body, "workforce") {
		t.Fatalf("%d %s", code, body)
	}
	// every cell's link lists exactly the items the cell counts, whatever
	// the page's filters
	cell := regexp.MustCompile(`<td style="[^"]*"><a href="([^"]+)" title="[^"]*">(\d+)</a></td>`)
	for _, page := range []string{"/trace", "/trace?concerns=1", "/trace?subject=tregaron&concerns=1&strengths=1", "/trace?type=inspection_report&publisher=CIW"} {
		_, body := get(t, srv.URL+page)
		cells := cell.FindAllStringSubmatch(body, -1)
		if len(cells) == 0 {
			t.Errorf("%s: no cell links:\n%s", page, body)
		}
		for _, c := range cells {
			link := strings.ReplaceAll(c[1], "&amp;", "&")
			_, list := get(t, srv.URL+link)
			if !strings.Contains(list, "<p>"+c[2]+" results") {
				t.Errorf("%s: the cell says %s, its list (%s) says otherwise", page, c[2], link)
			}
		}
	}
	if strings.Contains(body, "<script>alert") {
		t.Error("item text not escaped on the trace page")
	}
	if !regexp.MustCompile(`<span class="meta why">alike (0\.\d\d|1\.00) with Tregaron Council, \d{4}-\d\d-\d\d: [^<]+</span>`).MatchString(body) {
		t.Errorf("members must say why they are linked:\n%s", body)
	}
	if !strings.Contains(body, `id="mentions"`) || !strings.Contains(body, "Caseloads &lt;u&gt;remain&lt;/u&gt; too high and have not improved since the last inspection.") ||
		!strings.Contains(body, `of the report of <a href="/documents/`+id1) {
		t.Errorf("the page must list what later reports said of earlier ones, escaped:\n%s", body)
	}
	if code, body := get(t, srv.URL+"/trace.csv"); code != 200 || !strings.HasPrefix(body, "\ufeffthread_id,") || !strings.Contains(body, ",source,page,section,") {
		t.Errorf("csv %d %q", code, body)
	}
}

func TestFacetLinksEscaped(t *testing.T) {
	v := searchView{params: url.Values{"q": {`"x" <y>`}, "offset": {"20"}}}
	res := &index.Result{Facets: map[string][]index.FacetCount{"subject": {{Term: `A & B <script>alert(1)</script>`, Count: 2}}}}
	got := string(v.facetsHTML(res))
	want := "<p><strong>Subject</strong></p><ul>\n" +
		`<li><a href="/?q=%22x%22+%3Cy%3E&amp;subject=A+%26+B+%3Cscript%3Ealert%281%29%3C%2Fscript%3E">A &amp; B &lt;script&gt;alert(1)&lt;/script&gt;</a> (2)</li></ul>`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// TestSearchPagePages follows the page's own "next" links from the first
// page to the last, as a reader would, in the plain and the grouped view:
// every page renders whole and every result is shown once.
func TestSearchPagePages(t *testing.T) {
	srv, _ := testServer(t)
	hitLink := regexp.MustCompile(`<div class="hit"><div class="meta">[^<]*<a href="([^"]+)"`)
	next := regexp.MustCompile(`<a href="([^"]+)" rel="next">`)
	for _, tc := range []struct {
		name, first string
		want        int // results, or documents when grouped
	}{
		{"results", "/?q=caseloads&limit=1", 4},
		{"documents", "/?q=caseloads&limit=1&group=1", 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			seen := map[string]bool{}
			u, pages := tc.first, 0
			for u != "" && pages < 10 {
				code, body := get(t, srv.URL+u)
				pages++
				if code != 200 || !strings.HasSuffix(strings.TrimSpace(body), "</html>") {
					t.Fatalf("page %d (%s): %d, the page does not render whole:\n%s", pages, u, code, body)
				}
				if pages > 1 && !strings.Contains(body, `rel="prev"`) {
					t.Errorf("page %d has no link back", pages)
				}
				for _, m := range hitLink.FindAllStringSubmatch(body, -1) {
					if seen[m[1]] {
						t.Errorf("page %d shows %s again", pages, m[1])
					}
					seen[m[1]] = true
				}
				u = ""
				if m := next.FindStringSubmatch(body); m != nil {
					u = strings.ReplaceAll(m[1], "&amp;", "&")
				}
			}
			if len(seen) != tc.want || pages != tc.want {
				t.Errorf("%d pages showed %d results, want %d of each", pages, len(seen), tc.want)
			}
		})
	}
}

// TestActiveFilters: each filter in force shows as a tag whose link
// removes it, the chosen facet value shows as chosen, years run in order
// and codes read as words.
func TestActiveFilters(t *testing.T) {
	srv, _ := testServer(t)
	code, body := get(t, srv.URL+"/?q=caseloads&type=inspection_report&subject=Tregaron+Council")
	if code != 200 {
		t.Fatalf("%d %s", code, body)
	}
	for _, want := range []string{
		`<a href="/?q=caseloads&amp;subject=Tregaron&#43;Council" title="remove this filter">document type: inspection report</a>`,
		`<a href="/?q=caseloads&amp;type=inspection_report" title="remove this filter">subject: Tregaron Council</a>`,
		`<li class="chosen"><a href="/?q=caseloads&amp;subject=Tregaron+Council" title="remove this filter">inspection report (`,
		`Tregaron Council, inspection report, CSSIW`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	_, body = get(t, srv.URL+"/?q=caseloads")
	if i, j := strings.Index(body, ">2019</a>"), strings.Index(body, ">2016</a>"); i < 0 || j < 0 || i > j {
		t.Errorf("years out of order (2019 at %d, 2016 at %d)", i, j)
	}
}

// TestExport: the page's export link gives every result as CSV or JSON
// Lines; a bad query or format is a 400, not a broken download.
func TestExport(t *testing.T) {
	srv, _ := testServer(t)
	code, page := get(t, srv.URL+"/?q=caseloads")
	m := regexp.MustCompile(`export <a href="([^"]+)">CSV</a>`).FindStringSubmatch(page)
	if code != 200 || m == nil {
		t.Fatalf("no export link on the page")
	}
	code, csvBody := get(t, srv.URL+strings.ReplaceAll(m[1], "&amp;", "&"))
	if code != 200 || !strings.HasPrefix(csvBody, "\ufefftitle,") || strings.Count(csvBody, "\n") != 5 {
		t.Errorf("csv %d, %d lines: %q", code, strings.Count(csvBody, "\n"), csvBody)
	}
	code, jl := get(t, srv.URL+"/export?q=caseloads&kind=recommendation&format=jsonl")
	if code != 200 || strings.Count(jl, "\n") != 2 || !strings.Contains(jl, `"link":"http://`) {
		t.Errorf("jsonl %d %q", code, jl)
	}
	for _, u := range []string{"/export?q=caseloads", "/export?q=(caseloads&format=csv"} {
		if code, _ := get(t, srv.URL+u); code != 400 {
			t.Errorf("%s: %d, want 400", u, code)
		}
	}
}

// TestBadQueriesAre400: a query the index cannot run is a 400 with a
// reason, whatever is wrong with it.
func TestBadQueriesAre400(t *testing.T) {
	srv, _ := testServer(t)
	for _, q := range []string{"/a{1000}{1000}/", "(care", "titel:care", "*care"} {
		code, body := get(t, srv.URL+"/api/search?q="+url.QueryEscape(q))
		if code != 400 || !strings.Contains(body, "error") {
			t.Errorf("%s: %d %s", q, code, body)
		}
	}
	code, _ := get(t, srv.URL+"/api/search?q=care&offset=9223372036854775800")
	if code != 400 {
		t.Errorf("huge offset: %d", code)
	}
}

// TestErrorPages: a page that cannot answer is a page in the site's style
// that says so in words.
func TestErrorPages(t *testing.T) {
	srv, _ := testServer(t)
	for _, u := range []string{"/documents/sha256:" + strings.Repeat("0", 64), "/documents/nonsense"} {
		code, body := get(t, srv.URL+u)
		if code != 404 || !strings.Contains(body, "No such document") || !strings.HasSuffix(strings.TrimSpace(body), "</html>") {
			t.Errorf("%s: %d %q", u, code, body)
		}
	}
}

func TestCostlyRequests(t *testing.T) {
	for u, want := range map[string]bool{
		"/?q=caseloads": false, "/?q=assess*": false, "/?q=%22care+leavers%22": false, "/api/search?q=title:plans": false,
		"/?q=/pathway.*/": true, "/?q=retrun~1": true, "/?q=*plans": true, "/?q=a*s": true, "/?q=ca?e": true,
		"/trace": true, "/api/matrix": true, "/export?q=x&format=csv": true,
	} {
		r := httptest.NewRequest("GET", u, nil)
		if got := costlyRequest(r) || tracingRequest(r); got != want {
			t.Errorf("%s: costly %v, want %v", u, got, want)
		}
	}
}

// TestCostlyLane: with every place of the costly lane taken, an ordinary
// search is still served.
func TestCostlyLane(t *testing.T) {
	s := &Server{}
	s.Handler()
	release := make(chan struct{})
	blocked := s.admit(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-release }))
	served := s.admit(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(204) }))
	var started sync.WaitGroup
	for i := 0; i < cap(s.costly); i++ {
		started.Add(1)
		go func() {
			started.Done()
			blocked.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/export?q=x&format=csv", nil))
		}()
	}
	started.Wait()
	for len(s.costly) < cap(s.costly) {
		runtime.Gosched()
	}
	rec := httptest.NewRecorder()
	served.ServeHTTP(rec, httptest.NewRequest("GET", "/?q=caseloads", nil))
	close(release)
	if rec.Code != 204 {
		t.Errorf("an ordinary search behind a full costly lane: %d", rec.Code)
	}
}

// TestEarlierAPI: "was this recommended before?" for one item names the
// earlier item most alike, with a score from 0 to 1 and what they share,
// and the document page shows it beside the recommendation.
func TestEarlierAPI(t *testing.T) {
	srv, _ := testServer(t)
	code, body := get(t, srv.URL+"/api/items/"+url.PathEscape(id2+"-1")+"/earlier")
	var res struct {
		Earlier []struct {
			ItemID string   `json:"item_id"`
			Score  float64  `json:"score"`
			Shared []string `json:"shared"`
		} `json:"earlier"`
	}
	if err := json.Unmarshal([]byte(body), &res); code != 200 || err != nil || len(res.Earlier) != 1 || res.Earlier[0].ItemID != id1+"-1" ||
		res.Earlier[0].Score <= 0 || res.Earlier[0].Score > 1 || len(res.Earlier[0].Shared) == 0 {
		t.Fatalf("%d %s", code, body)
	}
	if code, body := get(t, srv.URL+"/api/items/"+url.PathEscape(id1+"-1")+"/earlier"); code != 200 || !strings.Contains(body, `"earlier":[]`) {
		t.Errorf("the first of its kind has nothing before it: %d %s", code, body)
	}
	if code, _ := get(t, srv.URL+"/api/items/nosuch/earlier"); code != 404 {
		t.Errorf("an unknown item: %d", code)
	}
	_, page := get(t, srv.URL+"/documents/"+id2)
	if !strings.Contains(page, "recommended before?") || !strings.Contains(page, `href="/documents/`+id1+`#`) || !strings.Contains(page, "2016-05-01, Tregaron Council</a>") {
		t.Errorf("the document page does not show what came before:\n%s", page)
	}
}

// A version replaced by a newer one at its address says so on its page
// and in the API, pointing to the one that replaced it; the search no
// longer finds it.
func TestReplacedVersionPage(t *testing.T) {
	srv, st := testServer(t)
	id3 := "sha256:" + strings.Repeat("3", 64)
	text := "Reduce the caseloads of social workers, and improve supervision."
	d := &corpus.Document{ID: id3, Title: "Inspection of Tregaron (corrected)", Date: "2019-05-01", Publisher: "CSSIW",
		DocType: "inspection_report", Subject: "Tregaron Council", Format: corpus.Text, Text: text, Source: "/x/" + id2}
	if _, err := st.Put(context.Background(), 0, "/x/"+id2, d, nil, []byte(text)); err != nil {
		t.Fatal(err)
	}
	_, body := get(t, srv.URL+"/documents/"+id2)
	if !strings.Contains(body, `id="replaced"`) || !strings.Contains(body, `href="/documents/`+id3+`"`) {
		t.Errorf("the replaced version's page does not point to its replacement:\n%s", body)
	}
	if _, body = get(t, srv.URL+"/documents/"+id3); strings.Contains(body, `id="replaced"`) {
		t.Errorf("the current version says it was replaced")
	}
	var doc struct {
		ReplacedBy string `json:"replaced_by"`
	}
	_, body = get(t, srv.URL+"/api/documents/"+id2)
	if err := json.Unmarshal([]byte(body), &doc); err != nil || doc.ReplacedBy != id3 {
		t.Errorf("api: replaced_by %q (%v)", doc.ReplacedBy, err)
	}
	for i := 0; i < 100; i++ { // the server indexes what the store holds
		// (the new version's source is the old one's address, which names it)
		if _, body = get(t, srv.URL+"/api/search?q=caseloads"); !strings.Contains(body, `"doc_id":"`+id2) && strings.Contains(body, `"doc_id":"`+id3) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Errorf("search still finds the replaced version, or not the new one:\n%s", body)
}

// A report's page says what came of each recommendation: the response
// that restates it, with the status it gives, from the stored threads.
func TestDocumentPageWhatCameOfIt(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := corpus.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	recs := []string{
		"NHS England should establish a programme of work, co-produced with experts by experience, to agree how providers measure what matters for mental health inpatient services.",
		"The Department should publish a national dataset of restrictive practice in mental health inpatient settings every quarter, broken down by provider.",
	}
	put := func(id, title, date string, status []string) {
		text := strings.Join(recs, "\n\n")
		d := &corpus.Document{ID: id, Title: title, Date: date, DocType: "government_response", Format: corpus.Text, Text: text, Source: "/x/" + id}
		var items []corpus.Item
		for k, r := range recs {
			start := strings.Index(text, r)
			it := corpus.Item{ID: fmt.Sprintf("%s-%d", id, k), DocID: id, Kind: corpus.Recommendation, Text: r, Cue: "section:recommendations",
				Span: corpus.Span{Start: start, End: start + len(r)}}
			if status != nil {
				it.ResponseStatus, it.Response = status[k], "The government "+status[k]+" this recommendation."
			}
			items = append(items, it)
		}
		if _, err := st.Put(ctx, 0, "/x/"+id, d, items, []byte(text)); err != nil {
			t.Fatal(err)
		}
	}
	put(id1, "Rapid review: final report", "2024-03-21", nil)
	put(id2, "Government response to the rapid review", "2024-09-01", []string{"supported", "not accepted"})
	if _, err := trace.StoreThreads(ctx, st); err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	srv := httptest.NewServer((&Server{Store: st, Index: ix}).Handler())
	defer srv.Close()
	_, body := get(t, srv.URL+"/documents/"+id1)
	for _, want := range []string{"what came of it? 1 since", "<strong>response: supported</strong>", "<strong>response: not accepted</strong>",
		"2024-09-01, Government response to the rapid review"} {
		if !strings.Contains(body, want) {
			t.Errorf("the report's page lacks %q:\n%s", want, body)
		}
	}
	_, body = get(t, srv.URL+"/documents/"+id2)
	if !strings.Contains(body, "response (supported): The government supported this recommendation.") {
		t.Errorf("the response's page does not give its own status:\n%s", body)
	}
	_, body = get(t, srv.URL+"/trace")
	if !strings.Contains(body, `<span class="meta response">response (not accepted): The government not accepted this recommendation.</span>`) {
		t.Errorf("the trace page does not say what the response said:\n%s", body)
	}
}
