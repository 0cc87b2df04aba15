package core

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/conformhq/conform/specs/oas"
)

// MaxBodyBytes bounds what the simulator reads of a request body.
const MaxBodyBytes = 1 << 20

// Serve returns the provider's HTTP handler. Paths are relative to the
// provider's root (mount it with http.StripPrefix).
func (p *Provider) Serve(reg *Registry, log *slog.Logger) http.Handler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		logging := log.Enabled(r.Context(), slog.LevelInfo)
		var start time.Time
		if logging {
			start = time.Now()
		}
		c := &Call{W: w, R: r, Registry: reg, provider: p}
		defer func() {
			if v := recover(); v != nil {
				log.Error("handler panicked", "provider", p.Name, "method", r.Method, "operation", c.opID(), "panic", fmt.Sprint(v))
				if c.status == 0 {
					c.Empty(http.StatusInternalServerError)
				}
			}
			if o := observed(r.Context()); o != nil {
				o.set(c.opID())
			}
			if !logging {
				// A discarded line would still cost its attributes.
				return
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
	body, err := readBody(c)
	if err != nil {
		p.Invalid(c, &oas.RequestError{Operation: op, Err: err,
			Problems: []oas.Problem{{In: "body", Kind: "syntax", Reason: "the body could not be read: " + err.Error()}}})
		return
	}
	c.Body = body
	c.Sandbox = p.Resolve(c)
	if spec := p.SpecOf(c.Sandbox); spec != p.Spec {
		// The sandbox serves another version: its spec routes and judges.
		if op, params, err := spec.Match(c.R.Method, c.R.URL.Path); err == nil {
			c.Op, c.Params = op, params
		}
	}
	// Validation reads only the request, the spec and the sandbox's version
	// (not its state), so it runs before the sandbox is locked; its verdict
	// is still given after faults and the rate limit, in the order
	// documented.
	invalid := p.validate(c)
	if sb := c.Sandbox; sb != nil {
		sb.Lock()
		defer sb.Unlock()
		if p.intercept(c, sb) {
			return
		}
	}
	p.dispatch(c, invalid)
}

// intercept answers the call with a pending fault or the rate limit, and
// reports whether it did. A fault with a success status answers nothing: the
// call goes on to dispatch, as Provider.Fault documents.
func (p *Provider) intercept(c *Call, sb *Sandbox) bool {
	if f, ok := sb.Faults.Take(p.Name, c.Op.ID); ok {
		if passesThrough(f.Status) {
			return false
		}
		p.Fault(c, f)
		return true
	}
	if p.RateKey == nil || !c.Op.Documents(http.StatusTooManyRequests) {
		return false
	}
	key := p.RateKey(c)
	if key == "" {
		return false
	}
	if ok, reset := sb.Limiter.Allow(key, sb.Clock.Now()); !ok {
		p.RateLimited(c, sb.Limiter.Limit.Limit, reset)
		return true
	}
	return false
}

// passesThrough reports whether a fault's status is a success, which the
// handler gives from the real state instead of the Fault hook.
func passesThrough(status int) bool {
	return status >= 200 && status < 300
}

// dispatch runs the handler of a request that conforms (invalid is nil),
// and answers the provider's 400 (Invalid) for one that breaks the spec.
func (p *Provider) dispatch(c *Call, invalid *oas.RequestError) {
	if invalid != nil {
		p.Invalid(c, invalid)
		return
	}
	p.Handlers[c.Op.ID](c)
}

// validate checks the request against the spec; nil when it conforms.
func (p *Provider) validate(c *Call) *oas.RequestError {
	err := p.SpecOf(c.Sandbox).ValidateMatched(c.R.Context(), c.R, c.Body, c.Op, c.Params)
	if err == nil {
		return nil
	}
	var re *oas.RequestError
	if !errors.As(err, &re) {
		re = &oas.RequestError{Operation: c.Op, Err: err, Problems: []oas.Problem{{In: "body", Kind: "syntax", Reason: err.Error()}}}
	}
	return re
}

// readBody reads the request body, at most MaxBodyBytes of it. A request
// the server knows has none (http.NoBody) reads as empty without a buffer.
func readBody(c *Call) ([]byte, error) {
	if c.R.Body == nil || c.R.Body == http.NoBody {
		return []byte{}, nil
	}
	return io.ReadAll(http.MaxBytesReader(c.W, c.R.Body, MaxBodyBytes))
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
