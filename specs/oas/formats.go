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
