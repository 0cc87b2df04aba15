package oas

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3filter"
)

func newRequest(t *testing.T, method, target, contentType, body string) *http.Request {
	t.Helper()
	r, err := http.NewRequest(method, "http://provider.test"+target, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		r.Header.Set("Content-Type", contentType)
	}
	return r
}

func TestValidateRequestConforming(t *testing.T) {
	tests := []struct {
		name                        string
		spec, method, target, ct, b string
		wantOp                      string
		wantParams                  map[string]string
	}{
		{name: "weavr login", spec: "weavr", method: "POST", target: "/login_with_password", ct: "application/json",
			b: `{"email":"ada@example.com","password":{"value":"Secret-Passw0rd"}}`, wantOp: "loginWithPassword"},
		{name: "weavr identities with enum query", spec: "weavr", method: "GET", target: "/identities?type=CORPORATE", wantOp: "userIdentities"},
		{name: "weavr path parameter", spec: "weavr", method: "POST", target: "/stepup/challenges/otp/SMS/verify", ct: "application/json",
			b: `{"verificationCode":"123456"}`, wantOp: "stepupSCAVerify", wantParams: map[string]string{"channel": "SMS"}},
		{name: "fliqa access token", spec: "fliqa", method: "GET", target: "/account/auth/token/sandbox/api/inq-1", wantOp: "getAccessToken",
			wantParams: map[string]string{"environment": "sandbox", "channel": "api", "inquiryId": "inq-1"}},
		{name: "fliqa login with locale", spec: "fliqa", method: "POST", target: "/account/login?locale=sl", ct: "application/json",
			b: `{"msisdn":"+38640123456"}`, wantOp: "consentGetOtp"},
		{name: "fiskil token", spec: "fiskil", method: "POST", target: "/v1/token", ct: "application/json",
			b: `{"client_id":"c","client_secret":"s"}`, wantOp: "createToken"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newRequest(t, tc.method, tc.target, tc.ct, tc.b)
			op, params, err := loadSpec(t, tc.spec).ValidateRequest(context.Background(), r, []byte(tc.b))
			if err != nil {
				t.Fatalf("a conforming request was refused: %v", err)
			}
			if op == nil || op.ID != tc.wantOp {
				t.Fatalf("operation = %v, want %s", op, tc.wantOp)
			}
			for k, v := range tc.wantParams {
				if params[k] != v {
					t.Errorf("path parameter %s = %q, want %q", k, params[k], v)
				}
			}
		})
	}
}

