package oas

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
)

// Problem is one way a request breaks the spec, in terms a provider's 400
// format can express.
type Problem struct {
	// In is where the problem is: body, query, path or header.
	In string
	// Field is the dotted name of the offending field ("password.value"),
	// or the parameter name; "" for the body as a whole.
	Field string
	// Kind is the schema keyword that failed (required, type, enum,
	// pattern, format, minLength, maxLength, minimum, maximum,
	// additionalProperties, ...), or "syntax" for a body that is not JSON,
	// or "missing" for a missing required body.
	Kind   string
	Reason string
	// Value is the offending value when the validator reported one.
	Value any
	// Params holds the constraint of the failed keyword where it has one
	// (the enum values, the pattern, the limit).
	Params []string
}

// RequestError is a request that breaks the spec: the operation it was
// routed to and every problem found.
type RequestError struct {
	Operation *Operation
	Problems  []Problem
	Err       error
}

// Error summarises the problems.
func (e *RequestError) Error() string {
	parts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		name := p.Field
		if name == "" {
			name = p.In
		}
		parts[i] = name + ": " + p.Reason
	}
	return "invalid request: " + strings.Join(parts, "; ")
}

// Unwrap returns kin-openapi's error.
func (e *RequestError) Unwrap() error { return e.Err }

// ErrNoRoute is returned (wrapped) when no documented operation matches.
var ErrNoRoute = errors.New("no documented operation")

// ValidateRequest routes a request whose URL path is relative to the
// provider's base URL and validates its parameters and body. Security is not
// checked here: the handlers answer missing or bad credentials with the
// provider's own 401. body is the request body already read.
func (s *Spec) ValidateRequest(ctx context.Context, r *http.Request, body []byte) (*Operation, map[string]string, error) {
	route, params, err := s.route(r)
	if err != nil {
		return nil, nil, errors.Join(ErrNoRoute, err)
	}
	op := s.ops[route.Operation.OperationID]
	return op, params, s.validate(ctx, r, body, op, route, params)
}

// ValidateMatched validates a request that Match has already routed to op,
// with the path parameters Match found: ValidateRequest without routing the
// request a second time, which the simulator's pipeline would otherwise pay
// on every request.
//
// It leaves out the operation's security requirements, as ValidateRequest in
// effect does (its AuthenticationFunc accepts every scheme): kin-openapi
// would still walk them, reading and re-buffering the body, on every request.
func (s *Spec) ValidateMatched(ctx context.Context, r *http.Request, body []byte, op *Operation, params map[string]string) error {
	if !op.validates {
		// Nothing declared, nothing kin-openapi would check: a body the
		// operation does not declare is ignored there too.
		return nil
	}
	return s.validate(ctx, r, body, op, op.route, params)
}

func (s *Spec) validate(ctx context.Context, r *http.Request, body []byte, op *Operation, route *routers.Route, params map[string]string) error {
	// A shallow copy will do: kin-openapi only replaces the copy's Body,
	// GetBody and ContentLength, and a deep Clone of the headers and URL
	// was a tenth of a simulated request's cost.
	r2 := r.WithContext(ctx)
	r2.Body = io.NopCloser(bytes.NewReader(body))
	in := &openapi3filter.RequestValidationInput{
		Request:    r2,
		PathParams: params,
		Route:      route,
		Options: &openapi3filter.Options{
			MultiError:              true,
			AuthenticationFunc:      openapi3filter.NoopAuthenticationFunc,
			SchemaValidationOptions: s.schemaOptions(),
		},
	}
	if err := openapi3filter.ValidateRequest(ctx, in); err != nil {
		return &RequestError{Operation: op, Problems: problems(err), Err: err}
	}
	return nil
}

func problems(err error) []Problem {
	// A type switch, not errors.As: kin-openapi's errors unwrap into each
	// other, and the outermost one carries the context (parameter or body).
	switch e := err.(type) {
	case openapi3.MultiError:
		var out []Problem
		for _, x := range e {
			out = append(out, problems(x)...)
		}
		return out
	case *openapi3.SchemaError:
		return []Problem{toProblem(e)}
	case *openapi3filter.RequestError:
		return requestProblems(e)
	}
	return []Problem{{In: "body", Kind: "syntax", Reason: err.Error()}}
}

func requestProblems(re *openapi3filter.RequestError) []Problem {
	if re.Parameter != nil {
		p := Problem{In: re.Parameter.In, Field: re.Parameter.Name, Kind: "invalid", Reason: re.Reason}
		switch {
		case errors.Is(re.Err, openapi3filter.ErrInvalidRequired):
			p.Kind, p.Reason = "required", "is required"
		case re.Err != nil:
			if inner := problems(re.Err); len(inner) > 0 && inner[0].Kind != "syntax" {
				p.Kind, p.Value, p.Params, p.Reason = inner[0].Kind, inner[0].Value, inner[0].Params, inner[0].Reason
			}
		}
		return []Problem{p}
	}
	if re.RequestBody != nil {
		switch re.Err.(type) {
		case nil:
			return []Problem{{In: "body", Kind: "missing", Reason: re.Reason}}
		case openapi3.MultiError, *openapi3.SchemaError:
			out := problems(re.Err)
			for i := range out {
				out[i].In = "body"
			}
			return out
		}
		if errors.Is(re.Err, openapi3filter.ErrInvalidRequired) || errors.Is(re.Err, openapi3filter.ErrInvalidEmptyValue) {
			return []Problem{{In: "body", Kind: "missing", Reason: "a request body is required"}}
		}
		return []Problem{{In: "body", Kind: "syntax", Reason: re.Reason}}
	}
	if re.Err != nil {
		return problems(re.Err)
	}
	return []Problem{{In: "body", Kind: "syntax", Reason: re.Reason}}
}

func toProblem(se *openapi3.SchemaError) Problem {
	path := se.JSONPointer()
	if se.SchemaField == "required" {
		// kin-openapi names the missing property in the reason, not the path.
		if name := quoted(se.Reason); name != "" && (len(path) == 0 || path[len(path)-1] != name) {
			path = append(path, name)
		}
	}
	return Problem{In: "body", Field: strings.Join(path, "."), Kind: se.SchemaField, Reason: se.Reason, Value: se.Value, Params: constraint(se)}
}

func quoted(s string) string {
	i := strings.IndexByte(s, '"')
	if i < 0 {
		return ""
	}
	j := strings.IndexByte(s[i+1:], '"')
	if j < 0 {
		return ""
	}
	return s[i+1 : i+1+j]
}

func constraint(se *openapi3.SchemaError) []string {
	sc := se.Schema
	if sc == nil {
		return nil
	}
	switch se.SchemaField {
	case "enum":
		out := make([]string, 0, len(sc.Enum))
		for _, e := range sc.Enum {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	case "pattern":
		return []string{sc.Pattern}
	}
	return nil
}
