package weavr

import (
	"net/http"
	"testing"
	"time"
)

func TestStepupPush(t *testing.T) {
	const authy = "/stepup/challenges/push/AUTHY"
	cases := []struct {
		name  string
		email string
		steps []call
	}{
		{name: "start", steps: []call{{path: authy, status: 200}}},
		{name: "biometric", steps: []call{{path: "/stepup/challenges/push/BIOMETRIC", status: 200}}},
		{name: "one in flight at a time", steps: []call{
			{path: authy, status: 200},
			{path: authy, status: 409, code: "STATE_INVALID"},
			{path: "/stepup/challenges/push/BIOMETRIC", status: 409, code: "STATE_INVALID"},
		}},
		{name: "an unanswered challenge expires after five minutes", steps: []call{
			{path: authy, status: 200},
			{advance: 4*time.Minute + 59*time.Second, path: authy, status: 409, code: "STATE_INVALID"},
			{advance: time.Second, path: authy, status: 200},
		}},
		{name: "channel not supported", steps: []call{{path: "/stepup/challenges/push/SMS", status: 409, code: "CHANNEL_NOT_SUPPORTED"}}},
		{name: "no device", email: "grace@example.com", steps: []call{{path: authy, status: 409, code: "CHANNEL_NOT_REGISTERED"}}},
		{name: "AUTH token", steps: []call{{path: authy, token: "auth", status: 403}}},
		{name: "temporary token", steps: []call{{path: authy, token: "temp", status: 403}}},
		{name: "no token", steps: []call{{path: authy, token: "none", status: 401}}},
		{name: "channel malformed", steps: []call{{path: "/stepup/challenges/push/authy", status: 400, fields: []string{"channel:REGEX"}}}},
		{name: "stepped up by OTP", steps: []call{
			{path: otpStart, status: 204},
			{path: otpVerify, body: rightCode, status: 204},
			{path: authy, status: 405},
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, "")
			email := tc.email
			if email == "" {
				email = "ada@example.com"
			}
			tok := demoTokens(e)
			tok.auth = e.login(email, "Secret-Passw0rd")
			tok.access = e.access(email, "Secret-Passw0rd")
			for i, c := range tc.steps {
				r := c.run(t, e, tok, i)
				if r.status == 200 && r.get("id").String() == "" {
					t.Fatalf("no challenge id: %s", r.body)
				}
			}
		})
	}
}

func TestPushControl(t *testing.T) {
	const authy = "/stepup/challenges/push/AUTHY"
	cases := []struct {
		name    string
		advance time.Duration
		verdict string // the control operation that completes the challenge
		control int    // its status
		status  string // the challenge's state after it
		next    int    // the status of a further push start
	}{
		{name: "success steps the session up", verdict: "verify_success", control: 204, status: "VERIFIED", next: 405},
		{name: "invalid ends it without step-up", verdict: "verify_invalid", control: 204, status: "INVALID", next: 200},
		{name: "expired ends it without step-up", verdict: "verify_expired", control: 204, status: "EXPIRED", next: 200},
		{name: "too late to answer", advance: 5 * time.Minute, verdict: "verify_success", control: 409, status: "EXPIRED", next: 200},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, "")
			acc := e.access("ada@example.com", "Secret-Passw0rd")
			id := e.do(req{path: authy, key: demoKey, token: acc}).get("id").String()
			if r := e.control(http.MethodGet, "challenges/"+id); r.status != 200 || r.get("status").String() != "PENDING" || r.get("email").String() != "ada@example.com" {
				t.Fatalf("pending challenge: %d %s", r.status, r.body)
			}
			if tc.advance > 0 {
				// Keep the token alive while the challenge grows old.
				e.advance(3 * time.Minute)
				expect(t, e.do(req{method: http.MethodGet, path: "/identities", key: demoKey, token: acc}), 200, "")
				e.advance(tc.advance - 3*time.Minute)
			}
			if r := e.control(http.MethodPost, "challenges/"+id+"/"+tc.verdict); r.status != tc.control {
				t.Fatalf("%s: %d %s, want %d", tc.verdict, r.status, r.body, tc.control)
			}
			r := e.control(http.MethodGet, "challenges/"+id)
			if r.get("status").String() != tc.status || !r.get("completedAt").Exists() {
				t.Fatalf("challenge after %s: %s", tc.verdict, r.body)
			}
			if r := e.control(http.MethodPost, "challenges/"+id+"/verify_success"); r.status != 409 || r.get("error").String() == "" {
				t.Fatalf("a completed challenge: %d %s, want 409", r.status, r.body)
			}
			e.advance(time.Second)
			if r := e.do(req{path: authy, key: demoKey, token: acc}); r.status != tc.next {
				t.Fatalf("next push: %d, want %d", r.status, tc.next)
			}
			if tc.next == 405 {
				expect(t, e.do(req{path: otpStart, key: demoKey, token: acc}), 405, "")
			}
		})
	}
}

