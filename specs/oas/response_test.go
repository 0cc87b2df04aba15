package oas

import (
	"errors"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

var (
	specOnce  sync.Once
	specCache map[string]*Spec
	specErr   error
)

// loadSpec loads the real provider specs once per test binary.
func loadSpec(t *testing.T, name string) *Spec {
	t.Helper()
	specOnce.Do(func() {
		specCache = map[string]*Spec{}
		for _, n := range []string{"weavr", "fliqa", "fiskil"} {
			s, err := loadTestSpec(n)
			if err != nil {
				specErr = err
				return
			}
			specCache[n] = s
		}
	})
	if specErr != nil {
		t.Fatalf("loading specs: %v", specErr)
	}
	s := specCache[name]
	if s == nil {
		t.Fatalf("no spec %q", name)
	}
	return s
}

// hdr builds a header from name/value pairs.
func hdr(kv ...string) http.Header {
	h := http.Header{}
	for i := 0; i+1 < len(kv); i += 2 {
		h.Add(kv[i], kv[i+1])
	}
	return h
}

const (
	weavrLoginOK  = `{"token":"tok-1","tokenType":"AUTH","identity":{"type":"CONSUMER","id":"110000000000000001"},"credentials":{"type":"ROOT","id":"120000000000000001"}}`
	fliqaTokenOK  = `{"accessToken":"abc","expires":"2024-05-01T12:06:00Z","expiresIn":360,"scope":["account_owner","account_info"]}`
	fliqaErrorOK  = `{"errorMessage":"Invalid pin","errorCode":"unauthorized","errorSubCode":"invalid_pin","documentationUrl":"https://documentation.fliqa.io/api/errors/unauthorized","requestId":"1b2c3d4e5f60718293a4b5c6d7e8f90a"}`
	fiskilTokenOK = `{"token":"tok_2yRHN2ag2y4p8kCtm5DOeccZEXB","expires_in":900}`
	fiskil400OK   = `{"name":"missing_field","id":"123abc","message":"client_id is missing","temporary":false,"timeout":false,"fault":false}`
	fiskil401OK   = `{"name":"unauthorized","id":"123abc","message":"no","temporary":false,"timeout":false,"fault":false}`
)

func TestValidateResponseConforming(t *testing.T) {
	tests := []struct {
		name   string
		spec   string
		resp   Response
		wantOp string
	}{
		{
			name:   "weavr login 200",
			spec:   "weavr",
			resp:   Response{Method: "POST", Path: "/login_with_password", Status: 200, Header: hdr("Content-Type", "application/json", "request-ref", "r1"), Body: []byte(weavrLoginOK)},
			wantOp: "loginWithPassword",
		},
		{
			name:   "weavr login 200 with charset parameter",
			spec:   "weavr",
			resp:   Response{Method: "POST", Path: "/login_with_password", Status: 200, Header: hdr("Content-Type", "application/json; charset=utf-8", "request-ref", "r1"), Body: []byte(weavrLoginOK)},
			wantOp: "loginWithPassword",
		},
		{
			name:   "weavr 401 without body",
			spec:   "weavr",
			resp:   Response{Method: "GET", Path: "/identities", Status: 401, Header: hdr("request-ref", "r2")},
			wantOp: "userIdentities",
		},
		{
			name:   "weavr 200 array of identities",
			spec:   "weavr",
			resp:   Response{Method: "GET", Path: "/identities", Status: 200, Header: hdr("Content-Type", "application/json", "request-ref", "r3"), Body: []byte(`[{"id":{"type":"CORPORATE","id":"1"},"name":"Ada"}]`)},
			wantOp: "userIdentities",
		},
		{
			name:   "weavr 429 with rate-limit headers",
			spec:   "weavr",
			resp:   Response{Method: "POST", Path: "/login_with_password", Status: 429, Header: hdr("request-ref", "r4", "x-ratelimit-limit", "5", "x-ratelimit-reset", "42")},
			wantOp: "loginWithPassword",
		},
		{
			name:   "weavr path parameter",
			spec:   "weavr",
			resp:   Response{Method: "POST", Path: "/stepup/challenges/otp/SMS", Status: 204, Header: hdr("request-ref", "r5")},
			wantOp: "stepupSCAChallenge",
		},
		{
			name:   "fliqa access token 200",
			spec:   "fliqa",
			resp:   Response{Method: "GET", Path: "/account/auth/token/sandbox/api/inq-1", Status: 200, Header: hdr("Content-Type", "application/json"), Body: []byte(fliqaTokenOK)},
			wantOp: "getAccessToken",
		},
		{
			name:   "fliqa error 401",
			spec:   "fliqa",
			resp:   Response{Method: "POST", Path: "/account/consent", Status: 401, Header: hdr("Content-Type", "application/json"), Body: []byte(fliqaErrorOK)},
			wantOp: "createConsent",
		},
		{
			name:   "fiskil token 200",
			spec:   "fiskil",
			resp:   Response{Method: "POST", Path: "/v1/token", Status: 200, Header: hdr("Content-Type", "application/json"), Body: []byte(fiskilTokenOK)},
			wantOp: "createToken",
		},
		{
			name:   "fiskil goa built-in error without goa-error, extra fields, no flags",
			spec:   "fiskil",
			resp:   Response{Method: "POST", Path: "/v1/auth/session", Status: 400, Header: hdr("Content-Type", "application/json"), Body: []byte(`{"name":"InvalidRequest","id":"err_1","message":"m","extra":1}`)},
			wantOp: "addAuthSession",
		},
		{
			name:   "fiskil token with token_type and extra fields",
			spec:   "fiskil",
			resp:   Response{Method: "POST", Path: "/v1/token", Status: 200, Header: hdr("Content-Type", "application/json"), Body: []byte(`{"token":"t","token_type":"Bearer","expires_in":900,"scope":"x"}`)},
			wantOp: "createToken",
		},
		{
			name:   "fiskil 400 as application/json",
			spec:   "fiskil",
			resp:   Response{Method: "POST", Path: "/v1/token", Status: 400, Header: hdr("Content-Type", "application/json", "goa-error", "missing_field"), Body: []byte(fiskil400OK)},
			wantOp: "createToken",
		},
		{
			name:   "fiskil 400 as application/vnd.goa.error",
			spec:   "fiskil",
			resp:   Response{Method: "POST", Path: "/v1/token", Status: 400, Header: hdr("Content-Type", "application/vnd.goa.error", "goa-error", "missing_field"), Body: []byte(fiskil400OK)},
			wantOp: "createToken",
		},
		{
			name:   "fiskil 401 as application/vnd.goa.error",
			spec:   "fiskil",
			resp:   Response{Method: "POST", Path: "/v1/end-users", Status: 401, Header: hdr("Content-Type", "application/vnd.goa.error", "goa-error", "unauthorized"), Body: []byte(fiskil401OK)},
			wantOp: "createEndUser",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			op, vs := loadSpec(t, tc.spec).ValidateResponse(tc.resp)
			if len(vs) != 0 {
				t.Fatalf("expected no violations, got:\n%v", vs)
			}
			if op == nil || op.ID != tc.wantOp {
				t.Fatalf("operation = %v, want %s", op, tc.wantOp)
			}
		})
	}
}

