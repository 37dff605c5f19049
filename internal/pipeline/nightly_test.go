package pipeline

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/scrutineer/scrutineer/corpus"
	"github.com/scrutineer/scrutineer/extract"
	"github.com/scrutineer/scrutineer/harvest"
	"github.com/scrutineer/scrutineer/internal/digest"
	"github.com/scrutineer/scrutineer/trace"
)

// nightlyFixture is a data directory, a watched folder, an extractor and
// a webhook receiver on loopback.
type nightlyFixture struct {
	cfg      NightlyConfig
	st       *corpus.Store
	folder   string
	mu       sync.Mutex
	received []digest.Digest
}

func newNightly(t *testing.T) *nightlyFixture {
	t.Helper()
	f := &nightlyFixture{folder: t.TempDir()}
	dir := t.TempDir()
	st, err := corpus.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	x, err := extract.New(extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var d digest.Digest
		body, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(body, &d); err != nil || r.Method != http.MethodPost {
			http.Error(w, "bad digest", 400)
			return
		}
		f.mu.Lock()
		f.received = append(f.received, d)
		f.mu.Unlock()
	}))
	t.Cleanup(hook.Close)
	sources, err := harvest.Parse("s.toml", []byte(fmt.Sprintf(
		"[[source]]\nname='folder'\nkind='dir'\npath=%q\nsubject='Glanmorfa County Council'\npublisher='Ofsted'\n", f.folder)))
	if err != nil {
		t.Fatal(err)
	}
	f.cfg, f.st = NightlyConfig{Dir: dir, Webhook: hook.URL}, st
	f.cfg.Store, f.cfg.Sources, f.cfg.Extractor = st, sources.Sources, extractor{x}
	f.cfg.Index, f.cfg.Trace = IndexIn(dir, st), StoreThreads(st)
	return f
}

func inspection(year int, recs ...string) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "Inspection of Glanmorfa County Council children's services\n\nPublished %d-06-01\n\nWhat needs to improve?\n\n", year)
	for _, r := range recs {
		fmt.Fprintf(&b, "- %s\n", r)
	}
	return []byte(b.String())
}

// TestNightlyDigest runs nightly syncs in turn: the first digest, one
// that covers a run killed before its digest, a run with nothing new, and
// a new version of a known report; the webhook gets each digest.
func TestNightlyDigest(t *testing.T) {
	ctx := context.Background()
	f := newNightly(t)
	if err := f.st.AddWatch(ctx, corpus.Watch{Name: "plans", Query: `"pathway plans"`,
		Filters: map[string][]string{"kind": {"recommendation"}}}); err != nil {
		t.Fatal(err)
	}
	if err := f.st.AddWatch(ctx, corpus.Watch{Name: "fostering", Query: "foster carers"}); err != nil {
		t.Fatal(err)
	}
	nightlyFirst(t, f)
	second := nightlyAfterKilledRun(t, f)
	// Nothing new: no digest, nothing repeated.
	third, err := Nightly(ctx, f.cfg)
	if err != nil || third.Digest != nil || third.New != 0 {
		t.Errorf("third run: %v %+v", err, third)
	}
	nightlyNewVersion(t, f)
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.received) != 3 || f.received[1].RunID != second.RunID {
		t.Errorf("the webhook received %d digests, want 3", len(f.received))
	}
}

// wantHits checks that a digest's watch found n items, each containing
// want.
func wantHits(t *testing.T, d digest.Digest, watch string, n int, want string) {
	t.Helper()
	hits := watchHits(d, watch)
	ok := len(hits) == n
	for _, h := range hits {
		ok = ok && strings.Contains(h, want)
	}
	if !ok {
		t.Errorf("watch %s: %v, want %d hits with %q", watch, hits, n, want)
	}
}

// nightlyFirst: the first run's digest has the watch that matches and not
// the one that does not.
func nightlyFirst(t *testing.T, f *nightlyFixture) {
	t.Helper()
	write(t, filepath.Join(f.folder, "2018.txt"), inspection(2018,
		"The quality of pathway plans for care leavers, so that they set out what young people need.",
		"The timeliness of initial health assessments for children in care."))
	first, err := Nightly(context.Background(), f.cfg)
	if err != nil {
		t.Fatal(err)
	}
	if first.New != 1 || first.Digest == nil || first.Indexed != 1 {
		t.Fatalf("first run: %+v", first)
	}
	d := readDigest(t, first.Digest.JSON)
	wantHits(t, d, "plans", 1, "pathway plans")
	wantHits(t, d, "fostering", 0, "") // a report that does not speak of it
}

