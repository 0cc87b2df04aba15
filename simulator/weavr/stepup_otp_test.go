package weavr

import (
	"net/http"
	"testing"
	"time"
)

const (
	otpStart  = "/stepup/challenges/otp/SMS"
	otpVerify = "/stepup/challenges/otp/SMS/verify"
	rightCode = `{"verificationCode":"123456"}`
	wrongCode = `{"verificationCode":"654321"}`
)

// call is one step of a scenario: a request made with the scenario's token
// (or the one named), after the clock moved, and what it must answer.
type call struct {
	advance time.Duration
	path    string
	body    string
	token   string // "auth", "temp" or "" for the scenario's ACCESS token
	status  int
	code    string
	fields  []string
}

func (c call) run(t *testing.T, e *env, tok tokens, i int) resp {
	t.Helper()
	e.advance(c.advance)
	token := tok.access
	switch c.token {
	case "auth":
		token = tok.auth
	case "temp":
		token = tok.temp
	case "none":
		token = ""
	}
	r := e.do(req{path: c.path, key: demoKey, token: token, body: c.body})
	if r.status != c.status || (c.code != "" && r.get("errorCode").String() != c.code) {
		t.Fatalf("step %d %s: %d %s, want %d %s", i, c.path, r.status, r.body, c.status, c.code)
	}
	if c.status == 400 {
		expectFields(t, r, c.fields)
	}
	return r
}

func TestStepupOtp(t *testing.T) {
	cases := []struct {
		name  string
		email string // default ada, who has a verified SMS factor
		steps []call
	}{
		{name: "start and verify", steps: []call{
			{path: otpStart, status: 204},
			{path: otpVerify, body: rightCode, status: 204},
		}},
		{name: "already stepped up", steps: []call{
			{path: otpStart, status: 204},
			{path: otpVerify, body: rightCode, status: 204},
			{path: otpStart, status: 405},
			{path: "/stepup/challenges/push/AUTHY", status: 405},
			{path: otpVerify, body: rightCode, status: 409, code: "STATE_INVALID"},
		}},
		{name: "wrong code keeps the challenge", steps: []call{
			{path: otpStart, status: 204},
			{path: otpVerify, body: wrongCode, status: 409, code: "VERIFICATION_CODE_INVALID"},
			{path: otpVerify, body: rightCode, status: 204},
		}},
		{name: "five wrong codes drop the challenge", steps: []call{
			{path: otpStart, status: 204},
			{path: otpVerify, body: wrongCode, status: 409, code: "VERIFICATION_CODE_INVALID"},
			{path: otpVerify, body: wrongCode, status: 409, code: "VERIFICATION_CODE_INVALID"},
			{path: otpVerify, body: wrongCode, status: 409, code: "VERIFICATION_CODE_INVALID"},
			{path: otpVerify, body: wrongCode, status: 409, code: "VERIFICATION_CODE_INVALID"},
			{path: otpVerify, body: wrongCode, status: 409, code: "VERIFICATION_CODE_INVALID"},
			{path: otpVerify, body: rightCode, status: 409, code: "STATE_INVALID"},
			{path: otpStart, status: 204},
			{path: otpVerify, body: rightCode, status: 204},
		}},
		{name: "no challenge", steps: []call{
			{path: otpVerify, body: rightCode, status: 409, code: "STATE_INVALID"},
		}},
		{name: "challenge expired", steps: []call{
			{path: otpStart, status: 204},
			{advance: 4 * time.Minute, path: otpVerify, body: wrongCode, status: 409, code: "VERIFICATION_CODE_INVALID"},
			{advance: time.Minute, path: otpVerify, body: rightCode, status: 409, code: "VERIFICATION_CODE_EXPIRED"},
			{path: otpVerify, body: rightCode, status: 409, code: "VERIFICATION_CODE_EXPIRED"},
			{path: otpStart, status: 204},
			{path: otpVerify, body: rightCode, status: 204},
		}},
		{name: "a new challenge replaces the old", steps: []call{
			{path: otpStart, status: 204},
			{advance: 4 * time.Minute, path: otpStart, status: 204},
			{advance: 4 * time.Minute, path: otpVerify, body: rightCode, status: 204},
		}},
		{name: "channel not supported", steps: []call{
			{path: "/stepup/challenges/otp/EMAIL", status: 409, code: "CHANNEL_NOT_SUPPORTED"},
			{path: "/stepup/challenges/otp/EMAIL/verify", body: rightCode, status: 409, code: "CHANNEL_NOT_SUPPORTED"},
		}},
		{name: "no SMS factor", email: "grace@example.com", steps: []call{
			{path: otpStart, status: 409, code: "CHANNEL_NOT_REGISTERED"},
			{path: otpVerify, body: rightCode, status: 409, code: "CHANNEL_NOT_REGISTERED"},
		}},
		{name: "AUTH token", steps: []call{
			{path: otpStart, token: "auth", status: 403},
			{path: otpVerify, token: "auth", body: rightCode, status: 403},
		}},
		{name: "temporary token", steps: []call{
			{path: otpStart, token: "temp", status: 403},
			{path: otpVerify, token: "temp", body: rightCode, status: 403},
		}},
		{name: "no token", steps: []call{
			{path: otpStart, token: "none", status: 401},
			{path: otpVerify, token: "none", body: rightCode, status: 401},
		}},
		{name: "channel malformed", steps: []call{
			{path: "/stepup/challenges/otp/sms", status: 400, fields: []string{"channel:REGEX"}},
			{path: "/stepup/challenges/otp/SMS2/verify", body: rightCode, status: 400, fields: []string{"channel:REGEX"}},
		}},
		{name: "code malformed", steps: []call{
			{path: otpVerify, body: `{"verificationCode":"12 45"}`, status: 400, fields: []string{"verificationCode:REGEX"}},
			{path: otpVerify, body: `{"verificationCode":123456}`, status: 400, fields: []string{"verificationCode:HAS_TEXT"}},
			{path: otpVerify, body: `{}`, status: 400, fields: []string{"verificationCode:REQUIRED"}},
			{path: otpVerify, body: `123456`, status: 400},
			{path: otpVerify, status: 400},
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
				c.run(t, e, tok, i)
			}
		})
	}
}