// wantViolation is one violation a non-conforming response must produce.
type wantViolation struct {
	op      string
	status  int
	pointer string
	reason  string // substring
}

func TestValidateResponseCatchesNonConformance(t *testing.T) {
	tests := []struct {
		name string
		spec string
		resp Response
		want wantViolation
	}{
		{
			name: "undocumented status",
			spec: "weavr",
			resp: Response{Method: "POST", Path: "/login_with_password", Status: 418, Header: hdr("request-ref", "r")},
			want: wantViolation{"loginWithPassword", 418, "", "status 418 is not documented"},
		},
		{
			name: "undocumented 5xx on fliqa",
			spec: "fliqa",
			resp: Response{Method: "POST", Path: "/account/login", Status: 500, Header: hdr("Content-Type", "application/json"), Body: []byte(fliqaErrorOK)},
			want: wantViolation{"consentGetOtp", 500, "", "status 500 is not documented"},
		},
		{
			name: "missing required field",
			spec: "weavr",
			resp: Response{Method: "POST", Path: "/login_with_password", Status: 200, Header: hdr("Content-Type", "application/json", "request-ref", "r"),
				Body: []byte(`{"tokenType":"AUTH","identity":{"type":"CONSUMER","id":"1"},"credentials":{"type":"ROOT","id":"2"}}`)},
			want: wantViolation{"loginWithPassword", 200, "/token", `"token"`},
		},
		{
			name: "missing required nested field",
			spec: "weavr",
			resp: Response{Method: "POST", Path: "/login_with_password", Status: 200, Header: hdr("Content-Type", "application/json", "request-ref", "r"),
				Body: []byte(`{"token":"t","tokenType":"AUTH","identity":{"type":"CONSUMER"},"credentials":{"type":"ROOT","id":"2"}}`)},
			want: wantViolation{"loginWithPassword", 200, "/identity/id", `"id"`},
		},
		{
			name: "wrong type",
			spec: "fliqa",
			resp: Response{Method: "GET", Path: "/account/auth/token/sandbox/api/inq-1", Status: 200, Header: hdr("Content-Type", "application/json"),
				Body: []byte(`{"accessToken":"abc","expires":"2024-05-01T12:06:00Z","expiresIn":"360","scope":["account_owner"]}`)},
			want: wantViolation{"getAccessToken", 200, "/expiresIn", "must be an integer"},
		},
		{
			name: "fraction where integer declared",
			spec: "fliqa",
			resp: Response{Method: "GET", Path: "/account/auth/token/sandbox/api/inq-1", Status: 200, Header: hdr("Content-Type", "application/json"),
				Body: []byte(`{"accessToken":"abc","expires":"2024-05-01T12:06:00Z","expiresIn":360.5,"scope":["account_owner"]}`)},
			want: wantViolation{"getAccessToken", 200, "/expiresIn", "must be an integer"},
		},
		{
			name: "wrong type of array item",
			spec: "weavr",
			resp: Response{Method: "GET", Path: "/identities", Status: 200, Header: hdr("Content-Type", "application/json", "request-ref", "r"),
				Body: []byte(`[{"id":{"type":"CONSUMER","id":"1"},"name":7}]`)},
			want: wantViolation{"userIdentities", 200, "/0/name", "must be a string"},
		},
		{
			name: "value outside enum",
			spec: "weavr",
			resp: Response{Method: "POST", Path: "/login_with_password", Status: 200, Header: hdr("Content-Type", "application/json", "request-ref", "r"),
				Body: []byte(strings.Replace(weavrLoginOK, `"AUTH"`, `"REFRESH"`, 1))},
			want: wantViolation{"loginWithPassword", 200, "/tokenType", "allowed values"},
		},
		{
			name: "property of the wrong type in an allOf branch",
			spec: "fiskil",
			resp: Response{Method: "POST", Path: "/v1/token", Status: 401, Header: hdr("Content-Type", "application/json", "goa-error", "unauthorized"),
				Body: []byte(strings.Replace(fiskil401OK, `"unauthorized"`, `5`, 1))},
			want: wantViolation{"createToken", 401, "/name", "string"},
		},
		{
			name: "optional property of the wrong type",
			spec: "fiskil",
			resp: Response{Method: "POST", Path: "/v1/token", Status: 200, Header: hdr("Content-Type", "application/json"),
				Body: []byte(`{"token":"t","expires_in":900,"token_type":5}`)},
			want: wantViolation{"createToken", 200, "/token_type", "string"},
		},
		{
			name: "pattern mismatch",
			spec: "fliqa",
			resp: Response{Method: "POST", Path: "/account/consent", Status: 401, Header: hdr("Content-Type", "application/json"),
				Body: []byte(strings.Replace(fliqaErrorOK, "1b2c3d4e5f60718293a4b5c6d7e8f90a", "NOT-HEX", 1))},
			want: wantViolation{"createConsent", 401, "/requestId", "regular expression"},
		},
		{
			name: "format uri",
			spec: "fliqa",
			resp: Response{Method: "POST", Path: "/account/consent", Status: 401, Header: hdr("Content-Type", "application/json"),
				Body: []byte(strings.Replace(fliqaErrorOK, "https://documentation.fliqa.io/api/errors/unauthorized", "not a url", 1))},
			want: wantViolation{"createConsent", 401, "/documentationUrl", "uri"},
		},
		{
			name: "wrong content type",
			spec: "weavr",
			resp: Response{Method: "POST", Path: "/login_with_password", Status: 200, Header: hdr("Content-Type", "text/plain", "request-ref", "r"), Body: []byte(weavrLoginOK)},
			want: wantViolation{"loginWithPassword", 200, "content-type", `content type "text/plain" is not declared`},
		},
		{
			name: "vendor content type where only json is declared",
			spec: "fliqa",
			resp: Response{Method: "POST", Path: "/account/consent", Status: 401, Header: hdr("Content-Type", "application/vnd.goa.error"), Body: []byte(fliqaErrorOK)},
			want: wantViolation{"createConsent", 401, "content-type", "application/vnd.goa.error"},
		},
		{
			name: "no content type",
			spec: "fiskil",
			resp: Response{Method: "POST", Path: "/v1/token", Status: 200, Header: hdr(), Body: []byte(fiskilTokenOK)},
			want: wantViolation{"createToken", 200, "content-type", `content type "" is not declared`},
		},
		{
			name: "body where none is declared (weavr 401)",
			spec: "weavr",
			resp: Response{Method: "GET", Path: "/identities", Status: 401, Header: hdr("Content-Type", "application/json", "request-ref", "r"), Body: []byte(`{"message":"unauthorized"}`)},
			want: wantViolation{"userIdentities", 401, "", "a body is present where the spec declares none"},
		},
		{
			name: "empty body where one is declared",
			spec: "fliqa",
			resp: Response{Method: "POST", Path: "/account/login", Status: 200, Header: hdr("Content-Type", "application/json")},
			want: wantViolation{"consentGetOtp", 200, "", "the body is empty"},
		},
		{
			name: "whitespace body where one is declared",
			spec: "fliqa",
			resp: Response{Method: "POST", Path: "/account/login", Status: 200, Header: hdr("Content-Type", "application/json"), Body: []byte(" \n")},
			want: wantViolation{"consentGetOtp", 200, "", "the body is empty"},
		},
		{
			name: "invalid JSON",
			spec: "fliqa",
			resp: Response{Method: "POST", Path: "/account/login", Status: 200, Header: hdr("Content-Type", "application/json"), Body: []byte(`{"otpLength":6`)},
			want: wantViolation{"consentGetOtp", 200, "", "not valid JSON"},
		},
		{
			name: "two JSON values",
			spec: "fliqa",
			resp: Response{Method: "POST", Path: "/account/login", Status: 200, Header: hdr("Content-Type", "application/json"), Body: []byte(`{"otpLength":6} {"otpLength":6}`)},
			want: wantViolation{"consentGetOtp", 200, "", "more than one JSON value"},
		},
		{
			name: "missing request-ref (weavr 200)",
			spec: "weavr",
			resp: Response{Method: "POST", Path: "/login_with_password", Status: 200, Header: hdr("Content-Type", "application/json"), Body: []byte(weavrLoginOK)},
			want: wantViolation{"loginWithPassword", 200, "header request-ref", "required header is missing"},
		},
		{
			name: "missing request-ref (weavr 401 without body)",
			spec: "weavr",
			resp: Response{Method: "GET", Path: "/identities", Status: 401, Header: hdr()},
			want: wantViolation{"userIdentities", 401, "header request-ref", "required header is missing"},
		},
		{
			name: "empty request-ref",
			spec: "weavr",
			resp: Response{Method: "GET", Path: "/identities", Status: 401, Header: http.Header{"Request-Ref": {""}}},
			want: wantViolation{"userIdentities", 401, "header request-ref", "does not match its schema"},
		},
		{
			name: "weavr 429 without x-ratelimit-limit",
			spec: "weavr",
			resp: Response{Method: "POST", Path: "/login_with_password", Status: 429, Header: hdr("request-ref", "r", "x-ratelimit-reset", "42")},
			want: wantViolation{"loginWithPassword", 429, "header x-ratelimit-limit", "required header is missing"},
		},
		{
			name: "weavr 429 without x-ratelimit-reset",
			spec: "weavr",
			resp: Response{Method: "POST", Path: "/login_with_password", Status: 429, Header: hdr("request-ref", "r", "x-ratelimit-limit", "5")},
			want: wantViolation{"loginWithPassword", 429, "header x-ratelimit-reset", "required header is missing"},
		},
		{
			name: "non-numeric x-ratelimit-reset",
			spec: "weavr",
			resp: Response{Method: "POST", Path: "/login_with_password", Status: 429, Header: hdr("request-ref", "r", "x-ratelimit-limit", "5", "x-ratelimit-reset", "soon")},
			want: wantViolation{"loginWithPassword", 429, "header x-ratelimit-reset", `value "soon" is not a number`},
		},
		{
			name: "fractional x-ratelimit-reset",
			spec: "weavr",
			resp: Response{Method: "POST", Path: "/login_with_password", Status: 429, Header: hdr("request-ref", "r", "x-ratelimit-limit", "5", "x-ratelimit-reset", "1.5")},
			want: wantViolation{"loginWithPassword", 429, "header x-ratelimit-reset", "integer"},
		},
		{
			name: "negative x-ratelimit-limit",
			spec: "weavr",
			resp: Response{Method: "POST", Path: "/login_with_password", Status: 429, Header: hdr("request-ref", "r", "x-ratelimit-limit", "-1", "x-ratelimit-reset", "3")},
			want: wantViolation{"loginWithPassword", 429, "header x-ratelimit-limit", "does not match its schema"},
		},
		{
			name: "fiskil error without its name",
			spec: "fiskil",
			resp: Response{Method: "POST", Path: "/v1/token", Status: 400, Header: hdr("Content-Type", "application/json"),
				Body: []byte(`{"id":"123abc","message":"m"}`)},
			want: wantViolation{"createToken", 400, "/name", "missing"},
		},
		{
			name: "fiskil vnd.goa.error body checked against its schema",
			spec: "fiskil",
			resp: Response{Method: "POST", Path: "/v1/token", Status: 400, Header: hdr("Content-Type", "application/vnd.goa.error", "goa-error", "missing_field"),
				Body: []byte(`{"name":"missing_field","id":"x","message":"m","temporary":"no","timeout":false,"fault":false}`)},
			want: wantViolation{"createToken", 400, "/temporary", "must be a boolean"},
		},
		{
			name: "unknown path",
			spec: "weavr",
			resp: Response{Method: "GET", Path: "/nope", Status: 200, Header: hdr("Content-Type", "application/json", "request-ref", "r"), Body: []byte(`{}`)},
			want: wantViolation{"GET /nope", 200, "", "no documented operation"},
		},
		{
			name: "undocumented method on a documented path",
			spec: "weavr",
			resp: Response{Method: "DELETE", Path: "/login_with_password", Status: 200, Header: hdr("request-ref", "r")},
			want: wantViolation{"DELETE /login_with_password", 200, "", "no documented operation"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			spec := loadSpec(t, tc.spec)
			_, vs := spec.ValidateResponse(tc.resp)
			if len(vs) == 0 {
				t.Fatalf("a non-conforming response passed validation")
			}
			var found *Violation
			for _, v := range vs {
				if v.Pointer == tc.want.pointer && strings.Contains(v.Reason, tc.want.reason) {
					found = v
					break
				}
			}
			if found == nil {
				t.Fatalf("no violation at %q with reason containing %q; got:\n%v", tc.want.pointer, tc.want.reason, vs)
			}
			if found.Spec != tc.spec {
				t.Errorf("Spec = %q, want %q", found.Spec, tc.spec)
			}
			if found.Operation != tc.want.op {
				t.Errorf("Operation = %q, want %q", found.Operation, tc.want.op)
			}
			if found.Status != tc.want.status {
				t.Errorf("Status = %d, want %d", found.Status, tc.want.status)
			}
			// Every violation of one response names the same operation and status.
			for _, v := range vs {
				if v.Operation != tc.want.op || v.Status != tc.want.status {
					t.Errorf("violation %v names %s %d, want %s %d", v, v.Operation, v.Status, tc.want.op, tc.want.status)
				}
			}
		})
	}
}

