package oas

import (
	"strings"
	"testing"
)

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
