package bench

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/scrutineer/scrutineer/corpus"
	"github.com/scrutineer/scrutineer/harvest"
	"github.com/scrutineer/scrutineer/internal/isolate"
	"github.com/scrutineer/scrutineer/internal/pipeline"
	"github.com/scrutineer/scrutineer/internal/synth"
)

// benchSync measures the nightly sync over a synthetic corpus of --docs
// documents, half in a watched folder and half published by a web server
// on loopback behind a sitemap: the first sync (everything new), then
// repeated syncs with nothing new (the target: under 2 s at 10,000
// documents), then a sync that asks the server about every link
// (conditional GETs). The baseline is an ingest re-run over the folder,
// which reads and hashes every file.
func benchSync(ctx context.Context, e *Env, args []string) error {
	fs := newFlags(e, "bench sync", "[--docs N] [--repeat N]")
	docs := fs.Int("docs", 10000, "documents in the corpus")
	repeat := fs.Int("repeat", 5, "syncs with nothing new")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	work, err := os.MkdirTemp("", "scrutineer-bench-sync-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	folder, site := filepath.Join(work, "folder"), filepath.Join(work, "site")
	for i, dir := range []string{folder, site} {
		g := synth.New(synth.Config{Seed: int64(2026 + i), Items: (*docs / 2) * 20})
		if _, err := g.WriteFiles(dir); err != nil {
			return err
		}
	}
	srv, requests, err := serveSite(site)
	if err != nil {
		return err
	}
	defer srv.Close()
	data := filepath.Join(work, "data")
	st, err := corpus.Open(data)
	if err != nil {
		return err
	}
	defer st.Close()
	sources := fmt.Sprintf("[[source]]\nname='folder'\nkind='dir'\npath=%q\n\n[[source]]\nname='site'\nkind='sitemap'\nurl='http://%s/sitemap.xml'\nrate=2000\nconcurrency=4\nmax_documents=1000000\n",
		folder, srv.Addr)
	file, err := harvest.Parse("bench", []byte(sources))
	if err != nil {
		return err
	}
	cfg := pipeline.NightlyConfig{Dir: data, DigestDir: file.Alerts.Dir, Webhook: file.Alerts.Webhook}
	cfg.Sources, cfg.SourcesFile = file.Sources, "bench"
	if cfg.Config, err = pipeline.Build(st, pipeline.Setup{Data: data, Log: e.Log}); err != nil {
		return err
	}
	if err := st.AddWatch(ctx, corpus.Watch{Name: "plans", Query: `"quality of plans"`}); err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "sync benchmark: %d documents (%d in a folder, %d on a loopback web server behind a sitemap)\n",
		*docs, countFiles(folder), countFiles(site))

	sampler := startMemorySampler()
	start := time.Now()
	first, err := pipeline.Nightly(ctx, cfg)
	if err != nil {
		return err
	}
	took := time.Since(start)
	if total := countFiles(folder) + countFiles(site); first.New != total {
		return fmt.Errorf("the first sync stored %d of %d documents (%d failed)", first.New, total, first.Failed)
	}
	fmt.Fprintf(e.Stdout, "first sync:        %6.1f s  %d new, %d failed  (%.0f documents/s: fetch, read, extract, store, index, digest with one watch)\n",
		took.Seconds(), first.New, first.Failed, float64(first.New)/took.Seconds())

	var times []float64
	var reqs int64
	for i := 0; i < *repeat; i++ {
		before := requests.Load()
		start := time.Now()
		rep, err := pipeline.Nightly(ctx, cfg)
		if err != nil {
			return err
		}
		times = append(times, time.Since(start).Seconds())
		reqs = requests.Load() - before
		if rep.New+rep.Updated != 0 {
			return fmt.Errorf("a sync with nothing new found %d new documents", rep.New+rep.Updated)
		}
	}
	sort.Float64s(times)
	p50, worst := times[len(times)/2], times[len(times)-1]
	verdict := "met"
	if worst > 2 {
		verdict = "NOT met"
	}
	fmt.Fprintf(e.Stdout, "nothing new:       %6.3f s p50, %.3f s worst of %d  (%d HTTP requests each; target ≤ 2 s at 10,000 documents: %s)\n",
		p50, worst, len(times), reqs, verdict)

	file.Sources[1].Recheck = true
	cfg.Sources = file.Sources
	before := requests.Load()
	start = time.Now()
	if _, err := pipeline.Nightly(ctx, cfg); err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "recheck every link:%6.3f s  (%d conditional GETs answered 304)\n",
		time.Since(start).Seconds(), requests.Load()-before-1)

	start = time.Now()
	icfg, err := pipeline.Build(st, pipeline.Setup{Data: data, NoIndex: true, Log: e.Log})
	if err != nil {
		return err
	}
	sum, err := pipeline.Ingest(ctx, icfg, []string{folder})
	if err != nil {
		return err
	}
	reread := time.Since(start).Seconds()
	fmt.Fprintf(e.Stdout, "baseline: ingest re-run over the folder's %d files (reads and hashes each): %.3f s; sync's nothing-new p50 over all %d documents is %.1fx faster\n",
		sum.Read, reread, *docs, reread/p50)
	fmt.Fprintf(e.Stdout, "peak Go memory %d MB, peak RSS %d MB\n", sampler.stop()>>20, isolate.PeakRSS()>>20)
	return nil
}

// serveSite serves the files of dir on loopback with a sitemap whose
// lastmod is each file's time; the server answers If-Modified-Since.
func serveSite(dir string) (*http.Server, *atomic.Int64, error) {
	var requests atomic.Int64
	files := http.FileServer(http.Dir(dir))
	mux := http.NewServeMux()
	mux.HandleFunc("/sitemap.xml", func(w http.ResponseWriter, r *http.Request) {
		entries, err := os.ReadDir(dir)
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		var b strings.Builder
		b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
		for _, en := range entries {
			fi, err := en.Info()
			if err != nil {
				continue
			}
			fmt.Fprintf(&b, "<url><loc>http://%s/%s</loc><lastmod>%s</lastmod></url>", r.Host, en.Name(), fi.ModTime().UTC().Format(time.RFC3339))
		}
		b.WriteString(`</urlset>`)
		w.Header().Set("Content-Type", "application/xml")
		fmt.Fprint(w, b.String())
	})
	mux.Handle("/", files)
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		mux.ServeHTTP(w, r)
	}), ReadHeaderTimeout: 5 * time.Second}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, nil, err
	}
	srv.Addr = ln.Addr().String()
	go srv.Serve(ln)
	return srv, &requests, nil
}

func countFiles(dir string) int {
	entries, _ := os.ReadDir(dir)
	return len(entries)
}
