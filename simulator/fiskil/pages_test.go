package fiskil

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

const uris = `,"redirect_uri":"https://acme.com/success?keep=1","cancel_uri":"https://acme.com/cancel"`

// visit opens the consent page (GET) or posts its form the way the page
// does (POST: sess_id, decision, otp); flow "embedded" is what the page's
// script sends when framed.
func (e *env) visit(method, authURL, decision string, form ...string) response {
	e.t.Helper()
	path := strings.TrimPrefix(authURL, e.srv.URL+"/fiskil")
	if method != http.MethodPost {
		return e.do(method, path, nil, "")
	}
	u, err := url.Parse(authURL)
	if err != nil {
		e.t.Fatal(err)
	}
	v := url.Values{"sess_id": {u.Query().Get("sess_id")}, "decision": {decision}, "otp": {otpCode}}
	for i := 0; i+1 < len(form); i += 2 {
		v.Set(form[i], form[i+1])
	}
	return e.do(method, linkPath, map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, v.Encode())
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

var errID = regexp.MustCompile(`^err_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

func wantCancel(t *testing.T, r response, errorType, oauthError string) {
	t.Helper()
	u := location(t, r)
	q := u.Query()
	if u.Host != "acme.com" || u.Path != "/cancel" || q.Get("error") != oauthError || q.Get("error_type") != errorType ||
		q.Get("error_description") == "" || !errID.MatchString(q.Get("error_id")) || q.Get("error_uri") != errorURIPrefix+errorType {
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

var linkJSON = regexp.MustCompile(`(?s)<script id="fiskil-link-message" type="application/json">(.*?)</script>`)

// wantMessage reads the message a framed page posts to its parent.
func wantMessage(t *testing.T, r response) map[string]any {
	t.Helper()
	wantPage(t, r, http.StatusOK)
	m := linkJSON.FindSubmatch(r.body)
	if m == nil {
		t.Fatalf("no Link SDK message in the page:\n%s", r.body)
	}
	var msg map[string]any
	if err := json.Unmarshal(m[1], &msg); err != nil {
		t.Fatalf("message %s: %v", m[1], err)
	}
	return msg
}

func wantFailedMessage(t *testing.T, r response, errorType string) {
	t.Helper()
	msg := wantMessage(t, r)
	if msg["isCompleted"] != false || msg["errorType"] != errorType || msg["error"] == "" ||
		!errID.MatchString(msg["errorID"].(string)) || msg["errorDescription"] == "" || msg["errorURI"] != errorURIPrefix+errorType {
		t.Errorf("message = %v, want a failure %s", msg, errorType)
	}
}

func TestConsentPage(t *testing.T) {
	framed := map[string]string{"Sec-Fetch-Dest": "iframe"}
	cases := []struct {
		name  string
		extra string // more fields of the session request
		// run visits the page and checks the outcome.
		run func(t *testing.T, e *env, s map[string]any)
	}{
		{"get shows the consent form", `,"institution_id":"10"` + uris, func(t *testing.T, e *env, s map[string]any) {
			wantPage(t, e.visit("GET", s["auth_url"].(string), ""), 200, "Demo Bank", "Ada Lovelace", "ada@example.com",
				`value="approve"`, `value="deny"`, `value="cancel"`, `name="otp"`, `action="`+e.srv.URL+`/fiskil/link"`,
				`name="sess_id" value="`+s["session_id"].(string)+`"`)
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
		{"approve redirects with consent_id", uris, func(t *testing.T, e *env, s map[string]any) {
			u := location(t, e.visit("POST", s["auth_url"].(string), "approve"))
			if u.Host != "acme.com" || u.Path != "/success" || u.Query().Get("consent_id") == "" || u.Query().Get("keep") != "1" || u.Query().Has("error") {
				t.Errorf("Location = %s", u)
			}
		}},
		{"deny", uris, func(t *testing.T, e *env, s map[string]any) {
			wantCancel(t, e.visit("POST", s["auth_url"].(string), "deny"), errDenied, "access_denied")
		}},
		{"wrong one-time password", uris, func(t *testing.T, e *env, s map[string]any) {
			wantCancel(t, e.visit("POST", s["auth_url"].(string), "approve", "otp", "000000"), errOTPFailure, "access_denied")
		}},
		{"no one-time password", uris, func(t *testing.T, e *env, s map[string]any) {
			wantCancel(t, e.visit("POST", s["auth_url"].(string), "approve", "otp", ""), errOTPFailure, "access_denied")
		}},
		{"ineligible", uris, func(t *testing.T, e *env, s map[string]any) {
			wantCancel(t, e.visit("POST", s["auth_url"].(string), "ineligible"), errIneligible, "access_denied")
		}},
		{"upstream failure is a server_error", uris, func(t *testing.T, e *env, s map[string]any) {
			wantCancel(t, e.visit("POST", s["auth_url"].(string), "upstream"), errUpstream, "server_error")
		}},
		{"cancel", uris, func(t *testing.T, e *env, s map[string]any) {
			wantCancel(t, e.visit("POST", s["auth_url"].(string), "cancel"), errCancelled, "access_denied")
		}},
		{"single use", uris, func(t *testing.T, e *env, s map[string]any) {
			location(t, e.visit("POST", s["auth_url"].(string), "approve"))
			wantCancel(t, e.visit("GET", s["auth_url"].(string), ""), errInvalid, "access_denied")
			wantCancel(t, e.visit("POST", s["auth_url"].(string), "approve"), errInvalid, "access_denied")
		}},
		{"expired", uris, func(t *testing.T, e *env, s map[string]any) {
			e.advance(sessionTTL)
			wantCancel(t, e.visit("GET", s["auth_url"].(string), ""), errTimeout, "access_denied")
			// Timed out is terminal.
			wantCancel(t, e.visit("POST", s["auth_url"].(string), "approve"), errInvalid, "access_denied")
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
			wantPage(t, e.do("GET", linkPath+"?sess_id=nosuchsession", nil, ""), 404, errInvalid)
			wantPage(t, e.do("POST", linkPath, map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, "sess_id=nosuchsession&decision=approve"), 404, errInvalid)
			wantPage(t, e.do("GET", linkPath, nil, ""), 400, errInvalid)
		}},
		{"approve without redirect_uri shows a page", "", func(t *testing.T, e *env, s map[string]any) {
			wantPage(t, e.visit("POST", s["auth_url"].(string), "approve"), 200, "Consent granted", `data-consent-id="`)
		}},
		{"deny without cancel_uri shows a page", "", func(t *testing.T, e *env, s map[string]any) {
			wantPage(t, e.visit("POST", s["auth_url"].(string), "deny"), 200, `data-error-type="`+errDenied+`"`)
		}},
		{"used without cancel_uri is gone", "", func(t *testing.T, e *env, s map[string]any) {
			e.visit("POST", s["auth_url"].(string), "deny")
			wantPage(t, e.visit("GET", s["auth_url"].(string), ""), 410, errInvalid)
		}},
		{"expired without cancel_uri is gone", "", func(t *testing.T, e *env, s map[string]any) {
			e.advance(sessionTTL + time.Hour)
			wantPage(t, e.visit("GET", s["auth_url"].(string), ""), 410, errTimeout)
		}},
		{"framed approve posts a completed message", uris, func(t *testing.T, e *env, s map[string]any) {
			msg := wantMessage(t, e.visit("POST", s["auth_url"].(string), "approve", "flow", "embedded"))
			id, _ := msg["consentID"].(string)
			if msg["isCompleted"] != true || id == "" || !strings.Contains(msg["redirectURL"].(string), "consent_id="+id) {
				t.Errorf("message = %v", msg)
			}
		}},
		{"framed deny posts a failure", "", func(t *testing.T, e *env, s map[string]any) {
			wantFailedMessage(t, e.visit("POST", s["auth_url"].(string), "deny", "flow", "embedded"), errDenied)
		}},
		{"framed by fetch metadata", "", func(t *testing.T, e *env, s map[string]any) {
			path := strings.TrimPrefix(s["auth_url"].(string), e.srv.URL+"/fiskil")
			wantPage(t, e.do("GET", path, framed, ""), 200, `name="otp"`)
			e.advance(sessionTTL)
			wantFailedMessage(t, e.do("GET", path, framed, ""), errTimeout)
			wantFailedMessage(t, e.do("GET", path, framed, ""), errInvalid)
		}},
		{"framed unknown session posts AUTH_SESSION_INVALID", "", func(t *testing.T, e *env, s map[string]any) {
			wantFailedMessage(t, e.do("GET", linkPath+"?sess_id=nosuchsession", framed, ""), errInvalid)
		}},
		{"script redirect_uri is not followed", `,"redirect_uri":"javascript:alert(1)"`, func(t *testing.T, e *env, s map[string]any) {
			wantPage(t, e.visit("POST", s["auth_url"].(string), "approve"), 200, "Consent granted")
		}},
		{"other paths get goa's 404", "", func(t *testing.T, e *env, s map[string]any) {
			for _, p := range []string{"/", "/v1/nothing", "/link/", "/link/a/b"} {
				r := e.do("GET", p, nil, "")
				if r.status != 404 || r.header.Get("goa-error") != "" || !strings.Contains(string(r.body), `"not_found"`) {
					t.Errorf("GET %s: %d %s", p, r.status, r.body)
				}
			}
			if r := e.do("GET", "/v1/token", nil, ""); r.status != 404 {
				t.Errorf("GET /v1/token: %d", r.status)
			}
			if r := e.do("PUT", linkPath, nil, ""); r.status != http.StatusMethodNotAllowed {
				t.Errorf("PUT /link: %d", r.status)
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
	if strings.Contains(string(page.body), "<script>alert") {
		t.Errorf("page is not escaped:\n%s", page.body)
	}
}

func TestAuthURLHonoursForwardedHeaders(t *testing.T) {
	e := newEnv(t, string(DefaultFixtures), nil)
	tok := e.token("fiskil-demo-client", "fiskil-demo-secret")
	r := e.do("POST", "/v1/auth/session", map[string]string{"Content-Type": "application/json", "Authorization": "Bearer " + tok,
		"X-Forwarded-Proto": "https", "X-Forwarded-Host": "sim.example.com"}, `{"end_user_id":"eu_demo"}`)
	m := r.json(t)
	if want := "https://sim.example.com/fiskil/link?sess_id=" + m["session_id"].(string); m["auth_url"] != want {
		t.Errorf("auth_url = %v, want %s", m["auth_url"], want)
	}
}

func TestLogPathMasksSessionIDs(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"the page", "/link", "/link"},
		{"an id in the path", "/link/abcdef", "/link/***"},
		{"an API path", "/v1/auth/session", "/v1/auth/session"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := logPath(tc.in)
			if tc.want == "/link/***" {
				if strings.Contains(got, "abcdef") {
					t.Errorf("logPath(%q) = %q leaks the id", tc.in, got)
				}
				return
			}
			if got != tc.want {
				t.Errorf("logPath(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}
