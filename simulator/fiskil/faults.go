package fiskil

import (
	"errors"
	"net/http"

	"github.com/conformhq/conform/simulator/core"
	"github.com/conformhq/conform/specs/oas"
)

// fault answers a forced status. Code picks the goa name among those the
// operation documents for that status; an unknown or empty one falls back
// to the natural default (internal_error, service_unavailable, or the
// first documented name). A forced success status is served as usual, since
// a 200 body cannot be invented without the state behind it.
func (s *sim) fault(c *core.Call, f core.Fault) {
	if f.Status >= 200 && f.Status < 300 {
		s.serveNormally(c)
		return
	}
	name := s.names.pick(c.Op.ID, f.Status, f.Code, defaultName(f.Status))
	errorf(c, f.Status, name, "%s (forced by the simulator's fault control)", faultMessage(f.Status))
}

func defaultName(status int) string {
	switch status {
	case http.StatusInternalServerError:
		return "internal_error"
	case http.StatusServiceUnavailable:
		return "service_unavailable"
	case http.StatusUnauthorized:
		return "unauthorized"
	case http.StatusForbidden:
		return "forbidden"
	}
	// A 400 has several names and none is more natural: pick takes the
	// first the operation documents.
	return ""
}

func faultMessage(status int) string {
	if t := http.StatusText(status); t != "" {
		return t
	}
	return "error"
}

// serveNormally finishes the pipeline's work (validation, then the
// handler) for a fault whose status is a success.
func (s *sim) serveNormally(c *core.Call) {
	if _, _, err := s.spec.ValidateRequest(c.R.Context(), c.R, c.Body); err != nil {
		var re *oas.RequestError
		if !errors.As(err, &re) {
			re = &oas.RequestError{Operation: c.Op, Err: err, Problems: []oas.Problem{{In: "body", Kind: "syntax", Reason: err.Error()}}}
		}
		s.invalid(c, re)
		return
	}
	if h := s.handlers[c.Op.ID]; h != nil {
		h(c)
	}
}
