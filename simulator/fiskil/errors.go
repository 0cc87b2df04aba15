package fiskil

import (
	crand "crypto/rand"
	"fmt"
	"net/http"
	"slices"

	"github.com/conformhq/conform/simulator/core"
)

// goaError is goa's error body, its keys in goa's order (http/error.go).
// goa always sends the three flags; the references require only the first
// three fields.
type goaError struct {
	Name      string `json:"name"`
	ID        string `json:"id"`
	Message   string `json:"message"`
	Temporary bool   `json:"temporary"`
	Timeout   bool   `json:"timeout"`
	Fault     bool   `json:"fault"`
}

// isDeclared reports whether Fiskil's design declares the error (the
// names its reference documents, plus the simulator's [decided] forbidden
// and invalid_end_user_id). goa's generated error encoder sets the
// goa-error header for these only; its built-in errors (missing_field,
// decode_payload, ...) and faults fall to the default encoder, which sets
// none.
func isDeclared(name string) bool {
	switch name {
	case "unauthorized", "forbidden", "end_user_already_exists", "invalid_institution_id", "invalid_end_user_id":
		return true
	}
	return false
}

// pick returns name when it is one of the allowed names (those the
// operation documents for the status: Call.ErrorCodes), else the first of
// fallbacks that is, else the first allowed name; name itself when none is
// documented.
func pick(allowed []string, name string, fallbacks ...string) string {
	for _, c := range append([]string{name}, fallbacks...) {
		if slices.Contains(allowed, c) {
			return c
		}
	}
	if len(allowed) > 0 {
		return allowed[0]
	}
	return name
}

// writeError answers with goa's error body as goa sends it: media type
// application/json, and the goa-error header only for declared errors.
func writeError(c *core.Call, status int, name, message string) {
	if isDeclared(name) {
		c.W.Header().Set("goa-error", name)
	}
	c.JSON(status, goaError{
		Name:      name,
		ID:        errorID(c.Sandbox),
		Message:   message,
		Temporary: status == http.StatusServiceUnavailable,
		Fault:     status == http.StatusInternalServerError,
	})
}

// errorID draws goa's short occurrence id: from the sandbox's seeded
// generator when there is one (reproducible runs), else at random, since an
// unauthenticated request has no sandbox to draw from.
func errorID(sb *core.Sandbox) string {
	if sb != nil {
		return sb.IDs.Alnum(8)
	}
	return crand.Text()[:8]
}

func errorf(c *core.Call, status int, name, format string, args ...any) {
	writeError(c, status, name, fmt.Sprintf(format, args...))
}
