package oas

import (
	"fmt"
	"strings"
)

// Violation is one way a response breaks its spec. It is an error so that a
// step can fail with it directly.
type Violation struct {
	Spec      string // provider: fliqa, weavr, fiskil
	Operation string // operationId, or METHOD path when no operation matched
	Status    int
	// Pointer is the JSON pointer into the body ("/identity/type"), or
	// "header <name>", "content-type", or "" for the response as a whole.
	Pointer string
	Reason  string
	Err     error
}

// Error names the operation, status, pointer and reason.
func (v *Violation) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s %d", v.Spec, v.Operation, v.Status)
	if v.Pointer != "" {
		fmt.Fprintf(&b, " at %s", v.Pointer)
	}
	b.WriteString(": ")
	b.WriteString(v.Reason)
	return b.String()
}

// Unwrap returns the underlying kin-openapi error, if any.
func (v *Violation) Unwrap() error { return v.Err }

// Violations is the list of violations of one response, as one error.
type Violations []*Violation

// Error joins the violations, one per line.
func (vs Violations) Error() string {
	lines := make([]string, len(vs))
	for i, v := range vs {
		lines[i] = v.Error()
	}
	return strings.Join(lines, "\n")
}
