package conformtest

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
)

// Disruption is a resilience fault: something a real network or a failing
// provider does that no spec documents, for testing how a client copes. It
// is apart from Fault (AddFault), which answers a documented error status
// through the simulator's control API: a Disruption never reaches the
// simulator's state, it changes the answer on its way back to the client.
// Make one with Delay, Reset or Malformed.
type Disruption struct {
	kind  string
	delay time.Duration
}

// String names the disruption as Request.Disruption does.
func (d Disruption) String() string {
	if d.kind == "delay" {
		return "delay " + d.delay.String()
	}
	return d.kind
}

// Delay holds the simulator's answer back for d before the client gets it,
// for testing a client's timeouts. The wait ends early when the client
// gives up (its context or timeout) or the test ends.
func Delay(d time.Duration) Disruption { return Disruption{kind: "delay", delay: d} }

// Reset closes the connection instead of answering (a TCP reset where the
// platform allows it): the client sees an error such as "connection reset
// by peer" or EOF, never a status.
//
// Go's http.Transport retries an idempotent request (GET, HEAD, or one with
// an Idempotency-Key header) once, on its own, when a reused connection
// fails before any answer: give Scope.Times 2 for such a client to see
// the error.
func Reset() Disruption { return Disruption{kind: "reset"} }

// Malformed cuts the answer's body in half, so that it is not valid JSON,
// keeping the status and headers (a status that allows no body, such as
// 204, becomes 200): for testing a client's decoding errors. Server.Client
// validates every answer against the spec and so fails on it: use
// HTTPClient.
func Malformed() Disruption { return Disruption{kind: "malformed"} }

// Scope says which calls a disruption answers.
type Scope struct {
	// Provider is required: weavr, fliqa, fiskil.
	Provider string
	// Operation is an operationId of the provider's spec; "" is every
	// call to the provider, a path the spec does not route included.
	Operation string
	// Times is how many calls the disruption answers: 0 or 1 is the next
	// one, UntilCleared every one until ClearDisruptions.
	Times int
}

// disruption is one queued Disrupt.
type disruption struct {
	Disruption
	scope Scope
	left  int // calls still to answer; < 0: until cleared
}

// disruptions is the server's queue, safe for its goroutines.
type disruptions struct {
	mu    sync.Mutex
	queue []*disruption
}

// pending reports whether a disruption may answer a call to provider, so
// that calls to other providers are not held in a buffer.
func (q *disruptions) pending(provider string) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return slices.ContainsFunc(q.queue, func(d *disruption) bool { return d.scope.Provider == provider })
}

// take returns the first queued disruption whose scope matches the call,
// counting the call against it.
func (q *disruptions) take(provider, operation string) (Disruption, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for i, d := range q.queue {
		if d.scope.Provider != provider || (d.scope.Operation != "" && d.scope.Operation != operation) {
			continue
		}
		if d.left > 0 {
			d.left--
			if d.left == 0 {
				q.queue = slices.Delete(q.queue, i, i+1)
			}
		}
		return d.Disruption, true
	}
	return Disruption{}, false
}

// Disrupt queues a resilience fault for the calls scope names, after those
// already queued; the first queued one whose scope matches a call answers
// it. An unknown provider or operation, a negative delay or a zero
// Disruption fails the test.
func (s *Server) Disrupt(scope Scope, d Disruption) {
	s.t.Helper()
	what := fmt.Sprintf("Disrupt(%s %s, %s)", scope.Provider, scope.Operation, d)
	switch {
	case d.kind == "":
		s.t.Fatalf("conformtest: %s: make the Disruption with Delay, Reset or Malformed", what)
	case d.kind == "delay" && d.delay < 0:
		s.t.Fatalf("conformtest: %s: the delay is negative", what)
	case scope.Provider == "":
		s.t.Fatalf("conformtest: %s: Scope.Provider is required", what)
	case scope.Times < UntilCleared:
		s.t.Fatalf("conformtest: %s: Times must be 0 or more, or UntilCleared, got %d", what, scope.Times)
	}
	s.checkScope(what, scope.Provider, scope.Operation)
	left := scope.Times
	if left == 0 {
		left = 1
	}
	s.disrupt.mu.Lock()
	defer s.disrupt.mu.Unlock()
	s.disrupt.queue = append(s.disrupt.queue, &disruption{Disruption: d, scope: scope, left: left})
}

// ClearDisruptions drops every disruption still queued.
func (s *Server) ClearDisruptions() {
	s.disrupt.mu.Lock()
	defer s.disrupt.mu.Unlock()
	s.disrupt.queue = nil
}

// checkScope fails the test unless provider ("" any) is served and
// operation ("" any) is one of its operation ids (of any provider when
// provider is "").
func (s *Server) checkScope(what, provider, operation string) {
	s.t.Helper()
	if provider != "" {
		if _, ok := s.ops[provider]; !ok {
			s.t.Fatalf("conformtest: %s: no provider %q (known: %s)", what, provider, strings.Join(s.sim.Providers(), ", "))
		}
	}
	if operation == "" {
		return
	}
	var known []string
	for name, ops := range s.ops {
		if provider != "" && name != provider {
			continue
		}
		if slices.Contains(ops, operation) {
			return
		}
		known = append(known, ops...)
	}
	slices.Sort(known)
	s.t.Fatalf("conformtest: %s: no operation %q (known: %s)", what, operation, strings.Join(known, ", "))
}
