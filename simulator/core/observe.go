package core

import (
	"context"
	"sync"
)

// Observation is what the pipeline tells a caller that wraps the
// simulator's handler (conformtest's request journal) about one provider
// call, which the wrapper cannot see from outside: the operation the call
// matched in the spec of its sandbox's version.
//
// It is safe to read from another goroutine than the handler's, so that a
// wrapper stays correct if the handler ever runs apart from ServeHTTP (a
// timeout handler).
type Observation struct {
	mu        sync.Mutex
	operation string
}

// Operation is the operation id the call matched; "" when it matched none
// (a 404, a Fiskil consent page) or has not been routed yet.
func (o *Observation) Operation() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.operation
}

// set records the operation the call matched.
func (o *Observation) set(operation string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.operation = operation
}

type observeKey struct{}

// Observe returns a context that makes the pipeline fill o when it has
// served a request carrying it. o belongs to that one request.
func Observe(ctx context.Context, o *Observation) context.Context {
	return context.WithValue(ctx, observeKey{}, o)
}

// observed returns the request's Observation, nil when no one asked.
func observed(ctx context.Context) *Observation {
	o, _ := ctx.Value(observeKey{}).(*Observation)
	return o
}
