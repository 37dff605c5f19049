package harvest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"mime"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/time/rate"
)

// Errors a fetch can end with; callers branch on them.
var (
	ErrTooLarge    = errors.New("larger than the source's size limit")
	ErrContentType = errors.New("content type not allowed for this source")
	ErrRedirects   = errors.New("too many redirects (a redirect loop?)")
	ErrTruncated   = errors.New("download cut short")
)

// StatusError is an HTTP answer other than 200 or 304.
type StatusError struct{ Code int }

func (e *StatusError) Error() string {
	return fmt.Sprintf("HTTP %d %s", e.Code, http.StatusText(e.Code))
}

// maxRedirects is how many redirects one fetch follows.
const maxRedirects = 5

// Fetcher fetches from one source, keeping its limits: one request at a
// time per its rate, bounded size and content types, retries with
// exponential backoff after network errors, 429s and 5xx answers.
type Fetcher struct {
	src     Source
	client  *http.Client
	limiter *rate.Limiter
	// Backoff is the wait before the first retry; each later one doubles
	// it (with jitter), up to MaxBackoff.
	Backoff, MaxBackoff time.Duration
}

// NewFetcher returns a fetcher for a checked source.
func NewFetcher(src Source) *Fetcher {
	dialer := &net.Dialer{Timeout: 15 * time.Second}
	if !src.AllowPrivate && !isPrivateHost(src.URL) {
		dialer.Control = refusePrivate
	}
	transport := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   15 * time.Second,
		ResponseHeaderTimeout: src.Timeout.Duration,
		MaxIdleConnsPerHost:   src.Concurrency,
		IdleConnTimeout:       30 * time.Second,
	}
	client := &http.Client{
		Transport: transport,
		Timeout:   src.Timeout.Duration,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > maxRedirects {
				return ErrRedirects
			}
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return fmt.Errorf("redirect to a %s address refused", req.URL.Scheme)
			}
			return nil
		},
	}
	return &Fetcher{
		src:        src,
		client:     client,
		limiter:    rate.NewLimiter(rate.Limit(src.Rate), 1),
		Backoff:    time.Second,
		MaxBackoff: 30 * time.Second,
	}
}

// ErrPrivateAddress is a link from a public source to the local network.
var ErrPrivateAddress = errors.New("refused: a public source's link may not reach a private or local address")

// refusePrivate stops connections to loopback, private and link-local
// addresses (checked on the address actually dialled, after DNS), so a feed
// on the internet cannot make the harvester reach into the local network.
func refusePrivate(network, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return err
	}
	if ip := net.ParseIP(host); ip == nil || private(ip) {
		return fmt.Errorf("%w (%s)", ErrPrivateAddress, host)
	}
	return nil
}

func private(ip net.IP) bool {
	return ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() || ip.IsUnspecified() || special(ip)
}

// isPrivateHost says whether a source's own address is on the local
// network (an intranet or a test server): its links may be too.
func isPrivateHost(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	host := u.Hostname()
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && private(ip)
}

// Validators are what the last fetch of an address said about its version.
type Validators struct {
	ETag, LastModified string
}

// Response is a fetched document, or word that it has not changed.
type Response struct {
	URL         string // after redirects
	NotModified bool   // the server answered 304: nothing to read
	Body        []byte
	ContentType string
	Validators  Validators
	Attempts    int
}

// Get fetches url, conditionally when validators are given. It retries
// what may succeed later and returns at once what will not.
func (f *Fetcher) Get(ctx context.Context, url string, v Validators) (*Response, error) {
	var lastErr error
	for attempt := 0; attempt <= f.src.Retries; attempt++ {
		if attempt > 0 {
			if err := sleep(ctx, f.wait(attempt, lastErr)); err != nil {
				return nil, fmt.Errorf("fetch %s: %w (after %v)", url, err, lastErr)
			}
		}
		resp, err := f.once(ctx, url, v)
		if err == nil {
			resp.Attempts = attempt + 1
			return resp, nil
		}
		lastErr = err
		if !retryable(err) || ctx.Err() != nil {
			break
		}
	}
	return nil, fmt.Errorf("fetch %s: %w", url, lastErr)
}

// retryAfter carries a server's Retry-After with the error it came with.
type retryAfter struct {
	err  error
	wait time.Duration
}

func (r *retryAfter) Error() string { return r.err.Error() }
func (r *retryAfter) Unwrap() error { return r.err }

