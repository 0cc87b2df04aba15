package weavr

import (
	"net/http"
	"strings"
	"testing"
)

// The versions these tests hold to their answers, by name: the record
// (specs/record) is what the simulator serves.
const (
	v332 = "3.32"
	v363 = "3.63"
)

// TestAttemptLimit: the 5th wrong code ends a challenge; each version
// answers it with the codes of its own enum.
func TestAttemptLimit(t *testing.T) {
	cases := []struct {
		name    string
		version string
		// want is the errorCode of wrong codes 1..6, then of the right code.
		want []string
	}{
		{name: "3.32", version: v332, want: []string{codeCodeInvalid, codeCodeInvalid, codeCodeInvalid, codeCodeInvalid, codeCodeInvalid, codeStateInvalid, codeStateInvalid}},
		{name: "3.63", version: v363, want: []string{codeCodeInvalid, codeCodeInvalid, codeCodeInvalid, codeOneAttemptLeft, codeLimitExceeded, codeLimitExceeded, codeLimitExceeded}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newVersionEnv(t, tc.version, "")
			acc := e.access("ada@example.com", "Secret-Passw0rd")
			expect(t, e.do(req{path: otpStart, key: demoKey, token: acc}), 204, "")
			for i, code := range tc.want {
				body := wrongCode
				if i == len(tc.want)-1 {
					body = rightCode
				}
				r := e.do(req{path: otpVerify, key: demoKey, token: acc, body: body})
				if r.status != http.StatusConflict || r.get("errorCode").String() != code {
					t.Fatalf("attempt %d: %d %s, want 409 %s", i+1, r.status, r.body, code)
				}
			}
			// A new challenge starts the count again.
			expect(t, e.do(req{path: otpStart, key: demoKey, token: acc}), 204, "")
			expect(t, e.do(req{path: otpVerify, key: demoKey, token: acc, body: rightCode}), 204, "")
		})
	}
}

// TestVersionShapes: what differs between the versions, answer by answer.
func TestVersionShapes(t *testing.T) {
	cases := []struct {
		name    string
		version string
		check   func(t *testing.T, e *env, acc string)
	}{
		{name: "3.32 identities are a bare array", version: v332, check: func(t *testing.T, e *env, acc string) {
			r := e.do(req{method: http.MethodGet, path: "/identities?offset=1&limit=1", key: demoKey, token: acc})
			expect(t, r, 200, "")
			if !r.get("@this").IsArray() || len(r.get("@this").Array()) != 2 {
				t.Fatalf("body %s", r.body)
			}
		}},
		{name: "3.63 identities are a page", version: v363, check: func(t *testing.T, e *env, acc string) {
			r := e.do(req{method: http.MethodGet, path: "/identities?offset=1&limit=1", key: demoKey, token: acc})
			expect(t, r, 200, "")
			if r.get("count").Int() != 2 || r.get("responseCount").Int() != 1 || r.get("identities.0.id.id").String() != "110000000000000002" {
				t.Fatalf("body %s", r.body)
			}
		}},
		{name: "3.63 offset past the end gives an empty page", version: v363, check: func(t *testing.T, e *env, acc string) {
			r := e.do(req{method: http.MethodGet, path: "/identities?offset=5", key: demoKey, token: acc})
			if r.get("count").Int() != 2 || r.get("responseCount").Int() != 0 || len(r.get("identities").Array()) != 0 {
				t.Fatalf("body %s", r.body)
			}
		}},
		{name: "3.63 limit out of range is a 400", version: v363, check: func(t *testing.T, e *env, acc string) {
			expect(t, e.do(req{method: http.MethodGet, path: "/identities?limit=101", key: demoKey, token: acc}), 400, "")
		}},
		{name: "3.32 403 has no body", version: v332, check: func(t *testing.T, e *env, acc string) {
			r := e.do(req{path: otpStart, key: demoKey, token: e.login("ada@example.com", "Secret-Passw0rd")})
			if r.status != 403 || len(r.body) != 0 {
				t.Fatalf("%d %s", r.status, r.body)
			}
		}},
		{name: "3.63 403 says INSUFFICIENT_PERMISSIONS", version: v363, check: func(t *testing.T, e *env, acc string) {
			expect(t, e.do(req{path: otpStart, key: demoKey, token: e.login("ada@example.com", "Secret-Passw0rd")}), 403, codeInsufficientPermissions)
		}},
		{name: "3.63 login's own 403 has no body", version: v363, check: func(t *testing.T, e *env, acc string) {
			r := e.do(req{path: "/login_with_password", key: demoKey, body: loginBody("ada@example.com", "wrong-password")})
			if r.status != 403 || len(r.body) != 0 || r.header.Get("request-ref") != "" {
				t.Fatalf("%d %v %s", r.status, r.header, r.body)
			}
		}},
		{name: "3.63 access token carries its status", version: v363, check: func(t *testing.T, e *env, acc string) {
			r := e.do(req{path: "/access_token", key: demoKey, token: acc, body: `{"identity":{"type":"CONSUMER","id":"110000000000000001"},"clientAssertion":"x"}`})
			expect(t, r, 200, "")
			if r.get("status").String() != "STANDARD" {
				t.Fatalf("body %s", r.body)
			}
		}},
		{name: "3.32 access token has no status", version: v332, check: func(t *testing.T, e *env, acc string) {
			r := e.do(req{path: "/access_token", key: demoKey, token: acc, body: `{"identity":{"type":"CONSUMER","id":"110000000000000001"}}`})
			if r.get("status").Exists() {
				t.Fatalf("body %s", r.body)
			}
		}},
		{name: "3.63 verify after success is ALREADY_VERIFIED", version: v363, check: func(t *testing.T, e *env, acc string) {
			expect(t, e.do(req{path: otpStart, key: demoKey, token: acc}), 204, "")
			expect(t, e.do(req{path: otpVerify, key: demoKey, token: acc, body: rightCode}), 204, "")
			expect(t, e.do(req{path: otpVerify, key: demoKey, token: acc, body: rightCode}), 409, codeAlreadyVerified)
		}},
		{name: "3.63 a five-digit code is a 400", version: v363, check: func(t *testing.T, e *env, acc string) {
			expect(t, e.do(req{path: otpStart, key: demoKey, token: acc}), 204, "")
			expect(t, e.do(req{path: otpVerify, key: demoKey, token: acc, body: `{"verificationCode":"12345"}`}), 400, "")
		}},
		{name: "3.32 a five-digit code is a wrong code", version: v332, check: func(t *testing.T, e *env, acc string) {
			expect(t, e.do(req{path: otpStart, key: demoKey, token: acc}), 204, "")
			expect(t, e.do(req{path: otpVerify, key: demoKey, token: acc, body: `{"verificationCode":"12345"}`}), 409, codeCodeInvalid)
		}},
		{name: "3.63 enrol verify with nothing pending is STATE_INVALID", version: v363, check: func(t *testing.T, e *env, acc string) {
			expect(t, e.do(req{path: "/authentication_factors/otp/SMS/verify", key: demoKey, token: acc, body: rightCode}), 409, codeStateInvalid)
		}},
		{name: "a password over 30 characters is too long", version: v332, check: func(t *testing.T, e *env, acc string) {
			expect(t, e.do(req{path: "/passwords/update", key: demoKey, token: acc, body: passwordBody("Secret-Passw0rd", strings.Repeat("Aa1!", 8))}), 409, codePasswordTooLong)
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newVersionEnv(t, tc.version, "")
			tc.check(t, e, e.access("ada@example.com", "Secret-Passw0rd"))
		})
	}
}

