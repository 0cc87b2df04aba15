package weavr

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/conformhq/conform/simulator/core"
)

// validCall is, per operation, a request that would succeed, given ada's
// ACCESS token.
func validCall(op, access string) req {
	switch op {
	case "loginWithPassword":
		return req{path: "/login_with_password", body: loginBody("ada@example.com", "Secret-Passw0rd")}
	case "userIdentities":
		return req{method: http.MethodGet, path: "/identities", token: access}
	case "requestAccessToken":
		return req{path: "/access_token", token: access, body: `{"identity":{"type":"CONSUMER","id":"110000000000000001"}}`}
	case "stepupSCAChallenge":
		return req{path: otpStart, token: access}
	case "stepupSCAVerify":
		return req{path: otpVerify, token: access, body: rightCode}
	case "stepupSCAChallengePush":
		return req{path: "/stepup/challenges/push/AUTHY", token: access}
	case "logout":
		return req{path: "/logout", token: access}
	case "passwordUpdate":
		return req{path: "/passwords/update", token: access, body: passwordBody("Secret-Passw0rd", "Brand-New-Passw0rd")}
	case "enrolDeviceUsingOtpStepOne":
		return req{path: "/authentication_factors/otp/SMS", token: access}
	case "enrolDeviceUsingOtpStepTwo":
		return req{path: "/authentication_factors/otp/SMS/verify", token: access, body: rightCode}
	}
	panic("no valid call for " + op)
}

func (e *env) fault(f core.Fault) {
	f.Provider = Name
	e.sb.Lock()
	defer e.sb.Unlock()
	e.sb.Faults.Add(f)
}

// TestFaults injects every documented error status of every operation.
func TestFaults(t *testing.T) {
	p, err := New()
	if err != nil {
		t.Fatal(err)
	}
	for _, op := range p.Spec.Operations() {
		for _, status := range op.Statuses {
			if status < 300 {
				continue
			}
			t.Run(fmt.Sprintf("%s %d", op.ID, status), func(t *testing.T) {
				e := newEnv(t, "")
				acc := e.access("ada@example.com", "Secret-Passw0rd")
				e.fault(core.Fault{Operation: op.ID, Status: status, Times: 1})
				q := validCall(op.ID, acc)
				q.key = demoKey
				r := e.do(q)
				expect(t, r, status, "")
				switch status {
				case 400:
					if len(fields(r)) != 0 || r.get("message").String() == "" {
						t.Errorf("400 body %s", r.body)
					}
				case 409:
					codes := p.ErrorCodes(op.ID, http.StatusConflict)
					ok := len(codes) > 0
					if ok && r.get("errorCode").String() != codes[0] {
						t.Errorf("default code %s, want %s", r.get("errorCode").String(), codes[0])
					}
					if !ok && r.get("token").String() == "" {
						t.Errorf("login 409 without a token: %s", r.body)
					}
				case 429:
					if r.header.Get("x-ratelimit-limit") != "600, 600;w=60" || r.header.Get("x-ratelimit-reset") != "60" {
						t.Errorf("rate-limit headers %v", r.header)
					}
				}
				e.sb.Lock()
				left := e.sb.Faults.List()
				e.sb.Unlock()
				if len(left) != 0 {
					t.Errorf("the fault outlived its times: %v", left)
				}
			})
		}
	}
}

// TestFaultCodes picks each documented errorCode through the fault's code.
func TestFaultCodes(t *testing.T) {
	p, err := New()
	if err != nil {
		t.Fatal(err)
	}
	for _, op := range p.Spec.Operations() {
		codes := p.ErrorCodes(op.ID, http.StatusConflict)
		if len(codes) == 0 {
			continue
		}
		for _, code := range append(codes, "NOT_A_CODE_OF_THIS_OPERATION") {
			t.Run(op.ID+" "+code, func(t *testing.T) {
				e := newEnv(t, "")
				acc := e.access("ada@example.com", "Secret-Passw0rd")
				e.fault(core.Fault{Operation: op.ID, Status: 409, Code: code, Times: 1})
				q := validCall(op.ID, acc)
				q.key = demoKey
				want := code
				if code == "NOT_A_CODE_OF_THIS_OPERATION" {
					want = codes[0]
				}
				expect(t, e.do(q), 409, want)
			})
		}
	}
}

