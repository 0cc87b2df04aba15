package core

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/conformhq/conform/specs/oas"
)

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
	provider *Provider
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

// RawJSON writes a JSON response already encoded: an answer that does not
// change from one request to the next is encoded once.
func (c *Call) RawJSON(status int, body []byte) {
	c.W.Header().Set("Content-Type", "application/json")
	c.W.WriteHeader(status)
	c.status = status
	_, _ = c.W.Write(body)
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
