package conformtest

import (
	"fmt"
	"net/http"
)

// UntilCleared as Fault.Times makes a fault answer every call until
// ClearFaults.
const UntilCleared = -1

// Fault makes the next calls of one operation answer with a documented
// error status (and a spec-valid body) instead of being handled.
type Fault struct {
	Provider string // weavr, fliqa, fiskil
	// Operation is the operationId in the provider's spec (specs/<p>.yaml).
	Operation string
	// Status must be one the spec documents for the operation.
	Status int
	// Times is how many calls the fault answers: 0 or 1 is the next call
	// only (so that the zero value does the common thing), UntilCleared
	// every call.
	Times int
	// Code picks the error within the status where the provider has
	// several: a Fliqa errorSubCode, a Weavr errorCode, a Fiskil goa name;
	// "" is the provider's default.
	Code string
}

// AddFault queues a fault in the sandbox, after those already queued. A
// provider, operation or status the spec does not know fails the test with
// the list of what it does know.
func (s *Server) AddFault(f Fault) {
	s.t.Helper()
	times := f.Times
	switch {
	case times == UntilCleared:
		times = 0 // the control API's "until cleared"
	case times == 0:
		times = 1
	case times < 0:
		s.t.Fatalf("conformtest: AddFault: Times must be 0 or more, or UntilCleared, got %d", f.Times)
	}
	what := fmt.Sprintf("AddFault(%s %s %d)", f.Provider, f.Operation, f.Status)
	body := map[string]any{"provider": f.Provider, "operation": f.Operation, "status": f.Status, "times": times}
	if f.Code != "" {
		body["code"] = f.Code
	}
	s.control(what, http.MethodPost, "/faults", s.encode(what, body), http.StatusCreated, nil)
}

// ClearFaults drops every fault still queued in the sandbox.
func (s *Server) ClearFaults() {
	s.t.Helper()
	s.control("ClearFaults", http.MethodDelete, "/faults", nil, http.StatusNoContent, nil)
}
