package harvest

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"testing"
)

// zeros is an endless reader of zero bytes.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// TestLargeDownloadsAreStreamed: a response far over the size limit, sent
// plain without a length or as a gzip bomb, is refused while it streams;
// what it costs in memory is a copy buffer, not the limit.
func TestLargeDownloadsAreStreamed(t *testing.T) {
	var bomb bytes.Buffer
	gz := gzip.NewWriter(&bomb)
	io.Copy(gz, io.LimitReader(zeros{}, 400<<20))
	gz.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		if r.URL.Path == "/bomb" {
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(bomb.Bytes())
			return
		}
		io.Copy(w, io.LimitReader(zeros{}, 400<<20)) // chunked: no length to refuse it by
	}))
	defer srv.Close()
	f := fetcher(t, source(t, KindFeed, srv.URL+"/feed", func(s *Source) { s.MaxSizeMB = 50; s.AllowPrivate = true }))
	for _, path := range []string{"/plain", "/bomb"} {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err := f.Get(context.Background(), srv.URL+path, Validators{})
		runtime.ReadMemStats(&after)
		if !errors.Is(err, ErrTooLarge) {
			t.Errorf("%s: %v, want too large", path, err)
		}
		// bytes allocated while fetching: a few copy buffers, where holding
		// the body up to the limit took over 50 MB
		if grew := after.TotalAlloc - before.TotalAlloc; grew > 16<<20 {
			t.Errorf("%s: %d MB allocated to refuse it", path, grew>>20)
		}
	}
}
