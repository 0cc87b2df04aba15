package weavr

import (
	"strings"

	"github.com/conformhq/conform/simulator/core"
	"github.com/conformhq/conform/specs/oas"
)

// invalid answers a request that breaks the spec. The schema keywords map to
// Weavr's validation errors as the spec's SyntaxError documents: a missing
// field is REQUIRED, an empty one HAS_TEXT, a wrong JSON type HAS_TEXT too
// (the field does not hold the text expected), a longer or shorter one SIZE,
// a pattern or format mismatch REGEX, a value outside its enum IN (params:
// the allowed values), an unknown field NOT_IN, a number out of range RANGE.
// A body that is not JSON, or not a JSON object, has a message and no fields.
func invalid(c *core.Call, re *oas.RequestError) {
	var fields []invalidField
	seen := map[[2]string]bool{}
	message := ""
	for _, p := range re.Problems {
		f, ok := toField(p)
		if !ok {
			if message == "" {
				message = bodyMessage(p)
			}
			continue
		}
		key := [2]string{f.FieldName, f.Error}
		if seen[key] {
			// `format: email` and its pattern fail together: one entry.
			continue
		}
		seen[key] = true
		fields = append(fields, f)
	}
	if message == "" && len(fields) == 0 {
		message = "invalid request: " + re.Error()
	}
	if message == "" {
		names := make([]string, len(fields))
		for i, f := range fields {
			names[i] = f.FieldName + " (" + f.Error + ")"
		}
		message = "invalid request: " + strings.Join(names, ", ")
	}
	badRequest(c, message, fields)
}

// toField turns a problem into an invalid field; false for a problem of the
// body as a whole.
func toField(p oas.Problem) (invalidField, bool) {
	name := p.Field
	switch p.Kind {
	case "syntax", "missing":
		return invalidField{}, false
	case "properties", "additionalProperties":
		// kin-openapi names the unknown property only in its reason.
		if extra := quoted(p.Reason); extra != "" {
			name = joinField(name, extra)
		}
		return invalidField{FieldName: name, Error: "NOT_IN"}, name != ""
	}
	if name == "" {
		return invalidField{}, false
	}
	f := invalidField{FieldName: name}
	switch p.Kind {
	case "required", "nullable":
		f.Error = "REQUIRED"
	case "minLength":
		f.Error = "SIZE"
		if s, ok := p.Value.(string); ok && s == "" {
			f.Error = "HAS_TEXT"
		}
	case "maxLength", "minItems", "maxItems":
		f.Error = "SIZE"
	case "type":
		f.Error = "HAS_TEXT"
	case "enum":
		f.Error, f.Params = "IN", p.Params
	case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum":
		f.Error = "RANGE"
	default: // pattern, format, and whatever else makes a value malformed
		f.Error = "REGEX"
	}
	return f, true
}

func bodyMessage(p oas.Problem) string {
	switch p.Kind {
	case "missing":
		return "the request body is required"
	case "syntax":
		return "the request body is not valid JSON: " + p.Reason
	}
	return "the request body must be a JSON object: " + p.Reason
}

func joinField(parent, name string) string {
	if parent == "" {
		return name
	}
	return parent + "." + name
}

func quoted(s string) string {
	_, rest, ok := strings.Cut(s, `"`)
	if !ok {
		return ""
	}
	name, _, ok := strings.Cut(rest, `"`)
	if !ok {
		return ""
	}
	return name
}
