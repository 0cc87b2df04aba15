package oas

import (
	"strings"
	"testing"
)

// A 3.0 document: one operation with a `default` response, one with a
// range, one with neither.
const defaults30 = `openapi: 3.0.3
info: {title: defaults, version: "1"}
paths:
  /things:
    get:
      operationId: listThings
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: array, items: {type: string}}
        default:
          description: any other status
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Error"}
  /ranged:
    get:
      operationId: ranged
      responses:
        "204": {description: done}
        4XX: {description: client error}
  /plain:
    get:
      operationId: plain
      responses:
        "204": {description: done}
components:
  schemas:
    Error:
      type: object
      required: [code]
      properties:
        code: {type: string}
        message: {type: string}
`

// A 3.1 document: JSON Schema 2020-12 keywords (a type list with "null",
// const) in the `default` response's schema.
const defaults31 = `openapi: 3.1.0
info: {title: defaults, version: "1"}
paths:
  /things/{id}:
    post:
      operationId: touchThing
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        "204": {description: done}
        default:
          description: any other status
          content:
            application/json:
              schema:
                type: object
                required: [code]
                properties:
                  code: {const: FAILED}
                  message: {type: [string, "null"]}
`

func TestOperationStatusesAndDefault(t *testing.T) {
	tests := []struct {
		name        string
		doc, op     string
		statuses    []int
		hasDefault  bool
		response    int
		hasResponse bool
	}{
		{name: "3.0 default is not a listed status", doc: defaults30, op: "listThings", statuses: []int{200}, hasDefault: true, response: 418, hasResponse: true},
		{name: "3.0 range answers its class", doc: defaults30, op: "ranged", statuses: []int{204}, response: 404, hasResponse: true},
		{name: "3.0 range does not answer another class", doc: defaults30, op: "ranged", statuses: []int{204}, response: 500},
		{name: "3.0 no default, unlisted status", doc: defaults30, op: "plain", statuses: []int{204}, response: 404},
		{name: "3.1 default", doc: defaults31, op: "touchThing", statuses: []int{204}, hasDefault: true, response: 500, hasResponse: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			spec, err := Parse("t", []byte(tc.doc))
			if err != nil {
				t.Fatal(err)
			}
			op, ok := spec.Operation(tc.op)
			if !ok {
				t.Fatalf("no operation %s", tc.op)
			}
			if joinInts(op.Statuses) != joinInts(tc.statuses) {
				t.Errorf("Statuses = %v, want %v", op.Statuses, tc.statuses)
			}
			if op.HasDefault() != tc.hasDefault {
				t.Errorf("HasDefault = %v, want %v", op.HasDefault(), tc.hasDefault)
			}
			if op.Documents(tc.response) {
				t.Errorf("Documents(%d) = true for a status the operation does not list", tc.response)
			}
			if got := op.Response(tc.response) != nil; got != tc.hasResponse {
				t.Errorf("Response(%d) present = %v, want %v", tc.response, got, tc.hasResponse)
			}
		})
	}
}

func TestValidateResponseUsesDefault(t *testing.T) {
	json := hdr("Content-Type", "application/json")
	tests := []struct {
		name   string
		doc    string
		resp   Response
		want   string // substring of the one violation expected; "" for none
		wantAt string // its pointer
	}{
		{name: "3.0 listed status", doc: defaults30,
			resp: Response{Method: "GET", Path: "/things", Status: 200, Header: json, Body: []byte(`["a"]`)}},
		{name: "3.0 unlisted status answered by default", doc: defaults30,
			resp: Response{Method: "GET", Path: "/things", Status: 418, Header: json, Body: []byte(`{"code":"TEAPOT"}`)}},
		{name: "3.0 default body breaks its schema", doc: defaults30,
			resp: Response{Method: "GET", Path: "/things", Status: 500, Header: json, Body: []byte(`{"code":5}`)},
			want: "string", wantAt: "/code"},
		{name: "3.0 default body misses a required property", doc: defaults30,
			resp: Response{Method: "GET", Path: "/things", Status: 503, Header: json, Body: []byte(`{"message":"m"}`)},
			want: "code"},
		{name: "3.0 listed status still judged by its own response", doc: defaults30,
			resp: Response{Method: "GET", Path: "/things", Status: 200, Header: json, Body: []byte(`{"code":"X"}`)},
			want: "array"},
		{name: "3.0 default declares a body, none sent", doc: defaults30,
			resp: Response{Method: "GET", Path: "/things", Status: 404},
			want: "no body where the spec declares application/json", wantAt: ""},
		{name: "3.0 without default, unlisted status", doc: defaults30,
			resp: Response{Method: "GET", Path: "/plain", Status: 404},
			want: "status 404 is not documented (documented: 204; no default)"},
		{name: "3.0 range", doc: defaults30,
			resp: Response{Method: "GET", Path: "/ranged", Status: 409}},
		{name: "3.1 default with null message", doc: defaults31,
			resp: Response{Method: "POST", Path: "/things/1", Status: 500, Header: json, Body: []byte(`{"code":"FAILED","message":null}`)}},
		{name: "3.1 default breaks const", doc: defaults31,
			resp: Response{Method: "POST", Path: "/things/1", Status: 500, Header: json, Body: []byte(`{"code":"OTHER"}`)},
			want: "FAILED", wantAt: "/code"},
		{name: "3.1 default breaks a type list", doc: defaults31,
			resp: Response{Method: "POST", Path: "/things/1", Status: 400, Header: json, Body: []byte(`{"code":"FAILED","message":3}`)},
			want: "string", wantAt: "/message"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			spec, err := Parse("t", []byte(tc.doc))
			if err != nil {
				t.Fatal(err)
			}
			_, vs := spec.ValidateResponse(tc.resp)
			if tc.want == "" {
				if len(vs) > 0 {
					t.Fatalf("unexpected violations:\n%v", vs)
				}
				return
			}
			if len(vs) != 1 {
				t.Fatalf("want one violation about %q, got %d:\n%v", tc.want, len(vs), vs)
			}
			if !strings.Contains(vs[0].Reason, tc.want) || strings.HasPrefix(vs[0].Reason, "error at") || strings.HasPrefix(vs[0].Reason, "at '") {
				t.Errorf("reason %q does not mention %q, or repeats the location", vs[0].Reason, tc.want)
			}
			if tc.wantAt != "" && vs[0].Pointer != tc.wantAt {
				t.Errorf("pointer %q, want %q", vs[0].Pointer, tc.wantAt)
			}
		})
	}
}

// A status that is neither a code, a range nor default is refused, with
// the operation named.
func TestNewRefusesBadResponseKey(t *testing.T) {
	doc := strings.Replace(defaults30, `"200":`, `"2OO":`, 1)
	_, err := Parse("t", []byte(doc))
	if err == nil {
		t.Fatal("a response keyed 2OO was accepted")
	}
	if !strings.Contains(err.Error(), "2OO") {
		t.Errorf("error %q does not name the key", err)
	}
}
