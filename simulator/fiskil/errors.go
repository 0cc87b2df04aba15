package fiskil

import (
	crand "crypto/rand"
	"fmt"
	"net/http"
	"slices"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/conformhq/conform/simulator/core"
	"github.com/conformhq/conform/specs/oas"
)

// goaError is goa's error body. All fields are always sent: the spec
// requires them.
type goaError struct {
	Name      string `json:"name"`
	ID        string `json:"id"`
	Message   string `json:"message"`
	Temporary bool   `json:"temporary"`
	Timeout   bool   `json:"timeout"`
	Fault     bool   `json:"fault"`
}

// names holds, per operation and status, the goa error names its response
// documents: read from the spec so that the simulator can never answer a
// name the spec lacks.
type names map[string]map[int][]string

func namesOf(spec *oas.Spec) names {
	out := names{}
	for _, op := range spec.Operations() {
		out[op.ID] = map[int][]string{}
		for _, status := range op.Statuses {
			resp := op.Response(status)
			if resp == nil {
				continue
			}
			if mt := resp.Content.Get("application/json"); mt != nil && mt.Schema != nil {
				out[op.ID][status] = nameEnum(mt.Schema.Value)
			}
		}
	}
	return out
}

// nameEnum finds the enum of the `name` property, which the spec narrows in
// an allOf branch of each error schema.
func nameEnum(s *openapi3.Schema) []string {
	if s == nil {
		return nil
	}
	if p := s.Properties["name"]; p != nil && p.Value != nil && len(p.Value.Enum) > 0 {
		var out []string
		for _, e := range p.Value.Enum {
			if v, ok := e.(string); ok {
				out = append(out, v)
			}
		}
		return out
	}
	for _, sub := range s.AllOf {
		if got := nameEnum(sub.Value); got != nil {
			return got
		}
	}
	return nil
}

// pick returns name when the operation documents it for status, else the
// first of fallbacks that it documents, else the first documented name.
func (n names) pick(op string, status int, name string, fallbacks ...string) string {
	allowed := n[op][status]
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

// writeError answers with goa's error body and the goa-error header. The
// wire media type is application/json, as goa sends it.
func writeError(c *core.Call, status int, name, message string) {
	c.W.Header().Set("goa-error", name)
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
