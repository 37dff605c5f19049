package trace

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/scrutineer/scrutineer/corpus"
)

// Threads are stored, not recomputed per request: after ingest, sync or
// rederive, the commands trace the whole store (the default selection:
// recommendations, threads of two documents or more) and keep the result
// in it with the store's generation; the server reads it while the store
// is unchanged. A selection (a subject, a publisher, dates) is traced on
// request.

// storedKey is the key of the whole store's trace.
const storedKey = "all"

// StoreThreads traces the whole store and keeps the result in it.
func StoreThreads(ctx context.Context, st *corpus.Store) (Result, error) {
	gen, err := st.Generation(ctx)
	if err != nil {
		return Result{}, err
	}
	in, docs, err := Load(ctx, st, Selection{})
	if err != nil {
		return Result{}, err
	}
	res := Trace(in, docs, Options{}, 2)
	body, err := json.Marshal(res)
	if err != nil {
		return res, fmt.Errorf("store threads: %w", err)
	}
	return res, st.SaveTrace(ctx, storedKey, gen, body)
}

// ThreadsStored says whether the whole store's trace is stored as of its
// present state, without reading the threads.
func ThreadsStored(ctx context.Context, st *corpus.Store) (bool, error) {
	_, ok, err := storedBody(ctx, st)
	return ok, err
}

// storedBody is the stored trace's JSON when it was made at the store's
// current generation.
func storedBody(ctx context.Context, st *corpus.Store) ([]byte, bool, error) {
	gen, body, err := st.Trace(ctx, storedKey)
	if errors.Is(err, corpus.ErrNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	now, err := st.Generation(ctx)
	if err != nil || now != gen {
		return nil, false, err
	}
	return body, true, nil
}

// StoredThreads returns the stored trace of the whole store when it was
// made at the store's current generation; ok is false when there is none
// or the store has changed since.
func StoredThreads(ctx context.Context, st *corpus.Store) (res Result, ok bool, err error) {
	body, ok, err := storedBody(ctx, st)
	if !ok || err != nil {
		return Result{}, false, err
	}
	if err := json.Unmarshal(body, &res); err != nil {
		return Result{}, false, fmt.Errorf("stored threads: %w", err)
	}
	return res, true, nil
}
