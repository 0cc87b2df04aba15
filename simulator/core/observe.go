package core

import "context"

// Observation is what the pipeline tells a caller that wraps the
// simulator's handler (conformtest's request journal) about one provider
// call, which the wrapper cannot see from outside: the operation the call
// matched in the spec of its sandbox's version.
type Observation struct {
	// Operation is the operation id the call matched; "" when it matched
	// none (a 404, a Fiskil consent page).
	Operation string
}

type observeKey struct{}

// Observe returns a context that makes the pipeline fill o when it has
// served a request carrying it. o belongs to that one request: the
// pipeline writes it before the handler returns, from the request's
// goroutine, so the wrapper reads it after ServeHTTP without locking.
func Observe(ctx context.Context, o *Observation) context.Context {
	return context.WithValue(ctx, observeKey{}, o)
}

// observed returns the request's Observation, nil when no one asked.
func observed(ctx context.Context) *Observation {
	o, _ := ctx.Value(observeKey{}).(*Observation)
	return o
}