// TestValidateResponseReportsEveryProblem checks that one response with
// several problems yields one violation for each, not just the first.
func TestValidateResponseReportsEveryProblem(t *testing.T) {
	spec := loadSpec(t, "weavr")
	_, vs := spec.ValidateResponse(Response{
		Method: "POST", Path: "/login_with_password", Status: 200,
		Header: hdr("Content-Type", "application/json"),
		Body:   []byte(`{"token":"t","tokenType":"NOPE","identity":{"type":"CONSUMER","id":"1"},"credentials":{"type":"ROOT","id":"2"},"extra":1}`),
	})
	want := []string{"header request-ref", "/tokenType", "/extra"}
	for _, p := range want {
		ok := false
		for _, v := range vs {
			if v.Pointer == p {
				ok = true
			}
		}
		if !ok {
			t.Errorf("no violation at %s; got:\n%v", p, vs)
		}
	}
}

// TestValidateResponseUnknownPathReturnsNoOperation: a response to an
// undocumented path has no operation, and its violation wraps the router's
// error.
func TestValidateResponseUnknownPathReturnsNoOperation(t *testing.T) {
	op, vs := loadSpec(t, "fiskil").ValidateResponse(Response{Method: "POST", Path: "/v2/token", Status: 200})
	if op != nil {
		t.Fatalf("operation = %v, want nil", op.ID)
	}
	if len(vs) != 1 || vs[0].Err == nil {
		t.Fatalf("want one violation wrapping the router's error, got %#v", vs)
	}
}