// nightlyAfterKilledRun: a run killed before its digest has its arrival
// in the next digest, with a recommendation shown as made before.
func nightlyAfterKilledRun(t *testing.T, f *nightlyFixture) NightlyReport {
	t.Helper()
	ctx := context.Background()
	write(t, filepath.Join(f.folder, "2021.txt"), inspection(2021,
		"The quality of pathway plans for care leavers, which do not yet say what young people need.",
		"The recruitment of foster carers, so that children live close to home."))
	if _, err := Sync(ctx, f.cfg.SyncConfig); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(f.folder, "2023.txt"), inspection(2023, "The sufficiency of placements for disabled children."))
	second, err := Nightly(ctx, f.cfg)
	if err != nil {
		t.Fatal(err)
	}
	if second.Digest == nil || len(second.Digest.Runs) != 2 {
		t.Fatalf("second digest should cover the killed run and its own: %+v", second.Digest)
	}
	d := readDigest(t, second.Digest.JSON)
	if len(d.Documents) != 2 {
		t.Errorf("second digest lists %d documents, want 2 (2021 and 2023)", len(d.Documents))
	}
	wantHits(t, d, "plans", 1, "do not yet say") // only the 2021 item is new
	wantHits(t, d, "fostering", 1, "foster carers")
	joined := slices.ContainsFunc(d.Recurring, func(r digest.Recurrence) bool {
		return strings.Contains(r.Text, "pathway plans") && strings.Join(r.Years, ",") == "2018"
	})
	if !joined {
		t.Errorf("the 2021 pathway plans recommendation is not shown as recommended before in 2018: %+v", d.Recurring)
	}
	md, err := os.ReadFile(second.Digest.Markdown)
	if err != nil || !strings.Contains(string(md), "Recommended before in 2018") {
		t.Errorf("markdown digest: %v\n%s", err, md)
	}
	return second
}

// nightlyNewVersion: of a new version of a known report, only what it adds
// is news.
func nightlyNewVersion(t *testing.T, f *nightlyFixture) {
	t.Helper()
	write(t, filepath.Join(f.folder, "2018.txt"), inspection(2018,
		"The quality of pathway plans for care leavers, so that they set out what young people need.",
		"The timeliness of initial health assessments for children in care.",
		"The quality of pathway plans for young people in custody."))
	fourth, err := Nightly(context.Background(), f.cfg)
	if err != nil || fourth.Updated != 1 || fourth.Digest == nil {
		t.Fatalf("fourth run: %v %+v", err, fourth)
	}
	d := readDigest(t, fourth.Digest.JSON)
	if len(d.Documents) != 1 || d.Documents[0].Status != "updated" || d.Documents[0].NewItems != 1 {
		t.Errorf("fourth digest documents: %+v", d.Documents)
	}
	wantHits(t, d, "plans", 1, "custody") // only the custody item is new
	// the stored threads follow the new version: the one it replaced is
	// in none of them, so its items are not taken for a recurrence
	vers, err := f.st.Versions(context.Background(), filepath.Join(f.folder, "2018.txt"))
	if err != nil || len(vers) != 2 {
		t.Fatalf("versions of 2018.txt: %v %v", vers, err)
	}
	threads, err := f.cfg.Trace.SubjectThreads(context.Background(), "Glanmorfa")
	if err != nil || len(threads) == 0 {
		t.Fatalf("stored threads: %v %v", threads, err)
	}
	for _, th := range threads {
		for _, m := range th.Members {
			if m.DocID == vers[1] {
				t.Errorf("thread %q holds an item of the replaced version: %q", th.Label, m.Text)
			}
		}
	}
	if !slices.ContainsFunc(threads[0].Members, func(m trace.Member) bool { return m.DocID == vers[0] }) {
		t.Errorf("the new version is not in the pathway plans thread: %+v", threads[0].Members)
	}
}

func TestDigestEscapesText(t *testing.T) {
	ctx := context.Background()
	f := newNightly(t)
	f.cfg.Webhook = ""
	write(t, filepath.Join(f.folder, "x.txt"), inspection(2020, "The council should stop <script>alert(1)</script> and [links](javascript:alert(1)) in plans."))
	rep, err := Nightly(ctx, f.cfg)
	if err != nil || rep.Digest == nil {
		t.Fatal(err, rep)
	}
	md, _ := os.ReadFile(rep.Digest.Markdown)
	if strings.Contains(string(md), "<script>") || strings.Contains(string(md), "](javascript:") {
		t.Errorf("document text reached the Markdown digest unescaped:\n%s", md)
	}
}

func readDigest(t *testing.T, path string) digest.Digest {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var d digest.Digest
	if err := json.Unmarshal(raw, &d); err != nil {
		t.Fatal(err)
	}
	return d
}

func watchHits(d digest.Digest, name string) []string {
	var out []string
	for _, w := range d.Watches {
		if w.Name == name {
			for _, h := range w.Hits {
				out = append(out, h.Text)
			}
		}
	}
	return out
}
