package refextract

import (
	"strings"
	"testing"

	"github.com/conformhq/conform/specs/oas"
)

// small is a document with prose everywhere, a property named like prose,
// an enum of objects, shared parameters, a discriminator, an unused
// component, a component used only by a dropped operation, and refs two
// levels deep.
const small = `openapi: 3.1.0
info: {title: Small, version: "1.2", description: prose, contact: {name: x}}
servers: [{url: https://example.com/base}]
tags: [{name: T}]
x-tagGroups: [{name: G}]
paths:
  /things/{id}:
    x-internal: true
    parameters:
      - {name: id, in: path, required: true, description: prose, schema: {$ref: "#/components/schemas/Id"}}
    get:
      operationId: getThing
      summary: prose
      tags: [T]
      externalDocs: {url: https://example.com}
      x-permissions: [read]
      responses:
        "200":
          description: the thing
          headers:
            request-ref: {$ref: "#/components/headers/RequestRef"}
          content:
            application/json:
              example: {description: an example}
              schema: {$ref: "#/components/schemas/Thing"}
        default: {$ref: "#/components/responses/Error"}
      security: [{api-key: []}]
    delete:
      operationId: deleteThing
      responses:
        "204": {$ref: "#/components/responses/OnlyForDelete"}
  /other:
    get:
      operationId: other
      responses:
        "204": {description: none}
components:
  securitySchemes:
    api-key: {type: apiKey, in: header, name: api-key, description: prose}
    unused-key: {type: apiKey, in: header, name: other}
  headers:
    RequestRef: {required: true, description: prose, schema: {type: string}}
  responses:
    Error:
      description: any other status
      content:
        application/json:
          schema: {$ref: "#/components/schemas/Error"}
    OnlyForDelete: {description: deleted}
  schemas:
    Id: {type: string, pattern: "^[0-9]+$", title: prose}
    Thing:
      type: object
      description: prose
      x-go-type: Thing
      required: [description]
      properties:
        description: {type: string, description: a property named description}
        x-name: {type: string}
        kind:
          type: object
          enum: [{description: data, title: data}]
          default: {description: data, title: data}
        pet: {$ref: "#/components/schemas/Pet"}
    Pet:
      oneOf: [{$ref: "#/components/schemas/Cat"}]
      discriminator: {propertyName: kind, mapping: {cat: "#/components/schemas/Cat"}}
    Cat: {type: object, properties: {kind: {const: cat}}, examples: [{kind: cat}]}
    Error: {type: object, properties: {code: {type: string}}}
    Unused: {type: string}
`

func TestExtract(t *testing.T) {
	get := []Endpoint{{"GET", "/things/{thingId}"}}
	tests := []struct {
		name      string
		endpoints []Endpoint
		header    []string
		want      []string // substrings of the extract
		wantNot   []string // substrings it must not have
		wantErr   string
	}{
		{name: "keeps the facts", endpoints: get, want: []string{
			"operationId: getThing", `pattern: "^[0-9]+$"`, "default:", `$ref: "#/components/responses/Error"`,
			"required: true", "api-key: []", "const: cat", "propertyName: kind",
		}},
		{name: "drops prose, examples, tags, servers and extensions", endpoints: get, wantNot: []string{
			"prose", "summary", "tags:", "x-tagGroups", "x-permissions", "x-internal", "x-go-type", "externalDocs",
			"servers", "example", "the thing", "contact", "title: prose",
		}},
		{name: "a response keeps an empty description, OpenAPI requires one", endpoints: get, want: []string{`description: ""`}},
		{name: "names are not keywords", endpoints: get, want: []string{
			"        description:\n          type: string\n", "x-name:", "- description\n",
		}},
		{name: "enum and default values are data", endpoints: get, want: []string{
			"- description: data\n              title: data", "default:\n            description: data\n            title: data",
		}},
		{name: "components used transitively and through discriminator mappings are kept", endpoints: get, want: []string{
			"    Cat:", "    Pet:", "    Id:", "    Error:", "    RequestRef:", "    api-key:",
		}},
		{name: "unused components and other operations are dropped", endpoints: get, wantNot: []string{
			"Unused", "unused-key", "OnlyForDelete", "deleteThing", "/other",
		}},
		{name: "header comment", endpoints: get, header: []string{"Source: small", ""}, want: []string{"# Source: small\n#\nopenapi: 3.1.0\n"}},
		{name: "method must match", endpoints: []Endpoint{{"POST", "/things/{id}"}}, wantErr: "does not have POST /things/{id}"},
		{name: "missing path", endpoints: []Endpoint{{"GET", "/nothing"}, {"GET", "/none"}}, wantErr: "does not have GET /nothing, GET /none"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, err := Extract([]byte(small), tc.endpoints, tc.header)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want one saying %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tc.want {
				if !strings.Contains(string(out), w) {
					t.Errorf("the extract lacks %q:\n%s", w, out)
				}
			}
			for _, w := range tc.wantNot {
				if strings.Contains(string(out), w) {
					t.Errorf("the extract still has %q:\n%s", w, out)
				}
			}
			if _, err := oas.Parse("extract", out); err != nil {
				t.Errorf("the extract is not a valid OpenAPI document: %v\n%s", err, out)
			}
		})
	}
}

