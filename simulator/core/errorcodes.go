package core

import (
	"slices"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/conformhq/conform/specs/oas"
)

// errorCodes holds a provider's error-code enums by operation and status.
type errorCodes map[codeKey][]string

type codeKey struct {
	op     string
	status int
}

func readErrorCodes(spec *oas.Spec, property string) errorCodes {
	out := errorCodes{}
	if property == "" {
		return out
	}
	for _, op := range spec.Operations() {
		for _, status := range op.Statuses {
			if codes := BodyEnum(op, status, property); len(codes) > 0 {
				out[codeKey{op.ID, status}] = codes
			}
		}
	}
	return out
}

// ErrorCodes returns the error codes the spec allows the operation's
// response of that status to carry (the enum of the provider's ErrorCode
// property), in the spec's order; nil when that response documents none, or
// before Prepare. The slice is the caller's own.
func (p *Provider) ErrorCodes(op string, status int) []string {
	return slices.Clone(p.errorCodes[codeKey{op, status}])
}

// ErrorCodes returns the error codes documented for the call's operation and
// that status: see Provider.ErrorCodes.
func (c *Call) ErrorCodes(status int) []string {
	if c.provider == nil || c.Op == nil {
		return nil
	}
	return c.provider.ErrorCodes(c.Op.ID, status)
}

// BodyEnum reads the string enum of a property of the JSON body an
// operation documents for a status: in the schema's own properties, else in
// its allOf branches, where goa narrows an error's name per operation. Nil
// when the response, its JSON body or the property is missing, or the
// property has no enum.
func BodyEnum(op *oas.Operation, status int, property string) []string {
	resp := op.Response(status)
	if resp == nil {
		return nil
	}
	mt := resp.Content.Get("application/json")
	if mt == nil || mt.Schema == nil {
		return nil
	}
	return propertyEnum(mt.Schema.Value, property, 0)
}

// maxSchemaDepth bounds the allOf walk: a spec may nest schemas in a cycle.
const maxSchemaDepth = 16

func propertyEnum(s *openapi3.Schema, property string, depth int) []string {
	if s == nil || depth > maxSchemaDepth {
		return nil
	}
	if p := s.Properties[property]; p != nil && p.Value != nil && len(p.Value.Enum) > 0 {
		var out []string
		for _, e := range p.Value.Enum {
			if v, ok := e.(string); ok {
				out = append(out, v)
			}
		}
		return out
	}
	for _, sub := range s.AllOf {
		if sub == nil {
			continue
		}
		if got := propertyEnum(sub.Value, property, depth+1); got != nil {
			return got
		}
	}
	return nil
}