// TestFaultSuccessStatus lets a request with a success-status fault through
// to its handler, which answers from the real state.
func TestFaultSuccessStatus(t *testing.T) {
	cases := []struct {
		name   string
		op     string
		status int
		q      func(acc string) req
		want   int
	}{
		{name: "login 200 with a wrong password", op: "loginWithPassword", status: 200,
			q: func(string) req {
				return req{path: "/login_with_password", body: loginBody("ada@example.com", "wrong")}
			}, want: 403},
		{name: "login 200 with the right password", op: "loginWithPassword", status: 200,
			q: func(string) req { return validCall("loginWithPassword", "") }, want: 200},
		{name: "logout 200 for Weavr credentials", op: "logout", status: 200,
			q: func(acc string) req { return validCall("logout", acc) }, want: 204},
		{name: "verify 204, still validated", op: "stepupSCAVerify", status: 204,
			q: func(acc string) req { return req{path: otpVerify, token: acc, body: `{}`} }, want: 400},
		{name: "verify 204, non-JSON", op: "stepupSCAVerify", status: 204,
			q: func(acc string) req { return req{path: otpVerify, token: acc, body: `{`} }, want: 400},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, "")
			acc := e.access("ada@example.com", "Secret-Passw0rd")
			e.fault(core.Fault{Operation: tc.op, Status: tc.status, Times: 1})
			q := tc.q(acc)
			q.key = demoKey
			expect(t, e.do(q), tc.want, "")
		})
	}
}

func TestFaultLoginTokenIsUnbound(t *testing.T) {
	e := newEnv(t, "")
	e.fault(core.Fault{Operation: "loginWithPassword", Status: 409, Times: 1})
	q := validCall("loginWithPassword", "")
	q.key = demoKey
	r := e.do(q)
	expect(t, r, 409, "")
	expect(t, e.do(req{path: "/passwords/update", key: demoKey, token: r.get("token").String(),
		body: passwordBody("Secret-Passw0rd", "Brand-New-Passw0rd")}), 401, "")
}

func TestRateLimit(t *testing.T) {
	e := newEnv(t, "")
	e.sb.Lock()
	e.sb.Limiter.Limit = core.RateLimit{Limit: 2, Window: 90*time.Second + time.Nanosecond} // the reset rounds up
	e.sb.Unlock()
	acc := e.access("ada@example.com", "Secret-Passw0rd") // login and access_token: two requests (identities has no 429)
	for _, op := range []string{"loginWithPassword", "requestAccessToken", "stepupSCAChallenge", "stepupSCAVerify", "stepupSCAChallengePush", "logout"} {
		q := validCall(op, acc)
		q.key = demoKey
		r := e.do(q)
		expect(t, r, 429, "")
		if r.header.Get("x-ratelimit-limit") != "2, 2;w=91" || r.header.Get("x-ratelimit-reset") != "91" {
			t.Fatalf("%s: headers %v", op, r.header)
		}
	}
	// Operations without a documented 429 are not limited.
	expect(t, e.do(req{method: http.MethodGet, path: "/identities", key: demoKey, token: acc}), 200, "")
	// Another api key has its own bucket.
	other := e.fixtures(`{"apiKey":"second-key","users":[{"email":"x@example.com","password":"Secret-Passw0rd"}]}`)
	expect(t, e.do(req{path: "/login_with_password", key: other.APIKey, body: loginBody("x@example.com", "Secret-Passw0rd")}), 200, "")
	e.advance(91 * time.Second)
	q := validCall("loginWithPassword", "")
	q.key = demoKey
	expect(t, e.do(q), 200, "")
}
