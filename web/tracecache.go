package web

import (
	"context"
	"sync"

	"github.com/scrutineer/scrutineer/trace"
)

// traceCache keeps the trace results of recent selections for as long as
// the store has not changed: tracing a corpus takes seconds, and the same
// views (a council's, the whole corpus's) are asked for again and again.
// A result is a value the handlers only read.
type traceCache struct {
	mu      sync.Mutex
	gen     string
	results map[string]trace.Result
	order   []string // oldest first
	// computing holds, per key, the channel that closes when the one
	// request computing it is done: the others wait for it rather than
	// trace the same selection at once.
	computing map[string]chan struct{}
}

// traceCacheSize is how many selections are kept.
const traceCacheSize = 32

// get returns the result for key at store generation gen, computing it
// with compute when it is not kept.
func (c *traceCache) get(ctx context.Context, gen, key string, compute func() (trace.Result, error)) (trace.Result, error) {
	for {
		c.mu.Lock()
		if c.gen != gen {
			c.gen, c.results, c.order = gen, map[string]trace.Result{}, nil
		}
		if c.computing == nil {
			c.computing = map[string]chan struct{}{}
		}
		if r, ok := c.results[key]; ok {
			c.mu.Unlock()
			return r, nil
		}
		wait, busy := c.computing[key]
		if !busy {
			done := make(chan struct{})
			c.computing[key] = done
			c.mu.Unlock()
			r, err := compute()
			c.mu.Lock()
			delete(c.computing, key)
			close(done)
			if err == nil && c.gen == gen {
				c.results[key] = r
				c.order = append(c.order, key)
				if len(c.order) > traceCacheSize {
					delete(c.results, c.order[0])
					c.order = c.order[1:]
				}
			}
			c.mu.Unlock()
			return r, err
		}
		c.mu.Unlock()
		select {
		case <-wait:
		case <-ctx.Done():
			return trace.Result{}, ctx.Err()
		}
	}
}
