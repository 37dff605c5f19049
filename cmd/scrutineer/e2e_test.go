package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer/corpus"
	"github.com/scrutineer/scrutineer/internal/pdfgen"
	"github.com/scrutineer/scrutineer/internal/samples"
)

// These tests run the real binary, built once for the package.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "scrutineer-e2e-")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "scrutineer")
	if out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "build: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// run runs the binary and returns stdout, stderr and the exit code.
func runBin(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

func searchTotal(url string) (int, int) {
	resp, err := http.Get(url)
	if err != nil {
		return -1, 0
	}
	defer resp.Body.Close()
	var res struct{ Total int }
	json.NewDecoder(resp.Body).Decode(&res)
	return res.Total, resp.StatusCode
}

// startServer runs `scrutineer serve` on a free loopback port until the
// test ends and returns its base URL.
func startServer(t *testing.T, data string, extra ...string) string {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"serve", "--data", data, "--addr", "127.0.0.1:0"}, extra...)...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Signal(syscall.SIGTERM); cmd.Wait() })
	line := make([]byte, 512)
	n, _ := stdout.Read(line)
	i := strings.Index(string(line[:n]), "http://")
	if i < 0 {
		t.Fatalf("no address in %q", line[:n])
	}
	return strings.TrimSpace(string(line[i:n]))
}

