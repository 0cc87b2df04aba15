package oas

import (
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// maxSchemaDepth bounds the allOf walk: a spec may nest schemas in a cycle.
const maxSchemaDepth = 16

// BodyEnum returns the string enum of a property of the JSON body the
// operation documents for a status, in the spec's order: the narrowest
// enum found in the schema's own properties and its allOf branches (goa
// narrows a shared error schema's name per operation), across the
// response's JSON media types. Nil when the response, its body or the
// property is missing, or the property has no enum. Both the simulator's
// faults and `conform coverage` read error codes here, so that they cannot
// disagree on what a status documents. A property may list its documented
// values in the extension x-names instead of enum: they are documented,
// not a constraint (Fiskil's references name some of goa's errors without
// forbidding others), so response validation does not enforce them.
func (o *Operation) BodyEnum(status int, property string) []string {
	r := o.Response(status)
	if r == nil {
		return nil
	}
	var best []string
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for k := range r.Content {
			if !yield(k) {
				return
			}
		}
	}) {
		if mt := r.Content[name]; mt != nil && mt.Schema != nil {
			narrowest(mt.Schema.Value, property, &best, 0)
		}
	}
	return best
}

// narrowest keeps in best the narrowest enum of property found in s and
// its allOf branches: an enum replaces best when best is empty, or when it
// is a strict subset of it.
func narrowest(s *openapi3.Schema, property string, best *[]string, depth int) {
	if s == nil || depth > maxSchemaDepth {
		return
	}
	if p := s.Properties[property]; p != nil && p.Value != nil {
		vals := stringValues(p.Value.Enum)
		if len(vals) == 0 {
			names, _ := p.Value.Extensions["x-names"].([]any)
			vals = stringValues(names)
		}
		if len(vals) > 0 && (*best == nil || subset(vals, *best)) {
			*best = vals
		}
	}
	for _, sub := range s.AllOf {
		if sub != nil {
			narrowest(sub.Value, property, best, depth+1)
		}
	}
}

// subset reports whether a is a strict subset of b.
func subset(a, b []string) bool {
	if len(a) >= len(b) {
		return false
	}
	for _, v := range a {
		if !slices.Contains(b, v) {
			return false
		}
	}
	return true
}

// stringValues keeps the string values of a list.
func stringValues(list []any) []string {
	var out []string
	for _, e := range list {
		if v, ok := e.(string); ok {
			out = append(out, v)
		}
	}
	return out
}

// NestedEnum returns the string enum of the value a dotted JSON path
// names in the body the operation documents for a status
// ("syntaxErrors.invalidFields.0.error": a number steps into an array's
// items), following allOf branches; nil when the path leads nowhere or its
// value has no enum. A decided expectation on a nested value accepts any
// value of this enum (contract rule 7).
func NestedEnum(op *Operation, status int, path string) []string {
	r := op.Response(status)
	if r == nil {
		return nil
	}
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for k := range r.Content {
			if !yield(k) {
				return
			}
		}
	}) {
		mt := r.Content[name]
		if mt == nil || mt.Schema == nil {
			continue
		}
		if s := walk(mt.Schema.Value, strings.Split(path, "."), 0); s != nil {
			if vals := stringValues(s.Enum); len(vals) > 0 {
				return vals
			}
		}
	}
	return nil
}

// walk follows a split JSON path through a schema's properties, array
// items and allOf branches.
func walk(s *openapi3.Schema, path []string, depth int) *openapi3.Schema {
	if s == nil || depth > maxSchemaDepth {
		return nil
	}
	if len(path) == 0 {
		return s
	}
	if _, err := strconv.Atoi(path[0]); err == nil && s.Items != nil {
		return walk(s.Items.Value, path[1:], depth+1)
	}
	if p := s.Properties[path[0]]; p != nil {
		return walk(p.Value, path[1:], depth+1)
	}
	for _, sub := range s.AllOf {
		if sub != nil {
			if found := walk(sub.Value, path, depth+1); found != nil {
				return found
			}
		}
	}
	return nil
}