// TestSimulateAPI: Weavr's sandbox simulate API completes a push challenge.
func TestSimulateAPI(t *testing.T) {
	const base = "/simulate/api/factors/120000000000000001/challenges/"
	cases := []struct {
		name   string
		path   func(id string) string
		header map[string]string
		token  func(acc string) string
		status int
		code   string
	}{
		{name: "success with programme-key", path: func(id string) string { return base + id + "/verify_success" }, header: map[string]string{"programme-key": demoKey}, status: 200, code: "COMPLETED"},
		{name: "success with api-key", path: func(id string) string { return base + id + "/verify_success" }, header: map[string]string{"api-key": demoKey}, status: 200, code: "COMPLETED"},
		{name: "invalid is denied", path: func(id string) string { return base + id + "/verify_invalid" }, header: map[string]string{"api-key": demoKey}, status: 200, code: "DENIED"},
		{name: "expired is denied", path: func(id string) string { return base + id + "/verify_expired" }, header: map[string]string{"api-key": demoKey}, status: 200, code: "DENIED"},
		{name: "no key", path: func(id string) string { return base + id + "/verify_success" }, status: 401},
		{name: "no token", path: func(id string) string { return base + id + "/verify_success" }, header: map[string]string{"api-key": demoKey}, token: func(string) string { return "" }, status: 401},
		{name: "other credentials", path: func(id string) string {
			return "/simulate/api/factors/120000000000000003/challenges/" + id + "/verify_success"
		}, header: map[string]string{"api-key": demoKey}, status: 404},
		{name: "unknown outcome", path: func(id string) string { return base + id + "/verify_maybe" }, header: map[string]string{"api-key": demoKey}, status: 404},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, "")
			acc := e.access("ada@example.com", "Secret-Passw0rd")
			r := e.do(req{path: "/stepup/challenges/push/AUTHY", key: demoKey, token: acc})
			expect(t, r, 200, "")
			token := acc
			if tc.token != nil {
				token = tc.token(acc)
			}
			sim := e.do(req{path: tc.path(r.get("id").String()), token: token, header: tc.header})
			if sim.status != tc.status || (tc.code != "" && sim.get("code").String() != tc.code) {
				t.Fatalf("%d %s, want %d %s", sim.status, sim.body, tc.status, tc.code)
			}
			stepped := e.do(req{path: otpStart, key: demoKey, token: acc}).status == http.StatusMethodNotAllowed
			if stepped != (tc.code == "COMPLETED") {
				t.Errorf("stepped up %v after %s", stepped, tc.name)
			}
		})
	}
}
