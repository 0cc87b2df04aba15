package conformtest

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/conformhq/conform/specs/redact"
)

// DefaultJournalSize is how many requests the journal keeps without
// WithJournal: the newest ones.
const DefaultJournalSize = 1000

// MaxJournalBody is how much of a request's body the journal keeps; the
// rest still reaches the simulator.
const MaxJournalBody = 64 << 10

// Request is one call a client made to a provider of the simulator, as the
// journal kept it: what the client sent and what the simulator answered.
// Secrets (api keys, passwords, tokens) are kept as sent, since they are
// the test's own and a test may assert them; String masks them, so that a
// journal printed in a test's log shows none.
type Request struct {
	// Provider is the provider the path named (weavr, fliqa, fiskil).
	Provider string
	// Operation is the operationId the call matched in the spec of the
	// sandbox's version (as in specs/record and the fault API); "" for a
	// path the spec does not route (a 404, Fiskil's consent pages).
	Operation string
	// Method is the HTTP method.
	Method string
	// Path is below the provider's base URL ("/v1/token"), as sent
	// (escaped); Query is the raw query, without "?".
	Path  string
	Query string
	// Header is the request's headers as the server read them (Go moves
	// Host to the request itself: it is not here).
	Header http.Header
	// Body is the request's body, its first MaxJournalBody bytes;
	// Truncated says there was more.
	Body      []byte
	Truncated bool
	// Status is what the simulator answered, before a disruption changed
	// what the client saw.
	Status int
	// Disruption is the resilience fault that changed the answer (see
	// Server.Disrupt): "delay", "reset", "malformed", or "" for none.
	Disruption string
}

// String shows the request with its secrets masked: credential headers,
// secret JSON fields and form parameters.
func (r Request) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s %s", r.Provider, r.Method, r.Path)
	if r.Query != "" {
		b.WriteString("?" + redact.Form(r.Query))
	}
	if r.Operation != "" {
		fmt.Fprintf(&b, " (%s)", r.Operation)
	}
	fmt.Fprintf(&b, " -> %d", r.Status)
	if r.Disruption != "" {
		b.WriteString(" " + r.Disruption)
	}
	h := redact.Header(r.Header)
	for _, name := range slices.Sorted(maps.Keys(h)) {
		fmt.Fprintf(&b, "\n  %s: %s", name, strings.Join(h[name], ", "))
	}
	if len(r.Body) > 0 {
		b.WriteString("\n  ")
		switch {
		case json.Valid(r.Body):
			b.Write(redact.JSON(r.Body))
		case strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded"):
			b.WriteString(redact.Form(string(r.Body)))
		default:
			fmt.Fprintf(&b, "(%d bytes, not JSON: not shown)", len(r.Body))
		}
		if r.Truncated {
			b.WriteString(" (truncated)")
		}
	}
	return b.String()
}

// Filter chooses requests from the journal; a zero field matches every
// request.
type Filter struct {
	Provider  string
	Operation string
	Method    string
	Status    int
}

// matches reports whether r passes f.
func (f Filter) matches(r *Request) bool {
	return (f.Provider == "" || f.Provider == r.Provider) &&
		(f.Operation == "" || f.Operation == r.Operation) &&
		(f.Method == "" || strings.EqualFold(f.Method, r.Method)) &&
		(f.Status == 0 || f.Status == r.Status)
}

// journal keeps the newest requests, safe for the server's goroutines.
type journal struct {
	mu   sync.Mutex
	size int // 0 keeps nothing
	reqs []Request
}

// add records r, forgetting the oldest beyond size. Trimming only at twice
// the size copies each request at most once more: constant work per call.
func (j *journal) add(r Request) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.size <= 0 {
		return
	}
	j.reqs = append(j.reqs, r)
	if len(j.reqs) >= 2*j.size {
		j.reqs = slices.Clone(j.reqs[len(j.reqs)-j.size:])
	}
}

// list returns the kept requests f matches, oldest first, as copies the
// caller may change.
func (j *journal) list(f Filter) []Request {
	j.mu.Lock()
	defer j.mu.Unlock()
	kept := j.reqs
	if len(kept) > j.size {
		kept = kept[len(kept)-j.size:]
	}
	var out []Request
	for i := range kept {
		if f.matches(&kept[i]) {
			r := kept[i]
			r.Header = r.Header.Clone()
			r.Body = slices.Clone(r.Body)
			out = append(out, r)
		}
	}
	return out
}

// clear forgets every request.
func (j *journal) clear() {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.reqs = nil
}

// Requests returns the calls clients made to the simulator's providers
// that f matches, oldest first, from the newest DefaultJournalSize (or
// WithJournal's size): WireMock's verify, mock-oauth2-server's
// takeRequest. Calls to the control API and the helpers' own calls are
// not journaled. A Filter naming a provider or operation the simulator
// does not know fails the test, so that a typo does not read as "no such
// call".
func (s *Server) Requests(f Filter) []Request {
	s.t.Helper()
	s.checkScope("Requests", f.Provider, f.Operation)
	return s.journal.list(f)
}

// ClearRequests empties the journal, so that the next Requests sees only
// what follows.
func (s *Server) ClearRequests() {
	s.journal.clear()
}
