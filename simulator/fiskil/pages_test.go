package fiskil

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

const uris = `,"redirect_uri":"https://acme.com/success?keep=1","cancel_uri":"https://acme.com/cancel"`

func (e *env) visit(method, authURL, decision string) response {
	e.t.Helper()
	path := strings.TrimPrefix(authURL, e.srv.URL+"/fiskil")
	if method != http.MethodPost {
		return e.do(method, path, nil, "")
	}
	return e.do(method, path, map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, url.Values{"decision": {decision}}.Encode())
}

// location parses a redirect's target.
func location(t *testing.T, r response) *url.URL {
	t.Helper()
	if r.status != http.StatusFound {
		t.Fatalf("status = %d, want 302: %s", r.status, r.body)
	}
	u, err := url.Parse(r.header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func wantCancel(t *testing.T, r response, errorType string) {
	t.Helper()
	u := location(t, r)
	q := u.Query()
	if u.Host != "acme.com" || u.Path != "/cancel" || q.Get("error") != "access_denied" ||
		q.Get("error_type") != errorType || q.Get("error_description") == "" {
		t.Errorf("Location = %s, want cancel_uri with error_type %s", u, errorType)
	}
}

func wantPage(t *testing.T, r response, status int, contains ...string) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status = %d, want %d: %s", r.status, status, r.body)
	}
	if ct := r.header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("Content-Type = %q", ct)
	}
	for _, s := range contains {
		if !strings.Contains(string(r.body), s) {
			t.Errorf("page lacks %q:\n%s", s, r.body)
		}
	}
}

