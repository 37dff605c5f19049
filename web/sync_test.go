package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func post(t *testing.T, url, token string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestSyncEndpoint(t *testing.T) {
	readOnly := httptest.NewServer((&Server{}).Handler())
	defer readOnly.Close()
	if code := post(t, readOnly.URL+"/api/sync", "anything"); code != http.StatusForbidden {
		t.Errorf("read-only server: %d, want 403", code)
	}

	release := make(chan struct{})
	runs := 0
	s := &Server{Token: "s3cret-token-for-tests", Sync: func(ctx context.Context) (any, error) {
		runs++
		<-release
		return map[string]int{"new": 2}, nil
	}}
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	for _, tok := range []string{"", "wrong", "s3cret-token-for-test"} {
		if code := post(t, srv.URL+"/api/sync", tok); code != http.StatusUnauthorized {
			t.Errorf("token %q: %d, want 401", tok, code)
		}
	}
	if code := post(t, srv.URL+"/api/sync", s.Token); code != http.StatusAccepted {
		t.Fatalf("with the token: %d, want 202", code)
	}
	if code := post(t, srv.URL+"/api/sync", s.Token); code != http.StatusConflict {
		t.Errorf("while a sync runs: %d, want 409", code)
	}
	close(release)
	var status struct {
		Running bool           `json:"running"`
		Last    map[string]int `json:"last"`
	}
	for i := 0; i < 100; i++ {
		_, body := get(t, srv.URL+"/api/sync")
		json.Unmarshal([]byte(body), &status)
		if !status.Running {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if status.Running || status.Last["new"] != 2 || runs != 1 {
		t.Errorf("status after the sync: %+v, runs %d", status, runs)
	}
	if code, _ := get(t, srv.URL+"/api/sync?x"); code != 200 {
		t.Errorf("GET /api/sync: %d", code)
	}
	// no other method changes anything
	req, _ := http.NewRequest(http.MethodDelete, srv.URL+"/api/documents/x", nil)
	req.Header.Set("Authorization", "Bearer "+s.Token)
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("DELETE: %v %v", err, resp.StatusCode)
	}
}
