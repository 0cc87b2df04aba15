// Package simulator is conform's reference implementation of the providers'
// APIs: one http.Handler that mounts each provider it is given under its own
// prefix (/fliqa, /weavr, /fiskil), the control API under /_control and a
// health check at /healthz. All state lives in sandboxes; a request finds
// its sandbox through the credential it carries.
//
// The simulator names no provider: it serves the core.Providers its Options
// list (internal/provider/all lists conform's).
package simulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/conformhq/conform/simulator/core"
)

// DefaultSandbox is the id of the sandbox loaded at start, so that
// `conform serve` is useful at once.
const DefaultSandbox = "default"

// Options configures a Simulator.
type Options struct {
	// Providers build the simulated providers, mounted in this order; at
	// least one is needed.
	Providers []func() (*core.Provider, error)
	// Seed makes ids, tokens and OTPs reproducible; 0 draws them at random.
	Seed uint64
	// Fixtures fill the default sandbox (YAML or JSON); nil loads the
	// providers' own defaults (DefaultFixtures).
	Fixtures []byte
	// NoDefaultSandbox skips the default sandbox (the harness creates one
	// sandbox per scenario and needs no other).
	NoDefaultSandbox bool
	// Logger receives one line per request, without secrets; nil discards.
	Logger *slog.Logger
	// MaxSandboxes bounds the sandboxes the control API creates (0: no
	// bound); past it, creating one answers 429.
	MaxSandboxes int
	// ControlToken, when set, must come with every control API request
	// (header Conform-Control-Token): `conform serve` sets one whenever it
	// listens beyond loopback.
	ControlToken string
	// Wall is the wall clock sandboxes start from; nil is time.Now.
	Wall func() time.Time
	// SandboxBudget and ServerBudget bound the bytes of fixtures documents
	// one sandbox and the whole server hold (0: no bound): past them, 413
	// and 429. `conform serve` sets 4 MiB and 256 MiB.
	SandboxBudget, ServerBudget int64
	// AllowedHosts, when not nil, are the Host names (without port) the
	// control API answers besides loopback names and IP literals: a
	// served simulator's own names (its listen address, --allowed-hosts),
	// so that a web page whose name an attacker rebinds to 127.0.0.1 (DNS
	// rebinding) cannot drive it. nil checks no Host (in-process, tests).
	AllowedHosts []string
}

// Simulator serves the three providers and the control API.
type Simulator struct {
	reg       *core.Registry
	providers map[string]*core.Provider
	names     []string
	mux       *http.ServeMux
	// mounted are the providers' handlers by name, as mux serves them
	// under "/<name>/"; see provider.
	mounted map[string]http.Handler
	log     *slog.Logger
	// controlToken guards the control API ("" leaves it open).
	controlToken string
	// allowedHosts: see Options.AllowedHosts.
	allowedHosts []string
}

// Sandbox describes a sandbox to the control API's clients: its id and the
// credentials its fixtures created, per provider.
type Sandbox struct {
	ID          string                     `json:"id"`
	Credentials map[string]json.RawMessage `json:"credentials"`
}

// New builds a simulator with its default sandbox.
func New(opts Options) (*Simulator, error) {
	s, err := NewEmpty(opts)
	if err != nil {
		return nil, err
	}
	if opts.NoDefaultSandbox {
		return s, nil
	}
	fx := opts.Fixtures
	if fx == nil {
		fx = s.DefaultFixtures()
	}
	if _, err := s.createSandbox(DefaultSandbox, fx); err != nil {
		return nil, fmt.Errorf("default sandbox: %w", err)
	}
	return s, nil
}

// NewEmpty builds a simulator without any sandbox.
func NewEmpty(opts Options) (*Simulator, error) {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Simulator{
		reg:       core.NewRegistry(opts.Seed, opts.Wall),
		providers: map[string]*core.Provider{},
		mux:       http.NewServeMux(),
		mounted:   map[string]http.Handler{},
		log:       log,

		controlToken: opts.ControlToken,
		allowedHosts: opts.AllowedHosts,
	}
	s.reg.Max, s.reg.Kept = opts.MaxSandboxes, DefaultSandbox
	s.reg.SandboxBudget, s.reg.ServerBudget = opts.SandboxBudget, opts.ServerBudget
	if len(opts.Providers) == 0 {
		return nil, errors.New("simulator: no provider to serve")
	}
	for _, mk := range opts.Providers {
		p, err := mk()
		if err != nil {
			return nil, err
		}
		if err := p.Check(); err != nil {
			return nil, err
		}
		if s.providers[p.Name] != nil {
			return nil, fmt.Errorf("simulator: provider %q given twice", p.Name)
		}
		s.providers[p.Name] = p
		s.names = append(s.names, p.Name)
		h := core.Mount("/"+p.Name, p.Serve(s.reg, log))
		s.mounted[p.Name] = h
		s.mux.Handle("/"+p.Name+"/", h)
	}
	s.routeControl()
	return s, nil
}

// ServeHTTP serves the providers, the control API and /healthz.
func (s *Simulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if (r.URL.Path == "/_control" || strings.HasPrefix(r.URL.Path, "/_control/")) && !s.guardControl(w, r) {
		return
	}
	if h := s.provider(r); h != nil {
		h.ServeHTTP(w, r)
		return
	}
	s.mux.ServeHTTP(w, r)
}

