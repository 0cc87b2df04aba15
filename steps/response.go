package steps

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/tidwall/gjson"

	"github.com/conformhq/conform/specs/redact"
)

// Response is the last response a scenario received, unredacted: steps
// assert on it, and must go through RedactBody, Describe or the World's
// Secrets before any of it reaches a message.
type Response struct {
	// Provider, Method and Path (relative to the provider's base URL) say
	// which request it answers.
	Provider string
	Method   string
	Path     string
	Status   int
	Header   http.Header
	Body     []byte
}

// Redirect reports whether the response is a 3xx redirect.
func (r *Response) Redirect() bool { return isRedirect(r.Status) }

var errNoResponse = errors.New("no response to check: a request step must come first (or the last request got no response)")

// Last returns the scenario's last response, or an error saying that a
// request step must come first when there is none (no request yet, or the
// last one got no usable response).
func (w *World) Last() (*Response, error) {
	if w.last == nil {
		return nil, errNoResponse
	}
	return w.last, nil
}

// JSONAt reads the last response's body at a gjson path ("." or "@this"
// for the whole body).
func (w *World) JSONAt(path string) (gjson.Result, error) {
	if w.last == nil {
		return gjson.Result{}, errNoResponse
	}
	if !gjson.ValidBytes(w.last.Body) {
		return gjson.Result{}, fmt.Errorf("the response body is not JSON: %s", w.RedactBody(w.last.Body))
	}
	if path == "." {
		path = "@this"
	}
	return gjson.GetBytes(w.last.Body, path), nil
}

// Describe renders a value for a failure message; values at secret-looking
// paths (token, otp, password...) are masked, since a failure message ends
// up in the reports.
func (w *World) Describe(path string, r gjson.Result) string {
	if !r.Exists() {
		return "nothing"
	}
	if redact.IsSecretName(lastSegment(path)) && r.Type == gjson.String {
		return fmt.Sprintf("%s (a string of %d characters)", redact.Mask, len(r.Str))
	}
	b, _ := json.Marshal(json.RawMessage(r.Raw))
	return w.Secrets.String(string(b))
}

// RedactBody renders a body for a failure message, with secret JSON fields
// and the scenario's remembered secrets masked, cut to the run's bound
// (Env.MaxRecorded) with the whole body's size and digest.
func (w *World) RedactBody(b []byte) string {
	kept, _, _ := w.recordBody(b)
	return kept
}

// redactWhole is RedactBody without the bound.
func (w *World) redactWhole(b []byte) string {
	return w.Secrets.String(string(redact.JSON(b)))
}

// lastSegment is the last key of a gjson path ("identity.token" → "token").
func lastSegment(path string) string {
	if i := strings.LastIndexAny(path, ".|#"); i >= 0 {
		return path[i+1:]
	}
	return path
}

// Aside runs a check of the step library's own (a setup request that
// verifies a fixture) whose requests are recorded and judged like any
// other, but which leaves the last response as it was: the scenario's
// next step reads the answer it asked for, not the check's.
func (w *World) Aside(check func() error) error {
	last := w.last
	err := check()
	w.last = last
	return err
}