func TestConsentPage(t *testing.T) {
	cases := []struct {
		name  string
		extra string // more fields of the session request
		// run visits the page and checks the outcome.
		run func(t *testing.T, e *env, s map[string]any)
	}{
		{"get shows the consent form", `,"institution_id":"10"` + uris, func(t *testing.T, e *env, s map[string]any) {
			wantPage(t, e.visit("GET", s["auth_url"].(string), ""), 200, "Demo Bank", "Ada Lovelace", "ada@example.com",
				`value="approve"`, `value="deny"`, `action="`+s["auth_url"].(string)+`"`)
		}},
		{"head shows nothing and uses nothing", uris, func(t *testing.T, e *env, s map[string]any) {
			if r := e.visit("HEAD", s["auth_url"].(string), ""); r.status != 200 {
				t.Errorf("HEAD: %d", r.status)
			}
			location(t, e.visit("POST", s["auth_url"].(string), "approve"))
		}},
		{"get without institution lists them", uris, func(t *testing.T, e *env, s map[string]any) {
			wantPage(t, e.visit("GET", s["auth_url"].(string), ""), 200, "Demo Bank, Sample Credit Union, Example Mutual")
		}},
		{"approve redirects with session_id", uris, func(t *testing.T, e *env, s map[string]any) {
			u := location(t, e.visit("POST", s["auth_url"].(string), "approve"))
			if u.Host != "acme.com" || u.Path != "/success" || u.Query().Get("session_id") != s["session_id"] || u.Query().Get("keep") != "1" {
				t.Errorf("Location = %s", u)
			}
		}},
		{"deny", uris, func(t *testing.T, e *env, s map[string]any) {
			wantCancel(t, e.visit("POST", s["auth_url"].(string), "deny"), errDenied)
		}},
		{"otp failure", uris, func(t *testing.T, e *env, s map[string]any) {
			wantCancel(t, e.visit("POST", s["auth_url"].(string), "otp_failure"), errOTPFailure)
		}},
		{"single use", uris, func(t *testing.T, e *env, s map[string]any) {
			location(t, e.visit("POST", s["auth_url"].(string), "approve"))
			wantCancel(t, e.visit("GET", s["auth_url"].(string), ""), errTerminal)
			wantCancel(t, e.visit("POST", s["auth_url"].(string), "approve"), errTerminal)
		}},
		{"expired", uris, func(t *testing.T, e *env, s map[string]any) {
			e.advance(sessionTTL)
			wantCancel(t, e.visit("GET", s["auth_url"].(string), ""), errTimeout)
			// Timed out is terminal.
			wantCancel(t, e.visit("POST", s["auth_url"].(string), "approve"), errTerminal)
		}},
		{"still valid a second before expiry", uris, func(t *testing.T, e *env, s map[string]any) {
			e.advance(sessionTTL - time.Second)
			location(t, e.visit("POST", s["auth_url"].(string), "approve"))
		}},
		{"unknown decision leaves the session open", uris, func(t *testing.T, e *env, s map[string]any) {
			wantPage(t, e.visit("POST", s["auth_url"].(string), "maybe"), 400, "Unknown decision")
			location(t, e.visit("POST", s["auth_url"].(string), "approve"))
		}},
		{"unknown session", uris, func(t *testing.T, e *env, s map[string]any) {
			wantPage(t, e.do("GET", "/connect/nosuchsession", nil, ""), 404, errNotFound)
			wantPage(t, e.do("POST", "/connect/nosuchsession", nil, ""), 404, errNotFound)
		}},
		{"approve without redirect_uri shows a page", "", func(t *testing.T, e *env, s map[string]any) {
			wantPage(t, e.visit("POST", s["auth_url"].(string), "approve"), 200, "Consent granted", s["session_id"].(string))
		}},
		{"deny without cancel_uri shows a page", "", func(t *testing.T, e *env, s map[string]any) {
			wantPage(t, e.visit("POST", s["auth_url"].(string), "deny"), 200, `data-error-type="`+errDenied+`"`)
		}},
		{"used without cancel_uri is gone", "", func(t *testing.T, e *env, s map[string]any) {
			e.visit("POST", s["auth_url"].(string), "deny")
			wantPage(t, e.visit("GET", s["auth_url"].(string), ""), 410, errTerminal)
		}},
		{"expired without cancel_uri is gone", "", func(t *testing.T, e *env, s map[string]any) {
			e.advance(sessionTTL + time.Hour)
			wantPage(t, e.visit("GET", s["auth_url"].(string), ""), 410, errTimeout)
		}},
		{"script redirect_uri is not followed", `,"redirect_uri":"javascript:alert(1)"`, func(t *testing.T, e *env, s map[string]any) {
			wantPage(t, e.visit("POST", s["auth_url"].(string), "approve"), 200, "Consent granted")
		}},
		{"other paths get goa's 404", "", func(t *testing.T, e *env, s map[string]any) {
			for _, p := range []string{"/", "/v1/nothing", "/connect/", "/connect/a/b"} {
				r := e.do("GET", p, nil, "")
				if r.status != 404 || r.header.Get("goa-error") != "not_found" {
					t.Errorf("GET %s: %d %s", p, r.status, r.body)
				}
			}
			if r := e.do("GET", "/v1/token", nil, ""); r.status != 404 {
				t.Errorf("GET /v1/token: %d", r.status)
			}
			if r := e.do("PUT", "/connect/x", nil, ""); r.status != http.StatusMethodNotAllowed {
				t.Errorf("PUT /connect/x: %d", r.status)
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, string(DefaultFixtures), nil)
			tc.run(t, e, e.session(tc.extra))
		})
	}
}

func TestConsentPageEscapesFixtures(t *testing.T) {
	e := newEnv(t, `{"endUsers":[{"id":"eu_x","email":"x@example.com","name":"<script>alert(1)</script>"}],
		"clients":[{"id":"c","secret":"s"}]}`, nil)
	tok := e.token("c", "s")
	r := e.postJSON("/v1/auth/session", tok, `{"end_user_id":"eu_x"}`)
	if r.status != 200 {
		t.Fatalf("%d %s", r.status, r.body)
	}
	page := e.visit("GET", r.json(t)["auth_url"].(string), "")
	if strings.Contains(string(page.body), "<script>") {
		t.Errorf("page is not escaped:\n%s", page.body)
	}
}

func TestAuthURLHonoursForwardedHeaders(t *testing.T) {
	e := newEnv(t, string(DefaultFixtures), nil)
	tok := e.token("fiskil-demo-client", "fiskil-demo-secret")
	r := e.do("POST", "/v1/auth/session", map[string]string{"Content-Type": "application/json", "Authorization": "Bearer " + tok,
		"X-Forwarded-Proto": "https", "X-Forwarded-Host": "sim.example.com"}, `{"end_user_id":"eu_demo"}`)
	m := r.json(t)
	if want := "https://sim.example.com/fiskil/connect/" + m["id"].(string); m["auth_url"] != want {
		t.Errorf("auth_url = %v, want %s", m["auth_url"], want)
	}
}
