package fiskil

import (
	"net/http"
	"strings"
	"testing"
)

// TestRobustness sends malformed input everywhere and asserts a documented
// answer (the validating wrapper fails the test on any other) and no 5xx.
func TestRobustness(t *testing.T) {
	huge := strings.Repeat("x", 200_000)
	bodies := map[string]string{
		"empty":          ``,
		"garbage":        "\x00\xff\xfe{{{",
		"number":         `42`,
		"string":         `"hello"`,
		"null":           `null`,
		"nested":         `{"email":{"a":{"b":[1,2,3]}},"end_user_id":{"x":1},"client_id":[],"client_secret":{}}`,
		"booleans":       `{"email":true,"end_user_id":false,"client_id":true,"client_secret":false}`,
		"huge strings":   `{"email":"` + huge + `@example.com","end_user_id":"` + huge + `","client_id":"` + huge + `","client_secret":"` + huge + `","institution_id":"` + huge + `"}`,
		"two values":     `{"email":"a@example.com"}{"email":"b@example.com"}`,
		"unicode":        `{"email":"ü@例え.jp","name":"\u0000\ud800","end_user_id":"eu_\u2028","client_id":"\u0000","client_secret":"é"}`,
		"too large":      `{"email":"` + strings.Repeat("y", 1<<20+10) + `"}`,
		"deep":           strings.Repeat("[", 10_000) + strings.Repeat("]", 10_000),
		"extra fields":   `{"email":"extra@example.com","end_user_id":"eu_demo","client_id":"fiskil-demo-client","client_secret":"fiskil-demo-secret","x":1}`,
		"uri edge cases": `{"end_user_id":"eu_demo","redirect_uri":"http://[::1","cancel_uri":"mailto:x@example.com"}`,
	}
	headers := map[string]map[string]string{
		"no headers":       {},
		"json with token":  {"Content-Type": "application/json", "Authorization": "Bearer "},
		"json, bad scheme": {"Content-Type": "application/json", "Authorization": "Token abc"},
		"json, huge token": {"Content-Type": "application/json", "Authorization": "Bearer " + huge[:8000]},
		"text/plain":       {"Content-Type": "text/plain"},
		"json charset":     {"Content-Type": "application/json; charset=utf-8"},
	}
	e := newEnv(t, string(DefaultFixtures), nil)
	write := "Bearer " + e.token("fiskil-demo-client", "fiskil-demo-secret")
	for op, path := range paths {
		for bname, body := range bodies {
			for hname, h := range headers {
				t.Run(op+"/"+bname+"/"+hname, func(t *testing.T) {
					e.t = t
					r := e.do(http.MethodPost, path, h, body)
					if r.status >= 500 {
						t.Errorf("status %d: %s", r.status, r.body)
					}
				})
			}
			t.Run(op+"/"+bname+"/valid token", func(t *testing.T) {
				e.t = t
				r := e.do(http.MethodPost, path, map[string]string{"Content-Type": "application/json", "Authorization": write}, body)
				if r.status >= 500 {
					t.Errorf("status %d: %s", r.status, r.body)
				}
			})
		}
	}
	for _, m := range []string{"GET", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"} {
		for _, p := range []string{"/v1/token", "/v1/end-users", "/v1/auth/session", "/link", "/link?sess_id=x", "/../../etc/passwd", "/%00"} {
			t.Run(m+p, func(t *testing.T) {
				e.t = t
				if r := e.do(m, p, nil, ""); r.status >= 500 || r.status < 300 && !strings.HasPrefix(p, "/link") {
					t.Errorf("%s %s: %d", m, p, r.status)
				}
			})
		}
	}
	// Garbage consent forms.
	s := e.session(uris)
	for name, form := range map[string]string{"empty": "", "binary": "\x00\xff", "huge": "decision=" + huge, "semicolons": "decision=approve;x=1", "percent": "decision=%zz"} {
		t.Run("consent/"+name, func(t *testing.T) {
			e.t = t
			r := e.do("POST", strings.TrimPrefix(s["auth_url"].(string), e.srv.URL+"/fiskil"), map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, form)
			if r.status >= 500 {
				t.Errorf("status %d", r.status)
			}
		})
	}
}