// provider returns the handler the mux would choose for a request below a
// provider's prefix whose path is already clean, nil for any other: the
// mux's pattern matching was a fifth of the cost of serving a simulated
// request. What it does beyond choosing (redirecting "/weavr" and unclean
// paths, CONNECT) stays with it.
func (s *Simulator) provider(r *http.Request) http.Handler {
	p := r.URL.Path
	if r.Method == http.MethodConnect || len(p) < 2 || p[0] != '/' {
		return nil
	}
	i := strings.IndexByte(p[1:], '/')
	if i < 0 {
		return nil
	}
	h := s.mounted[p[1:1+i]]
	if h == nil || path.Clean(p) != p {
		return nil
	}
	return h
}

// EvictIdle deletes the sandboxes that no request or control call has
// found for longer than maxIdle, except the default sandbox, and returns
// their ids: a long-running `conform serve` shared by many must not keep
// every sandbox anyone ever made.
func (s *Simulator) EvictIdle(maxIdle time.Duration) []string {
	var out []string
	for _, id := range s.reg.Idle(maxIdle) {
		if id != DefaultSandbox && s.reg.Delete(id) {
			out = append(out, id)
		}
	}
	return out
}

// SetControlToken requires token with every control API request from now
// on; `conform serve` sets it once it knows where it listens, before it
// serves.
func (s *Simulator) SetControlToken(token string) { s.controlToken = token }

// Providers lists the provider names, in mounting order.
func (s *Simulator) Providers() []string { return append([]string(nil), s.names...) }

// CreateSandbox makes a sandbox filled from a fixtures document (YAML or
// JSON; empty for generated defaults) and returns its credentials.
func (s *Simulator) CreateSandbox(fixtures []byte) (*Sandbox, error) {
	return s.createSandbox("", fixtures)
}

// DeleteSandbox drops a sandbox and every credential leading to it.
func (s *Simulator) DeleteSandbox(id string) bool { return s.reg.Delete(id) }

// ErrFixtures wraps every error caused by a bad fixtures document.
var ErrFixtures = errors.New("bad fixtures")

// unprefixed is a ParseFixtures error under ErrFixtures, without its
// "fixtures: ": "bad fixtures: fixtures: …" says it twice.
type unprefixed struct{ err error }

func (u unprefixed) Error() string { return strings.TrimPrefix(u.err.Error(), "fixtures: ") }
func (u unprefixed) Unwrap() error { return u.err }

func (s *Simulator) createSandbox(id string, fixtures []byte) (*Sandbox, error) {
	fx, err := ParseFixtures(fixtures, s.names)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrFixtures, unprefixed{err})
	}
	sb, err := s.reg.Create(id)
	if err != nil {
		return nil, err
	}
	if err := s.reg.Charge(sb, int64(len(fixtures))); err != nil {
		s.reg.Delete(sb.ID)
		return nil, err
	}
	sb.Lock()
	defer sb.Unlock()
	if fx.Clock != nil && !fx.Clock.Start.IsZero() {
		sb.Clock = core.NewFrozenClock(fx.Clock.Start)
	}
	out, err := s.apply(sb, fx, true)
	if err != nil {
		s.reg.Delete(sb.ID)
		return nil, err
	}
	return out, nil
}

// apply fills a locked sandbox. On creation (all) every provider gets its
// section, an empty one when the document has none, so that each sandbox has
// working credentials for every provider; later additions touch only the
// sections they name.
func (s *Simulator) apply(sb *core.Sandbox, fx *Fixtures, all bool) (*Sandbox, error) {
	if fx.RateLimit != nil {
		w, _ := fx.RateLimit.window()
		sb.Limiter.Limit = core.RateLimit{Limit: fx.RateLimit.Limit, Window: w}
	}
	if err := s.applyVersions(sb, fx.Versions); err != nil {
		return nil, err
	}
	out := &Sandbox{ID: sb.ID, Credentials: map[string]json.RawMessage{}}
	for _, name := range s.names {
		raw, ok := fx.Providers[name]
		if !ok && !all {
			continue
		}
		if !ok {
			raw = json.RawMessage(`{}`)
		}
		creds, err := s.providers[name].Fixtures(sb, raw)
		var ke *core.FixtureKeyError
		if errors.As(err, &ke) {
			// Its path names the provider already.
			return nil, fmt.Errorf("%w: %w", ErrFixtures, ke)
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %w", ErrFixtures, name, err)
		}
		b, err := json.Marshal(creds)
		if err != nil {
			return nil, fmt.Errorf("%s credentials: %w", name, err)
		}
		out.Credentials[name] = b
	}
	return out, nil
}

// applyVersions makes the sandbox serve the versions the fixtures chose,
// after checking every name: an unknown provider or version changes nothing.
func (s *Simulator) applyVersions(sb *core.Sandbox, versions map[string]string) error {
	for name, v := range versions {
		p := s.providers[name]
		if p == nil {
			return fmt.Errorf("%w: versions: unknown provider %q (known: %s)", ErrFixtures, name, strings.Join(s.names, ", "))
		}
		if err := p.CheckVersion(v); err != nil {
			return fmt.Errorf("%w: versions: %w", ErrFixtures, err)
		}
	}
	for name, v := range versions {
		sb.SetVersion(name, v)
	}
	return nil
}
