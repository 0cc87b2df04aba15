package weavr

import (
	"testing"
	"time"
)

func TestOtpFactor(t *testing.T) {
	const (
		enrol  = "/authentication_factors/otp/SMS"
		verify = "/authentication_factors/otp/SMS/verify"
	)
	cases := []struct {
		name  string
		email string // default grace, who has no factor yet
		steps []call
	}{
		{name: "enrol, then step up", steps: []call{
			{path: otpStart, status: 409, code: "CHANNEL_NOT_REGISTERED"},
			{path: enrol, status: 204},
			{path: otpStart, status: 409, code: "CHANNEL_NOT_REGISTERED"},
			{path: verify, body: rightCode, status: 204},
			{path: otpStart, status: 204},
			{path: otpVerify, body: rightCode, status: 204},
		}},
		{name: "already registered", email: "ada@example.com", steps: []call{
			{path: enrol, status: 409, code: "CHANNEL_ALREADY_REGISTERED"},
		}},
		{name: "registered by enrolment", steps: []call{
			{path: enrol, status: 204},
			{path: verify, body: rightCode, status: 204},
			{path: enrol, status: 409, code: "CHANNEL_ALREADY_REGISTERED"},
			{path: verify, body: rightCode, status: 409, code: "VERIFICATION_CODE_INVALID"},
		}},
		{name: "nothing pending", steps: []call{
			{path: verify, body: rightCode, status: 409, code: "VERIFICATION_CODE_INVALID"},
		}},
		{name: "wrong code keeps the enrolment", steps: []call{
			{path: enrol, status: 204},
			{path: verify, body: wrongCode, status: 409, code: "VERIFICATION_CODE_INVALID"},
			{path: verify, body: rightCode, status: 204},
		}},
		{name: "five wrong codes drop the enrolment", steps: []call{
			{path: enrol, status: 204},
			{path: verify, body: wrongCode, status: 409, code: "VERIFICATION_CODE_INVALID"},
			{path: verify, body: wrongCode, status: 409, code: "VERIFICATION_CODE_INVALID"},
			{path: verify, body: wrongCode, status: 409, code: "VERIFICATION_CODE_INVALID"},
			{path: verify, body: wrongCode, status: 409, code: "VERIFICATION_CODE_INVALID"},
			{path: verify, body: wrongCode, status: 409, code: "VERIFICATION_CODE_INVALID"},
			{path: verify, body: rightCode, status: 409, code: "VERIFICATION_CODE_INVALID"},
		}},
		{name: "enrolment expired", steps: []call{
			{path: enrol, status: 204},
			{advance: 4 * time.Minute, path: verify, body: wrongCode, status: 409, code: "VERIFICATION_CODE_INVALID"},
			{advance: time.Minute, path: verify, body: rightCode, status: 409, code: "VERIFICATION_CODE_EXPIRED"},
			{path: enrol, status: 204},
			{path: verify, body: rightCode, status: 204},
		}},
		{name: "channel not supported", steps: []call{
			{path: "/authentication_factors/otp/EMAIL", status: 409, code: "CHANNEL_NOT_SUPPORTED"},
			{path: "/authentication_factors/otp/EMAIL/verify", body: rightCode, status: 409, code: "CHANNEL_NOT_SUPPORTED"},
		}},
		{name: "AUTH token is refused with 401", steps: []call{
			{path: enrol, token: "auth", status: 401},
			{path: verify, token: "auth", body: rightCode, status: 401},
		}},
		{name: "temporary token is refused with 401", steps: []call{
			{path: enrol, token: "temp", status: 401},
			{path: verify, token: "temp", body: rightCode, status: 401},
		}},
		{name: "no token", steps: []call{
			{path: enrol, token: "none", status: 401},
			{path: verify, token: "none", body: rightCode, status: 401},
		}},
		{name: "malformed", steps: []call{
			{path: "/authentication_factors/otp/Sms", status: 400, fields: []string{"channel:REGEX"}},
			{path: "/authentication_factors/otp/sms/verify", body: rightCode, status: 400, fields: []string{"channel:REGEX"}},
			{path: verify, body: `{"verificationCode":"12 456"}`, status: 400, fields: []string{"verificationCode:REGEX"}},
			{path: verify, body: `{"code":"123456"}`, status: 400, fields: []string{"verificationCode:REQUIRED"}},
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, "")
			email := tc.email
			if email == "" {
				email = "grace@example.com"
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

func TestOtpFactorSendsTheCode(t *testing.T) {
	e := newEnv(t, "")
	acc := e.access("grace@example.com", "Secret-Passw0rd")
	expect(t, e.do(req{path: "/authentication_factors/otp/SMS", key: demoKey, token: acc}), 204, "")
	e.sb.Lock()
	msgs := e.sb.Outbox.List(Name, "sms", "+447700900456")
	e.sb.Unlock()
	if len(msgs) != 1 || msgs[0].OTP != "123456" {
		t.Fatalf("outbox %+v", msgs)
	}
}
