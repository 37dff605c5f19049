package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/scrutineer/scrutineer/index"
)

// While `serve` runs it holds the index; it writes where it listens to
// serve.json in the data directory, and `search` asks it there instead of
// failing: a researcher keeps the page open and uses the terminal too.

// serveInfo is what serve.json holds.
type serveInfo struct {
	Addr string `json:"addr"`
	PID  int    `json:"pid"`
}

func serveInfoPath(dir string) string { return filepath.Join(dir, "serve.json") }

// announce writes serve.json and returns a function that removes it.
func announce(dir, addr string) func() {
	data, _ := json.Marshal(serveInfo{Addr: addr, PID: os.Getpid()})
	path := serveInfoPath(dir)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return func() {}
	}
	return func() { os.Remove(path) }
}

// remoteQuery is a search request as the server's query parameters.
func remoteQuery(r index.Request) url.Values {
	v := url.Values{}
	set := func(k string, vs []string) {
		for _, x := range vs {
			v.Add(k, x)
		}
	}
	v.Set("q", r.Query)
	set("kind", r.Kind)
	set("polarity", r.Polarity)
	set("type", r.DocType)
	set("publisher", r.Publisher)
	set("subject", r.Subject)
	set("theme", r.Theme)
	set("year", r.Year)
	set("addressee", r.Addressee)
	set("language", r.Language)
	for k, x := range map[string]string{"from": r.From, "to": r.To, "sort": r.Sort} {
		if x != "" {
			v.Set(k, x)
		}
	}
	v.Set("limit", strconv.Itoa(r.Limit))
	v.Set("offset", strconv.Itoa(r.Offset))
	if r.Group {
		v.Set("group", "1")
	}
	return v
}

// serverGet asks the server that holds the index in dir for path with
// query, and returns its answer; ok is false when no server answers.
func serverGet(ctx context.Context, dir, path string, query url.Values) (resp *http.Response, ok bool) {
	data, err := os.ReadFile(serveInfoPath(dir))
	if err != nil {
		return nil, false
	}
	var info serveInfo
	if json.Unmarshal(data, &info) != nil || info.Addr == "" {
		return nil, false
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+info.Addr+path+"?"+query.Encode(), nil)
	if err != nil {
		cancel()
		return nil, false
	}
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		return nil, false
	}
	body := resp.Body
	resp.Body = struct {
		io.Reader
		io.Closer
	}{body, closer(func() error { cancel(); return body.Close() })}
	return resp, true
}

type closer func() error

func (c closer) Close() error { return c() }

// remoteError turns a server's refusal into the error the command returns.
func remoteError(resp *http.Response) error {
	var e struct {
		Error string `json:"error"`
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	_ = json.Unmarshal(body, &e)
	if e.Error == "" {
		e.Error = resp.Status
	}
	if resp.StatusCode == http.StatusBadRequest {
		return usageError("%s", e.Error)
	}
	return fmt.Errorf("the server: %s", e.Error)
}
