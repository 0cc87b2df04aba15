package weavr

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/conformhq/conform/simulator/core"
)

// TestRobustness throws malformed input at every operation: whatever comes
// in gets a documented answer (the validating wrapper fails the test
// otherwise) and never a 500.
func TestRobustness(t *testing.T) {
	huge := strings.Repeat("x", 200_000)
	bodies := map[string]string{
		"empty":          "",
		"garbage":        "garbage",
		"truncated":      `{"email":`,
		"array":          `[]`,
		"null":           `null`,
		"number":         `123`,
		"string":         `"hello"`,
		"two values":     `{} {}`,
		"deep nesting":   strings.Repeat("[", 20_000) + strings.Repeat("]", 20_000),
		"invalid utf-8":  "{\"email\":\"\xff\xfe\",\"password\":{\"value\":\"\xff\"}}",
		"huge strings":   `{"email":"` + huge + `@example.com","password":{"value":"` + huge + `"},"identity":{"type":"CONSUMER","id":"` + huge + `"},"verificationCode":"` + huge + `","oldPassword":{"value":"` + huge + `"},"newPassword":{"value":"` + huge + `"}}`,
		"huge body":      `{"email":"` + strings.Repeat("y", 1<<20+10) + `"}`,
		"wrong types":    `{"email":true,"password":{"value":1},"identity":[],"verificationCode":{},"oldPassword":null,"newPassword":7}`,
		"nulls":          `{"email":null,"password":null,"identity":null,"verificationCode":null}`,
		"nested unknown": `{"identity":{"type":"CONSUMER","id":"1","extra":{"a":[1,2,3]}}}`,
	}
	type headers struct{ key, token, auth, contentType string }
	variants := map[string]headers{
		"good credentials":      {key: demoKey, token: "ACCESS"},
		"no api key":            {token: "ACCESS"},
		"api key only":          {key: demoKey},
		"bad token":             {key: demoKey, token: "nonsense"},
		"basic auth":            {key: demoKey, auth: "Basic YWRhOnNlY3JldA=="},
		"empty bearer":          {key: demoKey, auth: "Bearer "},
		"bearer with spaces":    {key: demoKey, auth: "Bearer  a b c "},
		"huge api key":          {key: strings.Repeat("k", 50_000), token: "ACCESS"},
		"text body":             {key: demoKey, token: "ACCESS", contentType: "text/plain"},
		"form body":             {key: demoKey, token: "ACCESS", contentType: "application/x-www-form-urlencoded"},
		"content type nonsense": {key: demoKey, token: "ACCESS", contentType: ";;;"},
	}
	paths := []struct{ method, path string }{
		{http.MethodPost, "/login_with_password"},
		{http.MethodGet, "/identities"},
		{http.MethodGet, "/identities?type=" + strings.Repeat("Z", 10_000)},
		{http.MethodGet, "/identities?type=CONSUMER&type=CORPORATE"},
		{http.MethodPost, "/access_token"},
		{http.MethodPost, "/stepup/challenges/otp/SMS"},
		{http.MethodPost, "/stepup/challenges/otp/" + strings.Repeat("A", 10_000)},
		{http.MethodPost, "/stepup/challenges/otp/%00/verify"},
		{http.MethodPost, "/stepup/challenges/otp/SMS/verify"},
		{http.MethodPost, "/stepup/challenges/push/AUTHY"},
		{http.MethodPost, "/stepup/challenges/push/%E2%9C%93"},
		{http.MethodPost, "/logout"},
		{http.MethodPost, "/passwords/update"},
		{http.MethodPost, "/authentication_factors/otp/SMS"},
		{http.MethodPost, "/authentication_factors/otp/SMS/verify"},
	}
	e := newEnv(t, "")
	e.sb.Lock()
	e.sb.Limiter.Limit = core.RateLimit{} // thousands of requests: no limit
	e.sb.Unlock()
	for _, p := range paths {
		for bname, body := range bodies {
			for vname, v := range variants {
				if len(body) > 100_000 && vname != "good credentials" && vname != "no api key" {
					continue // the huge bodies are slow to validate; two variants show enough
				}
				token := v.token
				if token == "ACCESS" {
					// A fresh session each time: logout would end a shared one.
					token = e.access("ada@example.com", "Secret-Passw0rd")
				}
				hdr := map[string]string{}
				if v.auth != "" {
					hdr["Authorization"] = v.auth
				}
				if v.contentType != "" {
					hdr["Content-Type"] = v.contentType
				}
				r := e.do(req{method: p.method, path: p.path, key: v.key, token: token, body: body, header: hdr})
				if r.status >= 500 {
					t.Errorf("%s %.60s, body %s, %s: %d", p.method, p.path, bname, vname, r.status)
				}
			}
		}
	}
}

// TestUndocumentedRequests: what the spec does not document is a 404 with
// a request-ref, never a 500.
func TestUndocumentedRequests(t *testing.T) {
	e := newEnv(t, "")
	p := e.p.Serve(e.reg, nil)
	cases := []struct{ name, method, path string }{
		{name: "unknown path", method: http.MethodGet, path: "/nope"},
		{name: "wrong method", method: http.MethodGet, path: "/login_with_password"},
		{name: "delete identities", method: http.MethodDelete, path: "/identities"},
		{name: "trailing slash", method: http.MethodPost, path: "/logout/"},
		{name: "root", method: http.MethodGet, path: "/"},
		{name: "options", method: http.MethodOptions, path: "/login_with_password"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, _ := http.NewRequest(tc.method, "http://sim"+tc.path, nil)
			r.Header.Set("api-key", demoKey)
			w := httptest.NewRecorder()
			p.ServeHTTP(w, r)
			if w.Code != http.StatusNotFound || w.Body.Len() != 0 || w.Header().Get("request-ref") == "" {
				t.Fatalf("%d %q %v", w.Code, w.Body.String(), w.Header())
			}
		})
	}
}