func TestSyncThroughServer(t *testing.T) {
	srv := feedServer(t, 4, 0)
	data := t.TempDir()
	sources := writeSources(t, feedSource("visits", srv.URL+"/feed.xml"))
	if _, stderr, code := runBin(t, "serve", "--data", data, "--sources", sources, "--token", "short"); code != 2 || !strings.Contains(stderr, "16 characters") {
		t.Errorf("a short token: exit %d %s", code, stderr)
	}
	const token = "nightly-token-0123456789"
	base := startServer(t, data, "--sources", sources, "--token", token)
	req, _ := http.NewRequest(http.MethodPost, base+"api/sync", nil)
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("without the token: %v %v", err, resp.StatusCode)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != http.StatusAccepted {
		t.Fatalf("with the token: %v %v", err, resp.StatusCode)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		if total, _ := searchTotal(base + "api/search?q=quokka&kind=recommendation"); total == 12 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("documents synced through the server did not become searchable")
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func sampleFile(t *testing.T, name string) string {
	t.Helper()
	dir := t.TempDir()
	if _, err := samples.WriteTo(dir); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, name)
}

func TestExtractJSONContract(t *testing.T) {
	out, stderr, code := runBin(t, "extract", "--json", sampleFile(t, "glanmorfa-inspection-2019.pdf"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got struct {
		Document map[string]any   `json:"document"`
		Items    []map[string]any `json:"items"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	d := got.Document
	for _, k := range []string{"id", "source", "format", "title", "doc_type", "publisher", "subject", "date", "language", "pages", "warnings"} {
		if _, ok := d[k]; !ok {
			t.Errorf("document lacks %q", k)
		}
	}
	if !strings.HasPrefix(d["id"].(string), "sha256:") || d["format"] != "pdf" || d["date"] != "2019-05-17" ||
		d["doc_type"] != "inspection_report" || d["pages"].(float64) != 2 {
		t.Errorf("document %v", d)
	}
	if got.Items == nil {
		t.Error("items must be a list")
	}
}

func TestExtractText(t *testing.T) {
	out, _, code := runBin(t, "extract", "--text", sampleFile(t, "glanmorfa-inspection-2019.pdf"))
	if code != 0 || !strings.Contains(out, "\f") || !strings.Contains(out, "\n\n") {
		t.Errorf("exit %d; text should separate blocks by blank lines and pages by form feeds", code)
	}
}

func TestExitCodes(t *testing.T) {
	if _, _, code := runBin(t, "no-such-command"); code != 2 {
		t.Errorf("unknown command: exit %d, want 2", code)
	}
	if _, _, code := runBin(t, "ingest"); code != 2 {
		t.Errorf("ingest without paths: exit %d, want 2", code)
	}
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.pdf")
	os.WriteFile(bad, pdfgen.Truncated(), 0o644)
	os.WriteFile(filepath.Join(dir, "good.txt"), []byte("The council should act."), 0o644)
	out, stderr, code := runBin(t, "ingest", "--data", t.TempDir(), dir)
	if code != 1 {
		t.Errorf("a failed file: exit %d, want 1 (partial)", code)
	}
	if !strings.Contains(out, bad) || !strings.Contains(out, "malformed") || !strings.Contains(stderr, "1 of 2 files failed") {
		t.Errorf("the failure must name the file and reason:\n%s\n%s", out, stderr)
	}
	_, stderr, code = runBin(t, "extract", "--text", bad)
	if code != 3 || strings.Count(strings.TrimSpace(stderr), "\n") != 0 || !strings.Contains(stderr, bad) {
		t.Errorf("extract of a bad file: exit %d, stderr %q", code, stderr)
	}
}

func TestIngestJSONSummary(t *testing.T) {
	dir := t.TempDir()
	if _, err := samples.WriteTo(dir); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := runBin(t, "ingest", "--json", "--data", t.TempDir(), dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var sum struct{ Read, New, Failed int }
	if err := json.Unmarshal([]byte(out), &sum); err != nil || sum.Read != 4 || sum.New != 4 || sum.Failed != 0 {
		t.Errorf("summary %+v %v\n%s", sum, err, out)
	}
}

// TestKillDuringIngest kills the ingest with SIGKILL at several moments;
// each next run completes the job, and at the end every file is stored
// once, with nothing missing and nothing duplicated.
func TestKillDuringIngest(t *testing.T) {
	src := t.TempDir()
	const texts, pdfs = 300, 12
	for i := 0; i < texts; i++ {
		body := fmt.Sprintf("Statement %d\n\nThe council should improve plan number %d for children.\n", i, i)
		os.WriteFile(filepath.Join(src, fmt.Sprintf("s%03d.txt", i)), []byte(body), 0o644)
	}
	for i := 0; i < pdfs; i++ {
		f := pdfgen.Flow{Footer: "Page %d of %d", Spacing: pdfgen.Kerned}
		blocks := []pdfgen.Block{{Kind: pdfgen.Heading, Text: fmt.Sprintf("Report %d", i)}, {Kind: pdfgen.Para, Text: strings.Repeat(fmt.Sprintf("Finding %d is recorded here. ", i), 400)}}
		os.WriteFile(filepath.Join(src, fmt.Sprintf("r%02d.pdf", i)), f.Layout(blocks).Bytes(), 0o644)
	}
	data := t.TempDir()
	partial := 0
	// Each run is killed once it has stored some more files than the run
	// before (counted by the originals it has written), so that the kill
	// lands in the middle of a run however fast the machine is.
	for _, more := range []int{1, 40, 120} {
		before := countOriginals(data)
		cmd := exec.Command(binary, "ingest", "--data", data, src)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		var err error
	wait:
		for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); {
			select {
			case err = <-done:
				break wait // finished before the kill: nothing to prove this round
			case <-time.After(5 * time.Millisecond):
				if countOriginals(data) >= before+more {
					_ = cmd.Process.Signal(syscall.SIGKILL)
					err = <-done
					break wait
				}
			}
		}
		n := countDocuments(t, data)
		t.Logf("killed after %d more files (%v): %d documents stored", more, err, n)
		if n < texts+pdfs && err != nil {
			partial++
		}
	}
	if partial == 0 {
		t.Fatal("no kill landed in the middle of a run: the test proves nothing (make the corpus larger)")
	}
	out, stderr, code := runBin(t, "ingest", "--json", "--data", data, src)
	if code != 0 {
		t.Fatalf("final run: exit %d\n%s\n%s", code, out, stderr)
	}
	st, err := corpus.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	stats, err := st.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if stats.Documents != texts+pdfs || stats.Sources != texts+pdfs {
		t.Errorf("after kills: %+v, want %d documents and sources", stats, texts+pdfs)
	}
	var dup int
	st.DB().QueryRow(`SELECT count(*) FROM (SELECT path FROM sources WHERE current=1 GROUP BY path HAVING count(*) > 1)`).Scan(&dup)
	if dup != 0 {
		t.Errorf("%d paths with more than one current version", dup)
	}
	err = st.Documents(context.Background(), func(d *corpus.Document) error {
		if _, err := os.Stat(st.OriginalPath(d.ID)); err != nil {
			return fmt.Errorf("original of %s missing: %w", d.Source, err)
		}
		return nil
	})
	if err != nil {
		t.Error(err)
	}
}

func TestDemo(t *testing.T) {
	out, stderr, code := runBin(t, "demo", "--serve=false")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"4 documents", "Inspection of Glanmorfa County Council children’s services", "written_statement", "debate", "assurance_review",
		// the 2019 inspection's front door recommendation comes back in the 2020 statement and the 2024 review
		"Recommendations made again in later documents", "● front door  [2019, 2020, 2024]  recurring"} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q:\n%s", want, out)
		}
	}
}

// countOriginals is how many original files a run has written to data.
func countOriginals(data string) int {
	n := 0
	_ = filepath.WalkDir(filepath.Join(data, "originals"), func(_ string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return nil
	})
	return n
}

func countDocuments(t *testing.T, data string) int {
	t.Helper()
	if _, err := os.Stat(filepath.Join(data, "corpus.db")); err != nil {
		return 0
	}
	st, err := corpus.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	stats, err := st.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return stats.Documents
}

func TestSearchCommand(t *testing.T) {
	dir, data := t.TempDir(), t.TempDir()
	if _, err := samples.WriteTo(dir); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := runBin(t, "ingest", "--data", data, dir); code != 0 {
		t.Fatalf("ingest: exit %d: %s", code, stderr)
	}
	out, stderr, code := runBin(t, "search", "--data", data, "--json", "--kind", "recommendation", "--from", "2019", "caseloads")
	if code != 0 {
		t.Fatalf("search: exit %d: %s", code, stderr)
	}
	var res struct {
		Total  int                         `json:"total"`
		TookMS *float64                    `json:"took_ms"`
		Hits   []map[string]any            `json:"hits"`
		Facets map[string][]map[string]any `json:"facets"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if res.Total < 3 || res.TookMS == nil || len(res.Facets["year"]) == 0 {
		t.Fatalf("result %+v", res)
	}
	for _, k := range []string{"doc_id", "item_id", "kind", "text", "title", "date", "publisher", "doc_type", "score", "highlight"} {
		if _, ok := res.Hits[0][k]; !ok {
			t.Errorf("hit lacks %q", k)
		}
	}
	checkSearchRefusals(t, data)
	// the whole result set as CSV and JSON Lines
	if out, stderr, code := runBin(t, "search", "--data", data, "--csv", "--kind", "recommendation", "--from", "2019", "caseloads"); code != 0 ||
		!strings.HasPrefix(out, "\ufefftitle,subject,publisher,date,doc_type,kind") || strings.Count(out, "\n") != res.Total+1 {
		t.Errorf("--csv: exit %d, %d lines for %d hits: %s", code, strings.Count(out, "\n"), res.Total, stderr)
	}
	if out, _, code := runBin(t, "search", "--data", data, "--jsonl", "--kind", "recommendation", "--from", "2019", "caseloads"); code != 0 || strings.Count(out, "\n") != res.Total {
		t.Errorf("--jsonl: exit %d, %d lines for %d hits", code, strings.Count(out, "\n"), res.Total)
	}
	// filters and no words list what the filters select
	if out, stderr, code := runBin(t, "search", "--data", data, "--kind", "recommendation"); code != 0 || !strings.Contains(out, "results") {
		t.Errorf("filters alone: exit %d %q %q", code, out, stderr)
	}
	// the index is rebuilt from the store with the same content
	if _, stderr, code := runBin(t, "reindex", "--data", data); code != 0 {
		t.Fatalf("reindex: %s", stderr)
	}
	again, _, _ := runBin(t, "search", "--data", data, "--json", "--kind", "recommendation", "--from", "2019", "caseloads")
	var res2 struct{ Total int }
	json.Unmarshal([]byte(again), &res2)
	if res2.Total != res.Total {
		t.Errorf("after reindex %d hits, before %d", res2.Total, res.Total)
	}
}

// checkSearchRefusals: an empty query and a leading wildcard are usage
// errors; a filter takes any name of a subject in any case, and an
// unknown one is refused with the nearest, by search and by watch.
func checkSearchRefusals(t *testing.T, data string) {
	t.Helper()
	if _, stderr, code := runBin(t, "search", "--data", data); code != 2 || !strings.Contains(stderr, "empty query") {
		t.Errorf("empty query: exit %d %q", code, stderr)
	}
	if _, _, code := runBin(t, "search", "--data", data, "*plans"); code != 2 {
		t.Errorf("leading wildcard: exit %d", code)
	}
	// filters by any name, in any case; an unknown one is refused with the nearest
	for _, subject := range []string{"Glanmorfa", "glanmorfa county council"} {
		out, stderr, code := runBin(t, "search", "--data", data, "--json", "--subject", subject, "caseloads")
		var r struct{ Total int }
		json.Unmarshal([]byte(out), &r)
		if code != 0 || r.Total == 0 {
			t.Errorf("subject %q: exit %d, %d hits %s", subject, code, r.Total, stderr)
		}
	}
	if _, stderr, code := runBin(t, "search", "--data", data, "--subject", "Glanmorfia", "caseloads"); code != 2 || !strings.Contains(stderr, "Glanmorfa") {
		t.Errorf("unknown subject: exit %d %q", code, stderr)
	}
	if _, stderr, code := runBin(t, "watch", "add", "--data", data, "--subject", "Glanmorfia", "w", "caseloads"); code != 2 || !strings.Contains(stderr, "Glanmorfa") {
		t.Errorf("a watch with an unknown subject: exit %d %q", code, stderr)
	}
}

func TestTraceCommand(t *testing.T) {
	dir, data := t.TempDir(), t.TempDir()
	if _, err := samples.WriteTo(dir); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := runBin(t, "ingest", "--data", data, dir); code != 0 {
		t.Fatalf("ingest: exit %d: %s", code, stderr)
	}
	out, stderr, code := runBin(t, "trace", "--data", data, "--json")
	if code != 0 {
		t.Fatalf("trace: exit %d: %s", code, stderr)
	}
	var res struct {
		Threads []map[string]any `json:"threads"`
		Matrix  map[string]any   `json:"matrix"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Threads) == 0 || res.Matrix == nil {
		t.Fatalf("no threads or matrix: %s", out)
	}
	for _, k := range []string{"id", "label", "themes", "years", "first_seen", "last_seen", "members", "changes", "status"} {
		if _, ok := res.Threads[0][k]; !ok {
			t.Errorf("thread lacks %q", k)
		}
	}
	// the table says why each member of a thread is in it
	table, _, code := runBin(t, "trace", "--data", data, "--min-docs", "2")
	if code != 0 || !regexp.MustCompile(`\n {16}alike (0\.\d\d|1\.00) with [^,\n]+, \d{4}-\d\d-\d\d: \S`).MatchString(table) {
		t.Errorf("table: exit %d, no reason given for a link:\n%s", code, table)
	}
	csvOut, _, code := runBin(t, "trace", "--data", data, "--csv")
	if code != 0 || !strings.HasPrefix(csvOut, "\ufeffthread_id,label,status") {
		t.Errorf("csv: exit %d %q", code, csvOut[:min(len(csvOut), 80)])
	}
	// --strengths counts strengths in the matrix and leaves the threads be
	withOut, stderr, code := runBin(t, "trace", "--data", data, "--json", "--strengths")
	if code != 0 {
		t.Fatalf("trace --strengths: exit %d: %s", code, stderr)
	}
	var with struct {
		Threads []json.RawMessage `json:"threads"`
		Matrix  struct {
			Cells map[string]map[string]struct{ Strengths int } `json:"cells"`
		} `json:"matrix"`
	}
	if err := json.Unmarshal([]byte(withOut), &with); err != nil {
		t.Fatal(err)
	}
	strengths := 0
	for _, row := range with.Matrix.Cells {
		for _, c := range row {
			strengths += c.Strengths
		}
	}
	if strengths == 0 || len(with.Threads) != len(res.Threads) {
		t.Errorf("--strengths: %d strengths counted, %d threads (without: %d)", strengths, len(with.Threads), len(res.Threads))
	}
	table, _, _ = runBin(t, "trace", "--data", data, "--strengths")
	if !strings.Contains(table, "(recommendations+concerns / strengths)") {
		t.Errorf("the table does not say it counts strengths: %s", table)
	}
}

// TestIngestWhileServing ingests while the server runs: the ingest stores
// the documents and stops waiting for the index after its timeout, the
// server indexes them, and searches answer throughout.
func TestIngestWhileServing(t *testing.T) {
	data, src := t.TempDir(), t.TempDir()
	if _, err := samples.WriteTo(src); err != nil {
		t.Fatal(err)
	}
	base := startServer(t, data)
	_, stderr, code := runBin(t, "ingest", "--data", data, src)
	if code != 0 || !strings.Contains(stderr, "held by another process") {
		t.Fatalf("ingest while serving: exit %d %s", code, stderr)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		total, code := searchTotal(base + "api/search?q=caseloads")
		if code != 200 {
			t.Fatalf("search failed while indexing: %d", code)
		}
		if total > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the server did not index the stored documents")
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// TestSearchWhileServing: while the server holds the index, the command
// line searches through it, with the same answers, and says nothing of a
// lock.
func TestSearchWhileServing(t *testing.T) {
	dir, data := t.TempDir(), t.TempDir()
	if _, err := samples.WriteTo(dir); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := runBin(t, "ingest", "--data", data, dir); code != 0 {
		t.Fatalf("ingest: exit %d: %s", code, stderr)
	}
	before, _, _ := runBin(t, "search", "--data", data, "--json", "--kind", "recommendation", "caseloads")
	startServer(t, data)
	out, stderr, code := runBin(t, "search", "--data", data, "--json", "--kind", "recommendation", "caseloads")
	var a, b struct{ Total int }
	json.Unmarshal([]byte(before), &a)
	if err := json.Unmarshal([]byte(out), &b); code != 0 || err != nil || b.Total != a.Total || a.Total == 0 {
		t.Fatalf("search while serving: exit %d, %d hits (before %d): %s %s", code, b.Total, a.Total, stderr, out)
	}
	if out, stderr, code := runBin(t, "search", "--data", data, "caseloads"); code != 0 || !strings.Contains(out, "results") {
		t.Errorf("plain search while serving: exit %d %s", code, stderr)
	}
	if _, stderr, code := runBin(t, "search", "--data", data, "(caseloads"); code != 2 || !strings.Contains(stderr, "parenthesis") {
		t.Errorf("a bad query while serving: exit %d %q", code, stderr)
	}
	if out, _, code := runBin(t, "search", "--data", data, "--csv", "caseloads"); code != 0 || !strings.HasPrefix(out, "\ufefftitle,") {
		t.Errorf("export while serving: exit %d", code)
	}
}

// TestFirstRunTraps: what a new user meets first says what to do.
func TestFirstRunTraps(t *testing.T) {
	empty := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	var stderr strings.Builder
	serve := exec.CommandContext(ctx, binary, "serve", "--data", filepath.Join(empty, "new"), "--addr", "127.0.0.1:0")
	serve.Stderr = &stderr
	serve.Run()
	if !strings.Contains(stderr.String(), "holds no store yet") {
		t.Errorf("serve on a folder with no store should say so: %q", stderr.String())
	}
	if _, stderr, code := runBin(t, "ingest", "--data", empty, filepath.Join(empty, "not-there")); code != 1 || !strings.Contains(stderr, "1 of 1 files failed") {
		t.Errorf("ingest of a path that is not there: exit %d %q", code, stderr)
	}
	if _, stderr, code := runBin(t, "bench", "--help"); code != 0 || !strings.Contains(stderr, "ingest") {
		t.Errorf("bench --help: exit %d %q", code, stderr)
	}
}

// TestFreeAddr: the demo on a busy port takes the next free one.
func TestFreeAddr(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	busy := ln.Addr().String()
	got := freeAddr(busy)
	if got == busy {
		t.Fatalf("freeAddr(%s) gave the busy address", busy)
	}
	l2, err := net.Listen("tcp", got)
	if err != nil {
		t.Fatalf("the address given, %s, cannot be listened on: %v", got, err)
	}
	l2.Close()
}

// TestPartialIndexSaysSo: when the index lacks stored documents (an
// ingest or reindex cut short), search says so rather than answer as if
// complete.
func TestPartialIndexSaysSo(t *testing.T) {
	dir, data := t.TempDir(), t.TempDir()
	if _, err := samples.WriteTo(dir); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := runBin(t, "ingest", "--data", data, dir); code != 0 {
		t.Fatalf("ingest: exit %d: %s", code, stderr)
	}
	st, err := corpus.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	st.ClearIndexState(context.Background(), "") // as if indexing had stopped before recording any
	st.Close()
	out, stderr, code := runBin(t, "search", "--data", data, "--json", "caseloads")
	var res struct {
		NotIndexed int `json:"not_indexed"`
	}
	json.Unmarshal([]byte(out), &res)
	if code != 0 || res.NotIndexed != 4 || !strings.Contains(stderr, "not in the index yet") {
		t.Errorf("exit %d, not_indexed %d, stderr %q", code, res.NotIndexed, stderr)
	}
}

// TestTraceItem: "was this recommended before?" for the 2024 review's
// front door recommendation finds the 2019 inspection's.
func TestTraceItem(t *testing.T) {
	dir, data := t.TempDir(), t.TempDir()
	if _, err := samples.WriteTo(dir); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := runBin(t, "ingest", "--data", data, dir); code != 0 {
		t.Fatalf("ingest: exit %d: %s", code, stderr)
	}
	out, _, _ := runBin(t, "search", "--data", data, "--json", "--kind", "recommendation", "--from", "2024", `"front door"`)
	var hits struct {
		Hits []struct {
			ItemID string `json:"item_id"`
		} `json:"hits"`
	}
	if err := json.Unmarshal([]byte(out), &hits); err != nil || len(hits.Hits) == 0 {
		t.Fatalf("no 2024 front door recommendation: %s", out)
	}
	out, stderr, code := runBin(t, "trace", "--data", data, "--json", "--item", hits.Hits[0].ItemID)
	var res struct {
		Earlier []struct {
			Date        string  `json:"date"`
			Score       float64 `json:"score"`
			SameSubject bool    `json:"same_subject"`
		} `json:"earlier"`
	}
	if err := json.Unmarshal([]byte(out), &res); code != 0 || err != nil || len(res.Earlier) == 0 || !strings.HasPrefix(res.Earlier[0].Date, "2019") ||
		!res.Earlier[0].SameSubject || res.Earlier[0].Score > 1 {
		t.Errorf("trace --item: exit %d %s %s", code, out, stderr)
	}
	if _, _, code := runBin(t, "trace", "--data", data, "--item", "nosuch"); code != 2 {
		t.Errorf("an unknown item: exit %d", code)
	}
}

// TestGateExitCode: a figure below its gate is exit 6, not "partial".
func TestGateExitCode(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "corpus", "ofsted-ilacs", "recurrence")
	if _, err := os.Stat(dir); err != nil {
		t.Skip("no ../shared/corpus")
	}
	if _, stderr, code := runBin(t, "eval", "--recurrence", dir, "--min-link-precision", "1.01"); code != 6 || !strings.Contains(stderr, "below") {
		t.Errorf("exit %d %q", code, stderr)
	}
}
