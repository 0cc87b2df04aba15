package conformtest_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/conformhq/conform/simulator/conformtest"
)

// response builds a response as a client would have received it.
func response(method, url string, status int, contentType, body string) *http.Response {
	req, _ := http.NewRequest(method, url, nil)
	h := http.Header{}
	if contentType != "" {
		h.Set("Content-Type", contentType)
	}
	h.Set("request-ref", "ref-1")
	return &http.Response{StatusCode: status, Header: h, Request: req, Body: io.NopCloser(strings.NewReader(body))}
}

// TestValidate: responses that keep the spec pass, each kind of breach is
// reported, and a body shown in a report has its secrets masked.
func TestValidate(t *testing.T) {
	const secret = "SECRET-TOKEN-123"
	tests := []struct {
		name     string
		provider string
		resp     *http.Response
		body     string
		want     []string // words of one expected failure; nil: none
		absent   string   // must appear in no failure
	}{
		{name: "documented, no body", provider: "weavr",
			resp: response("POST", "http://x/weavr/logout", 204, "", ""), body: ""},
		{name: "real sandbox prefix", provider: "fiskil",
			resp: response("POST", "https://sandbox.example/data/v1/token", 418, "", ""),
			want: []string{"createToken 418", "not documented"}},
		{name: "body breaks the schema, secret masked", provider: "weavr",
			resp: response("POST", "http://x/weavr/login_with_password", 200, "application/json", ""),
			body: `{"token": "` + secret + `", "tokenType": 5}`, want: []string{"spec violation", "loginWithPassword 200"}, absent: secret},
		{name: "undeclared content type", provider: "fiskil",
			resp: response("POST", "http://x/fiskil/v1/token", 200, "text/plain", ""), body: "hello",
			want: []string{"content type", "not shown"}},
		{name: "undocumented path", provider: "fliqa",
			resp: response("GET", "http://x/fliqa/nowhere", 200, "", ""), want: []string{"fliqa documents no operation for GET /fliqa/nowhere"}},
		{name: "no request", provider: "fliqa",
			resp: &http.Response{StatusCode: 200}, want: []string{"needs its request"}},
		{name: "no response", provider: "fliqa", want: []string{"needs its request", "no response"}},
		{name: "unknown provider", provider: "weaver",
			resp: response("GET", "http://x/weaver/identities", 200, "", ""), want: []string{`unknown provider "weaver"`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := &fakeT{}
			f.run(func(ft testing.TB) { conformtest.Validate(ft, tc.provider, tc.resp, []byte(tc.body)) })
			got := f.failures()
			if tc.want == nil && len(got) > 0 {
				t.Errorf("failures %q, want none", got)
			}
			if tc.want != nil && !mentions(got, tc.want...) {
				t.Errorf("failures %q, want one mentioning %q", got, tc.want)
			}
			if tc.absent != "" && mentions(got, tc.absent) {
				t.Errorf("a failure shows %q", tc.absent)
			}
		})
	}
}

// TestValidateSimulator: the simulator's own answers keep the spec, the
// way a consumer's test would check them.
func TestValidateSimulator(t *testing.T) {
	s := conformtest.NewServer(t, "")
	w := s.Weavr()
	for _, password := range []string{w.Users[0].Password, "wrong-password"} {
		body := `{"email": "` + w.Users[0].Email + `", "password": {"value": "` + password + `"}}`
		req, err := http.NewRequest("POST", s.URL("weavr")+"/login_with_password", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("api-key", w.APIKey)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		raw, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		f := &fakeT{}
		f.run(func(ft testing.TB) { conformtest.Validate(ft, "weavr", resp, raw) })
		if got := f.failures(); len(got) > 0 {
			t.Errorf("login (%d) reported: %q", resp.StatusCode, got)
		}
	}
}