func TestViolationError(t *testing.T) {
	inner := errors.New("kin says no")
	tests := []struct {
		name string
		v    *Violation
		want string
		not  []string
	}{
		{
			name: "with pointer",
			v:    &Violation{Spec: "weavr", Operation: "loginWithPassword", Status: 200, Pointer: "/identity/type", Reason: "value is not one of the allowed values", Err: inner},
			want: "weavr loginWithPassword 200 at /identity/type: value is not one of the allowed values",
		},
		{
			name: "header pointer",
			v:    &Violation{Spec: "fiskil", Operation: "createToken", Status: 400, Pointer: "header goa-error", Reason: "required header is missing"},
			want: "fiskil createToken 400 at header goa-error: required header is missing",
		},
		{
			name: "whole response",
			v:    &Violation{Spec: "fliqa", Operation: "consentGetOtp", Status: 500, Reason: "status 500 is not documented"},
			want: "fliqa consentGetOtp 500: status 500 is not documented",
			not:  []string{" at "},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.v.Error()
			if got != tc.want {
				t.Errorf("Error() = %q, want %q", got, tc.want)
			}
			for _, s := range tc.not {
				if strings.Contains(got, s) {
					t.Errorf("Error() = %q contains %q", got, s)
				}
			}
			if !errors.Is(tc.v, tc.v.Err) && tc.v.Err != nil {
				t.Errorf("errors.Is does not find the wrapped error")
			}
			if tc.v.Unwrap() != tc.v.Err {
				t.Errorf("Unwrap() = %v, want %v", tc.v.Unwrap(), tc.v.Err)
			}
		})
	}
}