func TestExtractRefusesBadInput(t *testing.T) {
	eps := []Endpoint{{"GET", "/a"}}
	tests := []struct {
		name, src, wantErr string
	}{
		{name: "not YAML", src: "{", wantErr: "not YAML"},
		{name: "a list", src: "- 1", wantErr: "not a mapping"},
		{name: "no info", src: "openapi: 3.1.0\npaths: {}", wantErr: "not an OpenAPI document"},
		{name: "no paths", src: "openapi: 3.1.0\ninfo: {title: t, version: '1'}", wantErr: "no paths"},
		{name: "dangling reference", src: "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {/a: {get: {responses: {'200': {$ref: '#/components/responses/Nope'}}}}}",
			wantErr: "#/components/responses/Nope does not resolve"},
		{name: "reference outside components", src: "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {/a: {get: {responses: {'200': {$ref: '#/paths/~1b'}}}}}",
			wantErr: "is not to a component"},
		{name: "reference to another file", src: "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {/a: {get: {responses: {'200': {$ref: 'other.yaml#/x'}}}}}",
			wantErr: `"other.yaml#/x" is not to a component`},
		{name: "documented twice", src: "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {/a: {get: {responses: {'204': {description: x}}}}, /a/: {get: {responses: {'204': {description: x}}}}}",
			wantErr: "documented by 2 paths"},
		{name: "undefined scheme in the document's security", src: "openapi: 3.1.0\ninfo: {title: t, version: '1'}\nsecurity: [{root: []}]\npaths: {/a: {get: {responses: {'204': {description: x}}}}}",
			wantErr: `security scheme "root" is not defined`},
		{name: "undefined security scheme", src: "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {/a: {get: {security: [{k: []}], responses: {'204': {description: x}}}}}",
			wantErr: `security scheme "k" is not defined`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Extract([]byte(tc.src), eps, nil)
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("error %v, want one saying %q", err, tc.wantErr)
			}
		})
	}
}

// The document's own security requirement applies to every operation that
// states none: it is kept, with its schemes.
func TestExtractKeepsTheDocumentsSecurity(t *testing.T) {
	src := `openapi: 3.1.0
info: {title: t, version: "1"}
security: [{root-key: []}]
paths: {/a: {get: {operationId: a, responses: {"204": {description: x}}}}}
components:
  securitySchemes:
    root-key: {type: apiKey, in: header, name: k}
    other: {type: apiKey, in: header, name: o}
`
	out, err := Extract([]byte(src), []Endpoint{{"GET", "/a"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"security:\n  - root-key: []\n", "    root-key:\n"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the extract lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(string(out), "other") {
		t.Errorf("an unused scheme was kept:\n%s", out)
	}
}