func TestValidateRequestProblems(t *testing.T) {
	tests := []struct {
		name                        string
		spec, method, target, ct, b string
		wantOp                      string
		want                        Problem // In, Field, Kind compared; Reason as substring; Params when set
	}{
		{
			name: "missing required field", spec: "weavr", method: "POST", target: "/login_with_password", ct: "application/json",
			b: `{"password":{"value":"x"}}`, wantOp: "loginWithPassword",
			want: Problem{In: "body", Field: "email", Kind: "required", Reason: `"email"`},
		},
		{
			name: "missing required nested field", spec: "weavr", method: "POST", target: "/login_with_password", ct: "application/json",
			b: `{"email":"a@b.co","password":{}}`, wantOp: "loginWithPassword",
			want: Problem{In: "body", Field: "password.value", Kind: "required", Reason: `"value"`},
		},
		{
			name: "wrong type", spec: "weavr", method: "POST", target: "/login_with_password", ct: "application/json",
			b: `{"email":"a@b.co","password":{"value":5}}`, wantOp: "loginWithPassword",
			want: Problem{In: "body", Field: "password.value", Kind: "type", Reason: "must be a string"},
		},
		{
			name: "wrong type (fiskil)", spec: "fiskil", method: "POST", target: "/v1/token", ct: "application/json",
			b: `{"client_id":1,"client_secret":"s"}`, wantOp: "createToken",
			want: Problem{In: "body", Field: "client_id", Kind: "type", Reason: "must be a string"},
		},
		{
			name: "enum in body", spec: "weavr", method: "POST", target: "/access_token", ct: "application/json",
			b: `{"identity":{"type":"OTHER","id":"1"}}`, wantOp: "requestAccessToken",
			want: Problem{In: "body", Field: "identity.type", Kind: "enum", Reason: "allowed values", Params: []string{"CONSUMER", "CORPORATE"}},
		},
		{
			name: "enum in query", spec: "weavr", method: "GET", target: "/identities?type=OTHER", wantOp: "userIdentities",
			want: Problem{In: "query", Field: "type", Kind: "enum", Reason: "allowed values", Params: []string{"CONSUMER", "CORPORATE"}},
		},
		{
			name: "pattern in body", spec: "weavr", method: "POST", target: "/stepup/challenges/otp/SMS/verify", ct: "application/json",
			b: `{"verificationCode":"12ab"}`, wantOp: "stepupSCAVerify",
			want: Problem{In: "body", Field: "verificationCode", Kind: "pattern", Reason: "regular expression", Params: []string{"^[0-9]{6}$"}},
		},
		{
			name: "format email", spec: "weavr", method: "POST", target: "/login_with_password", ct: "application/json",
			b: `{"email":"nope","password":{"value":"x"}}`, wantOp: "loginWithPassword",
			want: Problem{In: "body", Field: "email", Kind: "format", Reason: "email"},
		},
		{
			name: "pattern in path", spec: "weavr", method: "POST", target: "/stepup/challenges/otp/sms", wantOp: "stepupSCAChallenge",
			want: Problem{In: "path", Field: "channel", Kind: "pattern", Reason: "regular expression", Params: []string{"^[A-Z_]+$"}},
		},
		{
			name: "bad query parameter (fliqa locale)", spec: "fliqa", method: "POST", target: "/account/login?locale=english", ct: "application/json",
			b: `{"msisdn":"+38640123456"}`, wantOp: "consentGetOtp",
			want: Problem{In: "query", Field: "locale", Kind: "pattern", Reason: "regular expression", Params: []string{"^[a-z]{2}$"}},
		},
		{
			name: "bad path parameter (fliqa environment)", spec: "fliqa", method: "GET", target: "/account/auth/token/staging/api/inq-1", wantOp: "getAccessToken",
			want: Problem{In: "path", Field: "environment", Kind: "enum", Reason: "allowed values", Params: []string{"production", "sandbox"}},
		},
		{
			name: "bad path parameter (fliqa channel)", spec: "fliqa", method: "GET", target: "/account/auth/token/sandbox/web/inq-1", wantOp: "getAccessToken",
			want: Problem{In: "path", Field: "channel", Kind: "enum", Reason: "allowed values", Params: []string{"api", "sdk"}},
		},
		{
			name: "non-JSON body", spec: "weavr", method: "POST", target: "/login_with_password", ct: "application/json",
			b: `not json`, wantOp: "loginWithPassword",
			want: Problem{In: "body", Kind: "syntax"},
		},
		{
			name: "truncated JSON body", spec: "fiskil", method: "POST", target: "/v1/token", ct: "application/json",
			b: `{"client_id":"c"`, wantOp: "createToken",
			want: Problem{In: "body", Kind: "syntax"},
		},
		{
			name: "missing body", spec: "weavr", method: "POST", target: "/login_with_password", ct: "application/json",
			wantOp: "loginWithPassword",
			want:   Problem{In: "body", Kind: "missing", Reason: "required"},
		},
		{
			name: "missing body without content type", spec: "fiskil", method: "POST", target: "/v1/end-users",
			wantOp: "createEndUser",
			want:   Problem{In: "body", Kind: "missing", Reason: "required"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newRequest(t, tc.method, tc.target, tc.ct, tc.b)
			op, _, err := loadSpec(t, tc.spec).ValidateRequest(context.Background(), r, []byte(tc.b))
			if err == nil {
				t.Fatal("a non-conforming request passed validation")
			}
			if errors.Is(err, ErrNoRoute) {
				t.Fatalf("routing failed: %v", err)
			}
			var re *RequestError
			if !errors.As(err, &re) {
				t.Fatalf("error %T is not a *RequestError: %v", err, err)
			}
			if op == nil || op.ID != tc.wantOp || re.Operation != op {
				t.Fatalf("operation = %v (error's %v), want %s", op, re.Operation, tc.wantOp)
			}
			var found *Problem
			for i, p := range re.Problems {
				if p.In == tc.want.In && p.Field == tc.want.Field && p.Kind == tc.want.Kind {
					found = &re.Problems[i]
					break
				}
			}
			if found == nil {
				t.Fatalf("no problem {In:%s Field:%q Kind:%s}; got %+v", tc.want.In, tc.want.Field, tc.want.Kind, re.Problems)
			}
			if !strings.Contains(found.Reason, tc.want.Reason) {
				t.Errorf("Reason = %q, want it to contain %q", found.Reason, tc.want.Reason)
			}
			if tc.want.Params != nil && !slices.Equal(sortedCopy(found.Params), sortedCopy(tc.want.Params)) {
				t.Errorf("Params = %q, want %q", found.Params, tc.want.Params)
			}
			name := tc.want.Field
			if name == "" {
				name = tc.want.In
			}
			if msg := err.Error(); !strings.HasPrefix(msg, "invalid request: ") || !strings.Contains(msg, name+": ") {
				t.Errorf("Error() = %q, want it to start with %q and name %q", msg, "invalid request: ", name)
			}
			if re.Unwrap() == nil {
				t.Error("Unwrap() = nil, want kin-openapi's error")
			}
		})
	}
}

