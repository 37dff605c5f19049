package web

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"time"
)

// The one write endpoint: POST /api/sync starts a sync of the configured
// sources in the background (202), or says why not: 403 when the server is
// read-only, 401 without the token, 409 while a sync runs. GET /api/sync
// says whether one runs and what the last one did.

type syncState struct {
	mu      sync.Mutex
	running bool
	started string
	last    any
	lastErr string
}

func (s *Server) apiStartSync(w http.ResponseWriter, r *http.Request) {
	if s.Sync == nil || s.Token == "" {
		writeError(w, http.StatusForbidden, "read-only: start serve with --token (or $SCRUTINEER_TOKEN) and --sources to allow syncs")
		return
	}
	if !s.authorised(r) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="scrutineer"`)
		writeError(w, http.StatusUnauthorized, "this endpoint needs Authorization: Bearer TOKEN")
		return
	}
	st := &s.syncs
	st.mu.Lock()
	if st.running {
		started := st.started
		st.mu.Unlock()
		writeError(w, http.StatusConflict, "a sync is already running (since "+started+")")
		return
	}
	started := time.Now().UTC().Format(time.RFC3339)
	st.running, st.started = true, started
	st.mu.Unlock()
	go func() {
		rep, err := s.Sync(context.WithoutCancel(r.Context()))
		st.mu.Lock()
		defer st.mu.Unlock()
		st.running, st.last, st.lastErr = false, rep, ""
		if err != nil {
			st.lastErr = err.Error()
			s.Log.Warn("sync", "err", err)
		}
	}()
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusAccepted)
	_ = json.NewEncoder(w).Encode(map[string]any{"status": "started", "started": started})
}

func (s *Server) apiSyncStatus(w http.ResponseWriter, r *http.Request) {
	st := &s.syncs
	st.mu.Lock()
	defer st.mu.Unlock()
	writeJSON(w, map[string]any{"enabled": s.Sync != nil && s.Token != "", "running": st.running,
		"started": st.started, "last": st.last, "error": st.lastErr})
}

// authorised checks the bearer token in constant time.
func (s *Server) authorised(r *http.Request) bool {
	got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	return ok && subtle.ConstantTimeCompare([]byte(strings.TrimSpace(got)), []byte(s.Token)) == 1
}