func TestPushControlRequests(t *testing.T) {
	e := newEnv(t, "")
	acc := e.access("ada@example.com", "Secret-Passw0rd")
	id := e.do(req{path: "/stepup/challenges/push/BIOMETRIC", key: demoKey, token: acc}).get("id").String()
	cases := []struct {
		name, method, rest string
		status             int
	}{
		{name: "list", method: http.MethodGet, rest: "challenges", status: 200},
		{name: "one", method: http.MethodGet, rest: "challenges/" + id, status: 200},
		{name: "unknown challenge", method: http.MethodGet, rest: "challenges/nope", status: 404},
		{name: "unknown challenge verdict", method: http.MethodPost, rest: "challenges/nope/verify_success", status: 404},
		{name: "unknown verdict", method: http.MethodPost, rest: "challenges/" + id + "/approve", status: 404},
		{name: "unknown operation", method: http.MethodGet, rest: "sessions", status: 404},
		{name: "nothing", method: http.MethodGet, rest: "", status: 404},
		{name: "too deep", method: http.MethodPost, rest: "challenges/" + id + "/verify_success/now", status: 404},
		{name: "verdict by GET", method: http.MethodGet, rest: "challenges/" + id + "/verify_success", status: 405},
		{name: "list by POST", method: http.MethodPost, rest: "challenges", status: 405},
		{name: "one by DELETE", method: http.MethodDelete, rest: "challenges/" + id, status: 405},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := e.control(tc.method, tc.rest)
			if r.status != tc.status {
				t.Fatalf("%s %s: %d %s, want %d", tc.method, tc.rest, r.status, r.body, tc.status)
			}
			if r.header.Get("Content-Type") != "application/json" {
				t.Fatalf("content type %q", r.header.Get("Content-Type"))
			}
			if tc.status >= 400 && r.get("error").String() == "" {
				t.Fatalf("no error message: %s", r.body)
			}
		})
	}
	if r := e.control(http.MethodGet, "challenges"); r.get("challenges.#").Int() != 1 || r.get("challenges.0.id").String() != id || r.get("challenges.0.channel").String() != "BIOMETRIC" {
		t.Fatalf("list: %s", r.body)
	}
}

func TestLogoutCancelsPush(t *testing.T) {
	e := newEnv(t, "")
	acc := e.access("ada@example.com", "Secret-Passw0rd")
	id := e.do(req{path: "/stepup/challenges/push/AUTHY", key: demoKey, token: acc}).get("id").String()
	expect(t, e.do(req{path: "/logout", key: demoKey, token: acc}), 204, "")
	if r := e.control(http.MethodGet, "challenges/"+id); r.get("status").String() != "CANCELLED" {
		t.Fatalf("after logout: %s", r.body)
	}
	if r := e.control(http.MethodPost, "challenges/"+id+"/verify_success"); r.status != 409 {
		t.Fatalf("verify after logout: %d", r.status)
	}
}
