package oas

import (
	"errors"
	"net/url"

	"github.com/getkin/kin-openapi/openapi3"
)

// formats enforces the string formats our specs use that kin-openapi leaves
// unchecked by default (email, uri). They are passed per validation, not
// registered globally, so that the package has no mutable global state.
var formats = map[string]openapi3.StringFormatValidator{
	"email": openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForEmail),
	"uri": openapi3.NewCallbackValidator(func(s string) error {
		u, err := url.Parse(s)
		if err != nil {
			return err
		}
		if u.Scheme == "" || (u.Host == "" && u.Opaque == "") {
			return errors.New("not an absolute URI")
		}
		return nil
	}),
}

func schemaOptions() []openapi3.SchemaValidationOption {
	return []openapi3.SchemaValidationOption{openapi3.WithStringFormatValidators(formats)}
}

// schemaOptions are the options for this spec's schemas: an OpenAPI 3.1
// document's schemas are JSON Schema 2020-12, which kin-openapi's own
// validator does not implement (type arrays, const, ...).
func (s *Spec) schemaOptions() []openapi3.SchemaValidationOption {
	opts := schemaOptions()
	if s.Doc.IsOpenAPI31OrLater() {
		opts = append(opts, openapi3.EnableJSONSchema2020())
	}
	return opts
}
