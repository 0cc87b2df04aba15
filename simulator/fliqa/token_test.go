package fliqa

import (
	"net/http"
	"testing"
)

func testToken(t *testing.T, cov *coverage) {
	cases := []struct {
		name    string
		fx      string
		path    string
		headers []string
		status  int
		sub     string
	}{
		{"ok sandbox api", "default", "/account/auth/token/sandbox/api/inq-demo-1", []string{demoKey, demoSecret}, 200, ""},
		{"ok sdk channel", "default", "/account/auth/token/sandbox/sdk/inq-demo-info", []string{demoKey, demoSecret}, 200, ""},
		{"no headers", "default", "/account/auth/token/sandbox/api/inq-demo-1", nil, 401, "api_key_secret_header_must_be_provided"},
		{"no secret", "default", "/account/auth/token/sandbox/api/inq-demo-1", []string{demoKey}, 401, "api_key_secret_header_must_be_provided"},
		{"no key", "default", "/account/auth/token/sandbox/api/inq-demo-1", []string{demoSecret}, 401, "api_key_secret_header_must_be_provided"},
		{"empty key", "default", "/account/auth/token/sandbox/api/inq-demo-1", []string{"Api-Key: ", demoSecret}, 401, "api_key_secret_header_must_be_provided"},
		{"unknown key", "default", "/account/auth/token/sandbox/api/inq-demo-1", []string{"Api-Key: nope", demoSecret}, 401, "not_authorized"},
		{"wrong secret", "default", "/account/auth/token/sandbox/api/inq-demo-1", []string{demoKey, "Api-Secret: nope"}, 401, "not_authorized"},
		{"production not enabled", "default", "/account/auth/token/production/api/inq-demo-1", []string{demoKey, demoSecret}, 403, "access_not_allowed"},
		{"production enabled", `{"apiKey":"k","apiSecret":"s","environments":["production"]}`, "/account/auth/token/production/api/" + "x", []string{"Api-Key: k", "Api-Secret: s"}, 403, "access_not_allowed"},
		{"sandbox not enabled", `{"apiKey":"k","apiSecret":"s","environments":["production"]}`, "/account/auth/token/sandbox/api/x", []string{"Api-Key: k", "Api-Secret: s"}, 403, "access_not_allowed"},
		{"unknown inquiry", "default", "/account/auth/token/sandbox/api/nope", []string{demoKey, demoSecret}, 403, "access_not_allowed"},
		{"unknown environment", "default", "/account/auth/token/staging/api/inq-demo-1", []string{demoKey, demoSecret}, 403, "access_not_allowed"},
		{"unknown channel", "default", "/account/auth/token/sandbox/web/inq-demo-1", []string{demoKey, demoSecret}, 403, "access_not_allowed"},
		{"unknown environment without credentials", "default", "/account/auth/token/staging/api/inq-demo-1", nil, 401, "api_key_secret_header_must_be_provided"},
		{"unknown environment with a wrong secret", "default", "/account/auth/token/staging/api/inq-demo-1", []string{demoKey, "Api-Secret: x"}, 401, "not_authorized"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t, cov, c.fx)
			r := e.do("GET", c.path, "", c.headers...)
			if c.status == http.StatusOK {
				if r.Status != 200 {
					t.Fatalf("status %d: %s", r.Status, r.Body)
				}
				return
			}
			wantError(t, r, c.status, c.sub)
			if c.name == "unknown inquiry" && r.str("resourceId") != "nope" {
				t.Errorf("resourceId %q, want the inquiry", r.str("resourceId"))
			}
		})
	}

	t.Run("token fields", func(t *testing.T) {
		e := newEnv(t, cov, "default")
		r := e.do("GET", "/account/auth/token/sandbox/api/inq-demo-1", "", demoKey, demoSecret)
		if r.Status != 200 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		if got := r.str("expires"); got != "2024-05-01T12:06:00.000Z" {
			t.Errorf("expires %q", got)
		}
		if got, _ := r.JSON["expiresIn"].(float64); got != 360 {
			t.Errorf("expiresIn %v", got)
		}
		if got := r.JSON["scope"].([]any); len(got) != 2 || got[0] != "account_owner" || got[1] != "account_info" {
			t.Errorf("scope %v", got)
		}
		tok := r.str("accessToken")
		if e.reg.Lookup(kindToken, tok) != e.sb {
			t.Errorf("token %q not bound to the sandbox", tok)
		}
		if again := e.token("inq-demo-1"); again == tok {
			t.Errorf("two tokens are the same")
		}
	})

	t.Run("token lifetime and default scope from fixtures", func(t *testing.T) {
		e := newEnv(t, cov, `{"apiKey":"k","apiSecret":"s","tokenLifetime":60,"inquiries":[{"id":"i"}]}`)
		r := e.do("GET", "/account/auth/token/sandbox/sdk/i", "", "Api-Key: k", "Api-Secret: s")
		if got, _ := r.JSON["expiresIn"].(float64); got != 60 {
			t.Errorf("expiresIn %v: %s", got, r.Body)
		}
		if got := r.JSON["scope"].([]any); len(got) != 1 || got[0] != "account_owner" {
			t.Errorf("scope %v", got)
		}
		if got := r.str("expires"); got != "2024-05-01T12:01:00.000Z" {
			t.Errorf("expires %q", got)
		}
	})

	t.Run("request ids are unique", func(t *testing.T) {
		e := newEnv(t, cov, "default")
		seen := map[string]bool{}
		for i := 0; i < 50; i++ {
			id := e.do("GET", "/account/auth/token/sandbox/api/nope", "", demoKey, demoSecret).str("requestId")
			if seen[id] {
				t.Fatalf("request id %q repeated", id)
			}
			seen[id] = true
		}
	})
}