func TestViolationUnwrapReachesSchemaError(t *testing.T) {
	_, vs := loadSpec(t, "weavr").ValidateResponse(Response{
		Method: "POST", Path: "/login_with_password", Status: 200,
		Header: hdr("Content-Type", "application/json", "request-ref", "r"),
		Body:   []byte(strings.Replace(weavrLoginOK, `"AUTH"`, `"X"`, 1)),
	})
	if len(vs) != 1 {
		t.Fatalf("want 1 violation, got %v", vs)
	}
	var se *openapi3.SchemaError
	if !errors.As(vs[0], &se) {
		t.Fatalf("errors.As(%v, *SchemaError) = false", vs[0])
	}
	if se.SchemaField != "enum" {
		t.Errorf("SchemaField = %q, want enum", se.SchemaField)
	}
}

func TestViolationsError(t *testing.T) {
	vs := Violations{
		{Spec: "weavr", Operation: "logout", Status: 204, Pointer: "header request-ref", Reason: "required header is missing"},
		{Spec: "weavr", Operation: "logout", Status: 204, Reason: "a body is present where the spec declares none"},
	}
	want := "weavr logout 204 at header request-ref: required header is missing\nweavr logout 204: a body is present where the spec declares none"
	if got := vs.Error(); got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestPointer(t *testing.T) {
	tests := []struct {
		name string
		path []string
		want string
	}{
		{"root", nil, "/"},
		{"nested", []string{"identity", "type"}, "/identity/type"},
		{"escapes", []string{"a/b", "c~d"}, "/a~1b/c~0d"},
		{"array index", []string{"0", "name"}, "/0/name"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Pointer(tc.path); got != tc.want {
				t.Errorf("Pointer(%q) = %q, want %q", tc.path, got, tc.want)
			}
		})
	}
}

