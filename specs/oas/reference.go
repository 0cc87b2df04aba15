package oas

import (
	"context"
	"fmt"

	"github.com/getkin/kin-openapi/openapi3"
)

// ParseReference parses a provider's published OpenAPI document (3.0 or
// 3.1, YAML or JSON) as it is, and builds its router. It validates the
// document like Parse except for examples: examples illustrate, they are no
// contract, and providers' generators publish broken ones (Weavr's 3.32.1
// document has an Address example whose country is ""); refusing the whole
// document for them would leave conform unable to read the provider at all.
func ParseReference(name string, src []byte) (*Spec, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(src)
	if err != nil {
		return nil, fmt.Errorf("oas: parse %s: %w", name, err)
	}
	if err := doc.Validate(context.Background(), openapi3.DisableExamplesValidation()); err != nil {
		return nil, fmt.Errorf("oas: %s is not a valid OpenAPI document: %w", name, err)
	}
	return New(name, doc)
}