func TestStepupOtpSendsTheCode(t *testing.T) {
	e := newEnv(t, "")
	acc := e.access("ada@example.com", "Secret-Passw0rd")
	expect(t, e.do(req{path: otpStart, key: demoKey, token: acc}), 204, "")
	e.sb.Lock()
	msgs := e.sb.Outbox.List(Name, "sms", "+447700900123")
	e.sb.Unlock()
	if len(msgs) != 1 || msgs[0].OTP != "123456" || !msgs[0].SentAt.Equal(start) {
		t.Fatalf("outbox %+v", msgs)
	}
}

func TestSteppedUpIsPerSession(t *testing.T) {
	e := newEnv(t, "")
	first := e.access("ada@example.com", "Secret-Passw0rd")
	expect(t, e.do(req{path: otpStart, key: demoKey, token: first}), 204, "")
	expect(t, e.do(req{path: otpVerify, key: demoKey, token: first, body: rightCode}), 204, "")
	// Another ACCESS token of the same session shares the step-up...
	auth := e.do(req{path: "/access_token", key: demoKey, token: first, body: `{"identity":{"type":"CORPORATE","id":"110000000000000002"}}`}).get("token").String()
	expect(t, e.do(req{path: otpStart, key: demoKey, token: auth}), 405, "")
	// ...another session does not.
	second := e.access("ada@example.com", "Secret-Passw0rd")
	expect(t, e.do(req{method: http.MethodPost, path: otpStart, key: demoKey, token: second}), 204, "")
}

// TestDeclaredLimits: a sandbox given wrongCodeAttempts and a
// challengeRetryGap (a deployment's declared limits, through the harness)
// ends a challenge at that wrong code and, in 3.63 only, refuses a new
// SMS challenge within the gap with RETRY_IN_15SEC.
func TestDeclaredLimits(t *testing.T) {
	cases := []struct {
		name    string
		version string
		steps   []call
	}{
		{name: "3.63: the gap, then three wrong codes", version: "3.63", steps: []call{
			{path: otpStart, status: 204},
			{path: otpStart, status: 409, code: "RETRY_IN_15SEC"},
			{advance: 14 * time.Second, path: otpStart, status: 409, code: "RETRY_IN_15SEC"},
			{advance: time.Second, path: otpStart, status: 204},
			{path: otpVerify, body: wrongCode, status: 409, code: "VERIFICATION_CODE_INVALID"},
			{path: otpVerify, body: wrongCode, status: 409, code: "ONE_CHALLENGE_LIMIT_REMAINING"},
			{path: otpVerify, body: wrongCode, status: 409, code: "CHALLENGE_LIMIT_EXCEEDED"},
			{path: otpVerify, body: rightCode, status: 409, code: "CHALLENGE_LIMIT_EXCEEDED"},
		}},
		{name: "3.32: no gap (its enum lacks RETRY_IN_15SEC), three wrong codes", version: "3.32", steps: []call{
			{path: otpStart, status: 204},
			{path: otpStart, status: 204},
			{path: otpVerify, body: wrongCode, status: 409, code: "VERIFICATION_CODE_INVALID"},
			{path: otpVerify, body: wrongCode, status: 409, code: "VERIFICATION_CODE_INVALID"},
			{path: otpVerify, body: wrongCode, status: 409, code: "VERIFICATION_CODE_INVALID"},
			{path: otpVerify, body: rightCode, status: 409, code: "STATE_INVALID"},
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newVersionEnv(t, tc.version, "")
			if _, err := e.apply(`{"wrongCodeAttempts": 3, "timings": {"challengeRetryGap": "15s"}, "users": []}`); err != nil {
				t.Fatal(err)
			}
			tok := demoTokens(e)
			tok.auth = e.login("ada@example.com", "Secret-Passw0rd")
			tok.access = e.access("ada@example.com", "Secret-Passw0rd")
			for i, c := range tc.steps {
				c.run(t, e, tok, i)
			}
		})
	}
}