// TestRegression_AdditionalPropertyPointer: an unexpected property used to
// be reported at the pointer of the object that holds it ("/"), so a report
// did not say where the offending field was.
func TestRegression_AdditionalPropertyPointer(t *testing.T) {
	tests := []struct {
		name string
		body string
		want string
	}{
		{"top level", `{"token":"t","tokenType":"AUTH","identity":{"type":"CONSUMER","id":"1"},"credentials":{"type":"ROOT","id":"2"},"extra":1}`, "/extra"},
		{"nested", `{"token":"t","tokenType":"AUTH","identity":{"type":"CONSUMER","id":"1","legacy":true},"credentials":{"type":"ROOT","id":"2"}}`, "/identity/legacy"},
		{"name needing escape", `{"token":"t","tokenType":"AUTH","identity":{"type":"CONSUMER","id":"1"},"credentials":{"type":"ROOT","id":"2"},"a/b":1}`, "/a~1b"},
		{"name with a quote", `{"token":"t","tokenType":"AUTH","identity":{"type":"CONSUMER","id":"1"},"credentials":{"type":"ROOT","id":"2"},"a\"b":1}`, `/a"b`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, vs := loadSpec(t, "weavr").ValidateResponse(Response{
				Method: "POST", Path: "/login_with_password", Status: 200,
				Header: hdr("Content-Type", "application/json", "request-ref", "r"), Body: []byte(tc.body),
			})
			if len(vs) != 1 {
				t.Fatalf("want one violation, got:\n%v", vs)
			}
			if vs[0].Pointer != tc.want || !strings.Contains(vs[0].Reason, "unsupported") {
				t.Errorf("violation = %v, want pointer %s and an 'unsupported' reason", vs[0], tc.want)
			}
		})
	}
}

// loadTestSpec loads an embedded spec, except "weavr": these tests were
// written against the strict Weavr spec of before the two published
// versions, kept in testdata as a fixture of the validator (not of Weavr).
func loadTestSpec(name string) (*Spec, error) {
	if name != "weavr" {
		return Load(name)
	}
	src, err := os.ReadFile("testdata/weavr-legacy.yaml")
	if err != nil {
		return nil, err
	}
	return Parse("weavr", src)
}
