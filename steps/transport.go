package steps

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync/atomic"
)

// TransportError is a request that got no HTTP answer: the target could not
// be reached, hung, reset the connection or answered something that is not
// HTTP. A scenario that ends on one is an ERROR ("the target could not be
// reached"), never a conformance failure.
type TransportError struct {
	Method, Path string
	// Reason says what happened, redacted.
	Reason string
	Err    error
}

func (e *TransportError) Error() string {
	return fmt.Sprintf("%s %s: no response from the target: %s", e.Method, e.Path, e.Reason)
}

func (e *TransportError) Unwrap() error { return e.Err }

// Erred reports whether the scenario could not be judged: its last request
// got no answer, or conform's control API failed it. Such a scenario is an
// ERROR, not a conformance failure.
func (w *World) Erred() bool { return w.erred }

// guard counts the requests of a run that got no answer in a row, and
// stops the run when they reach its limit: a target that stopped answering
// must not cost every remaining scenario its full timeout.
type guard struct {
	max   int32
	run   atomic.Int32
	abort func(error)
}

type guardKey struct{}

// WithTransportGuard returns a context whose requests stop the run, by
// calling abort, after max consecutive requests without an answer (0: no
// limit).
func WithTransportGuard(ctx context.Context, max int, abort func(error)) context.Context {
	return context.WithValue(ctx, guardKey{}, &guard{max: int32(max), abort: abort})
}

func (g *guard) answered() {
	if g != nil {
		g.run.Store(0)
	}
}

func (g *guard) unanswered() {
	if g == nil || g.max <= 0 {
		return
	}
	if g.run.Add(1) == g.max {
		g.abort(fmt.Errorf("the target stopped answering: %d requests in a row got no response", g.max))
	}
}

func guardFrom(ctx context.Context) *guard {
	g, _ := ctx.Value(guardKey{}).(*guard)
	return g
}

// idempotent methods may be sent again after a failure without changing
// what the target did (RFC 9110 §9.2.2).
func idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodPut, http.MethodDelete:
		return true
	}
	return false
}

// notSent reports whether a request failed before any byte of it was sent
// (the connection could not be made): sending it again is always safe.
func notSent(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

// roundTrip sends hr, again when it failed before being sent (once), and
// again up to retries times when its method is idempotent.
func roundTrip(client *http.Client, hr *http.Request, retries int) (*http.Response, error) {
	resp, err := client.Do(hr)
	for attempt := 0; err != nil && hr.Context().Err() == nil; attempt++ {
		retry := notSent(err) && attempt == 0 || idempotent(hr.Method) && attempt < retries
		if !retry || hr.GetBody == nil && hr.Body != nil && hr.Body != http.NoBody {
			break
		}
		next := hr.Clone(hr.Context())
		if hr.GetBody != nil {
			if next.Body, err = hr.GetBody(); err != nil {
				break
			}
		}
		resp, err = client.Do(next)
	}
	return resp, err
}
