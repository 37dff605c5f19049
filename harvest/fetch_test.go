package harvest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// source is a checked source for tests: fast retries, short timeouts.
func source(t *testing.T, kind, url string, edit func(*Source)) Source {
	t.Helper()
	s := Source{Name: "test", Kind: kind, URL: url, Rate: 1000, Timeout: Duration{2 * time.Second}, Retries: 2}
	if edit != nil {
		edit(&s)
	}
	if err := s.check(); err != nil {
		t.Fatal(err)
	}
	return s
}

func fetcher(t *testing.T, src Source) *Fetcher {
	f := NewFetcher(src)
	f.Backoff, f.MaxBackoff = 5*time.Millisecond, 20*time.Millisecond
	return f
}

func TestConditionalGet(t *testing.T) {
	body := "Version one of the report."
	etag := `"v1"`
	var full, notModified atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == etag {
			notModified.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		full.Add(1)
		w.Header().Set("ETag", etag)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprint(w, body)
	}))
	defer srv.Close()
	f := fetcher(t, source(t, KindFeed, srv.URL, nil))
	ctx := context.Background()
	r1, err := f.Get(ctx, srv.URL+"/doc", Validators{})
	if err != nil || string(r1.Body) != body || r1.Validators.ETag != etag {
		t.Fatalf("first fetch: %v %+v", err, r1)
	}
	r2, err := f.Get(ctx, srv.URL+"/doc", r1.Validators)
	if err != nil || !r2.NotModified || r2.Body != nil {
		t.Fatalf("second fetch should be 304: %v %+v", err, r2)
	}
	body, etag = "Version two.", `"v2"`
	r3, err := f.Get(ctx, srv.URL+"/doc", r1.Validators)
	if err != nil || r3.NotModified || string(r3.Body) != body || r3.Validators.ETag != `"v2"` {
		t.Fatalf("changed document: %v %+v", err, r3)
	}
	if full.Load() != 2 || notModified.Load() != 1 {
		t.Errorf("full %d, not modified %d; want 2 and 1", full.Load(), notModified.Load())
	}
}

func TestRetriesThenSucceeds(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) <= 2 {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprint(w, "at last")
	}))
	defer srv.Close()
	r, err := fetcher(t, source(t, KindFeed, srv.URL, nil)).Get(context.Background(), srv.URL, Validators{})
	if err != nil || string(r.Body) != "at last" || r.Attempts != 3 {
		t.Fatalf("got %v %+v, want success on the third attempt", err, r)
	}
}

func TestFailures(t *testing.T) {
	mux := http.NewServeMux()
	var serverErrors atomic.Int32
	mux.HandleFunc("/500", func(w http.ResponseWriter, r *http.Request) {
		serverErrors.Add(1)
		http.Error(w, "broken", http.StatusInternalServerError)
	})
	mux.HandleFunc("/404", http.NotFound)
	mux.HandleFunc("/loop-a", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop-b", http.StatusFound) })
	mux.HandleFunc("/loop-b", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop-a", http.StatusFound) })
	mux.HandleFunc("/to-file", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "file:///etc/passwd", http.StatusFound)
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", fmt.Sprint(3<<20))
		w.Write(make([]byte, 3<<20))
	})
	mux.HandleFunc("/big-chunked", func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i < 3; i++ { // no Content-Length: the limit is found while reading
			w.Write(make([]byte, 1<<20))
			w.(http.Flusher).Flush()
		}
	})
	mux.HandleFunc("/image", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write([]byte("\x89PNG"))
	})
	mux.HandleFunc("/truncated", func(w http.ResponseWriter, r *http.Request) {
		conn, buf, _ := w.(http.Hijacker).Hijack()
		buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\nonly part of it")
		buf.Flush()
		conn.Close()
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(5 * time.Second):
		case <-r.Context().Done():
		}
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	src := source(t, KindFeed, srv.URL, func(s *Source) { s.MaxSizeMB = 2; s.Timeout = Duration{300 * time.Millisecond} })
	f := fetcher(t, src)
	cases := []struct {
		path string
		want error
		code int
	}{
		{"/500", nil, 500},
		{"/404", nil, 404},
		{"/loop-a", ErrRedirects, 0},
		{"/to-file", nil, 0},
		{"/big", ErrTooLarge, 0},
		{"/big-chunked", ErrTooLarge, 0},
		{"/image", ErrContentType, 0},
		{"/truncated", ErrTruncated, 0},
		{"/slow", nil, 0},
	}
	for _, c := range cases {
		start := time.Now()
		_, err := f.Get(context.Background(), srv.URL+c.path, Validators{})
		if err == nil {
			t.Errorf("%s: no error", c.path)
			continue
		}
		if !strings.Contains(err.Error(), srv.URL+c.path) {
			t.Errorf("%s: the error does not name the address: %v", c.path, err)
		}
		if c.want != nil && !errors.Is(err, c.want) {
			t.Errorf("%s: got %v, want %v", c.path, err, c.want)
		}
		var se *StatusError
		if c.code != 0 && (!errors.As(err, &se) || se.Code != c.code) {
			t.Errorf("%s: got %v, want HTTP %d", c.path, err, c.code)
		}
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("%s: took %v; a fetch must be bounded", c.path, d)
		}
		t.Logf("%s: %v", c.path, err)
	}
	if n := serverErrors.Load(); n != 3 {
		t.Errorf("a 500 was asked %d times, want 3 (one try and two retries)", n)
	}
}

func TestRateLimit(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		fmt.Fprint(w, "ok")
	}))
	defer srv.Close()
	f := fetcher(t, source(t, KindFeed, srv.URL, func(s *Source) { s.Rate = 20 }))
	start := time.Now()
	for i := 0; i < 5; i++ {
		if _, err := f.Get(context.Background(), srv.URL, Validators{}); err != nil {
			t.Fatal(err)
		}
	}
	// five requests at 20 a second cannot take less than 4 intervals of 50 ms
	if d := time.Since(start); d < 190*time.Millisecond {
		t.Errorf("5 requests at 20/s took %v: the rate limit was not kept", d)
	}
}

func TestCancelStopsRetries(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "down", http.StatusBadGateway)
	}))
	defer srv.Close()
	f := fetcher(t, source(t, KindFeed, srv.URL, func(s *Source) { s.Retries = 50 }))
	f.Backoff, f.MaxBackoff = time.Second, time.Second
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := f.Get(ctx, srv.URL, Validators{}); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v, want the context's deadline", err)
	}
}

func TestPublicSourceCannotReachPrivateAddresses(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "internal") }))
	defer srv.Close()
	public := source(t, KindFeed, "https://feeds.example.org/feed.xml", nil)
	_, err := fetcher(t, public).Get(context.Background(), srv.URL+"/admin", Validators{})
	if !errors.Is(err, ErrPrivateAddress) {
		t.Fatalf("a public source's link to %s: got %v, want a refusal", srv.URL, err)
	}
	allowed := source(t, KindFeed, "https://feeds.example.org/feed.xml", func(s *Source) { s.AllowPrivate = true })
	if _, err := fetcher(t, allowed).Get(context.Background(), srv.URL, Validators{}); err != nil {
		t.Errorf("allow_private: %v", err)
	}
	local := source(t, KindFeed, srv.URL+"/feed.xml", nil)
	if _, err := fetcher(t, local).Get(context.Background(), srv.URL, Validators{}); err != nil {
		t.Errorf("a source on the local network reaching its own host: %v", err)
	}
}
