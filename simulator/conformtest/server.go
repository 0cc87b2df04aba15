package conformtest

import (
	"crypto/x509"
	"encoding/json"
	"errors"
	"net/http"
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
	// ops are the operation ids of each provider served.
	ops     map[string][]string
	journal *journal
	disrupt *disruptions
	// done is closed when the test ends, so that a Delay stops waiting.
	done chan struct{}
}

// Option changes how NewServer builds the server.
type Option func(*config)

// config is what the options set.
type config struct {
	sim         simulator.Options
	journalSize int
}

// WithSeed makes every id, token and OTP the simulator draws reproducible,
// for examples and golden files; without it they are random.
func WithSeed(seed uint64) Option {
	return func(c *config) { c.sim.Seed = seed }
}

// WithJournal keeps the newest n requests in the journal (Requests)
// instead of DefaultJournalSize; 0 keeps none.
func WithJournal(n int) Option {
	return func(c *config) { c.journalSize = max(n, 0) }
}

// NewServer starts the simulator on loopback (httptest.NewServer) and
// creates a sandbox filled from fixtures, a YAML or JSON document as in
// specs/control.yaml ("" for generated credentials for every provider).
// The sandbox is the simulator's only one, and t.Cleanup deletes it and
// closes the server. Bad fixtures fail t at once.
func NewServer(t testing.TB, fixtures string, opts ...Option) *Server {
	t.Helper()
	return start(t, fixtures, httptest.NewServer, opts)
}

// NewTLSServer is NewServer over HTTPS (httptest.NewTLSServer), with a
// certificate of its own for 127.0.0.1 and example.com: HTTPClient and
// Client trust it, and Certificate gives it to a client that builds its
// own TLS configuration. Absolute links the simulator answers (Fiskil's
// auth_url) are https.
func NewTLSServer(t testing.TB, fixtures string, opts ...Option) *Server {
	t.Helper()
	return start(t, fixtures, httptest.NewTLSServer, opts)
}

// start builds the simulator and its sandbox and serves them with serve.
func start(t testing.TB, fixtures string, serve func(http.Handler) *httptest.Server, opts []Option) *Server {
	t.Helper()
	c := config{
		sim:         simulator.Options{Providers: providers.All().Simulators(), NoDefaultSandbox: true},
		journalSize: DefaultJournalSize,
	}
	for _, opt := range opts {
		opt(&c)
	}
	sim, err := simulator.NewEmpty(c.sim)
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
	s := &Server{
		t: t, sim: sim, id: sb.ID, creds: sb.Credentials,
		ops:     map[string][]string{},
		journal: &journal{size: c.journalSize},
		disrupt: &disruptions{},
		done:    make(chan struct{}),
	}
	for _, p := range providers.All() {
		if slices.Contains(sim.Providers(), p.Record.Name) {
			s.ops[p.Record.Name] = p.Record.Operations
		}
	}
	s.srv = serve(front{s})
	t.Cleanup(func() {
		close(s.done)
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

// HTTPClient returns a plain HTTP client for the server: one that trusts
// NewTLSServer's certificate, and checks nothing (Client validates).
func (s *Server) HTTPClient() *http.Client {
	// A copy: httptest hands out one shared client.
	c := *s.srv.Client()
	return &c
}

// Certificate is the certificate NewTLSServer serves, for a client that
// builds its own TLS configuration (add it to the client's RootCAs); nil
// for NewServer.
func (s *Server) Certificate() *x509.Certificate { return s.srv.Certificate() }

// known fails the test unless the simulator serves the provider.
func (s *Server) known(provider string) {
	s.t.Helper()
	if names := s.sim.Providers(); !slices.Contains(names, provider) {
		s.t.Fatalf("conformtest: no provider %q (known: %s)", provider, strings.Join(names, ", "))
	}
}
