package fliqa

import (
	"strings"
	"testing"
)

// testRobustness throws malformed input at every operation: each answer
// must be documented (the validating wrapper checks it) and none a 5xx.
func testRobustness(t *testing.T, cov *coverage) {
	huge := strings.Repeat("9", 10_000)
	bodies := []string{
		``, `{`, `}`, `null`, `true`, `0`, `"x"`, `[]`, `[{}]`, `{"msisdn":null}`, `{"email":null}`,
		`{"msisdn":{}}`, `{"msisdn":[]}`, `{"email":7}`, `{"msisdn":"` + huge + `"}`, `{"msisdn":"+` + huge + `"}`,
		`{"email":"` + huge + `@example.com"}`, `{"providerId":"` + huge + `","otp":"` + huge + `"}`,
		`{"providerId":null}`, `{"otp":123456,"providerId":"p"}`, `{"data":[1,2]}`, `{"data":[{"key":1}]}`,
		strings.Repeat("[", 10_000), `{"msisdn":"+38640123456"}garbage`, "\x00\xff\xfe", `{"msisdn":"+\u0000"}`,
		`{"msisdn":"＋38640123456"}`, `{"email":"@"}`, `{"email":"a@b."}`, `{"email":"a@.b"}`, `{"email":"a@[1.2.3.4]"}`,
	}
	paths := []string{"/account/login", "/account/consent", "/account/login?locale=%ff", "/account/consent?locale=sl&locale=en"}
	e := newEnv(t, cov, "default")
	tok := e.token("inq-demo-1")
	info := e.token("inq-demo-info")
	for _, auth := range [][]string{nil, {"Authorization: Bearer " + tok}, {"Authorization: Bearer " + info}, {"Authorization: Bearer"}, {"Authorization: " + huge}} {
		for _, p := range paths {
			for _, b := range bodies {
				e.do("POST", p, b, auth...)
			}
		}
	}
	for _, p := range []string{
		"/account/auth/token/sandbox/api/" + huge,
		"/account/auth/token/sandbox/api/%2e%2e",
		"/account/auth/token//api/x",
		"/account/auth/token/sandbox/api/inq-demo-1?x=1",
		"/account/auth/token/SANDBOX/api/inq-demo-1",
	} {
		for _, h := range [][]string{nil, {demoKey, demoSecret}, {"Api-Key: " + huge, "Api-Secret: " + huge}} {
			e.do("GET", p, "", h...)
		}
	}
	for _, m := range []string{"PUT", "PATCH", "OPTIONS", "HEAD"} {
		e.do(m, "/account/login", `{}`)
	}

	// A body over the simulator's limit cannot be read: still a documented
	// 400 for an authenticated caller, and a 401 for anyone else.
	tooBig := `{"msisdn":"` + strings.Repeat(" ", 2<<20) + `"}`
	for _, p := range []string{"/account/login", "/account/consent"} {
		wantError(t, e.do("POST", p, tooBig, "Authorization: Bearer "+tok), 400, "")
		wantError(t, e.do("POST", p, tooBig), 401, "authorization_header_must_be_provided")
		wantError(t, e.do("POST", p, tooBig, "Authorization: Bearer nope"), 401, "not_authorized")
		wantError(t, e.do("POST", p, tooBig, "Authorization: Bearer "+info), 401, "invalid_access_scope")
	}
}
