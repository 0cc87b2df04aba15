package oas

import (
	"context"
	"net/url"
	"strings"
	"testing"
)

// ValidateMatched must judge every request exactly as ValidateRequest does.
func TestValidateMatchedAgrees(t *testing.T) {
	tests := []struct {
		name                        string
		spec, method, target, ct, b string
		invalid                     bool
	}{
		{name: "weavr login", spec: "weavr", method: "POST", target: "/login_with_password", ct: "application/json",
			b: `{"email":"ada@example.com","password":{"value":"Secret-Passw0rd"}}`},
		{name: "weavr login without email", spec: "weavr", method: "POST", target: "/login_with_password", ct: "application/json",
			b: `{"password":{"value":"x"}}`, invalid: true},
		{name: "weavr identities, enum query", spec: "weavr", method: "GET", target: "/identities?type=OTHER", invalid: true},
		{name: "weavr identities", spec: "weavr", method: "GET", target: "/identities"},
		{name: "weavr path parameter pattern", spec: "weavr", method: "POST", target: "/stepup/challenges/otp/sms", invalid: true},
		{name: "fliqa bad path parameter", spec: "fliqa", method: "GET", target: "/account/auth/token/staging/api/inq-1", invalid: true},
		{name: "fliqa login with locale", spec: "fliqa", method: "POST", target: "/account/login?locale=sl", ct: "application/json",
			b: `{"msisdn":"+38640123456"}`},
		{name: "fiskil token, wrong type", spec: "fiskil", method: "POST", target: "/v1/token", ct: "application/json",
			b: `{"client_id":1,"client_secret":"s"}`, invalid: true},
		{name: "fiskil token, not JSON", spec: "fiskil", method: "POST", target: "/v1/token", ct: "application/json",
			b: `{`, invalid: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			spec := loadSpec(t, tc.spec)
			_, _, want := spec.ValidateRequest(context.Background(), newRequest(t, tc.method, tc.target, tc.ct, tc.b), []byte(tc.b))
			u, err := url.Parse(tc.target)
			if err != nil {
				t.Fatal(err)
			}
			op, params, err := spec.Match(tc.method, u.Path)
			if err != nil {
				t.Fatalf("no route: %v", err)
			}
			got := spec.ValidateMatched(context.Background(), newRequest(t, tc.method, tc.target, tc.ct, tc.b), []byte(tc.b), op, params)
			if (got != nil) != tc.invalid || (want != nil) != tc.invalid {
				t.Fatalf("ValidateMatched: %v, ValidateRequest: %v; want invalid=%v", got, want, tc.invalid)
			}
			if got != nil && got.Error() != want.Error() {
				t.Errorf("ValidateMatched says %q, ValidateRequest %q", got, want)
			}
		})
	}
}

// Every operation of every embedded spec must be judged by ValidateMatched
// as by ValidateRequest, for a conforming request and for one that breaks
// everything a request can break: those that declare no parameter and no
// body, which ValidateMatched does not hand to kin-openapi, included.
func TestValidateMatchedAgreesOnEveryOperation(t *testing.T) {
	skipped := 0
	for _, s := range matchSpecs(t) {
		for _, op := range s.Operations() {
			path := op.Path
			for strings.Contains(path, "{") {
				i, j := strings.IndexByte(path, '{'), strings.IndexByte(path, '}')
				path = path[:i] + "SMS" + path[j+1:]
			}
			for _, q := range []struct{ query, ct, body string }{
				{},
				{query: "?offset=-1&limit=x&type=NOPE&locale=xx", ct: "text/plain", body: "not json"},
				{ct: "application/json", body: `{"unexpected": true}`},
			} {
				name := s.Name + " " + op.ID + " " + q.query + " " + q.body
				_, _, want := s.ValidateRequest(context.Background(), newRequest(t, op.Method, path+q.query, q.ct, q.body), []byte(q.body))
				mop, params, err := s.Match(op.Method, path)
				if err != nil || mop != op {
					t.Errorf("%s: Match = %v, %v", name, opName(mop), err)
					continue
				}
				got := s.ValidateMatched(context.Background(), newRequest(t, op.Method, path+q.query, q.ct, q.body), []byte(q.body), op, params)
				if (got == nil) != (want == nil) || (got != nil && got.Error() != want.Error()) {
					t.Errorf("%s: ValidateMatched %v, ValidateRequest %v", name, got, want)
				}
			}
			if !op.validates {
				skipped++
			}
		}
	}
	if skipped == 0 {
		t.Error("no operation without parameters and body: the shortcut is untested")
	}
}