func sortedCopy(s []string) []string {
	c := slices.Clone(s)
	slices.Sort(c)
	return c
}

// TestValidateRequestReportsEveryProblem: several problems of one body are
// all reported (MultiError), not only the first.
func TestValidateRequestReportsEveryProblem(t *testing.T) {
	body := `{"email":"a@b.co","password":{"value":5},"newPassword":1}`
	r := newRequest(t, "POST", "/passwords/update", "application/json", body)
	_, _, err := loadSpec(t, "weavr").ValidateRequest(context.Background(), r, []byte(body))
	var re *RequestError
	if !errors.As(err, &re) {
		t.Fatalf("want a *RequestError, got %v", err)
	}
	got := map[string]string{}
	for _, p := range re.Problems {
		got[p.Field] = p.Kind
	}
	for field, kind := range map[string]string{"oldPassword": "required", "newPassword": "type"} {
		if got[field] != kind {
			t.Errorf("problem for %s = %q, want %q (all: %+v)", field, got[field], kind, re.Problems)
		}
	}
}

func TestValidateRequestNoRoute(t *testing.T) {
	tests := []struct {
		name, spec, method, target string
	}{
		{"unknown path", "fiskil", "POST", "/v1/nope"},
		{"undocumented method", "weavr", "GET", "/login_with_password"},
		{"unknown path (fliqa)", "fliqa", "GET", "/account/auth/token/sandbox"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newRequest(t, tc.method, tc.target, "", "")
			op, _, err := loadSpec(t, tc.spec).ValidateRequest(context.Background(), r, nil)
			if !errors.Is(err, ErrNoRoute) {
				t.Fatalf("err = %v, want ErrNoRoute", err)
			}
			if op != nil {
				t.Errorf("operation = %s, want nil", op.ID)
			}
		})
	}
}

// TestValidateRequestLeavesBodyToCaller: validation reads its own copy of
// the body, so the handler can still read the request's.
func TestValidateRequestLeavesBodyToCaller(t *testing.T) {
	body := `{"client_id":"c","client_secret":"s"}`
	r := newRequest(t, "POST", "/v1/token", "application/json", body)
	if _, _, err := loadSpec(t, "fiskil").ValidateRequest(context.Background(), r, []byte(body)); err != nil {
		t.Fatal(err)
	}
	b := make([]byte, len(body)+1)
	n, _ := r.Body.Read(b)
	if string(b[:n]) != body {
		t.Errorf("the request's body was consumed: read %q", b[:n])
	}
}

func TestRequestErrorMessage(t *testing.T) {
	inner := openapi3filter.ErrInvalidRequired
	re := &RequestError{
		Problems: []Problem{
			{In: "body", Field: "email", Reason: "is required"},
			{In: "body", Reason: "failed to decode request body"},
		},
		Err: inner,
	}
	want := "invalid request: email: is required; body: failed to decode request body"
	if got := re.Error(); got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if !errors.Is(re, inner) {
		t.Error("errors.Is does not reach the wrapped error")
	}
}
