package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/scrutineer/scrutineer/index"
	"github.com/scrutineer/scrutineer/internal/synth"
)

// SearchQuery is one query of the fixed mix.
type SearchQuery struct {
	Class string // term, phrase, filtered+facets, prefix
	Req   index.Request
	Term  string // the word ripgrep looks for, for term queries
}

// QueryMix is the fixed mix of the search benchmark.
func QueryMix() []SearchQuery {
	var out []SearchQuery
	for _, t := range []string{"caseloads", "supervision", "exploitation", "sufficiency", "assessments", "permanence", "interviews", "audit"} {
		out = append(out, SearchQuery{Class: "term", Req: index.Request{Query: t, Limit: 20}, Term: t})
		out = append(out, SearchQuery{Class: "filtered+facets", Term: t, Req: index.Request{Query: t, Limit: 20,
			Kind: []string{"recommendation"}, From: "2016", To: "2022"}})
	}
	for _, p := range []string{`"pathway plans"`, `"front door"`, `"return home interviews"`, `"care leavers"`} {
		out = append(out, SearchQuery{Class: "phrase", Req: index.Request{Query: p, Limit: 20}})
	}
	for _, p := range []string{"assess*", "supervis*", "exploit*", "placem*"} {
		out = append(out, SearchQuery{Class: "prefix", Req: index.Request{Query: p, Limit: 20}})
	}
	out = append(out, SearchQuery{Class: "filtered+facets", Req: index.Request{Query: "plans", Limit: 20,
		Theme: []string{"care-leavers"}, Publisher: []string{"CIW"}, Group: true}})
	return out
}

// SynthIndex builds (or reuses) an index of a synthetic corpus of n items
// in dir, with the documents' text written under dir/text for ripgrep.
// It returns the items indexed per second (0 when reused).
func SynthIndex(ctx context.Context, dir string, n int, seed int64, log io.Writer) (float64, error) {
	marker := filepath.Join(dir, "complete")
	if _, err := os.Stat(marker); err == nil {
		ix, err := index.Open(dir)
		if err == nil {
			ix.Close()
			fmt.Fprintf(log, "reusing the index in %s\n", dir)
			return 0, nil
		}
		if !errors.Is(err, index.ErrFormat) {
			return 0, err
		}
		fmt.Fprintf(log, "the index in %s is of another format: building it again\n", dir)
	}
	os.RemoveAll(dir)
	if err := os.MkdirAll(filepath.Join(dir, "text"), 0o755); err != nil {
		return 0, err
	}
	ix, err := index.OpenSized(dir, n)
	if err != nil {
		return 0, err
	}
	defer ix.Close()
	g := synth.New(synth.Config{Seed: seed, Items: n})
	start := time.Now()
	items := 0
	var batch []index.Entry
	var loadTime time.Duration // indexing alone: not generating, not writing text
	for {
		d, its := g.Next()
		if d != nil {
			batch = append(batch, index.Entry{Doc: d, Items: its})
			items += len(its)
			if err := os.WriteFile(filepath.Join(dir, "text", strings.TrimPrefix(d.ID, "sha256:")[:16]+".txt"), []byte(d.Text), 0o644); err != nil {
				return 0, err
			}
		}
		if len(batch) >= 200 || d == nil && len(batch) > 0 {
			t := time.Now()
			if err := ix.Load(ctx, batch); err != nil {
				return 0, err
			}
			loadTime += time.Since(t)
			batch = batch[:0]
			if items%50000 < 1000 {
				fmt.Fprintf(log, "  %d items indexed, %.0fs\n", items, time.Since(start).Seconds())
			}
		}
		if d == nil {
			break
		}
	}
	if err := os.WriteFile(marker, []byte(fmt.Sprint(items)), 0o644); err != nil {
		return 0, err
	}
	return float64(items) / loadTime.Seconds(), nil
}

// Latencies summarises durations.
type Latencies struct {
	N             int
	P50, P95, P99 time.Duration
	Max           time.Duration
}

// Summarise computes percentiles.
func Summarise(ds []time.Duration) Latencies {
	if len(ds) == 0 {
		return Latencies{}
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	p := func(q float64) time.Duration { return s[min(len(s)-1, int(q*float64(len(s))))] }
	return Latencies{N: len(s), P50: p(.5), P95: p(.95), P99: p(.99), Max: s[len(s)-1]}
}

// RunMix runs the query mix rounds times and returns latencies per class.
func RunMix(ctx context.Context, ix *index.Index, rounds int) (map[string][]time.Duration, time.Duration, error) {
	out := map[string][]time.Duration{}
	mix := QueryMix()
	start := time.Now()
	for r := 0; r < rounds; r++ {
		for _, q := range mix {
			t := time.Now()
			if _, err := ix.Search(ctx, q.Req); err != nil {
				return nil, 0, fmt.Errorf("%s %q: %w", q.Class, q.Req.Query, err)
			}
			out[q.Class] = append(out[q.Class], time.Since(t))
		}
	}
	return out, time.Since(start), nil
}

// Ripgrep times ripgrep answering the term queries over the text files in
// dir (word match, ignoring case, counting matching lines per file).
func Ripgrep(ctx context.Context, dir string, rounds int) ([]time.Duration, error) {
	if _, err := exec.LookPath("rg"); err != nil {
		return nil, fmt.Errorf("ripgrep (rg) is not installed: apt-get install ripgrep")
	}
	var out []time.Duration
	for r := 0; r < rounds; r++ {
		for _, q := range QueryMix() {
			if q.Class != "term" {
				continue
			}
			t := time.Now()
			cmd := exec.CommandContext(ctx, "rg", "-c", "-i", "-w", q.Term, dir)
			cmd.Stdout = io.Discard
			if err := cmd.Run(); err != nil {
				if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 { // 1: no match
					return nil, err
				}
			}
			out = append(out, time.Since(t))
		}
	}
	return out, nil
}

// DirSize returns the bytes of the files under dir.
func DirSize(dir string) int64 {
	var n int64
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}