func (f *Fetcher) wait(attempt int, err error) time.Duration {
	var ra *retryAfter
	if errors.As(err, &ra) && ra.wait > 0 {
		return min(ra.wait, f.MaxBackoff)
	}
	d := f.Backoff << (attempt - 1)
	d += time.Duration(rand.Int64N(int64(d)/2 + 1))
	return min(d, f.MaxBackoff)
}

func (f *Fetcher) once(ctx context.Context, url string, v Validators) (*Response, error) {
	if err := f.limiter.Wait(ctx); err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", f.src.UserAgent)
	if v.ETag != "" {
		req.Header.Set("If-None-Match", v.ETag)
	}
	if v.LastModified != "" {
		req.Header.Set("If-Modified-Since", v.LastModified)
	}
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	out := &Response{URL: resp.Request.URL.String(), Validators: Validators{
		ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified")}}
	switch {
	case resp.StatusCode == http.StatusNotModified:
		out.NotModified = true
		if out.Validators == (Validators{}) {
			out.Validators = v
		}
		return out, nil
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500:
		return nil, &retryAfter{err: &StatusError{Code: resp.StatusCode}, wait: parseRetryAfter(resp.Header.Get("Retry-After"))}
	case resp.StatusCode != http.StatusOK:
		return nil, &StatusError{Code: resp.StatusCode}
	}
	out.ContentType = resp.Header.Get("Content-Type")
	if !f.allowed(out.ContentType) {
		return nil, fmt.Errorf("%w: %q", ErrContentType, out.ContentType)
	}
	limit := int64(f.src.MaxSizeMB) << 20
	if resp.ContentLength > limit {
		return nil, fmt.Errorf("%w: %d MB (limit %d MB)", ErrTooLarge, resp.ContentLength>>20, f.src.MaxSizeMB)
	}
	body, err := download(resp.Body, limit, resp.ContentLength, f.src.MaxSizeMB)
	if err != nil {
		return nil, err
	}
	out.Body = body
	return out, nil
}

// download streams a response body to a temporary file, refusing it as
// soon as it passes limit, so that a response too large (or a compression
// bomb, which the transport inflates as it reads) costs a copy buffer,
// not its size in memory; a body within the limit is then read back.
func download(body io.Reader, limit, contentLength int64, maxMB int) ([]byte, error) {
	tmp, err := os.CreateTemp("", "scrutineer-download-*")
	if err != nil {
		return nil, fmt.Errorf("download: %w", err)
	}
	defer func() {
		tmp.Close()
		os.Remove(tmp.Name())
	}()
	n, err := io.Copy(tmp, io.LimitReader(body, limit+1))
	switch {
	case n > limit:
		return nil, fmt.Errorf("%w: over %d MB", ErrTooLarge, maxMB)
	case err != nil && errors.Is(err, io.ErrUnexpectedEOF):
		return nil, fmt.Errorf("%w: %d of %d bytes", ErrTruncated, n, contentLength)
	case err != nil:
		return nil, err
	case contentLength >= 0 && n != contentLength:
		return nil, fmt.Errorf("%w: %d of %d bytes", ErrTruncated, n, contentLength)
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("download: %w", err)
	}
	out := make([]byte, n)
	if _, err := io.ReadFull(tmp, out); err != nil {
		return nil, fmt.Errorf("download: %w", err)
	}
	return out, nil
}

// allowed says whether a Content-Type is one the source takes; a missing
// one is allowed (the content is sniffed anyway).
func (f *Fetcher) allowed(contentType string) bool {
	if contentType == "" {
		return true
	}
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false
	}
	for _, ok := range f.src.ContentTypes {
		if strings.EqualFold(mt, ok) {
			return true
		}
	}
	return false
}

// retryable says whether a failed fetch may succeed if tried again.
func retryable(err error) bool {
	var se *StatusError
	switch {
	case errors.Is(err, context.Canceled):
		return false
	case errors.Is(err, ErrTruncated):
		return true
	case errors.As(err, &se):
		return se.Code == http.StatusTooManyRequests || se.Code >= 500
	case errors.Is(err, ErrRedirects), errors.Is(err, ErrTooLarge), errors.Is(err, ErrContentType), errors.Is(err, ErrPrivateAddress):
		return false
	}
	var ne net.Error
	if errors.As(err, &ne) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return true
	}
	// connection reset, refused, DNS: the url package wraps them
	return strings.Contains(err.Error(), "connection")
}

func parseRetryAfter(v string) time.Duration {
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return time.Until(t)
	}
	return 0
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
