package core

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/conformhq/conform/specs/oas"
)

// MaxBodyBytes bounds what the simulator reads of a request body.
const MaxBodyBytes = 1 << 20

// Handler serves one operation. The sandbox is locked while it runs.
type Handler func(c *Call)

// Call is one request on its way through a provider.
type Call struct {
	W    http.ResponseWriter
	R    *http.Request
	Body []byte
	// Op is the documented operation the request was routed to.
	Op     *oas.Operation
	Params map[string]string
	// Sandbox is the sandbox the request's credential leads to; nil when it
	// carries none or an unknown one, and handlers must then answer 401.
	Sandbox  *Sandbox
	Registry *Registry
	status   int
}

func (c *Call) opID() string {
	if c.Op == nil {
		return ""
	}
	return c.Op.ID
}

// Now is the sandbox's time (the wall clock when there is no sandbox).
func (c *Call) Now() time.Time {
	if c.Sandbox != nil {
		return c.Sandbox.Clock.Now()
	}
	return c.Registry.wall()
}

// JSON writes a JSON response.
func (c *Call) JSON(status int, v any) {
	c.JSONAs(status, "application/json", v)
}

// JSONAs writes a JSON response with the given content type.
func (c *Call) JSONAs(status int, contentType string, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		// Only values of the handlers' own making reach here.
		panic(fmt.Sprintf("core: cannot encode response: %v", err))
	}
	c.W.Header().Set("Content-Type", contentType)
	c.W.WriteHeader(status)
	c.status = status
	_, _ = c.W.Write(b)
}

// Empty writes a response without a body.
func (c *Call) Empty(status int) {
	c.W.WriteHeader(status)
	c.status = status
}

// Decode unmarshals the (already validated) body into v.
func (c *Call) Decode(v any) error { return json.Unmarshal(c.Body, v) }

// Bearer returns the token of an "Authorization: Bearer" header, or "".
func (c *Call) Bearer() string {
	h := c.R.Header.Get("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}

// Provider is one simulated provider: its spec, its handlers by operationId,
// and the hooks that speak its error formats.
type Provider struct {
	Name     string
	Spec     *oas.Spec
	Handlers map[string]Handler
	// Resolve finds the request's sandbox from its credential (api key,
	// client id or token); nil when there is none.
	Resolve func(c *Call) *Sandbox
	// Invalid answers a request that breaks the spec with the provider's 400.
	Invalid func(c *Call, err *oas.RequestError)
	// Fault answers with the status a fault asks for, in a spec-valid shape.
	Fault func(c *Call, f Fault)
	// NotFound answers a request for which no operation is documented.
	NotFound func(c *Call)
	// Before runs first on every request: headers every response carries.
	Before func(c *Call)
	// RateKey names the rate-limit bucket of a request; "" exempts it.
	// Only operations that document 429 are rate-limited.
	RateKey func(c *Call) string
	// RateLimited answers a request over the limit.
	RateLimited func(c *Call, limit int, reset time.Duration)
	// Fixtures applies the provider's part of a fixtures document to a
	// sandbox (locked) and returns the credentials it created.
	Fixtures func(sb *Sandbox, raw json.RawMessage) (any, error)
	// Pages serves what the provider offers outside its API (Fiskil's
	// consent page); nil when none. It gets paths below the provider root.
	Pages http.Handler
	// LogPath returns the path as the request log shows it, with any
	// capability in it (a consent page's session id) masked; nil logs the
	// path as is.
	LogPath func(path string) string
	// Control serves /_control/sandboxes/{id}/<provider>/..., with the
	// sandbox locked; rest is the path below the provider's name.
	Control func(sb *Sandbox, w http.ResponseWriter, r *http.Request, rest string)
}

// Check reports a provider whose handlers and spec disagree: every
// documented operation must have a handler and every handler an operation.
func (p *Provider) Check() error {
	var errs []error
	for _, op := range p.Spec.Operations() {
		if p.Handlers[op.ID] == nil {
			errs = append(errs, fmt.Errorf("%s: no handler for %s", p.Name, op.ID))
		}
	}
	for id := range p.Handlers {
		if _, ok := p.Spec.Operation(id); !ok {
			errs = append(errs, fmt.Errorf("%s: handler for undocumented operation %s", p.Name, id))
		}
	}
	return errors.Join(errs...)
}

// Serve returns the provider's HTTP handler. Paths are relative to the
// provider's root (mount it with http.StripPrefix).
func (p *Provider) Serve(reg *Registry, log *slog.Logger) http.Handler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		c := &Call{W: w, R: r, Registry: reg}
		defer func() {
			if v := recover(); v != nil {
				log.Error("handler panicked", "provider", p.Name, "method", r.Method, "operation", c.opID(), "panic", fmt.Sprint(v))
				if c.status == 0 {
					c.Empty(http.StatusInternalServerError)
				}
			}
			path := r.URL.Path
			if p.LogPath != nil {
				path = p.LogPath(path)
			}
			attrs := []any{"provider", p.Name, "method", r.Method, "path", path, "status", c.status, "duration", time.Since(start)}
			if c.Op != nil {
				attrs = append(attrs, "operation", c.Op.ID)
			}
			if c.Sandbox != nil {
				attrs = append(attrs, "sandbox", c.Sandbox.ID)
			}
			log.Info("request", attrs...)
		}()
		p.serve(c)
	})
}

func (p *Provider) serve(c *Call) {
	if p.Before != nil {
		p.Before(c)
	}
	op, params, err := p.Spec.Match(c.R.Method, c.R.URL.Path)
	if err != nil {
		if p.Pages != nil {
			rec := &statusRecorder{ResponseWriter: c.W}
			p.Pages.ServeHTTP(rec, c.R)
			c.status = rec.status
			return
		}
		p.NotFound(c)
		return
	}
	c.Op, c.Params = op, params
	body, err := io.ReadAll(http.MaxBytesReader(c.W, c.R.Body, MaxBodyBytes))
	if err != nil {
		p.Invalid(c, &oas.RequestError{Operation: op, Err: err,
			Problems: []oas.Problem{{In: "body", Kind: "syntax", Reason: "the body could not be read: " + err.Error()}}})
		return
	}
	c.Body = body
	// Validation reads only the request and the spec, so it runs before the
	// sandbox is locked; its verdict is still given after faults and the
	// rate limit, in the order documented.
	invalid := p.validate(c)
	c.Sandbox = p.Resolve(c)
	if sb := c.Sandbox; sb != nil {
		sb.Lock()
		defer sb.Unlock()
		if f, ok := sb.Faults.Take(p.Name, op.ID); ok {
			p.Fault(c, f)
			return
		}
		if p.RateKey != nil && op.Documents(http.StatusTooManyRequests) {
			if key := p.RateKey(c); key != "" {
				if ok, reset := sb.Limiter.Allow(key, sb.Clock.Now()); !ok {
					p.RateLimited(c, sb.Limiter.Limit.Limit, reset)
					return
				}
			}
		}
	}
	if invalid != nil {
		p.Invalid(c, invalid)
		return
	}
	p.Handlers[op.ID](c)
}

// validate checks the request against the spec; nil when it conforms.
func (p *Provider) validate(c *Call) *oas.RequestError {
	err := p.Spec.ValidateMatched(c.R.Context(), c.R, c.Body, c.Op, c.Params)
	if err == nil {
		return nil
	}
	var re *oas.RequestError
	if !errors.As(err, &re) {
		re = &oas.RequestError{Operation: c.Op, Err: err, Problems: []oas.Problem{{In: "body", Kind: "syntax", Reason: err.Error()}}}
	}
	return re
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}
