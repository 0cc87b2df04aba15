package fliqa

import (
	"net/http"
	"testing"

	"github.com/conformhq/conform/simulator/core"
)

func testFaults(t *testing.T, cov *coverage) {
	cases := []struct {
		name   string
		op     string
		status int
		code   string
		want   string // the subcode answered
	}{
		{"token 401 default", opGetAccessToken, 401, "", "not_authorized"},
		{"token 401 header missing", opGetAccessToken, 401, "api_key_secret_header_must_be_provided", "api_key_secret_header_must_be_provided"},
		{"token 403 default", opGetAccessToken, 403, "", "access_not_allowed"},
		{"token 403 domain not allowed", opGetAccessToken, 403, "domain_not_allowed", "domain_not_allowed"},
		{"token 403 unknown code", opGetAccessToken, 403, "no_such_code", "access_not_allowed"},
		{"login 400 default", opAccountLogin, 400, "", "unspecified"},
		{"login 400 phone invalid", opAccountLogin, 400, "phone_number_invalid", "phone_number_invalid"},
		{"login 401 default", opAccountLogin, 401, "", "not_authorized"},
		{"consent 400 default", opCreateConsent, 400, "", ""},
		{"consent 400 unspecified", opCreateConsent, 400, "unspecified", "unspecified"},
		{"consent 401 default", opCreateConsent, 401, "", "not_authorized"},
		{"consent 401 invalid pin", opCreateConsent, 401, "invalid_pin", "invalid_pin"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t, cov, "default")
			tok := e.token("inq-demo-1")
			e.fault(core.Fault{Operation: c.op, Status: c.status, Code: c.code, Times: 1})
			var r resp
			switch c.op {
			case opGetAccessToken:
				r = e.do("GET", "/account/auth/token/sandbox/api/inq-demo-1", "", demoKey, demoSecret)
			case opAccountLogin:
				r = e.do("POST", "/account/login", `{"msisdn":"+38640123456"}`, "Authorization: Bearer "+tok)
			case opCreateConsent:
				r = e.do("POST", "/account/consent", `{"providerId":"p","otp":"1"}`, "Authorization: Bearer "+tok)
			}
			wantError(t, r, c.status, c.want)
			if c.op == opCreateConsent && c.status == 400 && c.code == "" && r.str("errorMessage") != missingProvider {
				t.Errorf("errorMessage %q", r.str("errorMessage"))
			}
		})
	}

	t.Run("times", func(t *testing.T) {
		e := newEnv(t, cov, "default")
		e.fault(core.Fault{Operation: opGetAccessToken, Status: 403, Times: 2})
		for i, want := range []int{403, 403, 200} {
			if r := e.do("GET", "/account/auth/token/sandbox/api/inq-demo-1", "", demoKey, demoSecret); r.Status != want {
				t.Errorf("call %d: %d, want %d", i, r.Status, want)
			}
		}
	})

	t.Run("success status serves as usual", func(t *testing.T) {
		e := newEnv(t, cov, "default")
		tok := e.token("inq-demo-1")
		e.fault(core.Fault{Operation: opAccountLogin, Status: 200})
		if r := e.do("POST", "/account/login", `{"msisdn":"+38640123456"}`, "Authorization: Bearer "+tok); r.Status != 200 {
			t.Errorf("%d %s", r.Status, r.Body)
		}
		wantError(t, e.do("POST", "/account/login", `{"msisdn":"38640123456"}`, "Authorization: Bearer "+tok), 400, "phone_number_start_with_plus_and_country")
		wantError(t, e.do("POST", "/account/login", `[]`, "Authorization: Bearer "+tok), 400, "")
	})

	t.Run("a fault needs the sandbox's credential", func(t *testing.T) {
		e := newEnv(t, cov, "default")
		e.fault(core.Fault{Operation: opGetAccessToken, Status: 403})
		wantError(t, e.do("GET", "/account/auth/token/sandbox/api/inq-demo-1", "", "Api-Key: other", demoSecret), http.StatusUnauthorized, "not_authorized")
	})
}
