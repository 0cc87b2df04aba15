package oas

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// ParseReference parses a provider's published OpenAPI document (3.0 or
// 3.1, YAML or JSON) as it is, and builds its router: the tests' reader of
// the documents under shared/reference (TestLoadsWeavrOfficialDocuments), in a test
// file as no binary reads them. It validates the
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

// ParseReference reads what providers publish, broken examples included,
// and still refuses what is not a usable OpenAPI document.
func TestParseReference(t *testing.T) {
	const head = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\n"
	tests := []struct {
		name, src string
		wantErr   string // "" when the document must load
	}{
		{name: "invalid example is only an illustration",
			src: head + "paths: {/a: {get: {operationId: a, responses: {'200': {description: x, content: {application/json: {schema: {type: string, minLength: 2, example: ''}}}}}}}}"},
		{name: "3.0 with default", src: defaults30},
		{name: "3.1 with default", src: defaults31},
		{name: "not YAML", src: "{", wantErr: "parse"},
		{name: "invalid schema", src: head + "paths: {/a: {get: {operationId: a, responses: {'200': {description: x, content: {application/json: {schema: {type: strng}}}}}}}}",
			wantErr: "not a valid OpenAPI document"},
		{name: "operation without operationId", src: head + "paths: {/a: {get: {responses: {'204': {description: x}}}}}",
			wantErr: "has no operationId"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			spec, err := ParseReference("ref", []byte(tc.src))
			if tc.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				if len(spec.Operations()) == 0 {
					t.Error("no operation loaded")
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("error %v, want one saying %q", err, tc.wantErr)
			}
		})
	}
	// The same broken example makes Parse, for conform's own specs, refuse.
	if _, err := Parse("ours", []byte(tests[0].src)); err == nil {
		t.Error("Parse accepted an invalid example in one of conform's own specs")
	}
}
