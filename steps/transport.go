package steps

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptrace"
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

// unanswered counts a request that got no answer; last says which and
// why, so that the run's cause names the error that stopped it.
func (g *guard) unanswered(last string) {
	if g == nil || g.max <= 0 {
		return
	}
	if g.run.Add(1) == g.max {
		g.abort(fmt.Errorf("the target stopped answering: %d requests in a row got no response; the last: %s", g.max, last))
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

// SendError is a request that got no answer, with what the harness knows
// of whether it reached the target and why it was not sent again.
type SendError struct {
	Err error
	// Attempts is how often the request was sent.
	Attempts int
	// MaybeSent: the request had a connection when it failed, so some or
	// all of it may have reached the target, which may have acted on it.
	MaybeSent bool
	// Method is the request's method, for the reason it was not resent.
	Method string
}

func (e *SendError) Error() string {
	msg := e.Err.Error()
	if e.Attempts > 1 {
		msg += fmt.Sprintf(" (after %d attempts)", e.Attempts)
	}
	if e.MaybeSent && !idempotent(e.Method) {
		msg += fmt.Sprintf("; not sent again: %s is not idempotent and the request may have reached the target", e.Method)
	}
	return msg
}

func (e *SendError) Unwrap() error { return e.Err }

// roundTrip sends hr, and sends it again after a failure only when that
// cannot make the target act twice ([decided], docs/limits.md "A run that cannot go green by accident"):
//
//   - a request that never had a connection (the dial or the TLS handshake
//     failed: httptrace's GotConn was never reached) cannot have reached the
//     target, whatever its method: it is sent again once, or up to retries
//     times when more are asked;
//   - an idempotent request is sent again up to retries times, whatever
//     happened to it;
//   - any other request that had a connection is never sent again: bytes of
//     it may have reached the target, and a second login or consent could
//     change what the scenario judges. It ends the scenario as an ERROR.
//
// The last failure comes back as a *SendError.
func roundTrip(client *http.Client, hr *http.Request, retries int) (*http.Response, error) {
	if hr.GetBody == nil && hr.Body != nil && hr.Body != http.NoBody {
		// A body that cannot be read twice: one attempt only.
		resp, err := client.Do(hr)
		if err != nil {
			return resp, &SendError{Err: err, Attempts: 1, MaybeSent: true, Method: hr.Method}
		}
		return resp, nil
	}
	for attempt := 1; ; attempt++ {
		req, err := attemptOf(hr, attempt)
		if err != nil {
			return nil, err
		}
		var connected atomic.Bool
		req = req.WithContext(httptrace.WithClientTrace(req.Context(), &httptrace.ClientTrace{
			GotConn: func(httptrace.GotConnInfo) { connected.Store(true) },
		}))
		resp, err := client.Do(req)
		if err == nil {
			return resp, nil
		}
		maybeSent := connected.Load() && !notSent(err)
		budget := 0
		switch {
		case !maybeSent:
			budget = max(1, retries)
		case idempotent(hr.Method):
			budget = retries
		}
		if attempt > budget || hr.Context().Err() != nil {
			return resp, &SendError{Err: err, Attempts: attempt, MaybeSent: maybeSent, Method: hr.Method}
		}
	}
}

// attemptOf is the request of the given attempt: hr itself first, then a
// clone with its body rewound.
func attemptOf(hr *http.Request, attempt int) (*http.Request, error) {
	if attempt == 1 {
		return hr, nil
	}
	next := hr.Clone(hr.Context())
	if hr.GetBody != nil {
		body, err := hr.GetBody()
		if err != nil {
			return nil, err
		}
		next.Body = body
	}
	return next, nil
}
