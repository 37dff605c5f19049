package web

import (
	"context"
	"net/http"
	"strconv"
	"sync"

	"github.com/scrutineer/scrutineer/trace"
)

// finderCache keeps the trace.Finder over every stored recommendation and
// concern until the store changes.
type finderCache struct {
	mu     sync.Mutex
	gen    string
	finder *trace.Finder
}

// finder returns the Finder for the store as it is.
func (s *Server) finder(ctx context.Context) (*trace.Finder, error) {
	gen, err := s.Store.Generation(ctx)
	if err != nil {
		return nil, err
	}
	s.finders.mu.Lock()
	defer s.finders.mu.Unlock()
	if s.finders.finder != nil && s.finders.gen == gen {
		return s.finders.finder, nil
	}
	in, err := trace.Inputs(ctx, s.Store, trace.Selection{Concerns: true})
	if err != nil {
		return nil, err
	}
	s.finders.gen, s.finders.finder = gen, trace.NewFinder(in)
	return s.finders.finder, nil
}

// apiEarlier answers "was this recommended before?" for one item:
// GET /api/items/{id}/earlier?k=5.
func (s *Server) apiEarlier(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if len(id) == 0 || len(id) > 200 {
		writeError(w, http.StatusBadRequest, "no such item")
		return
	}
	k, err := strconv.Atoi(r.URL.Query().Get("k"))
	if err != nil || k < 1 || k > 50 {
		k = 5
	}
	f, err := s.finder(r.Context())
	if err != nil {
		s.Log.Error("earlier", "err", err)
		writeError(w, http.StatusInternalServerError, "read failed")
		return
	}
	got := f.Earlier(id, k)
	if got == nil {
		if !f.Has(id) {
			writeError(w, http.StatusNotFound, "no such recommendation or concern")
			return
		}
		got = []trace.EarlierItem{}
	}
	writeJSON(w, map[string]any{"item": id, "earlier": got})
}
