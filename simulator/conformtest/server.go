package conformtest

import (
	"encoding/json"
	"errors"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/conformhq/conform/simulator"
	"github.com/conformhq/conform/simulator/providers"
)

// Server is a running simulator with one sandbox, owned by one test.
type Server struct {
	t     testing.TB
	sim   *simulator.Simulator
	srv   *httptest.Server
	id    string
	creds map[string]json.RawMessage
}

// Option changes how NewServer builds the simulator.
type Option func(*simulator.Options)

// WithSeed makes every id, token and OTP the simulator draws reproducible,
// for examples and golden files; without it they are random.
func WithSeed(seed uint64) Option {
	return func(o *simulator.Options) { o.Seed = seed }
}

// NewServer starts the simulator on loopback (httptest.NewServer) and
// creates a sandbox filled from fixtures, a YAML or JSON document as in
// specs/control.yaml ("" for generated credentials for every provider).
// The sandbox is the simulator's only one, and t.Cleanup deletes it and
// closes the server. Bad fixtures fail t at once.
func NewServer(t testing.TB, fixtures string, opts ...Option) *Server {
	t.Helper()
	o := simulator.Options{Providers: providers.All().Simulators(), NoDefaultSandbox: true}
	for _, opt := range opts {
		opt(&o)
	}
	sim, err := simulator.NewEmpty(o)
	if err != nil {
		t.Fatalf("conformtest: the simulator could not be built: %v", err)
	}
	sb, err := sim.CreateSandbox([]byte(fixtures))
	if errors.Is(err, simulator.ErrFixtures) {
		t.Fatalf("conformtest: the fixtures given to NewServer are not valid: %v", err)
	}
	if err != nil {
		t.Fatalf("conformtest: the sandbox could not be created: %v", err)
	}
	s := &Server{t: t, sim: sim, srv: httptest.NewServer(sim), id: sb.ID, creds: sb.Credentials}
	t.Cleanup(func() {
		sim.DeleteSandbox(s.id)
		s.srv.Close()
	})
	return s
}

// BaseURL is the simulator's root: the control API is under /_control.
func (s *Server) BaseURL() string { return s.srv.URL }

// SandboxID is the id of the test's sandbox, for the control API.
func (s *Server) SandboxID() string { return s.id }

// URL is a provider's base URL (…/weavr, …/fliqa, …/fiskil), what a client
// under test is configured with in place of the provider's sandbox. An
// unknown provider fails the test.
func (s *Server) URL(provider string) string {
	s.t.Helper()
	s.known(provider)
	return s.srv.URL + "/" + provider
}

// known fails the test unless the simulator serves the provider.
func (s *Server) known(provider string) {
	s.t.Helper()
	if names := s.sim.Providers(); !slices.Contains(names, provider) {
		s.t.Fatalf("conformtest: no provider %q (known: %s)", provider, strings.Join(names, ", "))
	}
}
